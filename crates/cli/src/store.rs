//! `bonafide keys create` and `bonafide purge`: the store's administration.

use anyhow::{bail, Context, Result};
use bonafide_store::Role;
use std::process::ExitCode;

/// The store named by `--store` or `BONAFIDE_STORE`, default `./bonafide.db`.
fn open(url: &str) -> Result<Box<dyn bonafide_store::Store>> {
    bonafide_store::open(url).with_context(|| format!("cannot open the store `{url}`"))
}

/// Create an API key and print its secret once (only its hash is kept).
pub fn create_key(url: &str, tenant: &str, role: &str) -> Result<ExitCode> {
    let Some(role) = Role::parse(role) else {
        bail!("unknown role `{role}`: integration, recruiter, investigator or admin");
    };
    if tenant.trim().is_empty() {
        bail!("a key needs a tenant");
    }
    let store = open(url)?;
    let now = chrono::Utc::now();
    let (key, secret) = store.create_key(tenant, role, now)?;
    store.audit(
        Some(tenant),
        "cli",
        "create_key",
        &format!("{tenant}/{}", key.id),
        now,
    )?;
    println!("{secret}");
    eprintln!(
        "key {} for tenant `{tenant}` with role `{}`: the secret above is shown once and kept only as a hash",
        key.id,
        role.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// Remove applications past retention (`--older-than 180d`).
pub fn purge(url: &str, older_than: &str) -> Result<ExitCode> {
    let age = humantime::parse_duration(older_than)
        .with_context(|| format!("`{older_than}` is not a duration (e.g. 180d, 26weeks)"))?;
    let age = chrono::Duration::from_std(age).context("duration out of range")?;
    let store = open(url)?;
    let now = chrono::Utc::now();
    let cutoff = now - age;
    let removed = store.purge_before(cutoff)?;
    store.audit(
        None,
        "cli",
        "purge",
        &format!("before {}", cutoff.to_rfc3339()),
        now,
    )?;
    eprintln!(
        "removed {removed} application(s) last received before {}",
        cutoff.to_rfc3339()
    );
    Ok(ExitCode::SUCCESS)
}
