//! `bonafide serve`, and `bonafide score --store`: the same writer (scoring,
//! linking across every stored application, group commits) behind HTTP or a file.

use crate::config::Loaded;
use crate::pipeline::{chunks, Line};
use anyhow::{Context, Result};
use bonafide_model::{parse_application_with, FieldError, RecordError};
use bonafide_server::{Service, Submission, Writer, WriterParts};
use bonafide_store::{PutOutcome, Store};
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

#[derive(Serialize)]
struct Rejected {
    line: usize,
    #[serde(flatten)]
    error: RecordError,
}

/// One verdict line of `score --store`: the verdict as kept, with what the store did.
#[derive(Serialize)]
struct Kept<'a> {
    outcome: &'static str,
    version: u32,
    #[serde(flatten)]
    verdict: &'a serde_json::Value,
}

fn submission(
    number: usize,
    bytes: &[u8],
    loaded: &Loaded,
) -> Option<Result<Submission, Rejected>> {
    let reject = |reason: String| Rejected {
        line: number,
        error: RecordError {
            application_id: None,
            errors: vec![FieldError {
                path: "$".into(),
                reason,
            }],
        },
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.trim(),
        Err(e) => return Some(Err(reject(format!("not UTF-8 ({e})")))),
    };
    if text.is_empty() {
        return None;
    }
    let app = match parse_application_with(text, &loaded.limits) {
        Ok(app) => app,
        Err(error) => {
            return Some(Err(Rejected {
                line: number,
                error,
            }))
        }
    };
    let body = match bonafide_model::body_to_keep(text) {
        Ok(body) => body,
        Err(e) => return Some(Err(reject(e.to_string()))),
    };
    Some(Ok(Submission {
        origin: app.source.clone().unwrap_or_else(|| "file".into()),
        app,
        body,
        at: chrono::Utc::now(),
    }))
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
        metrics: Arc::new(bonafide_server::Metrics::default()),
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
            let accepted = writer
                .submit_blocking(group)
                .map_err(|e| anyhow::anyhow!("the store refused a group: {e:?}"))?;
            for a in accepted {
                let outcome = match a.outcome {
                    PutOutcome::Created => "created",
                    PutOutcome::Unchanged(_) => "unchanged",
                    PutOutcome::NewVersion(_) => "new_version",
                };
                serde_json::to_writer(
                    &mut *out,
                    &Kept {
                        outcome,
                        version: a.outcome.version(),
                        verdict: &a.verdict,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
