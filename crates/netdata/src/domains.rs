//! Lists of e-mail domains (disposable, free-mail): one domain a line with `#`
//! comments, or a JSON array of domains.

use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashSet;

/// A set of domains; a subdomain of a listed domain is listed too.
#[derive(Debug, Default)]
pub struct DomainList {
    domains: HashSet<Box<str>>,
    files: Vec<(String, Option<String>)>,
}

impl DomainList {
    /// Add one file.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let text = file.text()?;
        let before = self.domains.len();
        if text.trim_start().starts_with('[') {
            let list: Vec<String> = serde_json::from_str(text).map_err(|e| LoadError::Line {
                path: file.path.clone(),
                line: e.line(),
                reason: format!("expected a JSON array of domains: {e}"),
            })?;
            self.domains.extend(
                list.iter()
                    .map(|d| d.trim().to_ascii_lowercase().into_boxed_str()),
            );
        } else {
            for (index, line) in text.lines().enumerate() {
                let domain = line
                    .split('#')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                if domain.is_empty() {
                    continue;
                }
                if domain.contains(char::is_whitespace) || !domain.contains('.') {
                    return Err(LoadError::Line {
                        path: file.path.clone(),
                        line: index + 1,
                        reason: format!(
                            "expected a domain, got `{}`",
                            crate::asn::truncate(&domain)
                        ),
                    });
                }
                self.domains.insert(domain.into_boxed_str());
            }
        }
        let added = self.domains.len() - before;
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no domains found".to_owned(),
            });
        }
        self.files.push((file.name(), file.modified.clone()));
        Ok(added)
    }

    /// The listed domain that `domain` is or is under.
    pub fn matching<'a>(&self, domain: &'a str) -> Option<&'a str> {
        let mut candidate = domain;
        loop {
            if self.domains.contains(candidate) {
                return Some(candidate);
            }
            candidate = candidate.split_once('.')?.1;
            if !candidate.contains('.') {
                return None;
            }
        }
    }

    /// How many domains are listed.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// The files loaded, with their dates.
    pub fn files(&self) -> &[(String, Option<String>)] {
        &self.files
    }
}
