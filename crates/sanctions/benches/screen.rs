//! Screens per second with a whole list loaded: OFAC's SDN list (18,367
//! parties) from `$BONAFIDE_REAL_DATA`, else the fixture list (a handful of
//! parties: the figure then says little). Queries: ordinary names from twelve
//! cultures, and one in ten a listed name respelt, as a stream of
//! applications would bring them. One core (criterion runs one thread).

use bonafide_rules::{Ruleset, VariantTable};
use bonafide_sanctions::{load, KindFilter, Query, Screener, Variants};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn list_file() -> PathBuf {
    match std::env::var_os("BONAFIDE_REAL_DATA") {
        Some(data) => {
            PathBuf::from(data).join("sanctions/ofac-sdn-advanced-2025-11-19/sdn_advanced.xml.bz2")
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/sanctions/sdn_advanced-fixture.xml"),
    }
}

fn screen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sources = Ruleset::read_dir(&root.join("rules")).expect("rules");
    let variants = Variants::new(&VariantTable::read_all(&sources).expect("variants"));
    let cache = std::env::temp_dir().join("bonafide-bench-cache");
    let list = load(&list_file(), Some(&cache)).expect("list").list;
    let screener = Screener::new(vec![list], variants);
    let mut rng = fastrand::Rng::with_seed(9);
    let dprk = screener
        .parties()
        .filter(|(_, p)| p.programs.iter().any(|g| g.starts_with("DPRK")))
        .map(|(_, p)| p.primary_name());
    let names = bonafide_testkit::screening::query_mix(dprk, &mut rng);
    let mut group = c.benchmark_group("screen");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function(
        format!("{} names against {} parties", names.len(), screener.len()),
        |b| {
            b.iter(|| {
                for name in &names {
                    let query = Query {
                        name: Some(name),
                        kind: KindFilter::Any,
                        ..Query::default()
                    };
                    black_box(screener.screen(&query, 0.8, 10));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, screen);
criterion_main!(benches);
