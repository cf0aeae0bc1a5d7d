//! OpenSanctions' FollowTheMoney export (`entities.ftm.json`): one JSON entity
//! per line, `{id, schema, properties: {name: [..], ..}, target, datasets}`.
//!
//! Persons, organisations, vessels and aircraft marked as targets become
//! parties; the entities that describe them (a `CryptoWallet`, an
//! `Identification` or `Passport`, a `Sanction`) are folded into the party
//! they point at. Related entities that are not targets (a listed person's
//! relatives, a company's owners) are not screened on.

use crate::party::{
    push_unique, BirthDate, CurrencyAddress, Identifier, NameQuality, Party, PartyKind, PartyName,
    SanctionsList,
};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Properties that carry an identity or registration number, and the label
/// a match shows for each.
const NUMBER_PROPERTIES: &[(&str, &str)] = &[
    ("idNumber", "National ID No."),
    ("passportNumber", "Passport"),
    ("taxNumber", "Tax ID No."),
    ("innCode", "INN"),
    ("ogrnCode", "OGRN"),
    ("registrationNumber", "Registration Number"),
    ("imoNumber", "IMO"),
    ("mmsi", "MMSI"),
    ("swiftBic", "SWIFT/BIC"),
];

#[derive(Deserialize)]
struct Entity {
    #[serde(default)]
    id: String,
    #[serde(default)]
    schema: String,
    #[serde(default)]
    properties: BTreeMap<String, Vec<serde_json::Value>>,
    target: Option<bool>,
    last_change: Option<String>,
}

