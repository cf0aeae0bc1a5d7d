//! Name, e-mail, phone and document normalisation, and payee comparison:
//! normalising twice must change nothing.
#![no_main]
use bonafide_identity::normalize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, ""));
    let key = normalize::name_key(a);
    assert_eq!(normalize::name_key(&key), key);
    let folded = normalize::name(a);
    assert_eq!(normalize::name(&folded), folded);
    if let Some(once) = normalize::document_number(a) {
        assert_eq!(normalize::document_number(&once), Some(once.clone()));
    }
    if let Some(once) = normalize::email(a) {
        assert_eq!(normalize::email(&once), Some(once.clone()));
    }
    let _ = normalize::mixed_script_words(a);
    let _ = normalize::phone(a, Some("US"));
    assert_eq!(
        bonafide_identity::names::compare(a, b),
        bonafide_identity::names::compare(b, a)
    );
    let masked = bonafide_identity::mask(a);
    assert!(masked.chars().filter(|c| c.is_alphanumeric()).count() <= 4);
});
