//! The UN Security Council consolidated list (`consolidated.xml`): individuals
//! and entities with aliases, addresses, dates of birth and documents.

use crate::party::{
    push_unique, BirthDate, Identifier, NameQuality, Party, PartyKind, PartyName, SanctionsList,
};
use crate::xml::{attr, walk, Node};
use std::io::BufRead;

/// Read a UN consolidated list. `Err` carries the byte offset and the reason.
pub fn read<R: BufRead>(input: R, source: &str) -> Result<SanctionsList, (u64, String)> {
    let mut state = State::default();
    walk(input, |node| state.visit(node))?;
    if !state.seen_root {
        return Err((
            0,
            "not a UN consolidated list (no <CONSOLIDATED_LIST> root)".into(),
        ));
    }
    Ok(SanctionsList {
        list: "UN".to_owned(),
        source: source.to_owned(),
        issued: state.generated,
        parties: state.parties,
    })
}

#[derive(Default)]
struct Dob {
    kind: String,
    date: Option<String>,
    year: Option<u16>,
    from: Option<u16>,
    to: Option<u16>,
}

#[derive(Default)]
struct State {
    path: Vec<Vec<u8>>,
    seen_root: bool,
    generated: Option<String>,
    parties: Vec<Party>,
    party: Option<Party>,
    data_id: Option<String>,
    name_parts: [Option<String>; 4],
    alias: Option<(Option<String>, Option<String>)>,
    address: Vec<String>,
    dob: Option<Dob>,
    document: Option<Identifier>,
}

