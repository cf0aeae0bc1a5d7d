//! IP/CIDR list files and AS-number list files, held in prefix tries.
//!
//! A list file has one IP or CIDR a line, IPv4 or IPv6; `#` starts a comment;
//! `# provider:` and `# last_update:` headers name the list and date it; a
//! CSV line (such as a Tor relay export) contributes the first field that is an
//! address, and its first line may be a header.

use crate::asn::truncate;
use crate::source::DataFile;
use crate::LoadError;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use prefix_trie::PrefixMap;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// A named list's identity, reported as evidence when it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLabel {
    /// The provider the list names in a `# provider:` header, else the file name.
    pub name: String,
    /// The file it came from.
    pub file: Arc<str>,
    /// The list's own date (`# last_update:`) or the file's modification date.
    pub date: Option<String>,
}

/// Every network of one kind of list (VPN, hosting or Tor), merged.
#[derive(Default)]
pub struct IpList {
    v4: PrefixMap<Ipv4Net, u32>,
    v6: PrefixMap<Ipv6Net, u32>,
    labels: Vec<ListLabel>,
    entries: usize,
}

impl std::fmt::Debug for IpList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IpList")
            .field("labels", &self.labels)
            .field("entries", &self.entries)
            .finish()
    }
}

impl IpList {
    /// Add one list file; returns how many networks it held.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let text = file.text()?;
        let label_index = self.labels.len() as u32;
        let mut label = ListLabel {
            name: file.name(),
            file: file.name().into(),
            date: file.modified.clone(),
        };
        let mut added = 0usize;
        let mut seen_data_line = false;
        for (index, raw_line) in text.lines().enumerate() {
            let line_no = index + 1;
            let (content, comment) = match raw_line.split_once('#') {
                Some((before, after)) => (before.trim(), Some(after.trim())),
                None => (raw_line.trim(), None),
            };
            if let Some(comment) = comment {
                if let Some(provider) = comment.strip_prefix("provider:") {
                    label.name = provider.trim().to_owned();
                } else if let Some(date) = comment.strip_prefix("last_update:") {
                    label.date = Some(date.trim().to_owned());
                }
            }
            if content.is_empty() {
                continue;
            }
            let first_data_line = !seen_data_line;
            seen_data_line = true;
            match parse_entry(content) {
                Some(net) => {
                    self.insert(net, label_index);
                    added += 1;
                }
                None if first_data_line => {} // a header line
                None => {
                    return Err(LoadError::Line {
                        path: file.path.clone(),
                        line: line_no,
                        reason: format!(
                            "expected an IP address or CIDR, got `{}`",
                            truncate(content)
                        ),
                    })
                }
            }
        }
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no IP addresses or networks found".to_owned(),
            });
        }
        self.labels.push(label);
        self.entries += added;
        Ok(added)
    }

    fn insert(&mut self, net: IpNet, label: u32) {
        match net.trunc() {
            IpNet::V4(v4) => {
                self.v4.insert(v4, label);
            }
            IpNet::V6(v6) => {
                self.v6.insert(v6, label);
            }
        }
    }

    /// The most specific listed network containing `ip`, and its list.
    pub fn lookup(&self, ip: IpAddr) -> Option<(IpNet, &ListLabel)> {
        let (net, label) = match ip {
            IpAddr::V4(v4) => {
                let (net, label) = self.v4.get_lpm(&Ipv4Net::from(v4))?;
                (IpNet::V4(net), *label)
            }
            IpAddr::V6(v6) => {
                let (net, label) = self.v6.get_lpm(&Ipv6Net::from(v6))?;
                (IpNet::V6(net), *label)
            }
        };
        Some((net, self.labels.get(label as usize)?))
    }

    /// Number of networks loaded.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The lists merged here.
    pub fn labels(&self) -> &[ListLabel] {
        &self.labels
    }
}

fn parse_entry(content: &str) -> Option<IpNet> {
    let parse_one = |text: &str| {
        let text = text.trim();
        text.parse::<IpNet>()
            .ok()
            .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
    };
    parse_one(content).or_else(|| {
        content
            .contains(',')
            .then(|| content.split(',').find_map(parse_one))
            .flatten()
    })
}

/// AS numbers with the comment each line carries (usually the operator's name).
#[derive(Debug, Default)]
pub struct AsnList {
    entries: HashMap<u32, (u32, Option<String>)>,
    labels: Vec<ListLabel>,
}

impl AsnList {
    /// Add a file of `AS123 # comment` lines.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let text = file.text()?;
        let label_index = self.labels.len() as u32;
        let mut added = 0;
        for (index, raw_line) in text.lines().enumerate() {
            let (content, comment) = match raw_line.split_once('#') {
                Some((before, after)) => (before.trim(), Some(after.trim())),
                None => (raw_line.trim(), None),
            };
            if content.is_empty() {
                continue;
            }
            let digits = content
                .strip_prefix("AS")
                .or_else(|| content.strip_prefix("as"))
                .unwrap_or(content);
            let asn = digits.parse::<u32>().map_err(|_| LoadError::Line {
                path: file.path.clone(),
                line: index + 1,
                reason: format!("expected `AS<number>`, got `{}`", truncate(content)),
            })?;
            let comment = comment.filter(|c| !c.is_empty()).map(str::to_owned);
            self.entries.insert(asn, (label_index, comment));
            added += 1;
        }
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no AS numbers found".to_owned(),
            });
        }
        self.labels.push(ListLabel {
            name: file.name(),
            file: file.name().into(),
            date: file.modified.clone(),
        });
        Ok(added)
    }

    /// Whether the AS is listed, with its list and comment.
    pub fn lookup(&self, asn: u32) -> Option<(&ListLabel, Option<&str>)> {
        let (label, comment) = self.entries.get(&asn)?;
        Some((self.labels.get(*label as usize)?, comment.as_deref()))
    }

    /// Number of AS numbers loaded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The files merged here.
    pub fn labels(&self) -> &[ListLabel] {
        &self.labels
    }
}
