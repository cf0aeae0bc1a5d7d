//! PostgreSQL, for several instances sharing one store. One connection behind
//! a mutex per instance; every write is a transaction committed before the
//! call returns.

use crate::migrate::{pending, POSTGRES};
use crate::model::{canonical, changed_paths, new_secret};
use crate::QueueFilter;
use crate::{
    sha256_hex, ApiKey, AuditEntry, DeadMessage, Decision, KeyRecord, Label, LinkRecord,
    OutboxItem, PutOutcome, QueueItem, Result, Role, StoppedSubscriber, Store, StoreError,
    StoredApplication, VersionInfo, WriteBatch,
};
use bonafide_model::Verdict;
use chrono::{DateTime, Utc};
use postgres::types::{Json, ToSql};
use postgres::{Client, NoTls};
use serde_json::Value;
use std::sync::Mutex;

/// The queue's tables and filter (parameters $1 to $6), shared by the page
/// and its count.
const QUEUE_FROM_WHERE: &str = "FROM verdicts v JOIN applications a
   ON a.tenant = v.tenant AND a.application_id = v.application_id AND a.version = v.version
 LEFT JOIN assignments w ON w.tenant = v.tenant AND w.application_id = v.application_id
 WHERE v.tenant = $1 AND v.tier = ANY($2)
   AND ($3::text IS NULL OR v.verdict->'signals' @> jsonb_build_array(jsonb_build_object('id', $3::text)))
   AND ($4::timestamptz IS NULL OR a.received_at >= $4)
   AND ($5::timestamptz IS NULL OR a.received_at < $5)
   AND (NOT $6 OR NOT EXISTS (SELECT 1 FROM decisions d
        WHERE d.tenant = v.tenant AND d.application_id = v.application_id))
   AND ($7::text IS NULL OR COALESCE(w.assignee, '') = $7)";

/// The values of [`QUEUE_FROM_WHERE`]'s $1 to $7, in order.
fn queue_args<'a>(
    tenant: &'a &str,
    filter: &'a QueueFilter,
    signal: &'a Option<String>,
) -> [&'a (dyn ToSql + Sync); 7] {
    [
        tenant,
        &filter.tiers,
        signal,
        &filter.since,
        &filter.until,
        &filter.undecided,
        &filter.assignee,
    ]
}

/// The PostgreSQL backend.
pub struct PostgresStore {
    /// `None` only while being dropped.
    client: Mutex<Option<Client>>,
}

/// The connection, held.
pub(crate) struct Held<'a>(std::sync::MutexGuard<'a, Option<Client>>);

impl std::ops::Deref for Held<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.0.as_ref().expect("the client is taken only on drop")
    }
}

impl std::ops::DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.0.as_mut().expect("the client is taken only on drop")
    }
}

impl Drop for PostgresStore {
    /// The synchronous client closes its connection by blocking on a runtime of
    /// its own, which panics inside another runtime (a service's last reference
    /// may go on a tokio worker): close it on a thread of its own there.
    fn drop(&mut self) {
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(client) = client {
            if tokio::runtime::Handle::try_current().is_ok() {
                let _ = std::thread::spawn(move || drop(client));
            } else {
                drop(client);
            }
        }
    }
}