impl State {
    fn parent(&self) -> &[u8] {
        self.path
            .len()
            .checked_sub(2)
            .and_then(|i| self.path.get(i))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn visit(&mut self, node: Node<'_>) -> Result<(), String> {
        match node {
            Node::Open(e) => {
                let name = e.local_name().into_inner().to_vec();
                if self.path.is_empty() {
                    if name != b"CONSOLIDATED_LIST" {
                        return Err(
                            "not a UN consolidated list (no <CONSOLIDATED_LIST> root)".into()
                        );
                    }
                    self.seen_root = true;
                    self.generated =
                        attr(e, b"dateGenerated").map(|d| d.chars().take(10).collect());
                }
                match name.as_slice() {
                    b"INDIVIDUAL" => self.start(PartyKind::Person),
                    b"ENTITY" => self.start(PartyKind::Entity),
                    b"INDIVIDUAL_ALIAS" | b"ENTITY_ALIAS" => self.alias = Some((None, None)),
                    b"INDIVIDUAL_ADDRESS" | b"ENTITY_ADDRESS" => self.address.clear(),
                    b"INDIVIDUAL_DATE_OF_BIRTH" => self.dob = Some(Dob::default()),
                    b"INDIVIDUAL_DOCUMENT" => {
                        self.document = Some(Identifier {
                            kind: "Identifier".into(),
                            number: String::new(),
                            country: None,
                        })
                    }
                    _ => {}
                }
                self.path.push(name);
            }
            Node::Text(text) => self.text(text),
            Node::Close(name) => {
                self.close(name);
                self.path.pop();
            }
        }
        Ok(())
    }

    fn start(&mut self, kind: PartyKind) {
        self.party = Some(Party::new(String::new(), kind));
        self.data_id = None;
        self.name_parts = Default::default();
    }

    fn text(&mut self, text: &str) {
        let name = self.path.last().cloned().unwrap_or_default();
        let parent = self.parent().to_vec();
        if let Some(alias) = self.alias.as_mut() {
            match name.as_slice() {
                b"QUALITY" => alias.0 = Some(text.to_owned()),
                b"ALIAS_NAME" => alias.1 = Some(text.to_owned()),
                _ => {}
            }
            return;
        }
        if let Some(dob) = self.dob.as_mut() {
            match name.as_slice() {
                b"TYPE_OF_DATE" => dob.kind = text.to_owned(),
                b"DATE" => dob.date = Some(text.to_owned()),
                b"YEAR" => dob.year = text.parse().ok(),
                b"FROM_YEAR" => dob.from = text.parse().ok(),
                b"TO_YEAR" => dob.to = text.parse().ok(),
                _ => {}
            }
            return;
        }
        if let Some(document) = self.document.as_mut() {
            match name.as_slice() {
                b"TYPE_OF_DOCUMENT" => document.kind = text.to_owned(),
                b"NUMBER" => document.number = text.to_owned(),
                b"ISSUING_COUNTRY" | b"COUNTRY_OF_ISSUE" => {
                    document.country = Some(text.to_owned())
                }
                _ => {}
            }
            return;
        }
        if matches!(parent.as_slice(), b"INDIVIDUAL_ADDRESS" | b"ENTITY_ADDRESS") && name != b"NOTE"
        {
            self.address.push(text.to_owned());
            return;
        }
        let Some(party) = self.party.as_mut() else {
            return;
        };
        match (name.as_slice(), parent.as_slice()) {
            (b"DATAID", _) => self.data_id = Some(text.to_owned()),
            (b"FIRST_NAME", _) => self.name_parts[0] = Some(text.to_owned()),
            (b"SECOND_NAME", _) => self.name_parts[1] = Some(text.to_owned()),
            (b"THIRD_NAME", _) => self.name_parts[2] = Some(text.to_owned()),
            (b"FOURTH_NAME", _) => self.name_parts[3] = Some(text.to_owned()),
            (b"REFERENCE_NUMBER", _) => party.uid = text.to_owned(),
            (b"UN_LIST_TYPE", _) => push_unique(&mut party.programs, text),
            (b"LISTED_ON", _) => party.listed = Some(text.chars().take(10).collect()),
            (b"NAME_ORIGINAL_SCRIPT", _) => party.names.push(PartyName {
                name: text.to_owned(),
                quality: NameQuality::Strong,
            }),
            (b"VALUE", b"NATIONALITY") => push_unique(&mut party.nationalities, text),
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"INDIVIDUAL_ALIAS" | b"ENTITY_ALIAS" => {
                if let (Some((quality, Some(alias))), Some(party)) =
                    (self.alias.take(), self.party.as_mut())
                {
                    let quality = match quality.as_deref() {
                        Some("Low") => NameQuality::Weak,
                        _ => NameQuality::Strong,
                    };
                    if !party.names.iter().any(|n| n.name == alias) {
                        party.names.push(PartyName {
                            name: alias,
                            quality,
                        });
                    }
                }
                self.alias = None;
            }
            b"INDIVIDUAL_ADDRESS" | b"ENTITY_ADDRESS" => {
                if let Some(party) = self.party.as_mut() {
                    push_unique(&mut party.addresses, &self.address.join(", "));
                }
                self.address.clear();
            }
            b"INDIVIDUAL_DATE_OF_BIRTH" => {
                if let (Some(dob), Some(party)) = (self.dob.take(), self.party.as_mut()) {
                    party.birth_dates.extend(un_birth_date(&dob));
                }
            }
            b"INDIVIDUAL_DOCUMENT" => {
                if let (Some(document), Some(party)) = (self.document.take(), self.party.as_mut()) {
                    if !document.number.trim().is_empty() {
                        party.identifiers.push(document);
                    }
                }
            }
            b"INDIVIDUAL" | b"ENTITY" => {
                if let Some(mut party) = self.party.take() {
                    let name = self
                        .name_parts
                        .iter()
                        .flatten()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !name.trim().is_empty() {
                        party.names.insert(
                            0,
                            PartyName {
                                name,
                                quality: NameQuality::Primary,
                            },
                        );
                    }
                    if party.uid.is_empty() {
                        party.uid = self.data_id.take().unwrap_or_default();
                    }
                    if !party.names.is_empty() {
                        self.parties.push(party);
                    }
                }
            }
            _ => {}
        }
    }
}

fn un_birth_date(dob: &Dob) -> Option<BirthDate> {
    if let Some(date) = &dob.date {
        let mut parts = date.splitn(3, '-').map(|p| p.parse::<u16>().ok());
        let year = parts.next().flatten()?;
        let month = parts.next().flatten().and_then(|m| u8::try_from(m).ok());
        let day = parts.next().flatten().and_then(|d| u8::try_from(d).ok());
        return Some(BirthDate::span((year, month, day), (year, month, day)));
    }
    match (dob.year, dob.from, dob.to) {
        (Some(y), _, _) => Some(BirthDate::span((y, None, None), (y, None, None))),
        (None, Some(from), Some(to)) => Some(BirthDate::span((from, None, None), (to, None, None))),
        _ => None,
    }
}
