//! `bonafide keys create` and `bonafide purge`: the store's administration.

use anyhow::{bail, Context, Result};
use bonafide_store::Role;
use std::process::ExitCode;

/// The store named by `--store` or `BONAFIDE_STORE`, default `./bonafide.db`.
fn open(url: &str) -> Result<Box<dyn bonafide_store::Store>> {
    bonafide_store::open(url).with_context(|| format!("cannot open the store `{url}`"))
}

/// Create an API key and print its secret once (only its hash is kept).
pub fn create_key(url: &str, tenant: &str, role: &str, person: Option<&str>) -> Result<ExitCode> {
    let Some(role) = Role::parse(role) else {
        bail!("unknown role `{role}`: integration, recruiter, investigator or admin");
    };
    if tenant.trim().is_empty() {
        bail!("a key needs a tenant");
    }
    // Audit targets are written `tenant/…`: a slash would make one tenant's
    // entries readable as another's.
    if tenant.contains('/') {
        bail!("a tenant name cannot contain `/`");
    }
    let store = open(url)?;
    let now = chrono::Utc::now();
    let (key, secret) = store.create_key(tenant, role, now)?;
    if let Some(person) = person.map(str::trim).filter(|p| !p.is_empty()) {
        store.name_key(&key.id, person)?;
    }
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

/// Print every key (one tenant's, or all): id, tenant, role, when made and revoked.
pub fn list_keys(url: &str, tenant: Option<&str>) -> Result<ExitCode> {
    let store = open(url)?;
    for record in store.keys(tenant)? {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            record.key.id,
            record.key.tenant,
            record.key.role.as_str(),
            record.created_at.to_rfc3339(),
            record.revoked_at.map_or_else(
                || "in use".to_owned(),
                |at| format!("revoked {}", at.to_rfc3339())
            ),
            record.person.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Name the person a key belongs to, audited.
pub fn name_key(url: &str, id: &str, person: &str) -> Result<ExitCode> {
    if person.trim().is_empty() {
        bail!("a name cannot be empty");
    }
    let store = open(url)?;
    let Some(record) = store.keys(None)?.into_iter().find(|r| r.key.id == id) else {
        bail!("no key `{id}` (see `bonafide keys list`)");
    };
    store.name_key(id, person)?;
    store.audit(
        Some(&record.key.tenant),
        "cli",
        "name_key",
        &format!("{}/{id}", record.key.tenant),
        chrono::Utc::now(),
    )?;
    eprintln!("key {id} is {}'s", person.trim());
    Ok(ExitCode::SUCCESS)
}

/// Revoke a key by its id, audited.
pub fn revoke_key(url: &str, id: &str) -> Result<ExitCode> {
    let store = open(url)?;
    let now = chrono::Utc::now();
    let Some(key) = store.revoke_key(id, now)? else {
        bail!("no key `{id}` in use (see `bonafide keys list`)");
    };
    store.audit(
        Some(&key.tenant),
        "cli",
        "revoke_key",
        &format!("{}/{}", key.tenant, key.id),
        now,
    )?;
    eprintln!(
        "key {id} of tenant `{}` revoked: it stops working within `[service] key_cache_seconds`, and its page sessions have ended",
        key.tenant
    );
    Ok(ExitCode::SUCCESS)
}

/// Subscribers stopped by a 410 Gone, one a line.
pub fn stopped_subscribers(url: &str) -> Result<ExitCode> {
    let store = open(url)?;
    for stop in store.stopped_subscribers()? {
        println!(
            "{}\tstopped {}\t{}",
            stop.subscriber,
            stop.stopped_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            stop.reason
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Resume a subscriber stopped by a 410 Gone.
pub fn resume_subscriber(url: &str, name: &str) -> Result<ExitCode> {
    let store = open(url)?;
    if !store.subscriber_resume(name)? {
        bail!("webhook subscriber `{name}` is not stopped (see `bonafide webhooks stopped`)");
    }
    store.audit(None, "cli", "webhook_resume", name, chrono::Utc::now())?;
    eprintln!("webhook subscriber `{name}` resumed: new messages are delivered again; replay dead ones with POST /v1/webhooks/dead/{{id}}/replay");
    Ok(ExitCode::SUCCESS)
}

/// Remove applications past retention (`--older-than 180d`).
pub fn purge(url: &str, older_than: &str) -> Result<ExitCode> {
    let age = humantime::parse_duration(older_than)
        .with_context(|| format!("`{older_than}` is not a duration (e.g. 180d, 26weeks)"))?;
    let age = chrono::Duration::from_std(age).context("duration out of range")?;
    let store = open(url)?;
    let (removed, cutoff) =
        bonafide_service::purge_older_than(store.as_ref(), age, chrono::Utc::now(), "cli")?;
    eprintln!(
        "removed {removed} application(s) last received before {}",
        cutoff.to_rfc3339()
    );
    Ok(ExitCode::SUCCESS)
}
