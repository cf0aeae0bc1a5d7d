//! The rules' `same` / `different` name pairs hold.

mod common;

#[test]
fn variant_examples_hold() {
    let tables = common::tables();
    let variants = common::variants();
    assert_eq!(
        variants.words("Seong Geum-hyeok"),
        variants.words("SONG, Kum Hyok")
    );
    assert_eq!(
        variants.words("Song Kumhyok"),
        variants.words("Song Kum Hyok")
    );
    assert_eq!(
        variants.words("Vitaliy Sergeyevich Andreyev"),
        variants.words("Vitalii Sergeevich Andreev")
    );
    let failures = bonafide_sanctions::run_variant_examples(&tables);
    for failure in &failures {
        eprintln!("{failure}");
    }
    assert!(failures.is_empty());
}
