//! Sessions and cases on SQLite.

use crate::casework::assemble;
use crate::sqlite_store::{stamp, time};
use crate::{
    random_hex, sha256_hex, ApiKey, Case, CaseEvent, CaseStatus, CaseSummary, Casework, Result,
    SavedFilter, SqliteStore, StoreError, WebSession,
};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

const SUMMARY: &str =
    "SELECT c.id, c.tenant, c.title, c.status, c.assignee, c.created_at, c.updated_at,
        (SELECT COUNT(*) FROM case_applications a WHERE a.case_id = c.id)
     FROM cases c";

fn summary(row: &Row<'_>) -> rusqlite::Result<(CaseRow, String, String)> {
    Ok((
        CaseRow {
            id: row.get(0)?,
            tenant: row.get(1)?,
            title: row.get(2)?,
            status: row.get(3)?,
            assignee: row.get(4)?,
            size: row.get(7)?,
        },
        row.get(5)?,
        row.get(6)?,
    ))
}

struct CaseRow {
    id: String,
    tenant: String,
    title: String,
    status: String,
    assignee: Option<String>,
    size: u32,
}

fn finish((row, created, updated): (CaseRow, String, String)) -> Result<CaseSummary> {
    Ok(CaseSummary {
        status: CaseStatus::parse(&row.status)
            .ok_or_else(|| StoreError::Corrupt(format!("case status {:?}", row.status)))?,
        id: row.id,
        tenant: row.tenant,
        title: row.title,
        assignee: row.assignee,
        size: row.size,
        created_at: time(&created)?,
        updated_at: time(&updated)?,
    })
}

