//! The link index: which applications share which attributes.
//!
//! Keys are 64-bit hashes of normalised attribute values (identity attributes
//! through the keyed hash), so the index holds no raw values. The engine builds
//! it over a whole batch; link signals read it through a [`LinkView`].

mod crowd;
mod entry;
mod group;
mod index;
mod view;

pub use entry::index_entry;
pub use group::GroupFacts;
pub use index::{ClusterFacts, LinkIndex, MAX_HOLDERS};
pub use view::{verified, Link, LinkView};

use bonafide_identity::sketch::{photo_bands, resume_bands, Signature};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;

/// What a link is made of.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum LinkKind {
    /// The same session IP address.
    Ip,
    /// The same IPv4 /24 or IPv6 /48 (weak: never listed as a link).
    Subnet,
    /// The same passport, driver's licence, national id or other document number.
    Document,
    /// The same SSN.
    Ssn,
    /// The same uploaded file (SHA-256).
    File,
    /// A photo within a few bits of perceptual hash (a band of it, verified before it counts).
    Photo,
    /// A near-duplicate résumé (an LSH band, verified before it counts).
    Resume,
    /// The same e-mail address.
    Email,
    /// The same phone number.
    Phone,
    /// The same profile URL.
    Profile,
    /// The same shipping address, unit included (the laptop farm).
    ShippingAddress,
    /// The same payroll destination: routing and account number, IBAN or wallet.
    PayrollAccount,
    /// The same work history (employers and years) in the résumé, however worded.
    WorkHistory,
    /// The same company laptop (hardware serial), across employers.
    Device,
    /// The same identity-provider device or authenticator, within the employer
    /// and the provider that issued it.
    SignIn,
    /// The same three or more employers in the résumé, each begun within a
    /// year of the other's (a shared career with nudged dates; verified before
    /// it counts).
    Career,
}

impl LinkKind {
    /// Every kind.
    pub const ALL: [LinkKind; 16] = [
        LinkKind::Ip,
        LinkKind::Subnet,
        LinkKind::Document,
        LinkKind::Ssn,
        LinkKind::File,
        LinkKind::Photo,
        LinkKind::Resume,
        LinkKind::Email,
        LinkKind::Phone,
        LinkKind::Profile,
        LinkKind::ShippingAddress,
        LinkKind::PayrollAccount,
        LinkKind::WorkHistory,
        LinkKind::Device,
        LinkKind::SignIn,
        LinkKind::Career,
    ];

    /// The kind a `via` name names.
    pub fn named(name: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The name used in `linked_applications[].via`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Ip => "ip",
            LinkKind::Subnet => "ip_subnet",
            LinkKind::Document => "document",
            LinkKind::Ssn => "ssn",
            LinkKind::File => "file",
            LinkKind::Photo => "photo",
            LinkKind::Resume => "resume",
            LinkKind::Email => "email",
            LinkKind::Phone => "phone",
            LinkKind::Profile => "profile",
            LinkKind::ShippingAddress => "shipping_address",
            LinkKind::PayrollAccount => "payroll_account",
            LinkKind::WorkHistory => "work_history",
            LinkKind::Device => "laptop",
            LinkKind::SignIn => "sign_in_device",
            LinkKind::Career => "career",
        }
    }

    /// Whether one shared key is a link by itself (photo and résumé bands and
    /// careers' start years need verifying).
    pub fn is_exact(self) -> bool {
        !matches!(
            self,
            LinkKind::Subnet | LinkKind::Photo | LinkKind::Resume | LinkKind::Career
        )
    }

    /// Whether links of this kind join applications into clusters (an IP does not:
    /// households and offices share them).
    pub fn clusters(self) -> bool {
        // Nor does a laptop or a sign-in device: one re-issued after its
        // holder left is shared in sequence, and only the after-hire signals,
        // which check the dates, can tell.
        !matches!(
            self,
            LinkKind::Ip | LinkKind::Subnet | LinkKind::Device | LinkKind::SignIn
        )
    }
}

/// One attribute value, hashed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct LinkKey {
    /// The attribute.
    pub kind: LinkKind,
    /// A hash of its normalised value.
    pub hash: u64,
}

impl LinkKey {
    /// The keys an IP address contributes: itself and its /24 (IPv4) or /48 (IPv6).
    pub fn for_ip(ip: IpAddr) -> [LinkKey; 2] {
        let subnet: u128 = match ip {
            IpAddr::V4(v4) => u128::from(u32::from(v4) & 0xffff_ff00),
            IpAddr::V6(v6) => u128::from(v6) & !((1u128 << 80) - 1) | (1 << 127),
        };
        let exact: u128 = match ip {
            IpAddr::V4(v4) => u128::from(u32::from(v4)),
            IpAddr::V6(v6) => u128::from(v6),
        };
        [
            LinkKey {
                kind: LinkKind::Ip,
                hash: hash_of(&(exact, matches!(ip, IpAddr::V6(_)))),
            },
            LinkKey {
                kind: LinkKind::Subnet,
                hash: hash_of(&subnet),
            },
        ]
    }
}

