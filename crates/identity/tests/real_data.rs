//! The ICAO Doc 9303 specimens and the SSA/IRS number rules, from the shared data
//! (`BONAFIDE_REAL_DATA`); skipped, with a message, when it is not set.

use bonafide_identity::{mrz, ssn};
use serde_json::Value;
use std::path::PathBuf;

fn real_data() -> Option<PathBuf> {
    let dir = std::env::var_os("BONAFIDE_REAL_DATA").map(PathBuf::from);
    if dir.is_none() {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
    }
    dir
}

fn json(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

#[test]
fn every_icao_specimen_parses_with_valid_check_digits() {
    let Some(root) = real_data() else { return };
    let specimens = json(root.join("other/icao9303-mrz-specimens/mrz_specimens.json"));
    let list = specimens["specimens"].as_array().expect("specimens");
    assert_eq!(list.len(), 5);
    for specimen in list {
        let lines: Vec<String> = specimen["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| l.as_str().expect("line").to_owned())
            .collect();
        let parsed =
            mrz::parse(&lines).unwrap_or_else(|| panic!("{} did not parse", specimen["id"]));
        assert!(
            parsed.failed_checks.is_empty(),
            "{}: {:?}",
            specimen["id"],
            parsed.failed_checks
        );
        assert!(
            parsed.names.starts_with("ERIKSSON ANNA"),
            "{}",
            parsed.names
        );
        // One changed character in the document number breaks its check digit.
        let mut broken = lines.clone();
        let target = if lines.len() == 3 { 0 } else { 1 };
        let at = if lines.len() == 3 { 6 } else { 1 };
        let replacement = if &broken[target][at..=at] == "7" {
            "8"
        } else {
            "7"
        };
        broken[target].replace_range(at..=at, replacement);
        let parsed = mrz::parse(&broken).expect("still a zone");
        assert!(
            parsed.failed_checks.contains(&"document_number"),
            "{}: {:?}",
            specimen["id"],
            parsed.failed_checks
        );
    }
}

#[test]
fn publicised_and_never_issued_ssns_are_rejected_as_the_rules_say() {
    let Some(root) = real_data() else { return };
    let rules = json(root.join("other/ssn-itin-rules/ssn_itin_rules.json"));
    for entry in rules["ssn_known_publicised_numbers"]
        .as_array()
        .expect("list")
    {
        let numbers: Vec<String> = match (entry.get("ssn"), entry.get("ssn_range")) {
            (Some(one), _) => vec![one.as_str().expect("ssn").to_owned()],
            (None, Some(range)) => {
                let from = ssn::digits(range[0].as_str().expect("from")).expect("digits");
                let to = ssn::digits(range[1].as_str().expect("to")).expect("digits");
                let (a, b): (u64, u64) = (from.parse().expect("n"), to.parse().expect("n"));
                (a..=b).map(|n| format!("{n:09}")).collect()
            }
            _ => Vec::new(),
        };
        assert!(!numbers.is_empty(), "{entry}");
        for number in numbers {
            assert_eq!(
                ssn::check(&number),
                Err(ssn::SsnProblem::Advertised),
                "{number}"
            );
        }
    }
    for area in rules["ssn_never_issued"]["area_equals"]
        .as_array()
        .expect("areas")
    {
        let number = format!("{}-12-3456", area.as_str().expect("area"));
        assert_eq!(
            ssn::check(&number),
            Err(ssn::SsnProblem::AreaNeverIssued),
            "{number}"
        );
    }
    assert_eq!(
        ssn::check("900-70-1234"),
        Err(ssn::SsnProblem::AreaNeverIssued)
    );
    assert_eq!(
        ssn::check("999-99-9999"),
        Err(ssn::SsnProblem::AreaNeverIssued)
    );
}

#[test]
fn every_registry_example_iban_is_valid_and_a_changed_digit_is_caught() {
    use bonafide_identity::payment::{iban, AccountProblem};
    let Some(root) = real_data() else { return };
    let fixtures = json(root.join("other/iban-registry-swift-r100/iban_test_fixtures.json"));
    let examples = fixtures["valid_ibans"].as_object().expect("valid_ibans");
    assert_eq!(examples.len(), 105);
    let mut known = 0;
    for (country, example) in examples {
        let printed = example["print"].as_str().expect("print form");
        let electronic = example["electronic"].as_str().expect("electronic form");
        match iban(printed) {
            Ok(valid) => {
                known += 1;
                assert_eq!(valid, electronic, "{country}");
                // Change the last digit: mod 97 catches every single-digit change.
                let mut broken: Vec<char> = electronic.chars().collect();
                let last = broken
                    .iter()
                    .rposition(|c| c.is_ascii_digit())
                    .expect("a digit");
                broken[last] = if broken[last] == '9' {
                    '0'
                } else {
                    (broken[last] as u8 + 1) as char
                };
                let broken: String = broken.into_iter().collect();
                assert_eq!(
                    iban(&broken),
                    Err(AccountProblem::IbanChecksum),
                    "{country} {broken}"
                );
            }
            // Registry entries newer than the crate's copy of the registry.
            Err(AccountProblem::IbanCountry | AccountProblem::IbanStructure) => {
                eprintln!("{country}: not in iban_validate's registry copy");
            }
            Err(problem) => panic!("{country} {printed}: {problem:?}"),
        }
    }
    eprintln!("IBAN registry examples: {known}/105 validated");
    assert!(known >= 95, "{known}/105");
}

#[test]
fn ofac_wallet_addresses_are_recognised_and_listed() {
    use bonafide_identity::payment::{currency_of_file, wallet, WalletList};
    let Some(root) = real_data() else { return };
    let dir = root.join("sanctions/ofac-digital-currency-addresses-2025-12-04");
    let mut list = WalletList::default();
    let (mut total, mut recognised) = (0, 0);
    let mut unrecognised = std::collections::BTreeMap::<String, usize>::new();
    for entry in std::fs::read_dir(&dir).expect("folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Some(currency) = currency_of_file(&name) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("readable");
        list.add(&name, &currency, text.as_bytes())
            .expect("readable");
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            total += 1;
            if wallet(line).is_some() {
                recognised += 1;
            } else {
                *unrecognised.entry(currency.clone()).or_default() += 1;
            }
            assert!(
                list.find(line).is_some(),
                "{line} not found in its own list"
            );
        }
    }
    eprintln!("OFAC wallets: {recognised}/{total} recognised by encoding; not: {unrecognised:?}");
    assert!(total >= 750, "{total} addresses");
    assert!(recognised * 100 >= total * 95, "{recognised}/{total}");
}
