//! SQLite embedded: one file, WAL, one connection behind a mutex (SQLite
//! serialises writers anyway); every write is a transaction committed before
//! the call returns.

use crate::migrate::{pending, SQLITE};
use crate::model::{canonical, changed_paths, new_secret};
use crate::{
    sha256_hex, ApiKey, AuditEntry, DeadMessage, Decision, KeyRecord, Label, LinkRecord,
    OutboxItem, PutOutcome, QueueFilter, QueueItem, Result, Role, StoppedSubscriber, Store,
    StoreError, StoredApplication, VersionInfo, WriteBatch,
};
use bonafide_model::Verdict;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The queue's tables and filter (parameters ?1 to ?6), shared by the page
/// and its count.
const QUEUE_FROM_WHERE: &str = "FROM verdicts v JOIN applications a
   ON a.tenant = v.tenant AND a.application_id = v.application_id AND a.version = v.version
 LEFT JOIN assignments w ON w.tenant = v.tenant AND w.application_id = v.application_id
 WHERE v.tenant = ?1 AND v.tier IN (SELECT value FROM json_each(?2))
   AND (?3 IS NULL OR instr(v.verdict, ?3) > 0)
   AND (?4 IS NULL OR a.received_at >= ?4)
   AND (?5 IS NULL OR a.received_at < ?5)
   AND (?6 = 0 OR NOT EXISTS (SELECT 1 FROM decisions d
        WHERE d.tenant = v.tenant AND d.application_id = v.application_id))
   AND (?7 IS NULL OR COALESCE(w.assignee, '') = ?7)";

/// The values of [`QUEUE_FROM_WHERE`]'s ?1 to ?7, in order.
fn queue_args(tenant: &str, filter: &QueueFilter) -> Result<Vec<Box<dyn rusqlite::ToSql>>> {
    let tiers =
        serde_json::to_string(&filter.tiers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(vec![
        Box::new(tenant.to_owned()),
        Box::new(tiers),
        Box::new(filter.signal_needle()),
        Box::new(filter.since.map(stamp)),
        Box::new(filter.until.map(stamp)),
        Box::new(filter.undecided),
        Box::new(filter.assignee.clone()),
    ])
}

/// The SQLite backend.
pub struct SqliteStore {
    connection: Mutex<Connection>,
    /// Tells the checkpointing thread to stop.
    stop: Arc<AtomicBool>,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Copy the write-ahead log into the database from a connection of its own,
/// twice a second, without blocking writers (a passive checkpoint): left to the
/// writing connection, a checkpoint stalls the commit that triggers it.
fn checkpoint_in_background(path: &Path, stop: Arc<AtomicBool>) {
    let path = path.to_owned();
    let _ = std::thread::Builder::new()
        .name("bonafide-checkpoint".into())
        .spawn(move || {
            let Ok(connection) = Connection::open(&path) else {
                return;
            };
            let _ = connection.busy_timeout(std::time::Duration::from_secs(1));
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(500));
                let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        });
}

/// Times as fixed-width UTC text, so that text order is time order.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("time {text:?}: {e}")))
}

/// An outbox row as claimed: id, subscriber, tenant, application, body,
/// attempts, verdict version, decided at (read as text, converted after).
type ClaimRow = (i64, String, String, String, String, u32, u32, String);
/// A dead letter: id, subscriber, application, body, verdict version,
/// attempts, last error, dead at.
type DeadRow = (i64, String, String, String, u32, u32, String, String);

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("JSON: {e}")))
}