fn version_of(v: i32) -> Result<u32> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("version {v}")))
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl PostgresStore {
    /// Connect and apply migrations; with `schema`, everything lives in that
    /// schema (created if absent): tests use one each.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<PostgresStore> {
        let mut client = Client::connect(url, NoTls)?;
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::Url(format!("schema name {schema:?}")));
            }
            client.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
            ))?;
        }
        let store = PostgresStore {
            client: Mutex::new(Some(client)),
        };
        store.migrate()?;
        Ok(store)
    }

    pub(crate) fn lock(&self) -> Held<'_> {
        Held(
            self.client
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    fn migrate(&self) -> Result<()> {
        let mut client = self.lock();
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)",
        )?;
        let mut tx = client.transaction()?;
        // One migrator at a time across instances sharing the store.
        tx.batch_execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")?;
        let applied: Vec<(i64, String)> = tx
            .query(
                "SELECT version, sha256 FROM schema_migrations ORDER BY version",
                &[],
            )?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        for migration in pending(POSTGRES, &applied)? {
            tx.batch_execute(migration.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES ($1, $2, $3, now())",
                &[&migration.version, &migration.name, &migration.checksum()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Insert a version unless the body is the latest one; inside the caller's transaction.
fn put_in(
    tx: &mut postgres::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    body: &Value,
    at: DateTime<Utc>,
    origin: &str,
) -> Result<PutOutcome> {
    let digest = sha256_hex(canonical(body).as_bytes());
    // Serialise writers of one application id (two instances, one body).
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2))",
        &[&tenant, &application_id],
    )?;
    let latest = tx.query_opt(
        "SELECT version, body_sha256, body FROM applications WHERE tenant = $1 AND application_id = $2 ORDER BY version DESC LIMIT 1",
        &[&tenant, &application_id],
    )?;
    let (outcome, changed) = match latest {
        Some(row) if row.get::<_, String>(1) == digest => {
            return Ok(PutOutcome::Unchanged(version_of(row.get(0))?))
        }
        Some(row) => (
            PutOutcome::NewVersion(version_of(row.get(0))? + 1),
            changed_paths(&row.get::<_, Value>(2), body),
        ),
        None => (PutOutcome::Created, Vec::new()),
    };
    tx.execute(
        "INSERT INTO applications (tenant, application_id, version, body_sha256, body, received_at, origin, changed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[&tenant, &application_id, &i32_of(outcome.version()), &digest, body, &at, &origin, &serde_json::json!(changed)],
    )?;
    Ok(outcome)
}

fn verdict_in(
    tx: &mut postgres::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    version: u32,
    verdict: &Verdict,
    at: DateTime<Utc>,
) -> Result<()> {
    let (score, tier) = (i32::from(verdict.score), verdict.tier.as_str());
    let verdict = postgres::types::Json(verdict);
    tx.execute(
        "INSERT INTO verdicts (tenant, application_id, version, score, tier, verdict, scored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant, application_id) DO UPDATE SET version = excluded.version, score = excluded.score,
         tier = excluded.tier, verdict = excluded.verdict, scored_at = excluded.scored_at,
         verdict_version = verdicts.verdict_version + 1",
        &[&tenant, &application_id, &i32_of(version), &score, &tier, &verdict, &at],
    )?;
    Ok(())
}

/// What removing an application leaves behind, once its rows are gone: a
/// tombstone in the link entries (an entry of no bytes), so that every running
/// writer drops it from its index in order with what came before and after,
/// and its place in the tenant's cases, with a line in each case's history.
fn forget_in(
    tx: &mut postgres::Transaction<'_>,
    tenant: &str,
    application_id: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO link_entries (tenant, application_id, version, entry) VALUES ($1, $2, 0, $3)",
        &[&tenant, &application_id, &Vec::<u8>::new()],
    )?;
    let cases = tx.query(
        "SELECT ca.case_id FROM case_applications ca JOIN cases c ON c.id = ca.case_id
         WHERE c.tenant = $1 AND ca.application_id = $2",
        &[&tenant, &application_id],
    )?;
    for row in cases {
        let case: String = row.get(0);
        tx.execute(
            "DELETE FROM case_applications WHERE case_id = $1 AND application_id = $2",
            &[&case, &application_id],
        )?;
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES ($1, $2, $3, 'removed', $4)",
            &[&case, &at, &who, &application_id],
        )?;
    }
    Ok(())
}

impl PostgresStore {
    /// Ids of a tenant's applications whose latest version meets `condition`
    /// (SQL over `a`, with `$2` the value).
    fn ids_where(&self, tenant: &str, value: &str, condition: &str) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT a.application_id FROM applications a WHERE a.tenant = $1 AND a.version = (SELECT MAX(b.version) FROM applications b WHERE b.tenant = a.tenant AND b.application_id = a.application_id) AND {condition} ORDER BY a.application_id"
        );
        let rows = self.lock().query(&sql, &[&tenant, &value])?;
        Ok(rows.into_iter().map(|row| row.get(0)).collect())
    }
}

