//! The address parser and normal form, on any text in any field.
#![no_main]
use bonafide_model::{Address, Checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data);
    let parts = bonafide_address::parse_us(&text);
    let _ = parts.street_line();
    let mut fields = text.split('\n').map(|f| Some(f.to_owned()));
    let address = Address {
        line1: fields.next().flatten(),
        line2: fields.next().flatten(),
        city: fields.next().flatten(),
        region: fields.next().flatten(),
        postal_code: fields.next().flatten(),
        country: fields.next().flatten().map(|c| Checked::parse(&c)),
    };
    if let Some(normal) = bonafide_address::normalize(&address) {
        // Normalising is stable: the normal form normalises to itself.
        let again = Address {
            line1: Some(normal.street.clone()),
            line2: normal.unit.as_ref().map(|u| format!("# {u}")),
            city: normal.city.clone(),
            region: normal.region.clone(),
            postal_code: normal.postal.clone(),
            country: normal.country.as_deref().map(Checked::parse),
        };
        let _ = normal.relation(&bonafide_address::normalize(&again).unwrap_or(normal.clone()));
    }
});