impl SqliteStore {
    /// Open (or create) the database file and apply migrations.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed transaction survives a power cut, not only a crash.
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache (the default 2 MiB re-reads index pages on every
        // group); checkpoints run on a thread of their own.
        connection.pragma_update(None, "cache_size", -65_536)?;
        connection.pragma_update(None, "wal_autocheckpoint", 0)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let stop = Arc::new(AtomicBool::new(false));
        checkpoint_in_background(path, Arc::clone(&stop));
        let store = SqliteStore {
            connection: Mutex::new(connection),
            stop,
        };
        store.migrate()?;
        Ok(store)
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn migrate(&self) -> Result<()> {
        let mut connection = self.lock();
        connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )?;
        let applied: Vec<(i64, String)> = connection
            .prepare("SELECT version, sha256 FROM schema_migrations ORDER BY version")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for migration in pending(SQLITE, &applied)? {
            let tx = connection.transaction()?;
            tx.execute_batch(migration.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?1, ?2, ?3, ?4)",
                params![migration.version, migration.name, migration.checksum(), stamp(Utc::now())],
            )?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// Insert a version unless the body is the latest one; inside the caller's transaction.
fn put_in(
    tx: &rusqlite::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    body: &Value,
    at: DateTime<Utc>,
    origin: &str,
) -> Result<PutOutcome> {
    let text = canonical(body);
    let digest = sha256_hex(text.as_bytes());
    let latest: Option<(u32, String, String)> = tx
        .prepare_cached(
            "SELECT version, body_sha256, body FROM applications WHERE tenant = ?1 AND application_id = ?2 ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![tenant, application_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let (outcome, changed) = match latest {
        Some((version, sha, _)) if sha == digest => return Ok(PutOutcome::Unchanged(version)),
        Some((version, _, before)) => (
            PutOutcome::NewVersion(version + 1),
            changed_paths(&json(&before)?, body),
        ),
        None => (PutOutcome::Created, Vec::new()),
    };
    tx.prepare_cached(
        "INSERT INTO applications (tenant, application_id, version, body_sha256, body, received_at, origin, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        tenant,
        application_id,
        outcome.version(),
        digest,
        text,
        stamp(at),
        origin,
        serde_json::to_string(&changed).unwrap_or_default()
    ])?;
    Ok(outcome)
}

fn verdict_in(
    tx: &rusqlite::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    version: u32,
    verdict: &Verdict,
    at: DateTime<Utc>,
) -> Result<()> {
    let (score, tier) = (verdict.score, verdict.tier.as_str());
    let text = serde_json::to_string(verdict).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO verdicts (tenant, application_id, version, score, tier, verdict, scored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tenant, application_id) DO UPDATE SET version = excluded.version, score = excluded.score,
         tier = excluded.tier, verdict = excluded.verdict, scored_at = excluded.scored_at,
         verdict_version = verdicts.verdict_version + 1",
    )?
    .execute(params![tenant, application_id, version, score, tier, text, stamp(at)])?;
    Ok(())
}

/// What removing an application leaves behind, once its rows are gone: a
/// tombstone in the link entries (an entry of no bytes), so that every running
/// writer drops it from its index in order with what came before and after,
/// and its place in the tenant's cases, with a line in each case's history.
fn forget_in(
    tx: &rusqlite::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO link_entries (tenant, application_id, version, entry) VALUES (?1, ?2, 0, ?3)",
    )?
    .execute(params![tenant, application_id, Vec::<u8>::new()])?;
    let cases: Vec<String> = tx
        .prepare_cached(
            "SELECT ca.case_id FROM case_applications ca JOIN cases c ON c.id = ca.case_id
             WHERE c.tenant = ?1 AND ca.application_id = ?2",
        )?
        .query_map(params![tenant, application_id], |row| row.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for case in cases {
        tx.execute(
            "DELETE FROM case_applications WHERE case_id = ?1 AND application_id = ?2",
            params![case, application_id],
        )?;
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES (?1, ?2, ?3, 'removed', ?4)",
            params![case, stamp(at), who, application_id],
        )?;
    }
    Ok(())
}

