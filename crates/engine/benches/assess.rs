//! One full assessment (enrich, local signals, link, rules, verdict) of the
//! demo applications on the bundled fixture data.
// Tests and benchmarks read fixtures and keep time; the crate itself may not (clippy.toml).
#![allow(clippy::disallowed_methods)]

use bonafide_engine::{catalog, Batch, Engine};
use bonafide_model::parse_application;
use bonafide_rules::Ruleset;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn assess(c: &mut Criterion) {
    let reference = bonafide_testkit::fixtures::fixture_reference();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rules = Ruleset::compile(
        &Ruleset::read_dir(&root.join("rules")).expect("rules"),
        &catalog(),
    )
    .expect("compile");
    let lines: Vec<String> = std::fs::read_to_string(root.join("fixtures/applications.jsonl"))
        .expect("demo")
        .lines()
        .filter(|l| parse_application(l).is_ok())
        .map(str::to_owned)
        .collect();
    let engine = Engine::new(&reference, &rules);
    c.bench_function("parse + assess one application (demo batch of 14)", |b| {
        b.iter(|| {
            let mut batch = Batch::default();
            let pending: Vec<_> = lines
                .iter()
                .filter_map(|l| parse_application(l).ok())
                .map(|app| batch.add(engine.local(&app)))
                .collect();
            batch.freeze();
            for p in pending {
                black_box(engine.finish(p, &batch));
            }
        })
    });
}

criterion_group!(benches, assess);
criterion_main!(benches);
