//! The committed fixture data must be exactly what the generator writes.

use std::path::Path;

#[test]
fn committed_fixture_data_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/data");
    for (name, bytes) in bonafide_testkit::fixtures::fixture_files() {
        let committed = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            committed == bytes,
            "fixtures/data/{name} is stale: run `cargo run -p bonafide-testkit --bin bonafide-fixtures`"
        );
    }
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    assert_eq!(
        bonafide_testkit::fixtures::fixture_files(),
        bonafide_testkit::fixtures::fixture_files()
    );
}