impl SqliteStore {
    /// Ids of a tenant's applications whose latest version meets `condition`
    /// (SQL over `a`, with `?2` the value).
    fn ids_where(&self, tenant: &str, value: &str, condition: &str) -> Result<Vec<String>> {
        let connection = self.lock();
        let sql = format!(
            "SELECT a.application_id FROM applications a WHERE a.tenant = ?1 AND a.version = (SELECT MAX(b.version) FROM applications b WHERE b.tenant = a.tenant AND b.application_id = a.application_id) AND {condition} ORDER BY a.application_id"
        );
        let mut statement = connection.prepare(&sql)?;
        let ids = statement
            .query_map(params![tenant, value], |row| row.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(ids)
    }
}

impl Store for SqliteStore {
    fn put_application(
        &self,
        tenant: &str,
        application_id: &str,
        body: &Value,
        at: DateTime<Utc>,
    ) -> Result<PutOutcome> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let outcome = put_in(&tx, tenant, application_id, body, at, "")?;
        tx.commit()?;
        Ok(outcome)
    }

    fn application(&self, tenant: &str, application_id: &str) -> Result<Option<StoredApplication>> {
        let connection = self.lock();
        let row: Option<(u32, String, String, String)> = connection
            .query_row(
                "SELECT version, body_sha256, body, received_at FROM applications WHERE tenant = ?1 AND application_id = ?2 ORDER BY version DESC LIMIT 1",
                params![tenant, application_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        row.map(|(version, body_sha256, body, received_at)| {
            Ok(StoredApplication {
                tenant: tenant.to_owned(),
                application_id: application_id.to_owned(),
                version,
                body_sha256,
                body: crate::reduce::unsealed_view(&json(&body)?),
                received_at: time(&received_at)?,
            })
        })
        .transpose()
    }

    fn application_to_merge(&self, tenant: &str, application_id: &str) -> Result<Option<Value>> {
        let connection = self.lock();
        let body: Option<String> = connection
            .query_row(
                "SELECT body FROM applications WHERE tenant = ?1 AND application_id = ?2 ORDER BY version DESC LIMIT 1",
                params![tenant, application_id],
                |row| row.get(0),
            )
            .optional()?;
        body.map(|b| json(&b)).transpose()
    }

    fn versions(&self, tenant: &str, application_id: &str) -> Result<Vec<VersionInfo>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT version, received_at, origin, changed FROM applications WHERE tenant = ?1 AND application_id = ?2 ORDER BY version",
        )?;
        let rows: Vec<(u32, String, String, String)> = statement
            .query_map(params![tenant, application_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(version, at, origin, changed)| {
                Ok(VersionInfo {
                    version,
                    received_at: time(&at)?,
                    origin,
                    changed: serde_json::from_str(&changed).unwrap_or_default(),
                })
            })
            .collect()
    }

    fn delete_application(&self, tenant: &str, application_id: &str) -> Result<bool> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let mut removed = 0;
        // A deletion at the source takes the undelivered messages too.
        for table in crate::APPLICATION_TABLES.into_iter().chain(["outbox"]) {
            let n = tx.execute(
                &format!("DELETE FROM {table} WHERE tenant = ?1 AND application_id = ?2"),
                params![tenant, application_id],
            )?;
            if table == "applications" {
                removed = n;
            }
        }
        if removed > 0 {
            forget_in(
                &tx,
                tenant,
                application_id,
                "deleted at the source",
                Utc::now(),
            )?;
        }
        tx.commit()?;
        Ok(removed > 0)
    }

    fn applications_of_candidate(&self, tenant: &str, external_id: &str) -> Result<Vec<String>> {
        self.ids_where(
            tenant,
            external_id,
            "json_extract(a.body, '$.candidate.external_id') = ?2",
        )
    }

    fn applications_with_email(&self, tenant: &str, email: &str) -> Result<Vec<String>> {
        self.ids_where(
            tenant,
            email,
            "EXISTS (SELECT 1 FROM json_each(a.body, '$.candidate.emails') e WHERE lower(e.value) = lower(?2))",
        )
    }

