//! Phone numbers: parsed by the phone library, classified by its metadata
//! compiled once per numbering plan.
//!
//! The library matches a number against a plan's patterns one at a time,
//! through a shared cache of compiled patterns looked up by their text (a lock
//! and a hash of a long pattern per match), and for a code several countries
//! share (+1, +7, +44) repeats that for every country until one fits. Here
//! each plan's patterns are compiled into one set on first use and a number is
//! classified in a single pass, so the cost does not depend on the country.

use phonenumber::metadata::{Metadata, DATABASE};
use phonenumber::Type;
use regex::{Regex, RegexSet};
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize::invisible;

/// What kind of line a phone number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    /// Mobile, fixed line, or either.
    Geographic,
    /// Toll-free.
    TollFree,
    /// Premium rate or shared cost.
    Premium,
    /// VoIP, personal, pager, UAN or voicemail numbers.
    NonGeographic,
    /// The plan does not say.
    Unknown,
}

/// A phone number in E.164 with its country and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+14155550100`.
    pub e164: String,
    /// ISO country of the number, where the plan says.
    pub country: Option<String>,
    /// Line kind.
    pub kind: PhoneKind,
}

/// Patterns of the phone library's metadata kept compiled. Parsing still
/// compiles some (national prefixes) into a least-recently-used cache of 100, so
/// a pool of applicants from many countries recompiled them over and over; with
/// room for far more than a pool uses, each is compiled once per process.
const PHONE_PATTERNS_KEPT: usize = 8_192;

fn keep_phone_patterns() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(mut cache) = DATABASE.cache().lock() {
            cache.set_capacity(PHONE_PATTERNS_KEPT);
        }
    });
}

/// Parse a phone number (E.164 preferred, national format read in `default_country`).
pub fn phone(raw: &str, default_country: Option<&str>) -> Option<Phone> {
    keep_phone_patterns();
    let cleaned: String = raw.chars().filter(|c| !invisible(*c)).collect();
    let country = default_country.and_then(|c| c.parse::<phonenumber::country::Id>().ok());
    let number = phonenumber::parse(country, cleaned.trim()).ok()?;
    let (code, significant) = significant_number(&number);
    let (region, plan) = plans().find(code, &significant)?;
    let kind = match plan.classify(&significant) {
        Type::Unknown => return None,
        Type::Mobile | Type::FixedLine | Type::FixedLineOrMobile => PhoneKind::Geographic,
        Type::TollFree => PhoneKind::TollFree,
        Type::PremiumRate | Type::SharedCost => PhoneKind::Premium,
        Type::Voip | Type::PersonalNumber | Type::Pager | Type::Uan | Type::Voicemail => {
            PhoneKind::NonGeographic
        }
        _ => PhoneKind::Unknown,
    };
    Some(Phone {
        e164: format!("+{code}{significant}"),
        country: (region != "001").then(|| region.to_owned()),
        kind,
    })
}

/// A parsed number's country calling code and national significant number,
/// which keeps its leading zeros (Italian fixed lines).
fn significant_number(number: &phonenumber::PhoneNumber) -> (u16, String) {
    let national = number.national();
    let zeros = "0".repeat(usize::from(national.zeros()));
    (
        number.code().value(),
        format!("{zeros}{}", national.value()),
    )
}

/// The kinds a plan's number can be, in the order the library tries them.
const KINDS: [Type; 10] = [
    Type::PremiumRate,
    Type::TollFree,
    Type::SharedCost,
    Type::Voip,
    Type::PersonalNumber,
    Type::Pager,
    Type::Uan,
    Type::Voicemail,
    Type::FixedLine,
    Type::Mobile,
];

/// One numbering plan's patterns, compiled.
#[derive(Debug)]
struct Plan {
    /// The plan's general pattern first, then one per kind it describes.
    set: RegexSet,
    /// For each pattern of `set`: its kind (`None` for the general one) and the lengths it allows.
    patterns: Vec<(Option<Type>, Vec<u16>)>,
    /// Which country of a shared code a number belongs to, by its first digits.
    leading: Option<Regex>,
}

impl Plan {
    fn compile(meta: &Metadata) -> Option<Plan> {
        let descriptors = meta.descriptors();
        let general = descriptors.general();
        let mut sources = vec![anchored(general.national_number().as_str())];
        let mut patterns = vec![(None, general.possible_length().to_vec())];
        for kind in KINDS {
            if let Some(d) = descriptors.get(kind) {
                sources.push(anchored(d.national_number().as_str()));
                patterns.push((Some(kind), d.possible_length().to_vec()));
            }
        }
        let leading = match meta.leading_digits() {
            Some(pattern) => Some(Regex::new(&format!("^(?x:{})", pattern.as_str())).ok()?),
            None => None,
        };
        Some(Plan {
            set: RegexSet::new(sources).ok()?,
            patterns,
            leading,
        })
    }

    /// The number's kind, as libphonenumber's `getNumberType` decides it.
    fn classify(&self, significant: &str) -> Type {
        let length = significant.len();
        let matched = self.set.matches(significant);
        let fits = |i: usize| {
            matched.matched(i)
                && self.patterns.get(i).is_some_and(|(_, lengths)| {
                    lengths.is_empty() || lengths.contains(&(length as u16))
                })
        };
        if !fits(0) {
            return Type::Unknown;
        }
        let is = |kind: Type| {
            self.patterns
                .iter()
                .position(|(k, _)| *k == Some(kind))
                .is_some_and(fits)
        };
        for kind in &KINDS[..8] {
            if is(*kind) {
                return *kind;
            }
        }
        match (is(Type::FixedLine), is(Type::Mobile)) {
            (true, true) => Type::FixedLineOrMobile,
            (true, false) => Type::FixedLine,
            (false, true) => Type::Mobile,
            (false, false) => Type::Unknown,
        }
    }
}

