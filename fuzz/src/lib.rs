//! What the fuzz targets share: the fixture reference data and the project's
//! rules, loaded once per process.

use bonafide_rules::Ruleset;
use bonafide_signals::Reference;
use std::sync::OnceLock;

/// The fixture reference data and the repository's rules.
pub fn scoring() -> &'static (Reference, Ruleset) {
    static LOADED: OnceLock<(Reference, Ruleset)> = OnceLock::new();
    LOADED.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let sources = Ruleset::read_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
        let rules = Ruleset::compile(&sources, &bonafide_engine::catalog())
            .unwrap_or_else(|d| panic!("{d:?}"));
        (bonafide_testkit::fixtures::fixture_reference(), rules)
    })
}

/// Input as text, lossily: the parsers take `&str`, and invalid UTF-8 is
/// already rejected before them.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The signal catalogue, built once.
pub fn catalog() -> &'static bonafide_rules::Catalog {
    static CATALOG: OnceLock<bonafide_rules::Catalog> = OnceLock::new();
    CATALOG.get_or_init(bonafide_engine::catalog)
}

/// The repository's romanisation tables, compiled once.
pub fn variants() -> bonafide_sanctions::Variants {
    static VARIANTS: OnceLock<bonafide_sanctions::Variants> = OnceLock::new();
    VARIANTS
        .get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
            let sources = Ruleset::read_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
            let tables = bonafide_rules::VariantTable::read_all(&sources)
                .unwrap_or_else(|d| panic!("{d:?}"));
            bonafide_sanctions::Variants::new(&tables)
        })
        .clone()
}