impl Entity {
    /// The text values of one property (FtM values are strings; anything
    /// else is skipped).
    fn values(&self, property: &str) -> impl Iterator<Item = &str> {
        self.properties
            .get(property)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn first(&self, property: &str) -> Option<&str> {
        self.values(property).next()
    }
}

fn kind_of(schema: &str) -> Option<PartyKind> {
    match schema {
        "Person" => Some(PartyKind::Person),
        "Organization" | "Company" | "LegalEntity" | "PublicBody" => Some(PartyKind::Entity),
        "Vessel" => Some(PartyKind::Vessel),
        "Airplane" => Some(PartyKind::Aircraft),
        _ => None,
    }
}

/// `1952`, `1952-10` or `1952-10-07` (a longer timestamp is cut to its day).
fn birth_date(text: &str) -> Option<BirthDate> {
    let mut parts = text.get(..text.len().min(10))?.split('-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: Option<u8> = parts.next().and_then(|m| m.parse().ok());
    let day: Option<u8> = parts.next().and_then(|d| d.parse().ok());
    (1800..=2100)
        .contains(&year)
        .then(|| BirthDate::span((year, month, day), (year, month, day)))
}

fn party_of(entity: &Entity, kind: PartyKind) -> Party {
    let mut party = Party::new(entity.id.clone(), kind);
    let mut names: Vec<PartyName> = Vec::new();
    let mut add_name = |name: &str, quality: NameQuality| {
        if !names.iter().any(|n| n.name == name) {
            names.push(PartyName {
                name: name.to_owned(),
                quality,
            });
        }
    };
    for (i, name) in entity.values("name").enumerate() {
        let quality = if i == 0 {
            NameQuality::Primary
        } else {
            NameQuality::Strong
        };
        add_name(name, quality);
    }
    if entity.first("name").is_none() {
        // A person given by parts only.
        let parts: Vec<&str> = ["firstName", "middleName", "fatherName", "lastName"]
            .iter()
            .filter_map(|p| entity.first(p))
            .collect();
        if !parts.is_empty() {
            add_name(&parts.join(" "), NameQuality::Primary);
        }
    }
    for name in entity.values("alias").chain(entity.values("previousName")) {
        add_name(name, NameQuality::Strong);
    }
    for name in entity.values("weakAlias") {
        add_name(name, NameQuality::Weak);
    }
    party.names = names;
    party.birth_dates = entity.values("birthDate").filter_map(birth_date).collect();
    for value in entity
        .values("nationality")
        .chain(entity.values("citizenship"))
    {
        push_unique(&mut party.nationalities, value);
    }
    for value in entity.values("address") {
        push_unique(&mut party.addresses, value);
    }
    for value in entity.values("email") {
        push_unique(&mut party.emails, value);
    }
    for value in entity.values("program").chain(entity.values("programId")) {
        push_unique(&mut party.programs, value);
    }
    let country = entity.first("country").map(str::to_owned);
    for (property, label) in NUMBER_PROPERTIES {
        for number in entity.values(property) {
            party.identifiers.push(Identifier {
                kind: (*label).to_owned(),
                number: number.to_owned(),
                country: country.clone(),
            });
        }
    }
    party
}

/// Read an FtM export. A line that is not a JSON entity is reported with its
/// number and the rest is kept.
pub fn read(bytes: &[u8], source: &str) -> (SanctionsList, Vec<(u64, String)>) {
    let mut problems = Vec::new();
    let mut parties: Vec<Party> = Vec::new();
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    // Entities that describe a party, kept until every party is read: the
    // export does not promise that a party comes before its wallet.
    let mut details: Vec<Entity> = Vec::new();
    let mut last_change: Option<String> = None;
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = index as u64 + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let entity: Entity = match serde_json::from_slice(line) {
            Ok(entity) => entity,
            Err(e) => {
                problems.push((number, format!("not an FtM entity: {e}")));
                continue;
            }
        };
        if entity.id.is_empty() {
            problems.push((number, "an entity without an id".to_owned()));
            continue;
        }
        if let Some(change) = entity.last_change.as_deref().and_then(|c| c.get(..10)) {
            if last_change.as_deref().is_none_or(|l| l < change) {
                last_change = Some(change.to_owned());
            }
        }
        match kind_of(&entity.schema) {
            Some(kind) if entity.target != Some(false) => {
                by_id.insert(entity.id.clone(), parties.len());
                parties.push(party_of(&entity, kind));
            }
            Some(_) => {}
            None => details.push(entity),
        }
    }
    for detail in &details {
        let owner_property = if detail.schema == "Sanction" {
            "entity"
        } else {
            "holder"
        };
        let Some(party) = detail
            .values(owner_property)
            .find_map(|id| by_id.get(id))
            .and_then(|&i| parties.get_mut(i))
        else {
            continue;
        };
        match detail.schema.as_str() {
            "CryptoWallet" => {
                if let Some(address) = detail.first("publicKey") {
                    party.wallets.push(CurrencyAddress {
                        currency: detail.first("currency").unwrap_or("").to_uppercase(),
                        address: address.to_owned(),
                    });
                }
            }
            "Identification" | "Passport" => {
                if let Some(number) = detail.first("number") {
                    party.identifiers.push(Identifier {
                        kind: detail
                            .first("type")
                            .unwrap_or(if detail.schema == "Passport" {
                                "Passport"
                            } else {
                                "Identification"
                            })
                            .to_owned(),
                        number: number.to_owned(),
                        country: detail.first("country").map(str::to_owned),
                    });
                }
            }
            "Sanction" => {
                for program in detail.values("program").chain(detail.values("programId")) {
                    push_unique(&mut party.programs, program);
                }
                let listed = detail
                    .values("listingDate")
                    .chain(detail.values("startDate"))
                    .filter_map(|d| d.get(..10))
                    .min();
                if let Some(date) = listed {
                    if party.listed.as_deref().is_none_or(|l| l > date) {
                        party.listed = Some(date.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    for party in &mut parties {
        party
            .names
            .sort_by_key(|n| n.quality != NameQuality::Primary);
    }
    let list = SanctionsList {
        list: "OpenSanctions".to_owned(),
        source: source.to_owned(),
        issued: last_change,
        parties,
    };
    (list, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_become_spans() {
        let year = birth_date("1952").expect("a year");
        assert_eq!((year.from, year.to), ((1952, 1, 1), (1952, 12, 31)));
        let day = birth_date("1952-10-07T00:00:00").expect("a day");
        assert!(day.is_exact());
        assert!(birth_date("unknown").is_none());
    }
}