/// A fingerprint of [`hash_of`]: link keys are kept in the store, and a build
/// whose hashing differs (another standard library) must not compare its keys
/// with theirs.
pub fn link_format() -> u64 {
    hash_of(&("bonafide link keys", 1u32, [7u8, 1, 3], "ünïcode"))
}

/// A hash that is the same on every run of one build (SipHash with fixed keys).
pub(crate) fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Who an application says it is, reduced to a hash, to count distinct identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Identity(pub u64);

impl Identity {
    /// The identity behind a name and date of birth (the name folded for case,
    /// diacritics, word order and homoglyphs); an application with no name is
    /// its own identity.
    pub fn of(name: Option<&str>, date_of_birth: Option<&str>, application_id: &str) -> Identity {
        match name
            .map(bonafide_identity::normalize::name_key)
            .filter(|n| !n.is_empty())
        {
            Some(name) => Identity(hash_of(&(name, date_of_birth.unwrap_or("")))),
            None => Identity(hash_of(&("application", application_id))),
        }
    }
}

/// One indexed application: who it is and what it can be found by.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct IndexedApp {
    /// The application id.
    pub application_id: Box<str>,
    /// The tenant.
    pub tenant_id: Box<str>,
    /// Its identity hash.
    pub identity: Identity,
    /// When it was submitted (seconds since the epoch), for cluster time spans.
    pub submitted: Option<i64>,
    /// Its session IPs, to name a shared address in evidence.
    pub ips: Box<[IpAddr]>,
    /// Its keyed identity attributes (documents, SSNs, files, contacts), each with what
    /// evidence may show of it: at most the last 4 characters.
    pub labels: Box<[Label]>,
    /// Perceptual hashes of its photos.
    pub phashes: Box<[u64]>,
    /// MinHash signature of its résumé.
    pub resume: Option<Box<Signature>>,
    /// Keyed hash of its home address (unit included): applications of one
    /// household share accounts and landlines without that meaning anything.
    pub home: Option<u64>,
    /// Its name's words and date of birth as keyed hashes, to recognise one
    /// person submitted twice under another form of the name. (Entries stored
    /// before it existed decode through `engine`'s layout of the time.)
    pub person: Option<Box<PersonName>>,
    /// Whether at least half its located sessions were in the claimed country
    /// ([`crate::Enriched::home_base`]): `None` when none was located.
    pub at_home: Option<bool>,
    /// When the hire worked there (days since the epoch), where the application
    /// says (`position.start_date`, `end_date`) and shows the hire at work (a
    /// company laptop, sign-ins to the employer's identity provider). (Entries stored before it
    /// existed decode through `engine`'s layout of the time.)
    pub employment: Option<Employment>,
}

/// A hire's time at an employer, in days since the epoch: the dates the
/// application gives, and the days the hire was seen at work (the laptop's
/// check-ins, sign-ins to the employer's identity provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Employment {
    /// The first day.
    pub start: i32,
    /// The last day; `None` while still employed (or not said).
    pub end: Option<i32>,
    /// The first and the last day seen at work.
    pub seen: (i32, i32),
}

impl Employment {
    /// Whether the two hires worked over the same days: their dates overlap,
    /// and so do the days each was seen at work (an end date is often not
    /// sent, and one job after another must not look like two at once).
    pub fn overlaps(&self, other: &Employment) -> bool {
        let dates = self.start <= other.end.unwrap_or(i32::MAX)
            && other.start <= self.end.unwrap_or(i32::MAX);
        let seen = self.seen.0 <= other.seen.1 && other.seen.0 <= self.seen.1;
        dates && seen
    }
}

/// A name's words (each as keyed hashes of its forms, with keyed hashes of their
/// first letters; an initial is hash 0) and the date of birth, keyed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonName {
    /// Keyed hash of the date of birth.
    pub date_of_birth: Option<u32>,
    /// The words.
    pub words: Box<[Vec<(u32, u32)>]>,
}

impl PersonName {
    /// Whether two applications can be one person's: compatible names and the
    /// same date of birth; a date missing on one side is enough only when they
    /// share an e-mail or phone (`by_contact`), which a person keeps, not when
    /// they share a document or SSN, which a ring passes around.
    pub fn same_person(&self, other: &PersonName, by_contact: bool) -> bool {
        let dates_agree = match (self.date_of_birth, other.date_of_birth) {
            (Some(a), Some(b)) => a == b,
            _ => by_contact,
        };
        dates_agree && bonafide_identity::person::compatible(&self.words, &other.words)
    }
}

