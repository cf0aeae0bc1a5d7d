//! OFAC's SDN list in the Advanced XML format (`sdn_advanced.xml`): the one
//! OFAC publishes with every name part, feature and document of a party.
//!
//! Reference values (alias, feature, document and party types, countries)
//! come first in the file, then locations and identity documents, then the
//! parties, then the sanctions entries (programmes, listing dates): each
//! section is read as it streams past and joined at the end.

use crate::party::{
    push_unique, BirthDate, CurrencyAddress, Identifier, NameQuality, Party, PartyKind, PartyName,
    SanctionsList,
};
use crate::xml::{attr, attr_num, walk, Node};
use rustc_hash::FxHashMap;
use std::io::BufRead;

/// Read an Advanced XML document. `Err` carries the byte offset and the reason.
pub fn read<R: BufRead>(input: R, source: &str) -> Result<SanctionsList, (u64, String)> {
    let mut state = State::default();
    walk(input, |node| state.visit(node))?;
    state.finish(source)
}

#[derive(Default)]
struct Location {
    country: Option<String>,
    parts: Vec<(u64, String)>,
}

#[derive(Default)]
struct Feature {
    kind: String,
    detail: Option<String>,
    location: Option<u64>,
    /// Start/From and End/To of a date period: (year, month, day).
    from: (Option<u16>, Option<u8>, Option<u8>),
    to: (Option<u16>, Option<u8>, Option<u8>),
}

