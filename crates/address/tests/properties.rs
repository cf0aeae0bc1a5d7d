//! Invariants of the address parser and normal form, over generated and
//! arbitrary text (proptest).

use bonafide_address::{normalize, parse_us, NormalAddress, Relation};
use bonafide_model::{Address, Checked};
use proptest::prelude::*;

fn address(line1: &str, line2: Option<&str>, city: &str, region: &str, postal: &str) -> Address {
    Address {
        line1: Some(line1.to_owned()),
        line2: line2.map(str::to_owned),
        city: Some(city.to_owned()),
        region: Some(region.to_owned()),
        postal_code: Some(postal.to_owned()),
        country: Some(Checked::parse("US")),
    }
}

/// The record an address's normal form would be written as.
fn rewritten(n: &NormalAddress) -> Address {
    Address {
        line1: Some(n.street.clone()),
        line2: n.unit.as_ref().map(|u| format!("# {u}")),
        city: n.city.clone(),
        region: n.region.clone(),
        postal_code: n.postal.clone(),
        country: n.country.as_deref().map(Checked::parse),
    }
}

/// A US street line from realistic parts, some abbreviated, some spelled out.
fn street_line() -> impl Strategy<Value = (String, Option<String>)> {
    let number = 1u32..99_999;
    let predir = prop::option::of(prop_oneof![
        Just("N"),
        Just("South"),
        Just("E."),
        Just("NW")
    ]);
    let name = prop_oneof![
        Just("Market"),
        Just("Martin Luther King Jr"),
        Just("5th"),
        Just("Oak Hill"),
        Just("Broadway"),
        Just("Spring Valley"),
        Just("Park")
    ];
    let suffix = prop::option::of(prop_oneof![
        Just("St"),
        Just("Street"),
        Just("Ave."),
        Just("Road"),
        Just("Blvd"),
        Just("Pkwy"),
        Just("Lane")
    ]);
    let unit = prop::option::of((
        prop_oneof![Just("Apt"), Just("#"), Just("Suite"), Just("Unit")],
        1u32..999,
    ));
    (number, predir, name, suffix, unit).prop_map(|(number, predir, name, suffix, unit)| {
        let mut line = number.to_string();
        for part in [predir, Some(name), suffix].into_iter().flatten() {
            line.push(' ');
            line.push_str(part);
        }
        (line, unit.map(|(kind, id)| format!("{kind} {id}")))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalising_a_normal_form_again_changes_nothing((line1, line2) in street_line(), city in "[A-Z][a-z]{3,9}") {
        let once = normalize(&address(&line1, line2.as_deref(), &city, "CA", "94103")).expect("a street");
        let twice = normalize(&rewritten(&once)).expect("a street");
        prop_assert_eq!(once.keys(), twice.keys(), "{:?} then {:?}", once, twice);
    }

    #[test]
    fn invisible_and_bidi_characters_never_split_an_address((line1, line2) in street_line()) {
        let tricked: String = line1
            .split(' ')
            .collect::<Vec<_>>()
            .join(" \u{200B}");
        let plain = normalize(&address(&line1, line2.as_deref(), "Austin", "TX", "78701")).expect("street");
        let tricked = normalize(&address(&format!("\u{202E}{tricked}\u{FEFF}"), line2.as_deref(), "Austin", "TX", "78701"))
            .expect("street");
        prop_assert_eq!(plain.relation(&tricked), Relation::Same, "{:?} vs {:?}", plain, tricked);
    }

    #[test]
    fn any_text_parses_without_panicking(text in "\\PC{0,200}") {
        let parts = parse_us(&text);
        // Parts are built from the text's words: never longer than it, upper-cased.
        let total: usize = [&parts.name, &parts.city].iter().filter_map(|p| p.as_ref()).map(|p| p.len()).sum();
        prop_assert!(total <= 4 * text.len() + 8);
        let _ = normalize(&address(&text, Some(&text), &text, &text, &text));
    }
}