impl IndexedApp {
    /// Whether `other` gives the same home address (both given).
    pub fn same_household(&self, other: &IndexedApp) -> bool {
        self.home.is_some() && self.home == other.home
    }
}

impl IndexedApp {
    /// Every key, derived from what is stored (a million applications would hold
    /// hundreds of megabytes of keys twice): IPs and subnets, keyed attributes,
    /// photo and résumé bands.
    pub fn all_keys(&self) -> impl Iterator<Item = LinkKey> + '_ {
        let ips = self.ips.iter().flat_map(|ip| LinkKey::for_ip(*ip));
        let keyed = self.labels.iter().map(|label| label.key);
        let photos = self
            .phashes
            .iter()
            .flat_map(|p| photo_bands(*p))
            .map(|hash| LinkKey {
                kind: LinkKind::Photo,
                hash,
            });
        let resume = self
            .resume
            .iter()
            .flat_map(|s| resume_bands(s))
            .map(|hash| LinkKey {
                kind: LinkKind::Resume,
                hash,
            });
        ips.chain(keyed).chain(photos).chain(resume)
    }

    /// The evidence label of one of its keys.
    pub fn label(&self, key: &LinkKey) -> Option<String> {
        self.label_of(key).map(Label::describe)
    }

    /// The label kept for one of its keys.
    pub fn label_of(&self, key: &LinkKey) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == *key)
    }
}

/// A keyed attribute as evidence may show it: its kind and at most its last
/// four characters, or an address's postal code (24 bytes, where a formatted
/// string would take 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    /// The key.
    pub key: LinkKey,
    /// The characters shown (a mask's last 4, an e-mail's first letter, an address's
    /// postal code), zero-padded.
    pub tail: [u8; 6],
    /// What the value is, as a position in [`Label::WHATS`].
    what: u8,
}

impl Label {
    /// The kinds of value a label can name.
    pub const WHATS: &'static [&'static str] = &[
        "document",
        "passport",
        "driver's licence",
        "national id",
        "SSN",
        "e-mail",
        "phone",
        "profile",
        "file",
        "shipping address",
        "bank account",
        "IBAN",
        "wallet",
        "work history",
        "career",
    ];

    /// A label showing `tail` (its first 6 ASCII letters and digits; anything else is hidden);
    /// `what` is one of [`Label::WHATS`].
    pub fn new(key: LinkKey, what: &str, tail: &str) -> Label {
        let mut bytes = [0u8; 6];
        for (slot, c) in bytes
            .iter_mut()
            .zip(tail.chars().filter(char::is_ascii_alphanumeric))
        {
            *slot = c as u8;
        }
        let what = Label::WHATS.iter().position(|w| *w == what).unwrap_or(0) as u8;
        Label {
            key,
            tail: bytes,
            what,
        }
    }

    /// A career's label: its tail holds the employers' start years (as years
    /// after 1959, one byte each, at most six), which verify a match.
    pub fn career(key: LinkKey, starts: &[u16]) -> Label {
        let mut label = Label::new(key, "career", "");
        for (slot, year) in label.tail.iter_mut().zip(starts) {
            *slot = u8::try_from(year.saturating_sub(1959)).unwrap_or(u8::MAX);
        }
        label
    }

    /// A career label's start years.
    pub fn career_starts(&self) -> Option<Vec<u16>> {
        (self.what() == "career").then(|| {
            self.tail
                .iter()
                .take_while(|b| **b != 0)
                .map(|b| 1959 + u16::from(*b))
                .collect()
        })
    }

    /// What the value is.
    pub fn what(&self) -> &'static str {
        Label::WHATS
            .get(usize::from(self.what))
            .copied()
            .unwrap_or("document")
    }

    /// The keyed digest's first six bytes, in hex: what tells two values with
    /// the same last characters apart. Evidence carries it as `link_key`;
    /// sentences do not.
    pub fn key_prefix(&self) -> String {
        format!("{:012x}", self.key.hash >> 16)
    }

    /// `passport •••••5678`, `shipping address in 37211`: what a sentence
    /// names (no hash; see [`Label::key_prefix`]).
    pub fn describe(&self) -> String {
        let tail: String = self
            .tail
            .iter()
            .take_while(|b| **b != 0)
            .map(|b| char::from(*b))
            .collect();
        match self.what() {
            "e-mail" => format!("e-mail {tail}••••"),
            "shipping address" if tail.is_empty() => "shipping address".to_owned(),
            "work history" => "work history".to_owned(),
            "career" => "career".to_owned(),
            "shipping address" => format!("shipping address in {tail}"),
            what => format!("{what} •••••{tail}"),
        }
    }
}