/// A whole-number match, as the library's metadata means its patterns
/// (written over several lines, so whitespace is not part of them).
fn anchored(pattern: &str) -> String {
    format!("^(?x:{pattern})$")
}

/// Every plan, each compiled on first use.
struct Plans {
    /// Country calling code → the regions that share it, in the library's order.
    by_code: HashMap<u16, Vec<(&'static str, &'static Metadata)>>,
    compiled: HashMap<&'static str, OnceLock<Option<Plan>>>,
}

fn plans() -> &'static Plans {
    static PLANS: OnceLock<Plans> = OnceLock::new();
    PLANS.get_or_init(|| {
        let database: &'static phonenumber::metadata::Database = &DATABASE;
        let mut by_code: HashMap<u16, Vec<(&'static str, &'static Metadata)>> = HashMap::new();
        let mut compiled = HashMap::new();
        for meta in database.iter() {
            let code = meta.country_code();
            if by_code.contains_key(&code) {
                continue;
            }
            let regions = database.region(&code).unwrap_or_default();
            let entries: Vec<(&'static str, &'static Metadata)> = if regions == ["001"] {
                database
                    .by_code(&code)
                    .and_then(|m| m.into_iter().next())
                    .map(|m| vec![("001", m)])
                    .unwrap_or_default()
            } else {
                regions
                    .into_iter()
                    .filter_map(|r| Some((r, database.by_id(r)?)))
                    .collect()
            };
            for (region, meta) in &entries {
                compiled.insert(key(region, meta), OnceLock::new());
            }
            by_code.insert(code, entries);
        }
        Plans { by_code, compiled }
    })
}

/// A plan's key: its region, or for non-geographic codes ("001") the metadata's own id.
fn key(region: &'static str, meta: &'static Metadata) -> &'static str {
    if region == "001" {
        meta.id()
    } else {
        region
    }
}

impl Plans {
    fn plan(&self, region: &'static str, meta: &'static Metadata) -> Option<&Plan> {
        self.compiled
            .get(key(region, meta))?
            .get_or_init(|| Plan::compile(meta))
            .as_ref()
    }

    /// The region a number of `code` belongs to, as the library's `source_for`
    /// decides it: the only one, or the first whose leading digits or patterns fit.
    fn find(&self, code: u16, significant: &str) -> Option<(&'static str, &Plan)> {
        let regions = self.by_code.get(&code)?;
        if let [(region, meta)] = regions.as_slice() {
            return Some((region, self.plan(region, meta)?));
        }
        regions.iter().find_map(|(region, meta)| {
            let plan = self.plan(region, meta)?;
            let fits = match &plan.leading {
                Some(leading) => leading.is_match(significant),
                None => plan.classify(significant) != Type::Unknown,
            };
            fits.then_some((*region, plan))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164_with_their_kind() {
        let p = phone("(415) 555-2671", Some("US")).expect("valid");
        assert_eq!(p.e164, "+14155552671");
        assert_eq!(p.country.as_deref(), Some("US"));
        assert_eq!(p.kind, PhoneKind::Geographic);
        assert_eq!(
            phone("+1 800 275 8777", None).expect("valid").kind,
            PhoneKind::TollFree
        );
        assert_eq!(
            phone("+44 20 7946 0958", None)
                .expect("valid")
                .country
                .as_deref(),
            Some("GB")
        );
        assert_eq!(
            phone("+1 416 555 0199", None)
                .expect("valid")
                .country
                .as_deref(),
            Some("CA"),
            "a shared code's country by its area code"
        );
        assert!(phone("12", None).is_none());
    }

    #[test]
    fn italian_fixed_lines_keep_their_leading_zero() {
        // The library drops the zero before matching and calls these unknown.
        let p = phone("+39 02 1234 5678", None).expect("a Milan landline");
        assert_eq!(p.e164, "+390212345678");
        assert_eq!(p.country.as_deref(), Some("IT"));
        assert_eq!(p.kind, PhoneKind::Geographic);
    }

    /// Every example number in the library's metadata is classified as the
    /// library classifies it (where the library's own reading is not the
    /// leading-zero slip above).
    #[test]
    fn the_compiled_plans_agree_with_the_library_on_its_examples() {
        let mut compared = 0;
        for meta in DATABASE.iter() {
            let code = meta.country_code();
            for kind in KINDS {
                let Some(example) = meta.descriptors().get(kind).and_then(|d| d.example()) else {
                    continue;
                };
                if example.starts_with('0') {
                    continue; // the library drops the zero before matching
                }
                let Ok(number) = phonenumber::parse(None, format!("+{code}{example}")) else {
                    continue;
                };
                let theirs = number.number_type(&DATABASE);
                let (code, significant) = significant_number(&number);
                let found = plans().find(code, &significant);
                let mine = found.map_or(Type::Unknown, |(_, plan)| plan.classify(&significant));
                assert_eq!(mine, theirs, "+{code} {example} ({})", meta.id());
                let their_region = number.country().id().map(|id| format!("{id:?}"));
                let my_region = found.map(|(r, _)| r.to_owned()).filter(|r| r != "001");
                if theirs != Type::Unknown {
                    assert_eq!(my_region, their_region, "+{code} {example}");
                }
                compared += 1;
            }
        }
        assert!(compared > 1_000, "only {compared} examples compared");
    }
}
