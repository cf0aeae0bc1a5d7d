//! Invariants of normalisation and masking, over arbitrary text (proptest).

use bonafide_identity::names::{compare, NameMatch};
use bonafide_identity::normalize::{document_number, email, fold, name, name_key};
use bonafide_identity::{mask, payment};
use proptest::prelude::*;

/// Text with the characters attackers use: zero-width, bidi overrides, combining
/// marks, Cyrillic look-alikes, controls, as well as ordinary letters.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[A-Za-z]{1,8}",
        Just(" ".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("\u{0430}".to_owned()),
        Just("\u{0000}".to_owned()),
        Just("-".to_owned()),
        Just("É".to_owned()),
        "\\PC{1,3}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalising_twice_changes_nothing(text in hostile_text()) {
        prop_assert_eq!(name(&name(&text)), name(&text));
        prop_assert_eq!(fold(&fold(&text)), fold(&text));
        let key = name_key(&text);
        prop_assert_eq!(name_key(&key), key.clone());
        if let Some(once) = email(&format!("{text}@example.com")) {
            prop_assert_eq!(email(&once), Some(once.clone()));
        }
        if let Some(once) = document_number(&text) {
            prop_assert_eq!(document_number(&once), Some(once.clone()));
        }
    }

    #[test]
    fn invisible_characters_never_split_a_name(first in "[A-Z][a-z]{2,8}", last in "[A-Z][a-z]{2,8}") {
        let plain = format!("{first} {last}");
        let tricked = format!("{first}\u{200B} \u{202E}{last}\u{FEFF}");
        prop_assert_eq!(name_key(&plain), name_key(&tricked));
        prop_assert_eq!(compare(&plain, &tricked), Some(NameMatch::Same));
    }

    #[test]
    fn a_mask_shows_at_most_the_last_four(value in "[A-Z0-9 -]{0,30}") {
        let masked = mask(&value);
        let shown: String = masked.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        prop_assert!(shown.len() <= 4, "{masked}");
        let raw: String = value.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        prop_assert!(raw.ends_with(&shown), "{masked} is not a tail of {value}");
    }

    #[test]
    fn account_checks_never_panic(text in "\\PC{0,64}") {
        let _ = payment::iban(&text);
        let _ = payment::routing_number(&text);
        let _ = payment::wallet(&text);
        let _ = payment::account_number(&text);
    }

    #[test]
    fn name_comparison_is_symmetric(a in hostile_text(), b in hostile_text()) {
        prop_assert_eq!(compare(&a, &b), compare(&b, &a));
    }
}

/// Inputs the fuzzers found (`fuzz/artifacts/…`), replayed through the same checks.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for entry in std::fs::read_dir(dir).expect("regressions folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        let (a, b) = text.split_once('\n').unwrap_or((&text, ""));
        assert_eq!(compare(a, b), compare(b, a), "{}", path.display());
        if let Some(once) = email(a) {
            assert_eq!(email(&once), Some(once.clone()), "{}", path.display());
        }
        if let Some(once) = document_number(a) {
            assert_eq!(
                document_number(&once),
                Some(once.clone()),
                "{}",
                path.display()
            );
        }
        assert_eq!(name_key(&name_key(a)), name_key(a), "{}", path.display());
    }
}
