//! The link index at scale: memory per application, insert, freeze, a link
//! lookup and a résumé near-duplicate query, with `BONAFIDE_BENCH_APPS`
//! applications (default 1,000,000), each with IPs, a document number, an
//! e-mail, a phone, a photo and a 60-word résumé.
// Tests and benchmarks read fixtures and keep time; the crate itself may not (clippy.toml).
#![allow(clippy::disallowed_methods)]

use bonafide_identity::sketch::minhash;
use bonafide_identity::Keyer;
use bonafide_signals::{Identity, IndexedApp, Label, LinkIndex, LinkKey, LinkKind};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

fn resume(rng: &mut fastrand::Rng) -> String {
    bonafide_testkit::words::resume(rng, 60)
}

fn app(i: u32, rng: &mut fastrand::Rng, keyer: &Keyer) -> IndexedApp {
    let ip = IpAddr::V4(Ipv4Addr::from(rng.u32(0x0100_0000..0xdf00_0000)));
    let phash = rng.u64(..);
    let signature = minhash(&resume(rng)).expect("long enough");
    let mut labels = Vec::new();
    for (kind, domain, value) in [
        (LinkKind::Document, "document:passport", format!("X{i:08}")),
        (
            LinkKind::Email,
            "email",
            format!("candidate{i}@example.com"),
        ),
        (
            LinkKind::Phone,
            "phone",
            format!("+1415{:07}", 2_000_000 + i),
        ),
    ] {
        let key = LinkKey {
            kind,
            hash: keyer.hash(domain, &value).as_u64(),
        };
        labels.push(Label::new(key, "document", "1234"));
    }
    IndexedApp {
        application_id: format!("app-{i:08}").into(),
        tenant_id: "tenant-1".into(),
        identity: Identity(u64::from(i)),
        submitted: Some(1_770_000_000 + i64::from(i)),
        ips: vec![ip].into_boxed_slice(),
        labels: labels.into_boxed_slice(),
        phashes: vec![phash].into_boxed_slice(),
        resume: Some(Box::new(signature)),
        home: Some(u64::from(i)),
        person: None,
        at_home: None,
        employment: None,
    }
}

fn link_index(c: &mut Criterion) {
    let n: u32 = std::env::var("BONAFIDE_BENCH_APPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let keyer = Keyer::demo();
    let mut rng = fastrand::Rng::with_seed(3);
    let built = Instant::now();
    let apps: Vec<IndexedApp> = (0..n).map(|i| app(i, &mut rng, &keyer)).collect();
    let made = built.elapsed();
    let mut index = LinkIndex::default();
    let inserting = Instant::now();
    for app in apps {
        index.insert(app);
    }
    let inserted = inserting.elapsed();
    let freezing = Instant::now();
    index.freeze();
    let frozen = freezing.elapsed();
    eprintln!(
        "{n} applications: built in {:.1} s, inserted in {:.2} s ({:.0} ns each), frozen in {:.2} s; \
         index {:.0} bytes per application",
        made.as_secs_f64(),
        inserted.as_secs_f64(),
        inserted.as_nanos() as f64 / f64::from(n),
        frozen.as_secs_f64(),
        index.heap_bytes() as f64 / f64::from(n)
    );

    // A résumé already indexed, with its first words changed: a name swapped in.
    let mut rng = fastrand::Rng::with_seed(3);
    let _ = rng.u32(..);
    let _ = rng.u64(..);
    let original = resume(&mut rng);
    let edited = format!(
        "Someone Else {}",
        original.split_once(' ').map_or("", |(_, rest)| rest)
    );
    c.bench_function(
        &format!("résumé near-duplicate query, {n} indexed"),
        |b| {
            b.iter(|| {
                let signature = minhash(black_box(&edited)).expect("long enough");
                let found = index.similar_resumes(&signature, 0.7);
                assert!(found.iter().any(|(position, _)| *position == 0));
                found
            })
        },
    );
    let probe = index.app(n / 2).expect("indexed").labels[0].key;
    c.bench_function(&format!("link lookup, {n} indexed"), |b| {
        b.iter(|| index.holders(black_box(&probe)).count())
    });
    let mut i = 0u32;
    c.bench_function(&format!("link view of one application, {n} indexed"), |b| {
        b.iter(|| {
            i = (i + 7919) % n;
            index.view(i).map(|v| v.links.len())
        })
    });
}

criterion_group!(benches, link_index);
criterion_main!(benches);
