//! `bonafide serve`, and `bonafide score --store`: the same writer (scoring,
//! linking across every stored application, group commits) behind HTTP or a file.

use crate::config::Loaded;
use crate::pipeline::{chunks, Line};
use anyhow::{Context, Result};
use bonafide_server::Service;
use bonafide_service::{line_text, prepare, Rejected, Submission, Uncounted, Writer, WriterParts};
use bonafide_store::Store;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

fn open(url: &str) -> Result<Arc<dyn Store>> {
    let store =
        bonafide_store::open(url).with_context(|| format!("cannot open the store `{url}`"))?;
    Ok(Arc::from(store))
}

/// Serve the API until interrupted.
pub fn serve(loaded: Loaded, store: &str, listen: Option<String>) -> Result<ExitCode> {
    let store = open(store)?;
    let mut settings = loaded.service;
    if let Some(listen) = listen {
        settings.listen = listen;
    }
    run(Service {
        store,
        reference: Arc::new(loaded.reference),
        rules: Arc::new(loaded.rules),
        limits: loaded.limits,
        settings,
    })
}

/// Serve a service on a runtime of its own until interrupted.
pub fn run(service: Service) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio runtime")?;
    runtime.block_on(bonafide_server::serve(service))?;
    Ok(ExitCode::SUCCESS)
}

/// One verdict line of `score --store`: the verdict as kept, with what the store did.
#[derive(Serialize)]
struct Kept<'a> {
    outcome: &'static str,
    version: u32,
    #[serde(flatten)]
    verdict: &'a bonafide_model::Verdict,
}

/// A file's line made ready for the writer (`None` for a blank line).
fn submission(
    number: usize,
    bytes: &[u8],
    loaded: &Loaded,
) -> Option<Result<Submission, Rejected>> {
    let text = match line_text(number, bytes, &loaded.limits)? {
        Ok(text) => text,
        Err(rejected) => return Some(Err(rejected)),
    };
    Some(
        prepare(text, &loaded.limits, None, "file", chrono::Utc::now()).map_err(|error| Rejected {
            line: number,
            error,
        }),
    )
}

/// Score JSON lines into the store: each application is linked to every stored
/// one, earlier verdicts are re-scored, and each line's verdict is written once
/// its group is committed.
pub fn score_into_store(
    loaded: Loaded,
    url: &str,
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<ExitCode> {
    let store = open(url)?;
    let line_bytes = loaded.limits.line_bytes;
    let limits_loaded = &loaded;
    let mut submissions: Vec<Vec<(usize, Result<Submission, Rejected>)>> = Vec::new();
    // Validate everything first (cheap), then score in groups.
    for chunk in chunks(input, line_bytes) {
        let chunk: Vec<Line> = chunk?;
        submissions.push(
            chunk
                .iter()
                .filter_map(|(n, b)| submission(*n, b, limits_loaded).map(|r| (*n, r)))
                .collect(),
        );
    }
    let writer = Writer::start(WriterParts {
        store,
        reference: Arc::new(loaded.reference),
        rules: Arc::new(loaded.rules),
        subscribers: Arc::new(loaded.service.webhooks),
        metrics: Arc::new(Uncounted),
    })?;
    let mut rejected = 0usize;
    for chunk in submissions {
        let mut good = Vec::new();
        for (_, result) in chunk {
            match result {
                Ok(s) => good.push(s),
                Err(r) => {
                    rejected += 1;
                    serde_json::to_writer(&mut *err, &r)?;
                    err.write_all(b"\n")?;
                }
            }
        }
        let mut good = good.into_iter();
        loop {
            let group: Vec<Submission> = good.by_ref().take(512).collect();
            if group.is_empty() {
                break;
            }
            score_and_write(&writer, group, out)?;
        }
    }
    out.flush()?;
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Score and keep a group through the writer; a verdict line each, as kept.
fn score_and_write(writer: &Writer, group: Vec<Submission>, out: &mut impl Write) -> Result<()> {
    let accepted = writer
        .submit_blocking(group)
        .map_err(|e| anyhow::anyhow!("the store refused a group: {e:?}"))?;
    for a in accepted {
        serde_json::to_writer(
            &mut *out,
            &Kept {
                outcome: a.outcome.as_str(),
                version: a.outcome.version(),
                verdict: &a.verdict,
            },
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `bonafide ingest`: telemetry merged into the hires' applications, each
/// scored again through the service's writer. A verdict line per merged
/// application on `out`; each record that could not be read, and each hire
/// found in no single application, a JSON line on `err` (exit 1 if any).
pub fn ingest(
    loaded: Loaded,
    url: &str,
    tenant: &str,
    source: &str,
    text: &str,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<ExitCode> {
    let source = bonafide_telemetry::Source::parse(source)
        .ok_or_else(|| anyhow::anyhow!("no telemetry source `{source}`: osquery, okta or entra"))?;
    let store = open(url)?;
    let read = bonafide_telemetry::read(source, text);
    for error in &read.errors {
        serde_json::to_writer(&mut *err, error)?;
        err.write_all(b"\n")?;
    }
    let refused = read.errors.len();
    let placed = bonafide_service::ingest::place(store.as_ref(), tenant, read)?;
    let prepared = bonafide_service::ingest::merge(
        store.as_ref(),
        &loaded.reference.keyer,
        &loaded.limits,
        tenant,
        source,
        placed,
    )?;
    for unplaced in &prepared.unplaced {
        serde_json::to_writer(&mut *err, unplaced)?;
        err.write_all(b"\n")?;
    }
    let problems = refused + prepared.unplaced.len();
    let writer = Writer::start(WriterParts {
        store,
        reference: Arc::new(loaded.reference),
        rules: Arc::new(loaded.rules),
        subscribers: Arc::new(loaded.service.webhooks),
        metrics: Arc::new(Uncounted),
    })?;
    if !prepared.submissions.is_empty() {
        score_and_write(&writer, prepared.submissions, out)?;
    }
    out.flush()?;
    Ok(if problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