#[derive(Default)]
struct State {
    path: Vec<Vec<u8>>,
    seen_root: bool,
    issued: (Option<u16>, Option<u8>, Option<u8>),
    // Reference values.
    values: FxHashMap<(&'static str, u64), String>,
    party_subtype: FxHashMap<u64, u64>,
    pending_value: Option<(&'static str, u64)>,
    // Locations and documents, before the parties that use them.
    locations: FxHashMap<u64, Location>,
    location: Option<(u64, Location)>,
    loc_part: Option<u64>,
    documents: FxHashMap<u64, Vec<Identifier>>,
    document: Option<(u64, Identifier)>,
    // Parties.
    parties: Vec<Party>,
    by_profile: FxHashMap<u64, usize>,
    identity_owner: FxHashMap<u64, usize>,
    party: Option<Party>,
    profile: Option<u64>,
    alias: Option<NameQuality>,
    name_parts: Vec<String>,
    feature: Option<Feature>,
    // Sanctions entries.
    entry: Option<usize>,
    measure_is_program: bool,
    event_date: (Option<u16>, Option<u8>, Option<u8>),
    /// The `ListID`s the entries are on.
    entry_lists: std::collections::BTreeSet<u64>,
}

impl State {
    fn at(&self, tail: &[&str]) -> bool {
        self.path.len() >= tail.len()
            && self.path[self.path.len() - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(a, b)| a.as_slice() == b.as_bytes())
    }

    fn inside(&self, name: &str) -> bool {
        self.path.iter().any(|p| p.as_slice() == name.as_bytes())
    }

    fn visit(&mut self, node: Node<'_>) -> Result<(), String> {
        match node {
            Node::Open(e) => {
                let name = e.local_name().into_inner().to_vec();
                if self.path.is_empty() {
                    if name != b"Sanctions" {
                        return Err("not an OFAC Advanced XML file (no <Sanctions> root)".into());
                    }
                    self.seen_root = true;
                }
                self.path.push(name);
                self.open(e)
            }
            Node::Close(name) => {
                self.close(name)?;
                self.path.pop();
                Ok(())
            }
            Node::Text(text) => {
                self.text(text);
                Ok(())
            }
        }
    }

    fn open(&mut self, e: &quick_xml::events::BytesStart<'_>) -> Result<(), String> {
        let name = self.path.last().map(Vec::as_slice).unwrap_or_default();
        let id = || attr_num(e, b"ID");
        match name {
            b"AliasType" | b"FeatureType" | b"IDRegDocType" | b"Country" | b"PartyType"
            | b"List"
                if self.inside("ReferenceValueSets") =>
            {
                let table = match name {
                    b"AliasType" => "alias",
                    b"FeatureType" => "feature",
                    b"IDRegDocType" => "document",
                    b"Country" => "country",
                    b"List" => "list",
                    _ => "party",
                };
                self.pending_value = id().map(|id| (table, id));
            }
            b"PartySubType" if self.inside("ReferenceValueSets") => {
                if let (Some(id), Some(party)) = (id(), attr_num(e, b"PartyTypeID")) {
                    self.party_subtype.insert(id, party);
                }
            }
            b"Location" if self.at(&["Locations", "Location"]) => {
                self.location = id().map(|id| (id, Location::default()));
            }
            b"LocationCountry" => {
                let country = attr_num(e, b"CountryID").and_then(|c| self.value("country", c));
                if let Some((_, location)) = self.location.as_mut() {
                    location.country = country;
                }
            }
            b"LocationPart" => self.loc_part = attr_num(e, b"LocPartTypeID"),
            b"IDRegDocument" => {
                let kind = attr_num(e, b"IDRegDocTypeID")
                    .and_then(|t| self.value("document", t))
                    .unwrap_or_else(|| "Identifier".to_owned());
                let country =
                    attr_num(e, b"IssuedBy-CountryID").and_then(|c| self.value("country", c));
                self.document = attr_num(e, b"IdentityID").map(|identity| {
                    (
                        identity,
                        Identifier {
                            kind,
                            number: String::new(),
                            country,
                        },
                    )
                });
            }
            b"DistinctParty" => {
                self.party = Some(Party::new(
                    attr(e, b"FixedRef").unwrap_or_default(),
                    PartyKind::Entity,
                ))
            }
            b"Profile" if self.party.is_some() => {
                self.profile = id();
                let party_type = attr_num(e, b"PartySubTypeID")
                    .and_then(|s| self.party_subtype.get(&s).copied());
                let subtype = attr_num(e, b"PartySubTypeID");
                if let Some(party) = self.party.as_mut() {
                    party.kind = match (party_type, subtype) {
                        (Some(1), _) => PartyKind::Person,
                        (_, Some(1)) => PartyKind::Vessel,
                        (_, Some(2)) => PartyKind::Aircraft,
                        _ => PartyKind::Entity,
                    };
                }
            }
            b"Identity" if self.party.is_some() => {
                if let Some(identity) = id() {
                    self.identity_owner.insert(identity, self.parties.len());
                }
            }
            b"Alias" if self.party.is_some() => {
                let primary = attr(e, b"Primary").as_deref() == Some("true");
                let weak = attr(e, b"LowQuality").as_deref() == Some("true");
                self.alias = Some(if primary {
                    NameQuality::Primary
                } else if weak {
                    NameQuality::Weak
                } else {
                    NameQuality::Strong
                });
            }
            b"DocumentedName" => self.name_parts.clear(),
            b"Feature" if self.party.is_some() => {
                let kind = attr_num(e, b"FeatureTypeID")
                    .and_then(|t| self.value("feature", t))
                    .unwrap_or_default();
                self.feature = Some(Feature {
                    kind,
                    ..Feature::default()
                });
            }
            b"VersionLocation" => {
                if let Some(feature) = self.feature.as_mut() {
                    feature.location = attr_num(e, b"LocationID");
                }
            }
            b"SanctionsEntry" => {
                if let Some(list) = attr_num(e, b"ListID") {
                    self.entry_lists.insert(list);
                }
                self.entry =
                    attr_num(e, b"ProfileID").and_then(|p| self.by_profile.get(&p).copied());
                self.event_date = (None, None, None);
            }
            b"SanctionsMeasure" => {
                self.measure_is_program = attr_num(e, b"SanctionsTypeID") == Some(1);
            }
            _ => {}
        }
        Ok(())
    }

    fn value(&self, table: &'static str, id: u64) -> Option<String> {
        self.values.get(&(table, id)).cloned()
    }

    fn text(&mut self, text: &str) {
        let Some(name) = self.path.last().map(Vec::as_slice) else {
            return;
        };
        match name {
            b"Year" | b"Month" | b"Day" => self.date_part(text),
            _ if self.pending_value.is_some() => {
                if let Some(key) = self.pending_value.take() {
                    self.values.insert(key, text.to_owned());
                }
            }
            b"Value" if self.at(&["LocationPart", "LocationPartValue", "Value"]) => {
                if let (Some((_, location)), Some(part)) = (self.location.as_mut(), self.loc_part) {
                    location.parts.push((part, text.to_owned()));
                }
            }
            b"IDRegistrationNo" => {
                if let Some((_, document)) = self.document.as_mut() {
                    document.number = text.to_owned();
                }
            }
            b"NamePartValue" => self.name_parts.push(text.to_owned()),
            b"VersionDetail" => {
                if let Some(feature) = self.feature.as_mut() {
                    feature.detail = Some(text.to_owned());
                }
            }
            b"Comment" if self.measure_is_program && self.at(&["SanctionsMeasure", "Comment"]) => {
                if let Some(party) = self.entry.and_then(|i| self.parties.get_mut(i)) {
                    push_unique(&mut party.programs, text);
                }
            }
            _ => {}
        }
    }

    fn date_part(&mut self, text: &str) {
        let Ok(number) = text.trim().parse::<u16>() else {
            return;
        };
        let unit = self.path.last().cloned().unwrap_or_default();
        let set = |date: &mut (Option<u16>, Option<u8>, Option<u8>)| match unit.as_slice() {
            b"Year" => date.0 = Some(number),
            b"Month" => date.1 = u8::try_from(number).ok(),
            _ => date.2 = u8::try_from(number).ok(),
        };
        if self.at(&["DateOfIssue", "Year"])
            || self.at(&["DateOfIssue", "Month"])
            || self.at(&["DateOfIssue", "Day"])
        {
            set(&mut self.issued);
        } else if self.inside("EntryEvent") {
            set(&mut self.event_date);
        } else if let Some(feature) = self.feature.as_mut() {
            let n = self.path.len();
            let bound = self.path.get(n.wrapping_sub(2)).map(Vec::as_slice);
            let end = self.path.get(n.wrapping_sub(3)).map(Vec::as_slice);
            match (end, bound) {
                (Some(b"Start"), Some(b"From")) => set(&mut feature.from),
                (Some(b"End"), Some(b"To")) => set(&mut feature.to),
                _ => {}
            }
        }
    }

    fn close(&mut self, name: &[u8]) -> Result<(), String> {
        match name {
            b"Location" if self.location.is_some() && self.at(&["Locations", "Location"]) => {
                if let Some((id, location)) = self.location.take() {
                    self.locations.insert(id, location);
                }
            }
            b"IDRegDocument" => {
                if let Some((identity, document)) = self.document.take() {
                    if !document.number.trim().is_empty() {
                        self.documents.entry(identity).or_default().push(document);
                    }
                }
            }
            b"DocumentedName" => {
                let name = self.name_parts.join(" ");
                if let (Some(party), Some(quality)) = (self.party.as_mut(), self.alias) {
                    if !name.trim().is_empty() && !party.names.iter().any(|n| n.name == name) {
                        party.names.push(PartyName { name, quality });
                    }
                }
            }
            b"Alias" => self.alias = None,
            b"Feature" => {
                if let Some(feature) = self.feature.take() {
                    self.apply(feature);
                }
            }
            b"DistinctParty" => {
                if let Some(mut party) = self.party.take() {
                    // The primary name first, whatever the order of the aliases.
                    party
                        .names
                        .sort_by_key(|n| n.quality != NameQuality::Primary);
                    if let Some(profile) = self.profile.take() {
                        self.by_profile.insert(profile, self.parties.len());
                    }
                    self.parties.push(party);
                }
            }
            b"SanctionsEntry" => {
                if let (Some(party), (Some(y), m, d)) = (
                    self.entry.and_then(|i| self.parties.get_mut(i)),
                    self.event_date,
                ) {
                    let date = format!("{y:04}-{:02}-{:02}", m.unwrap_or(1), d.unwrap_or(1));
                    if party.listed.as_ref().is_none_or(|l| *l > date) {
                        party.listed = Some(date);
                    }
                }
                self.entry = None;
            }
            b"SanctionsMeasure" => self.measure_is_program = false,
            _ => {}
        }
        self.pending_value = None;
        Ok(())
    }

    fn location_line(&self, id: u64) -> Option<String> {
        let location = self.locations.get(&id)?;
        let mut parts: Vec<&(u64, String)> = location.parts.iter().collect();
        // ADDRESS1..3, CITY, STATE/PROVINCE, POSTAL CODE, then REGION (ids 1450–1456).
        parts.sort_by_key(|(kind, _)| if *kind == 1450 { 2000 } else { *kind });
        let mut line: Vec<&str> = parts.iter().map(|(_, v)| v.as_str()).collect();
        line.extend(location.country.as_deref());
        (!line.is_empty()).then(|| line.join(", "))
    }

    fn apply(&mut self, feature: Feature) {
        let country = feature
            .location
            .and_then(|l| self.locations.get(&l))
            .and_then(|l| l.country.clone());
        let address = feature.location.and_then(|l| self.location_line(l));
        let Some(party) = self.party.as_mut() else {
            return;
        };
        let kind = feature.kind.as_str();
        match kind {
            "Birthdate" => {
                let from = feature.from;
                let to = if feature.to.0.is_some() {
                    feature.to
                } else {
                    from
                };
                if let (Some(fy), Some(ty)) = (from.0, to.0) {
                    party
                        .birth_dates
                        .push(BirthDate::span((fy, from.1, from.2), (ty, to.1, to.2)));
                }
            }
            "Nationality Country" | "Citizenship Country" => {
                if let Some(country) = country.or(feature.detail) {
                    push_unique(&mut party.nationalities, &country);
                }
            }
            "Location" => {
                if let Some(address) = address {
                    push_unique(&mut party.addresses, &address);
                }
            }
            "Email Address" => {
                if let Some(email) = feature.detail {
                    push_unique(&mut party.emails, &email);
                }
            }
            _ => {
                if let (Some(currency), Some(address)) = (
                    kind.strip_prefix("Digital Currency Address - "),
                    feature.detail,
                ) {
                    party.wallets.push(CurrencyAddress {
                        currency: currency.trim().to_owned(),
                        address: address.trim().to_owned(),
                    });
                }
            }
        }
    }

    fn finish(mut self, source: &str) -> Result<SanctionsList, (u64, String)> {
        if !self.seen_root {
            return Err((0, "empty document".into()));
        }
        for (identity, documents) in std::mem::take(&mut self.documents) {
            if let Some(party) = self
                .identity_owner
                .get(&identity)
                .and_then(|i| self.parties.get_mut(*i))
            {
                party.identifiers.extend(documents);
            }
        }
        for party in &mut self.parties {
            party
                .identifiers
                .sort_by(|a, b| (&a.kind, &a.number).cmp(&(&b.kind, &b.number)));
        }
        let issued = match self.issued {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            _ => None,
        };
        // OFAC publishes the SDN list and its consolidated non-SDN list (SSI,
        // NS-PLC, CAPTA, …) in the same schema; a file with no entry on the
        // SDN List is the consolidated one and is labelled so.
        let on_sdn = self.entry_lists.is_empty()
            || self.entry_lists.iter().any(|id| {
                self.value("list", *id)
                    .is_none_or(|name| name.trim().eq_ignore_ascii_case("SDN List"))
            });
        Ok(SanctionsList {
            list: if on_sdn { "OFAC-SDN" } else { "OFAC-CONS" }.to_owned(),
            source: source.to_owned(),
            issued,
            parties: self.parties,
        })
    }
}
