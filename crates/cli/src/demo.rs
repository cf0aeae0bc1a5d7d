//! `bonafide demo`: a fresh store with the fixtures scored into it, a key for
//! each kind of user, and the service with its pages, so that the first
//! command of the README shows something real.

use crate::config::Loaded;
use anyhow::{bail, Context, Result};
use bonafide_server::Service;
use bonafide_service::{Uncounted, Writer, WriterParts};
use bonafide_store::Role;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// The fixtures, in the order a platform might have sent them.
const FIXTURES: &[(&str, &str)] = &[
    (
        "applications.jsonl",
        include_str!("../../../fixtures/applications.jsonl"),
    ),
    (
        "identity-ring.jsonl",
        include_str!("../../../fixtures/identity-ring.jsonl"),
    ),
    (
        "laptop-farm.jsonl",
        include_str!("../../../fixtures/laptop-farm.jsonl"),
    ),
    (
        "sanctions.jsonl",
        include_str!("../../../fixtures/sanctions.jsonl"),
    ),
];

/// The employer whose people get keys.
const TENANT: &str = "acme";

/// Load the fixtures into a new store and serve it.
pub fn demo(loaded: Loaded, store: Option<PathBuf>, listen: Option<String>) -> Result<ExitCode> {
    let path = store.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("bonafide-demo-{}.db", std::process::id()))
    });
    if path.exists() {
        bail!(
            "`{}` exists: the demo starts from a fresh store (remove it, or name another with --store)",
            path.display()
        );
    }
    let url = path.to_string_lossy().into_owned();
    let store: Arc<dyn bonafide_store::Store> = Arc::from(
        bonafide_store::open(&url).with_context(|| format!("cannot create the store `{url}`"))?,
    );
    let reference = Arc::new(loaded.reference);
    let rules = Arc::new(loaded.rules);
    let writer = Writer::start(WriterParts {
        store: Arc::clone(&store),
        reference: Arc::clone(&reference),
        rules: Arc::clone(&rules),
        subscribers: Arc::new(Vec::new()),
        metrics: Arc::new(Uncounted),
    })?;
    let mut kept = 0;
    for (name, text) in FIXTURES {
        let mut group = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match bonafide_service::prepare(line, &loaded.limits, None, "demo", chrono::Utc::now())
            {
                Ok(submission) => group.push(submission),
                // The fixtures hold bad lines on purpose: they are reported, as `score` does.
                Err(error) => eprintln!(
                    "fixtures/{name} line {}: left out: {}",
                    index + 1,
                    serde_json::to_string(&error)?
                ),
            }
        }
        kept += group.len();
        writer
            .submit_blocking(group)
            .map_err(|e| anyhow::anyhow!("the store refused the fixtures: {e:?}"))?;
    }
    drop(writer);
    let now = chrono::Utc::now();
    let mut keys = Vec::new();
    for role in [
        Role::Recruiter,
        Role::Investigator,
        Role::Admin,
        Role::Integration,
    ] {
        let (key, secret) = store.create_key(TENANT, role, now)?;
        store.audit(
            Some(TENANT),
            "demo",
            "create_key",
            &format!("{TENANT}/{}", key.id),
            now,
        )?;
        keys.push((role, secret));
    }
    let mut settings = loaded.service;
    if let Some(listen) = listen {
        settings.listen = listen;
    }
    println!(
        "bonafide demo: {kept} fixture applications of three employers scored into {}",
        path.display()
    );
    println!(
        "Open http://{}/ and sign in as someone at `{TENANT}` with one of these keys:",
        settings.listen
    );
    for (role, secret) in &keys {
        println!("  {:<13} {secret}", role.as_str());
    }
    println!(
        "(The recruiter sees the review queue; the investigator also clusters, search and cases.)"
    );
    use std::io::Write;
    std::io::stdout().flush()?;
    crate::serve::run(Service {
        store,
        reference,
        rules,
        limits: loaded.limits,
        settings,
    })
}