    fn applications_with_device(&self, tenant: &str, device: &str) -> Result<Vec<String>> {
        self.ids_where(
            tenant,
            device,
            "EXISTS (SELECT 1 FROM json_each(a.body, '$.devices') d WHERE d.type = 'object' AND (json_extract(d.value, '$.serial') = ?2 OR json_extract(d.value, '$.device_id') = ?2))",
        )
    }

    fn forget_event(&self, source: &str, tenant: &str, event_id: &str) -> Result<()> {
        self.lock().execute(
            "DELETE FROM inbound_events WHERE source = ?1 AND tenant = ?2 AND event_id = ?3",
            params![source, tenant, event_id],
        )?;
        Ok(())
    }

    fn take_event(
        &self,
        source: &str,
        tenant: &str,
        event_id: &str,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool> {
        let connection = self.lock();
        connection.execute(
            "DELETE FROM inbound_events WHERE source = ?1 AND tenant = ?2 AND received_at < ?3",
            params![source, tenant, stamp(forget_before)],
        )?;
        let n = connection.execute(
            "INSERT INTO inbound_events (source, tenant, event_id, received_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![source, tenant, event_id, stamp(at)],
        )?;
        Ok(n == 1)
    }

    fn put_verdict(
        &self,
        tenant: &str,
        application_id: &str,
        version: u32,
        verdict: &Verdict,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        verdict_in(&tx, tenant, application_id, version, verdict, at)?;
        tx.commit()?;
        Ok(())
    }

    fn verdict(&self, tenant: &str, application_id: &str) -> Result<Option<(u32, Verdict)>> {
        let row: Option<(u32, String)> = self
            .lock()
            .query_row(
                "SELECT version, verdict FROM verdicts WHERE tenant = ?1 AND application_id = ?2",
                params![tenant, application_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        row.map(|(version, text)| Ok((version, json(&text)?)))
            .transpose()
    }

    fn queue(
        &self,
        tenant: &str,
        filter: &QueueFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<QueueItem>> {
        let connection = self.lock();
        let mut statement = connection.prepare_cached(&format!(
            "SELECT v.application_id, v.score, v.tier, v.version, a.received_at, v.verdict, w.assignee
                 {QUEUE_FROM_WHERE} ORDER BY v.score DESC, v.application_id LIMIT ?8 OFFSET ?9"
        ))?;
        let mut args = queue_args(tenant, filter)?;
        args.push(Box::new(limit));
        args.push(Box::new(offset));
        type Row = (String, u8, String, u32, String, String, Option<String>);
        let rows: Vec<Row> = statement
            .query_map(rusqlite::params_from_iter(args.iter()), |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(
                |(application_id, score, tier, version, at, verdict, assignee)| {
                    Ok(QueueItem {
                        application_id,
                        score,
                        tier,
                        version,
                        received_at: time(&at)?,
                        verdict: json(&verdict)?,
                        assignee,
                    })
                },
            )
            .collect()
    }

    fn queue_count(&self, tenant: &str, filter: &QueueFilter) -> Result<u64> {
        let connection = self.lock();
        let args = queue_args(tenant, filter)?;
        let count: i64 = connection
            .prepare_cached(&format!("SELECT count(*) {QUEUE_FROM_WHERE}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    fn put_decision(&self, decision: &Decision) -> Result<()> {
        self.lock().execute(
            "INSERT INTO decisions (tenant, application_id, label, note, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                decision.tenant,
                decision.application_id,
                decision.label.as_str(),
                decision.note,
                decision.by,
                stamp(decision.at)
            ],
        )?;
        Ok(())
    }

    fn decisions(&self, tenant: &str, application_id: &str) -> Result<Vec<Decision>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT label, note, decided_by, decided_at FROM decisions WHERE tenant = ?1 AND application_id = ?2 ORDER BY id",
        )?;
        let rows: Vec<(String, String, String, String)> = statement
            .query_map(params![tenant, application_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(label, note, by, at)| {
                Ok(Decision {
                    tenant: tenant.to_owned(),
                    application_id: application_id.to_owned(),
                    label: Label::parse(&label)
                        .ok_or_else(|| StoreError::Corrupt(format!("label {label:?}")))?,
                    note,
                    by,
                    at: time(&at)?,
                })
            })
            .collect()
    }

    fn create_key(&self, tenant: &str, role: Role, at: DateTime<Utc>) -> Result<(ApiKey, String)> {
        let (id, secret) = new_secret()?;
        self.lock().execute(
            "INSERT INTO api_keys (id, key_sha256, tenant, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, sha256_hex(secret.as_bytes()), tenant, role.as_str(), stamp(at)],
        )?;
        Ok((
            ApiKey {
                id,
                tenant: tenant.to_owned(),
                role,
            },
            secret,
        ))
    }

    fn find_key(&self, secret: &str) -> Result<Option<ApiKey>> {
        let row: Option<(String, String, String)> = self
            .lock()
            .query_row(
                "SELECT id, tenant, role FROM api_keys WHERE key_sha256 = ?1 AND revoked_at IS NULL",
                params![sha256_hex(secret.as_bytes())],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        row.map(|(id, tenant, role)| ApiKey::from_row(id, tenant, &role))
            .transpose()
    }

    fn keys(&self, tenant: Option<&str>) -> Result<Vec<KeyRecord>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT id, tenant, role, created_at, revoked_at, person FROM api_keys
             WHERE ?1 IS NULL OR tenant = ?1 ORDER BY created_at, id",
        )?;
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = statement
            .query_map(params![tenant], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, tenant, role, created, revoked, person)| {
                Ok(KeyRecord {
                    key: ApiKey::from_row(id, tenant, &role)?,
                    created_at: time(&created)?,
                    revoked_at: revoked.as_deref().map(time).transpose()?,
                    person,
                })
            })
            .collect()
    }

    fn name_key(&self, id: &str, person: &str) -> Result<bool> {
        let changed = self.lock().execute(
            "UPDATE api_keys SET person = ?2 WHERE id = ?1",
            params![id, person.trim()],
        )?;
        Ok(changed > 0)
    }

    fn revoke_key(&self, id: &str, at: DateTime<Utc>) -> Result<Option<ApiKey>> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let changed = tx.execute(
            "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, stamp(at)],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        tx.execute("DELETE FROM web_sessions WHERE key_id = ?1", params![id])?;
        // What the key's person was working goes back to nobody.
        tx.execute("DELETE FROM assignments WHERE assignee = ?1", params![id])?;
        let (tenant, role): (String, String) = tx.query_row(
            "SELECT tenant, role FROM api_keys WHERE id = ?1",
            params![id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        tx.commit()?;
        Ok(Some(ApiKey::from_row(id.to_owned(), tenant, &role)?))
    }

    fn audit(
        &self,
        tenant: Option<&str>,
        who: &str,
        action: &str,
        target: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.lock().execute(
            "INSERT INTO audit_log (at, who, action, target, tenant) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![stamp(at), who, action, target, tenant],
        )?;
        Ok(())
    }

    fn audit_log(&self, tenant: &str, limit: u32) -> Result<Vec<AuditEntry>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT at, who, action, target FROM audit_log
             WHERE tenant = ?1
                OR (tenant IS NULL
                    AND (substr(target, 1, length(?1) + 1) = ?1 || '/'
                         OR who IN (SELECT id FROM api_keys WHERE tenant = ?1)))
             ORDER BY id DESC LIMIT ?2",
        )?;
        let rows: Vec<(String, String, String, String)> = statement
            .query_map(params![tenant, limit], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(at, who, action, target)| {
                Ok(AuditEntry {
                    at: time(&at)?,
                    who,
                    action,
                    target,
                })
            })
            .collect()
    }

    fn purge_before(&self, cutoff: DateTime<Utc>) -> Result<usize> {
        let now = Utc::now();
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        // An application goes when its latest version is older than the cutoff.
        let old = "SELECT tenant, application_id FROM applications GROUP BY tenant, application_id HAVING MAX(received_at) < ?1";
        let gone: Vec<(String, String)> = tx
            .prepare(old)?
            .query_map(params![stamp(cutoff)], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (tenant, id) in &gone {
            for table in crate::APPLICATION_TABLES {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE tenant = ?1 AND application_id = ?2"),
                    params![tenant, id],
                )?;
            }
            forget_in(&tx, tenant, id, "retention", now)?;
        }
        tx.commit()?;
        Ok(gone.len())
    }

    fn commit(&self, batch: &WriteBatch) -> Result<Vec<PutOutcome>> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let mut outcomes = Vec::with_capacity(batch.applications.len());
        let mut skipped: Vec<(&str, &str)> = Vec::new();
        for app in &batch.applications {
            let (tenant, id) = (app.tenant.as_str(), app.application_id.as_str());
            let outcome = put_in(&tx, tenant, id, &app.body, app.at, &app.origin)?;
            outcomes.push(outcome);
            if let PutOutcome::Unchanged(_) = outcome {
                skipped.push((tenant, id));
                continue;
            }
            tx.prepare_cached(
                "INSERT INTO link_entries (tenant, application_id, version, entry) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![tenant, id, outcome.version(), app.link_entry])?;
            verdict_in(&tx, tenant, id, outcome.version(), &app.verdict, app.at)?;
        }
        let now = Utc::now();
        for r in &batch.rescored {
            verdict_in(
                &tx,
                &r.tenant,
                &r.application_id,
                r.version,
                &r.verdict,
                now,
            )?;
        }
        for m in &batch.messages {
            if skipped.contains(&(m.tenant.as_str(), m.application_id.as_str())) {
                continue;
            }
            tx.prepare_cached(
                "INSERT INTO outbox (subscriber, tenant, application_id, body, next_at, created_at, decided_at, verdict_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5, COALESCE((SELECT verdict_version FROM verdicts WHERE tenant = ?2 AND application_id = ?3), 1))",
            )?
            .execute(params![m.subscriber, m.tenant, m.application_id, m.body.to_string(), stamp(now)])?;
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn link_entries(&self, after: i64, limit: u32) -> Result<Vec<LinkRecord>> {
        let connection = self.lock();
        let mut statement = connection.prepare_cached(
            "SELECT seq, tenant, application_id, version, entry FROM link_entries WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![after, limit], |row| {
            Ok(LinkRecord {
                seq: row.get(0)?,
                tenant: row.get(1)?,
                application_id: row.get(2)?,
                version: row.get(3)?,
                entry: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxItem>> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let rows: Vec<ClaimRow> = {
            let mut statement = tx.prepare_cached(
                "SELECT o.id, o.subscriber, o.tenant, o.application_id, o.body, o.attempts, o.verdict_version,
                        COALESCE(o.decided_at, o.created_at)
                 FROM outbox o
                 WHERE o.dead_at IS NULL AND o.next_at <= ?1
                   AND NOT EXISTS (SELECT 1 FROM outbox p
                       WHERE p.subscriber = o.subscriber AND p.tenant = o.tenant
                         AND p.application_id = o.application_id AND p.id < o.id AND p.dead_at IS NULL)
                 ORDER BY o.id LIMIT ?2",
            )?;
            let rows = statement.query_map(params![stamp(now), limit], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                ))
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        {
            let mut lease = tx.prepare_cached("UPDATE outbox SET next_at = ?2 WHERE id = ?1")?;
            for row in &rows {
                lease.execute(params![row.0, stamp(lease_until)])?;
            }
        }
        tx.commit()?;
        rows.into_iter()
            .map(
                |(
                    id,
                    subscriber,
                    tenant,
                    application_id,
                    body,
                    attempts,
                    verdict_version,
                    decided,
                )| {
                    Ok(OutboxItem {
                        id,
                        subscriber,
                        tenant,
                        application_id,
                        body: json(&body)?,
                        attempts,
                        verdict_version,
                        decided_at: time(&decided)?,
                    })
                },
            )
            .collect()
    }

    fn outbox_delivered(&self, id: i64) -> Result<()> {
        self.lock()
            .execute("DELETE FROM outbox WHERE id = ?1", params![id])?;
        Ok(())
    }

    fn outbox_failed(&self, id: i64, next_at: DateTime<Utc>, error: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, next_at = ?2, last_error = ?3 WHERE id = ?1",
            params![id, stamp(next_at), error],
        )?;
        Ok(())
    }

    fn outbox_dead(&self, id: i64, at: DateTime<Utc>, error: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, dead_at = ?2, last_error = ?3 WHERE id = ?1",
            params![id, stamp(at), error],
        )?;
        Ok(())
    }

    fn outbox_dead_list(&self, tenant: &str, limit: u32) -> Result<Vec<DeadMessage>> {
        let connection = self.lock();
        let mut statement = connection.prepare_cached(
            "SELECT id, subscriber, application_id, body, verdict_version, attempts, COALESCE(last_error, ''), dead_at
             FROM outbox WHERE tenant = ?1 AND dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT ?2",
        )?;
        let rows: Vec<DeadRow> = statement
            .query_map(params![tenant, limit], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(
                |(
                    id,
                    subscriber,
                    application_id,
                    body,
                    verdict_version,
                    attempts,
                    last_error,
                    dead_at,
                )| {
                    Ok(DeadMessage {
                        id,
                        subscriber,
                        application_id,
                        event: json::<Value>(&body)?["event"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        verdict_version,
                        attempts,
                        last_error,
                        dead_at: time(&dead_at)?,
                    })
                },
            )
            .collect()
    }

    fn outbox_replay(&self, tenant: &str, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let changed = self.lock().execute(
            "UPDATE outbox SET dead_at = NULL, attempts = 0, next_at = ?3
             WHERE id = ?1 AND tenant = ?2 AND dead_at IS NOT NULL",
            params![id, tenant, stamp(now)],
        )?;
        Ok(changed == 1)
    }

    fn outbox_len(&self) -> Result<u64> {
        Ok(self.lock().query_row(
            "SELECT COUNT(*) FROM outbox WHERE dead_at IS NULL",
            [],
            |row| row.get(0),
        )?)
    }

    fn subscriber_stop(&self, subscriber: &str, at: DateTime<Utc>, reason: &str) -> Result<()> {
        self.lock().execute(
            "INSERT INTO webhook_stops (subscriber, stopped_at, reason) VALUES (?1, ?2, ?3)
             ON CONFLICT (subscriber) DO NOTHING",
            params![subscriber, stamp(at), reason],
        )?;
        Ok(())
    }

    fn subscriber_resume(&self, subscriber: &str) -> Result<bool> {
        let removed = self.lock().execute(
            "DELETE FROM webhook_stops WHERE subscriber = ?1",
            params![subscriber],
        )?;
        Ok(removed == 1)
    }

    fn stopped_subscribers(&self) -> Result<Vec<StoppedSubscriber>> {
        let connection = self.lock();
        let mut statement = connection.prepare_cached(
            "SELECT subscriber, stopped_at, reason FROM webhook_stops ORDER BY subscriber",
        )?;
        let rows: Vec<(String, String, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(subscriber, stopped_at, reason)| {
                Ok(StoppedSubscriber {
                    subscriber,
                    stopped_at: time(&stopped_at)?,
                    reason,
                })
            })
            .collect()
    }
}