impl Casework for SqliteStore {
    fn create_session(
        &self,
        key: &ApiKey,
        at: DateTime<Utc>,
        lasts: chrono::Duration,
    ) -> Result<(String, WebSession)> {
        let secret = random_hex(32)?;
        let session = WebSession {
            key: key.clone(),
            csrf: random_hex(24)?,
            expires_at: at + lasts,
        };
        let connection = self.lock();
        // Ended sessions go when new ones start.
        connection.execute(
            "DELETE FROM web_sessions WHERE expires_at < ?1",
            params![stamp(at)],
        )?;
        connection.execute(
            "INSERT INTO web_sessions (secret_sha256, key_id, tenant, role, csrf, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                sha256_hex(secret.as_bytes()),
                key.id,
                key.tenant,
                key.role.as_str(),
                session.csrf,
                stamp(at),
                stamp(session.expires_at)
            ],
        )?;
        Ok((secret, session))
    }

    fn session(&self, secret: &str, now: DateTime<Utc>) -> Result<Option<WebSession>> {
        let row: Option<(String, String, String, String, String)> = self
            .lock()
            .prepare_cached(
                "SELECT key_id, tenant, role, csrf, expires_at FROM web_sessions
                 WHERE secret_sha256 = ?1 AND expires_at > ?2
                   AND key_id NOT IN (SELECT id FROM api_keys WHERE revoked_at IS NOT NULL)",
            )?
            .query_row(params![sha256_hex(secret.as_bytes()), stamp(now)], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?;
        row.map(|(id, tenant, role, csrf, expires)| {
            Ok(WebSession {
                key: ApiKey::from_row(id, tenant, &role)?,
                csrf,
                expires_at: time(&expires)?,
            })
        })
        .transpose()
    }

    fn end_session(&self, secret: &str) -> Result<()> {
        self.lock().execute(
            "DELETE FROM web_sessions WHERE secret_sha256 = ?1",
            params![sha256_hex(secret.as_bytes())],
        )?;
        Ok(())
    }

    fn create_case(
        &self,
        tenant: &str,
        title: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<String> {
        let id = format!("case-{}", random_hex(5)?);
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        tx.execute(
            "INSERT INTO cases (id, tenant, title, status, assignee, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'open', NULL, ?4, ?5, ?5)",
            params![id, tenant, title, by, stamp(at)],
        )?;
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES (?1, ?2, ?3, 'created', ?4)",
            params![id, stamp(at), by, title],
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn change_case(&self, tenant: &str, case_id: &str, event: &CaseEvent) -> Result<bool> {
        use crate::CaseChange;
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let at = stamp(event.at);
        let found = tx.execute(
            "UPDATE cases SET updated_at = ?3 WHERE id = ?1 AND tenant = ?2",
            params![case_id, tenant, at],
        )?;
        if found == 0 {
            return Ok(false);
        }
        match &event.change {
            CaseChange::Added(app) => {
                tx.execute(
                    "INSERT OR IGNORE INTO case_applications (case_id, application_id, added_at) VALUES (?1, ?2, ?3)",
                    params![case_id, app, at],
                )?;
            }
            CaseChange::Removed(app) => {
                tx.execute(
                    "DELETE FROM case_applications WHERE case_id = ?1 AND application_id = ?2",
                    params![case_id, app],
                )?;
            }
            CaseChange::Status(status) => {
                tx.execute(
                    "UPDATE cases SET status = ?2 WHERE id = ?1",
                    params![case_id, status.as_str()],
                )?;
            }
            CaseChange::Assigned(who) => {
                tx.execute(
                    "UPDATE cases SET assignee = NULLIF(?2, '') WHERE id = ?1",
                    params![case_id, who],
                )?;
            }
            CaseChange::Created(_) | CaseChange::Note(_) => {}
        }
        let (kind, value) = event.change.parts();
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case_id, at, event.by, kind, value],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn case(&self, tenant: &str, case_id: &str) -> Result<Option<Case>> {
        let connection = self.lock();
        let row = connection
            .prepare_cached(&format!("{SUMMARY} WHERE c.id = ?1 AND c.tenant = ?2"))?
            .query_row(params![case_id, tenant], summary)
            .optional()?;
        let Some(row) = row else {
            return Ok(None);
        };
        let applications: Vec<String> = connection
            .prepare_cached(
                "SELECT application_id FROM case_applications WHERE case_id = ?1 ORDER BY added_at, application_id",
            )?
            .query_map(params![case_id], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let events: Vec<(String, String, String, String)> = connection
            .prepare_cached(
                "SELECT at, who, kind, value FROM case_events WHERE case_id = ?1 ORDER BY id",
            )?
            .query_map(params![case_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let events = events
            .into_iter()
            .map(|(at, who, kind, value)| Ok((time(&at)?, who, kind, value)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(assemble(finish(row)?, applications, events)?))
    }

    fn cases(&self, tenant: &str) -> Result<Vec<CaseSummary>> {
        let connection = self.lock();
        let rows: Vec<_> = connection
            .prepare_cached(&format!(
                "{SUMMARY} WHERE c.tenant = ?1 ORDER BY c.updated_at DESC, c.id"
            ))?
            .query_map(params![tenant], summary)?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter().map(finish).collect()
    }

    fn cases_of(&self, tenant: &str, application_id: &str) -> Result<Vec<CaseSummary>> {
        let connection = self.lock();
        let rows: Vec<_> = connection
            .prepare_cached(&format!(
                "{SUMMARY} WHERE c.tenant = ?1 AND c.id IN
                   (SELECT case_id FROM case_applications WHERE application_id = ?2)
                 ORDER BY c.updated_at DESC, c.id"
            ))?
            .query_map(params![tenant, application_id], summary)?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter().map(finish).collect()
    }

    fn assign(
        &self,
        tenant: &str,
        application_id: &str,
        assignee: Option<&str>,
        seen: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let connection = self.lock();
        // Each statement changes a row only while its holder is the one seen.
        let changed = match (assignee, seen) {
            (Some(person), None) => connection.execute(
                "INSERT INTO assignments (tenant, application_id, assignee, assigned_by, assigned_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant, application_id) DO NOTHING",
                params![tenant, application_id, person, by, stamp(at)],
            )?,
            (Some(person), Some(held)) => connection.execute(
                "UPDATE assignments SET assignee = ?3, assigned_by = ?4, assigned_at = ?5
                 WHERE tenant = ?1 AND application_id = ?2 AND assignee = ?6",
                params![tenant, application_id, person, by, stamp(at), held],
            )?,
            (None, Some(held)) => connection.execute(
                "DELETE FROM assignments WHERE tenant = ?1 AND application_id = ?2 AND assignee = ?3",
                params![tenant, application_id, held],
            )?,
            (None, None) => connection
                .prepare_cached(
                    "SELECT 1 FROM assignments WHERE tenant = ?1 AND application_id = ?2",
                )?
                .query_row(params![tenant, application_id], |_| Ok(()))
                .optional()?
                .map_or(1, |()| 0),
        };
        Ok(changed > 0)
    }

    fn assignee(&self, tenant: &str, application_id: &str) -> Result<Option<String>> {
        Ok(self
            .lock()
            .prepare_cached(
                "SELECT assignee FROM assignments WHERE tenant = ?1 AND application_id = ?2",
            )?
            .query_row(params![tenant, application_id], |row| row.get(0))
            .optional()?)
    }

    fn save_filter(
        &self,
        tenant: &str,
        owner: &str,
        name: &str,
        query: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.lock().execute(
            "INSERT INTO saved_filters (tenant, owner, name, query, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (tenant, owner, name) DO UPDATE SET
               query = excluded.query, saved_at = excluded.saved_at",
            params![tenant, owner, name, query, stamp(at)],
        )?;
        Ok(())
    }

    fn saved_filters(&self, tenant: &str, owner: &str) -> Result<Vec<SavedFilter>> {
        let connection = self.lock();
        let rows: Vec<(String, String, String)> = connection
            .prepare_cached(
                "SELECT name, query, saved_at FROM saved_filters
                 WHERE tenant = ?1 AND owner = ?2 ORDER BY name",
            )?
            .query_map(params![tenant, owner], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        rows.into_iter()
            .map(|(name, query, at)| {
                Ok(SavedFilter {
                    name,
                    query,
                    saved_at: time(&at)?,
                })
            })
            .collect()
    }

    fn delete_filter(&self, tenant: &str, owner: &str, name: &str) -> Result<bool> {
        let n = self.lock().execute(
            "DELETE FROM saved_filters WHERE tenant = ?1 AND owner = ?2 AND name = ?3",
            params![tenant, owner, name],
        )?;
        Ok(n > 0)
    }
}
