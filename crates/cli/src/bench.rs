//! `bonafide bench`: applications per second through the whole `score` pipeline.

use crate::config;
use crate::pipeline::{self, Line, CHUNK};
use anyhow::Result;
use bonafide_corpus::field::FieldStream;
use std::cell::Cell;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// Write the first `n` applications [`run`] scores to `out`, one per line.
pub fn write(out: &Path, n: usize) -> Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    for line in FieldStream::new(42).take(n) {
        file.write_all(line.as_bytes())?;
        file.write_all(b"\n")?;
    }
    file.flush()?;
    Ok(())
}

/// Generate `n` realistic applications (the field corpus, block after block),
/// score them, and print the figures.
pub fn run(config: Option<&Path>, n: usize) -> Result<()> {
    let started = Instant::now();
    let loaded = config::load(config)?;
    let load_time = started.elapsed();
    let engine = bonafide_engine::Engine::new(&loaded.reference, &loaded.rules);

    let generating = Cell::new(Duration::ZERO);
    let mut records = FieldStream::new(42);
    let mut made = 0usize;
    let mut bytes = 0usize;
    let chunks = std::iter::from_fn(|| {
        if made >= n {
            return None;
        }
        let t = Instant::now();
        let count = CHUNK.min(n - made);
        let mut chunk: Vec<Line> = Vec::with_capacity(count);
        for text in records.by_ref().take(count) {
            bytes += text.len();
            made += 1;
            chunk.push((made, text.into_bytes()));
        }
        generating.set(generating.get() + t.elapsed());
        Some(Ok(chunk))
    });
    let scoring = Instant::now();
    let summary = pipeline::run(
        &engine,
        &loaded.limits,
        chunks,
        &mut std::io::sink(),
        &mut std::io::sink(),
        None,
    )?;
    let elapsed = scoring.elapsed().saturating_sub(generating.get());
    let rate = summary.accepted as f64 / elapsed.as_secs_f64();
    println!("data: {}", loaded.origin);
    println!("data loading: {:.2} s", load_time.as_secs_f64());
    println!("threads: {}", rayon::current_num_threads());
    println!(
        "scored: {} applications ({} rejected, {:.0} bytes each) in {:.2} s (generation excluded)",
        summary.accepted,
        summary.rejected,
        bytes as f64 / n.max(1) as f64,
        elapsed.as_secs_f64()
    );
    println!("throughput: {rate:.0} applications/s");
    println!("tiers: {:?}", summary.tiers);
    let mut rules: Vec<(&String, &usize)> = summary.rules.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1));
    let top: Vec<String> = rules
        .iter()
        .take(6)
        .map(|(id, n)| format!("{id} {n}"))
        .collect();
    println!("most frequent rules: {}", top.join(", "));
    let (index, pending) = summary.held_bytes;
    println!(
        "held between the passes: link index {:.0} bytes, pending signals {:.0} bytes per application",
        index as f64 / summary.accepted.max(1) as f64,
        pending as f64 / summary.accepted.max(1) as f64
    );
    if let Some(peak) = peak_rss_mib() {
        println!("peak memory: {peak:.0} MiB");
    }
    Ok(())
}

/// Peak resident set size, from /proc (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
