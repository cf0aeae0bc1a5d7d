//! SQLite embedded: one file, WAL, one connection behind a mutex (SQLite
//! serialises writers anyway); every write is a transaction committed before
//! the call returns.

use crate::migrate::{pending, SQLITE};
use crate::model::{canonical, new_secret};
use crate::{
    sha256_hex, ApiKey, AuditEntry, Decision, Label, PutOutcome, QueueItem, Result, Role, Store,
    StoreError, StoredApplication,
};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;

/// The SQLite backend.
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

/// Times as fixed-width UTC text, so that text order is time order.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("time {text:?}: {e}")))
}

fn json(text: &str) -> Result<Value> {
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
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let store = SqliteStore {
            connection: Mutex::new(connection),
        };
        store.migrate()?;
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
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

impl Store for SqliteStore {
    fn put_application(
        &self,
        tenant: &str,
        application_id: &str,
        body: &Value,
        at: DateTime<Utc>,
    ) -> Result<PutOutcome> {
        let text = canonical(body);
        let digest = sha256_hex(text.as_bytes());
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let latest: Option<(u32, String)> = tx
            .query_row(
                "SELECT version, body_sha256 FROM applications WHERE tenant = ?1 AND application_id = ?2 ORDER BY version DESC LIMIT 1",
                params![tenant, application_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let outcome = match latest {
            Some((version, sha)) if sha == digest => return Ok(PutOutcome::Unchanged(version)),
            Some((version, _)) => PutOutcome::NewVersion(version + 1),
            None => PutOutcome::Created,
        };
        tx.execute(
            "INSERT INTO applications (tenant, application_id, version, body_sha256, body, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![tenant, application_id, outcome.version(), digest, text, stamp(at)],
        )?;
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
                body: json(&body)?,
                received_at: time(&received_at)?,
            })
        })
        .transpose()
    }

    fn put_verdict(
        &self,
        tenant: &str,
        application_id: &str,
        version: u32,
        verdict: &Value,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let score = verdict["score"].as_u64().unwrap_or(0);
        let tier = verdict["tier"].as_str().unwrap_or("clear");
        self.lock().execute(
            "INSERT INTO verdicts (tenant, application_id, version, score, tier, verdict, scored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (tenant, application_id) DO UPDATE SET version = excluded.version, score = excluded.score,
             tier = excluded.tier, verdict = excluded.verdict, scored_at = excluded.scored_at",
            params![tenant, application_id, version, score, tier, verdict.to_string(), stamp(at)],
        )?;
        Ok(())
    }

    fn verdict(&self, tenant: &str, application_id: &str) -> Result<Option<(u32, Value)>> {
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

    fn queue(&self, tenant: &str, tier: &str, limit: u32, offset: u32) -> Result<Vec<QueueItem>> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT application_id, score, version FROM verdicts WHERE tenant = ?1 AND tier = ?2
             ORDER BY score DESC, application_id LIMIT ?3 OFFSET ?4",
        )?;
        let rows = statement.query_map(params![tenant, tier, limit, offset], |row| {
            Ok(QueueItem {
                application_id: row.get(0)?,
                score: row.get(1)?,
                version: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
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
                "SELECT id, tenant, role FROM api_keys WHERE key_sha256 = ?1",
                params![sha256_hex(secret.as_bytes())],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        row.map(|(id, tenant, role)| {
            Ok(ApiKey {
                id,
                tenant,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
            })
        })
        .transpose()
    }

    fn audit(&self, who: &str, action: &str, target: &str, at: DateTime<Utc>) -> Result<()> {
        self.lock().execute(
            "INSERT INTO audit_log (at, who, action, target) VALUES (?1, ?2, ?3, ?4)",
            params![stamp(at), who, action, target],
        )?;
        Ok(())
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let connection = self.lock();
        let mut statement = connection
            .prepare("SELECT at, who, action, target FROM audit_log ORDER BY id DESC LIMIT ?1")?;
        let rows: Vec<(String, String, String, String)> = statement
            .query_map(params![limit], |row| {
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
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        // An application goes when its latest version is older than the cutoff.
        let old = "SELECT tenant, application_id FROM applications GROUP BY tenant, application_id HAVING MAX(received_at) < ?1";
        let gone: Vec<(String, String)> = tx
            .prepare(old)?
            .query_map(params![stamp(cutoff)], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (tenant, id) in &gone {
            for table in ["applications", "verdicts", "decisions"] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE tenant = ?1 AND application_id = ?2"),
                    params![tenant, id],
                )?;
            }
        }
        tx.commit()?;
        Ok(gone.len())
    }
}
