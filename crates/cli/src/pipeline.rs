//! Scoring a stream of JSON lines: parse and enrich in parallel, link the
//! whole batch, then finish every verdict in input order.

use bonafide_engine::{Batch, Engine, Local, Pending};
use bonafide_model::{Limits, Tier, Verdict};
use bonafide_service::{parse_line, Rejected};
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

/// Lines handled per parallel step.
pub const CHUNK: usize = 8_192;

/// One input line: its number and bytes.
pub type Line = (usize, Vec<u8>);

/// Counts for `--summary`.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Records scored.
    pub accepted: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Verdicts per tier.
    pub tiers: BTreeMap<&'static str, usize>,
    /// How often each rule fired.
    pub rules: BTreeMap<String, usize>,
    /// Session addresses a configured database could not answer for.
    pub lookup_failures: usize,
    /// Heap bytes held between the passes: the link index, and the pending signals.
    #[serde(skip)]
    pub held_bytes: (usize, usize),
}

/// Read lines in chunks of [`CHUNK`], keeping bytes (a line that is not UTF-8 is
/// rejected, not fatal). A line over `max_line` bytes is kept only to its first
/// `max_line + 1` bytes (enough for it to be rejected) and the rest is skipped
/// unread into memory.
pub fn chunks(
    mut input: impl BufRead,
    max_line: usize,
) -> impl Iterator<Item = io::Result<Vec<Line>>> {
    let mut number = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut chunk = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let mut buf = Vec::new();
            let limit = max_line as u64 + 1;
            let read = io::Read::take(input.by_ref(), limit).read_until(b'\n', &mut buf);
            if matches!(read, Ok(n) if n as u64 == limit && buf.last() != Some(&b'\n')) {
                if let Err(e) = input.skip_until(b'\n') {
                    return Some(Err(e));
                }
            }
            match read {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(_) => {
                    number += 1;
                    chunk.push((number, buf));
                }
                Err(e) => return Some(Err(e)),
            }
        }
        (!chunk.is_empty()).then_some(Ok(chunk))
    })
}

/// Score every line; verdicts go to `out` in input order, rejected records to `err`.
pub fn run(
    engine: &Engine<'_>,
    limits: &Limits,
    input: impl Iterator<Item = io::Result<Vec<Line>>>,
    out: &mut impl Write,
    err: &mut impl Write,
    progress: Option<&ProgressBar>,
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut pending: Vec<Pending> = Vec::new();
    let mut batch = Batch::default();
    // One chunk is linked into the batch while the next is parsed and enriched:
    // on two threads, adding to the batch (which only one thread can do) would
    // otherwise leave the other idle.
    let mut parsed: Vec<Result<Local, Rejected>> = Vec::new();
    let mut rejected_lines: Vec<u8> = Vec::new();
    for chunk in input {
        let chunk = chunk?;
        let bytes: u64 = chunk.iter().map(|(_, b)| b.len() as u64).sum();
        let previous = std::mem::take(&mut parsed);
        let (results, added) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .filter_map(|(number, bytes)| parse_line(*number, bytes, limits))
                    .map(|parsed| parsed.map(|app| engine.local(&app)))
                    .collect::<Vec<Result<Local, Rejected>>>()
            },
            || add_to_batch(previous, &mut batch, &mut pending, &mut rejected_lines),
        );
        summary.rejected += added?;
        err.write_all(&rejected_lines)?;
        rejected_lines.clear();
        parsed = results;
        if let Some(bar) = progress {
            bar.inc(bytes);
        }
    }
    summary.rejected += add_to_batch(parsed, &mut batch, &mut pending, &mut rejected_lines)?;
    err.write_all(&rejected_lines)?;
    summary.accepted = pending.len();
    batch.freeze();
    summary.held_bytes = (
        batch.index().heap_bytes(),
        pending.iter().map(Pending::heap_bytes).sum(),
    );
    let mut remaining = pending.into_iter();
    loop {
        let chunk: Vec<Pending> = remaining.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        // Serialise, and drop each verdict, on the workers: only the writing is serial.
        let finished: Vec<(String, Tier, Vec<String>, usize)> = chunk
            .into_par_iter()
            .map(|pending| {
                let verdict: Verdict = engine.finish(pending, &batch);
                let line = serde_json::to_string(&verdict).unwrap_or_default();
                let failed = verdict
                    .errors
                    .iter()
                    .filter(|e| e.rule == bonafide_signals::input::LOOKUP_FAILED.id)
                    .count();
                let fired = verdict.signals.into_iter().map(|s| s.id).collect();
                (line, verdict.tier, fired, failed)
            })
            .collect();
        for (line, tier, fired, failed) in finished {
            summary.lookup_failures += failed;
            *summary.tiers.entry(tier_name(tier)).or_default() += 1;
            for id in fired {
                match summary.rules.get_mut(&id) {
                    Some(count) => *count += 1,
                    None => {
                        summary.rules.insert(id, 1);
                    }
                }
            }
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(summary)
}

/// Link each scored application into the batch, in input order; rejected
/// records are written to `rejected` as JSON lines. Returns how many were rejected.
fn add_to_batch(
    results: Vec<Result<Local, Rejected>>,
    batch: &mut Batch,
    pending: &mut Vec<Pending>,
    rejected: &mut Vec<u8>,
) -> serde_json::Result<usize> {
    let mut count = 0;
    for result in results {
        match result {
            Ok(local) => pending.push(batch.add(local)),
            Err(record) => {
                count += 1;
                serde_json::to_writer(&mut *rejected, &record)?;
                rejected.push(b'\n');
            }
        }
    }
    Ok(count)
}

fn tier_name(tier: Tier) -> &'static str {
    tier.as_str()
}
