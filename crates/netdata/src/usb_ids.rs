//! The Linux USB ID list (`usb.ids`): vendor and product names by id, to name
//! what a laptop reports and to recognise KVM hardware by its listed name.

use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;
use std::sync::Arc;

/// Vendor and product names by id.
#[derive(Debug, Default)]
pub struct UsbIds {
    vendors: HashMap<u16, Arc<str>>,
    products: HashMap<u32, Arc<str>>,
    sources: Vec<(Arc<str>, Option<String>)>,
}

/// A hex id (`1d6b`, `0x1D6B`, ` 1d6b `) as a number.
pub fn usb_id(text: &str) -> Option<u16> {
    let text = text.trim();
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

impl UsbIds {
    /// Read `usb.ids`: `vvvv  vendor` lines, each followed by tab-indented
    /// `pppp  product` lines; the class and other tables after the vendors are skipped.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        // The file is ISO-8859-1 in places; names are only shown, so replace what is not UTF-8.
        let text = String::from_utf8_lossy(&file.bytes);
        let mut vendor: Option<u16> = None;
        let before = self.products.len();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('\t') {
                if rest.starts_with('\t') {
                    continue; // an interface line
                }
                let (Some(v), Some((id, name))) = (vendor, split_entry(rest)) else {
                    continue;
                };
                self.products
                    .insert(u32::from(v) << 16 | u32::from(id), name.into());
            } else if let Some((id, name)) = split_entry(line) {
                vendor = Some(id);
                self.vendors.insert(id, name.into());
            } else {
                // `C 00  class`, `AT …`, `HID …`: the vendor table is over.
                vendor = None;
                if line.starts_with("C ") {
                    break;
                }
            }
        }
        let added = self.products.len() - before;
        if self.vendors.is_empty() {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no `vvvv  vendor` lines: not a usb.ids file".to_owned(),
            });
        }
        self.sources
            .push((file.name().into(), file.modified.clone()));
        Ok(added)
    }

    /// The vendor's listed name.
    pub fn vendor(&self, vendor: u16) -> Option<&str> {
        self.vendors.get(&vendor).map(|n| &**n)
    }

    /// The product's listed name.
    pub fn product(&self, vendor: u16, product: u16) -> Option<&str> {
        self.products
            .get(&(u32::from(vendor) << 16 | u32::from(product)))
            .map(|n| &**n)
    }

    /// The files loaded, with their dates.
    pub fn sources(&self) -> &[(Arc<str>, Option<String>)] {
        &self.sources
    }
}

/// `1d6b  Linux Foundation` → (0x1d6b, "Linux Foundation").
fn split_entry(line: &str) -> Option<(u16, &str)> {
    let (id, name) = line.split_once("  ")?;
    if id.len() != 4 {
        return None;
    }
    Some((u16::from_str_radix(id, 16).ok()?, name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_and_products_are_named_and_the_class_table_is_not_read() {
        let text = "# comment\n1d6b  Linux Foundation\n\t0002  2.0 root hub\n\t0104  Multifunction Composite Gadget\n\
                    14dd  Raritan Computer, Inc.\n\t1007  D2CIM-VUSB KVM connector\n\t\t00  an interface\n\
                    C 03  Human Interface Device\n\t01  Boot Interface Subclass\n";
        let mut ids = UsbIds::default();
        let added = ids
            .add_file(&DataFile::bundled("usb.ids", text.as_bytes()).expect("bytes"))
            .expect("loads");
        assert_eq!(added, 3);
        assert_eq!(ids.vendor(0x1d6b), Some("Linux Foundation"));
        assert_eq!(
            ids.product(0x1d6b, 0x0104),
            Some("Multifunction Composite Gadget")
        );
        assert_eq!(
            ids.product(0x14dd, 0x1007),
            Some("D2CIM-VUSB KVM connector")
        );
        assert_eq!(ids.product(0x0003, 0x0001), None);
        assert_eq!(usb_id("0x1D6B"), Some(0x1d6b));
        assert_eq!(usb_id("fe980000"), None);
        let mut not_ids = UsbIds::default();
        assert!(not_ids
            .add_file(&DataFile::bundled("x", b"hello\n").expect("bytes"))
            .is_err());
    }
}