impl Store for PostgresStore {
    fn put_application(
        &self,
        tenant: &str,
        application_id: &str,
        body: &Value,
        at: DateTime<Utc>,
    ) -> Result<PutOutcome> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let outcome = put_in(&mut tx, tenant, application_id, body, at, "")?;
        tx.commit()?;
        Ok(outcome)
    }

    fn application(&self, tenant: &str, application_id: &str) -> Result<Option<StoredApplication>> {
        let row = self.lock().query_opt(
            "SELECT version, body_sha256, body, received_at FROM applications WHERE tenant = $1 AND application_id = $2 ORDER BY version DESC LIMIT 1",
            &[&tenant, &application_id],
        )?;
        row.map(|row| {
            Ok(StoredApplication {
                tenant: tenant.to_owned(),
                application_id: application_id.to_owned(),
                version: version_of(row.get(0))?,
                body_sha256: row.get(1),
                body: crate::reduce::unsealed_view(&row.get(2)),
                received_at: row.get(3),
            })
        })
        .transpose()
    }

    fn application_to_merge(&self, tenant: &str, application_id: &str) -> Result<Option<Value>> {
        let row = self.lock().query_opt(
            "SELECT body FROM applications WHERE tenant = $1 AND application_id = $2 ORDER BY version DESC LIMIT 1",
            &[&tenant, &application_id],
        )?;
        Ok(row.map(|row| row.get(0)))
    }

    fn versions(&self, tenant: &str, application_id: &str) -> Result<Vec<VersionInfo>> {
        let rows = self.lock().query(
            "SELECT version, received_at, origin, changed FROM applications WHERE tenant = $1 AND application_id = $2 ORDER BY version",
            &[&tenant, &application_id],
        )?;
        rows.into_iter()
            .map(|row| {
                Ok(VersionInfo {
                    version: version_of(row.get(0))?,
                    received_at: row.get(1),
                    origin: row.get(2),
                    changed: serde_json::from_value(row.get(3)).unwrap_or_default(),
                })
            })
            .collect()
    }

    fn delete_application(&self, tenant: &str, application_id: &str) -> Result<bool> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let mut removed = 0;
        // A deletion at the source takes the undelivered messages too.
        for table in crate::APPLICATION_TABLES.into_iter().chain(["outbox"]) {
            let n = tx.execute(
                &format!("DELETE FROM {table} WHERE tenant = $1 AND application_id = $2"),
                &[&tenant, &application_id],
            )?;
            if table == "applications" {
                removed = n;
            }
        }
        if removed > 0 {
            forget_in(
                &mut tx,
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
            "a.body->'candidate'->>'external_id' = $2",
        )
    }

    fn applications_with_email(&self, tenant: &str, email: &str) -> Result<Vec<String>> {
        self.ids_where(
            tenant,
            email,
            "jsonb_typeof(a.body->'candidate'->'emails') = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.body->'candidate'->'emails') e WHERE lower(e) = lower($2))",
        )
    }

    fn applications_with_device(&self, tenant: &str, device: &str) -> Result<Vec<String>> {
        self.ids_where(
            tenant,
            device,
            "jsonb_typeof(a.body->'devices') = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.body->'devices') d WHERE d->>'serial' = $2 OR d->>'device_id' = $2)",
        )
    }

    fn forget_event(&self, source: &str, tenant: &str, event_id: &str) -> Result<()> {
        self.lock().execute(
            "DELETE FROM inbound_events WHERE source = $1 AND tenant = $2 AND event_id = $3",
            &[&source, &tenant, &event_id],
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
        let mut client = self.lock();
        client.execute(
            "DELETE FROM inbound_events WHERE source = $1 AND tenant = $2 AND received_at < $3",
            &[&source, &tenant, &forget_before],
        )?;
        let n = client.execute(
            "INSERT INTO inbound_events (source, tenant, event_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&source, &tenant, &event_id, &at],
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
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        verdict_in(&mut tx, tenant, application_id, version, verdict, at)?;
        tx.commit()?;
        Ok(())
    }

    fn verdict(&self, tenant: &str, application_id: &str) -> Result<Option<(u32, Verdict)>> {
        let row = self.lock().query_opt(
            "SELECT version, verdict FROM verdicts WHERE tenant = $1 AND application_id = $2",
            &[&tenant, &application_id],
        )?;
        row.map(|row| {
            Ok((
                version_of(row.get(0))?,
                row.try_get::<_, Json<Verdict>>(1)?.0,
            ))
        })
        .transpose()
    }

    fn queue(
        &self,
        tenant: &str,
        filter: &QueueFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<QueueItem>> {
        let signal = filter.signal_needle().and(filter.signal.clone());
        let (limit, offset) = (i64::from(limit), i64::from(offset));
        let mut args = queue_args(&tenant, filter, &signal).to_vec();
        args.extend([&limit as &(dyn ToSql + Sync), &offset]);
        let rows = self.lock().query(
            &format!(
                "SELECT v.application_id, v.score, v.tier, v.version, a.received_at, v.verdict, w.assignee
                 {QUEUE_FROM_WHERE} ORDER BY v.score DESC, v.application_id LIMIT $8 OFFSET $9"
            ),
            &args,
        )?;
        rows.iter()
            .map(|row| {
                Ok(QueueItem {
                    application_id: row.get(0),
                    score: u8::try_from(row.get::<_, i32>(1))
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    tier: row.get(2),
                    version: version_of(row.get(3))?,
                    received_at: row.get(4),
                    verdict: row.try_get::<_, Json<Verdict>>(5)?.0,
                    assignee: row.get(6),
                })
            })
            .collect()
    }

    fn queue_count(&self, tenant: &str, filter: &QueueFilter) -> Result<u64> {
        let signal = filter.signal_needle().and(filter.signal.clone());
        let row = self.lock().query_one(
            &format!("SELECT count(*) {QUEUE_FROM_WHERE}"),
            &queue_args(&tenant, filter, &signal),
        )?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    fn put_decision(&self, decision: &Decision) -> Result<()> {
        self.lock().execute(
            "INSERT INTO decisions (tenant, application_id, label, note, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &decision.tenant,
                &decision.application_id,
                &decision.label.as_str(),
                &decision.note,
                &decision.by,
                &decision.at,
            ],
        )?;
        Ok(())
    }

    fn decisions(&self, tenant: &str, application_id: &str) -> Result<Vec<Decision>> {
        let rows = self.lock().query(
            "SELECT label, note, decided_by, decided_at FROM decisions WHERE tenant = $1 AND application_id = $2 ORDER BY id",
            &[&tenant, &application_id],
        )?;
        rows.iter()
            .map(|row| {
                let label: String = row.get(0);
                Ok(Decision {
                    tenant: tenant.to_owned(),
                    application_id: application_id.to_owned(),
                    label: Label::parse(&label)
                        .ok_or_else(|| StoreError::Corrupt(format!("label {label:?}")))?,
                    note: row.get(1),
                    by: row.get(2),
                    at: row.get(3),
                })
            })
            .collect()
    }

    fn create_key(&self, tenant: &str, role: Role, at: DateTime<Utc>) -> Result<(ApiKey, String)> {
        let (id, secret) = new_secret()?;
        self.lock().execute(
            "INSERT INTO api_keys (id, key_sha256, tenant, role, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[&id, &sha256_hex(secret.as_bytes()), &tenant, &role.as_str(), &at],
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
        let row = self.lock().query_opt(
            "SELECT id, tenant, role FROM api_keys WHERE key_sha256 = $1 AND revoked_at IS NULL",
            &[&sha256_hex(secret.as_bytes())],
        )?;
        row.map(|row| {
            let role: String = row.get(2);
            ApiKey::from_row(row.get(0), row.get(1), &role)
        })
        .transpose()
    }

    fn keys(&self, tenant: Option<&str>) -> Result<Vec<KeyRecord>> {
        let rows = self.lock().query(
            "SELECT id, tenant, role, created_at, revoked_at, person FROM api_keys
             WHERE $1::TEXT IS NULL OR tenant = $1 ORDER BY created_at, id",
            &[&tenant],
        )?;
        rows.iter()
            .map(|row| {
                let role: String = row.get(2);
                Ok(KeyRecord {
                    key: ApiKey::from_row(row.get(0), row.get(1), &role)?,
                    created_at: row.get(3),
                    revoked_at: row.get(4),
                    person: row.get(5),
                })
            })
            .collect()
    }

    fn name_key(&self, id: &str, person: &str) -> Result<bool> {
        let changed = self.lock().execute(
            "UPDATE api_keys SET person = $2 WHERE id = $1",
            &[&id, &person.trim()],
        )?;
        Ok(changed > 0)
    }

    fn revoke_key(&self, id: &str, at: DateTime<Utc>) -> Result<Option<ApiKey>> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let row = tx.query_opt(
            "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL
             RETURNING tenant, role",
            &[&id, &at],
        )?;
        let Some(row) = row else {
            return Ok(None);
        };
        tx.execute("DELETE FROM web_sessions WHERE key_id = $1", &[&id])?;
        // What the key's person was working goes back to nobody.
        tx.execute("DELETE FROM assignments WHERE assignee = $1", &[&id])?;
        tx.commit()?;
        let role: String = row.get(1);
        Ok(Some(ApiKey::from_row(id.to_owned(), row.get(0), &role)?))
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
            "INSERT INTO audit_log (at, who, action, target, tenant) VALUES ($1, $2, $3, $4, $5)",
            &[&at, &who, &action, &target, &tenant],
        )?;
        Ok(())
    }

    fn audit_log(&self, tenant: &str, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows = self.lock().query(
            "SELECT at, who, action, target FROM audit_log
             WHERE tenant = $1
                OR (tenant IS NULL
                    AND (left(target, length($1) + 1) = $1 || '/'
                         OR who IN (SELECT id FROM api_keys WHERE tenant = $1)))
             ORDER BY id DESC LIMIT $2",
            &[&tenant, &i64::from(limit)],
        )?;
        Ok(rows
            .iter()
            .map(|row| AuditEntry {
                at: row.get(0),
                who: row.get(1),
                action: row.get(2),
                target: row.get(3),
            })
            .collect())
    }

    fn purge_before(&self, cutoff: DateTime<Utc>) -> Result<usize> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let gone = tx.query(
            "SELECT tenant, application_id FROM applications GROUP BY tenant, application_id HAVING MAX(received_at) < $1",
            &[&cutoff],
        )?;
        let now = Utc::now();
        for row in &gone {
            let (tenant, id): (String, String) = (row.get(0), row.get(1));
            for table in crate::APPLICATION_TABLES {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE tenant = $1 AND application_id = $2"),
                    &[&tenant, &id],
                )?;
            }
            forget_in(&mut tx, &tenant, &id, "retention", now)?;
        }
        tx.commit()?;
        Ok(gone.len())
    }

    fn commit(&self, batch: &WriteBatch) -> Result<Vec<PutOutcome>> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let mut outcomes = Vec::with_capacity(batch.applications.len());
        let mut skipped: Vec<(&str, &str)> = Vec::new();
        for app in &batch.applications {
            let (tenant, id) = (app.tenant.as_str(), app.application_id.as_str());
            let outcome = put_in(&mut tx, tenant, id, &app.body, app.at, &app.origin)?;
            outcomes.push(outcome);
            if let PutOutcome::Unchanged(_) = outcome {
                skipped.push((tenant, id));
                continue;
            }
            tx.execute(
                "INSERT INTO link_entries (tenant, application_id, version, entry) VALUES ($1, $2, $3, $4)",
                &[&tenant, &id, &i32_of(outcome.version()), &app.link_entry],
            )?;
            verdict_in(&mut tx, tenant, id, outcome.version(), &app.verdict, app.at)?;
        }
        let now = Utc::now();
        for r in &batch.rescored {
            verdict_in(
                &mut tx,
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
            tx.execute(
                "INSERT INTO outbox (subscriber, tenant, application_id, body, next_at, created_at, decided_at, verdict_version)
                 VALUES ($1, $2, $3, $4, $5, $5, $5, COALESCE((SELECT verdict_version FROM verdicts WHERE tenant = $2 AND application_id = $3), 1))",
                &[&m.subscriber, &m.tenant, &m.application_id, &m.body, &now],
            )?;
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn link_entries(&self, after: i64, limit: u32) -> Result<Vec<LinkRecord>> {
        let rows = self.lock().query(
            "SELECT seq, tenant, application_id, version, entry FROM link_entries WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after, &i64::from(limit)],
        )?;
        rows.iter()
            .map(|row| {
                Ok(LinkRecord {
                    seq: row.get(0),
                    tenant: row.get(1),
                    application_id: row.get(2),
                    version: version_of(row.get(3))?,
                    entry: row.get(4),
                })
            })
            .collect()
    }

    fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxItem>> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        // SKIP LOCKED: instances sharing the store claim different messages.
        let rows = tx.query(
            "SELECT o.id, o.subscriber, o.tenant, o.application_id, o.body, o.attempts, o.verdict_version,
                    COALESCE(o.decided_at, o.created_at)
             FROM outbox o
             WHERE o.dead_at IS NULL AND o.next_at <= $1
               AND NOT EXISTS (SELECT 1 FROM outbox p
                   WHERE p.subscriber = o.subscriber AND p.tenant = o.tenant
                     AND p.application_id = o.application_id AND p.id < o.id AND p.dead_at IS NULL)
             ORDER BY o.id LIMIT $2
             FOR UPDATE SKIP LOCKED",
            &[&now, &i64::from(limit)],
        )?;
        let ids: Vec<i64> = rows.iter().map(|row| row.get(0)).collect();
        tx.execute(
            "UPDATE outbox SET next_at = $2 WHERE id = ANY($1)",
            &[&ids, &lease_until],
        )?;
        tx.commit()?;
        rows.iter()
            .map(|row| {
                Ok(OutboxItem {
                    id: row.get(0),
                    subscriber: row.get(1),
                    tenant: row.get(2),
                    application_id: row.get(3),
                    body: row.get(4),
                    attempts: version_of(row.get(5))?,
                    verdict_version: version_of(row.get(6))?,
                    decided_at: row.get(7),
                })
            })
            .collect()
    }

    fn outbox_delivered(&self, id: i64) -> Result<()> {
        self.lock()
            .execute("DELETE FROM outbox WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn outbox_failed(&self, id: i64, next_at: DateTime<Utc>, error: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1",
            &[&id, &next_at, &error],
        )?;
        Ok(())
    }

    fn outbox_dead(&self, id: i64, at: DateTime<Utc>, error: &str) -> Result<()> {
        self.lock().execute(
            "UPDATE outbox SET attempts = attempts + 1, dead_at = $2, last_error = $3 WHERE id = $1",
            &[&id, &at, &error],
        )?;
        Ok(())
    }

    fn outbox_dead_list(&self, tenant: &str, limit: u32) -> Result<Vec<DeadMessage>> {
        let rows = self.lock().query(
            "SELECT id, subscriber, application_id, body->>'event', verdict_version, attempts, COALESCE(last_error, ''), dead_at
             FROM outbox WHERE tenant = $1 AND dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT $2",
            &[&tenant, &i64::from(limit)],
        )?;
        rows.iter()
            .map(|row| {
                Ok(DeadMessage {
                    id: row.get(0),
                    subscriber: row.get(1),
                    application_id: row.get(2),
                    event: row.get::<_, Option<String>>(3).unwrap_or_default(),
                    verdict_version: version_of(row.get(4))?,
                    attempts: version_of(row.get(5))?,
                    last_error: row.get(6),
                    dead_at: row.get(7),
                })
            })
            .collect()
    }

    fn outbox_replay(&self, tenant: &str, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let changed = self.lock().execute(
            "UPDATE outbox SET dead_at = NULL, attempts = 0, next_at = $3
             WHERE id = $1 AND tenant = $2 AND dead_at IS NOT NULL",
            &[&id, &tenant, &now],
        )?;
        Ok(changed == 1)
    }

    fn outbox_len(&self) -> Result<u64> {
        let count: i64 = self
            .lock()
            .query_one("SELECT COUNT(*) FROM outbox WHERE dead_at IS NULL", &[])?
            .get(0);
        Ok(u64::try_from(count).unwrap_or(0))
    }

    fn subscriber_stop(&self, subscriber: &str, at: DateTime<Utc>, reason: &str) -> Result<()> {
        self.lock().execute(
            "INSERT INTO webhook_stops (subscriber, stopped_at, reason) VALUES ($1, $2, $3)
             ON CONFLICT (subscriber) DO NOTHING",
            &[&subscriber, &at, &reason],
        )?;
        Ok(())
    }

    fn subscriber_resume(&self, subscriber: &str) -> Result<bool> {
        let removed = self.lock().execute(
            "DELETE FROM webhook_stops WHERE subscriber = $1",
            &[&subscriber],
        )?;
        Ok(removed == 1)
    }

    fn stopped_subscribers(&self) -> Result<Vec<StoppedSubscriber>> {
        let rows = self.lock().query(
            "SELECT subscriber, stopped_at, reason FROM webhook_stops ORDER BY subscriber",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|row| StoppedSubscriber {
                subscriber: row.get(0),
                stopped_at: row.get(1),
                reason: row.get(2),
            })
            .collect())
    }
}
