//! Sessions and cases on PostgreSQL.

use crate::casework::assemble;
use crate::{
    random_hex, sha256_hex, ApiKey, Case, CaseChange, CaseEvent, CaseStatus, CaseSummary, Casework,
    PostgresStore, Result, SavedFilter, StoreError, WebSession,
};
use chrono::{DateTime, Utc};
use postgres::Row;

const SUMMARY: &str =
    "SELECT c.id, c.tenant, c.title, c.status, c.assignee, c.created_at, c.updated_at,
        (SELECT COUNT(*) FROM case_applications a WHERE a.case_id = c.id)
     FROM cases c";

fn summary(row: &Row) -> Result<CaseSummary> {
    let status: String = row.get(3);
    Ok(CaseSummary {
        id: row.get(0),
        tenant: row.get(1),
        title: row.get(2),
        status: CaseStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("case status {status:?}")))?,
        assignee: row.get(4),
        created_at: row.get(5),
        updated_at: row.get(6),
        size: u32::try_from(row.get::<_, i64>(7)).unwrap_or(u32::MAX),
    })
}

impl Casework for PostgresStore {
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
        let mut client = self.lock();
        client.execute("DELETE FROM web_sessions WHERE expires_at < $1", &[&at])?;
        client.execute(
            "INSERT INTO web_sessions (secret_sha256, key_id, tenant, role, csrf, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &sha256_hex(secret.as_bytes()),
                &key.id,
                &key.tenant,
                &key.role.as_str(),
                &session.csrf,
                &at,
                &session.expires_at,
            ],
        )?;
        Ok((secret, session))
    }

    fn session(&self, secret: &str, now: DateTime<Utc>) -> Result<Option<WebSession>> {
        let row = self.lock().query_opt(
            "SELECT key_id, tenant, role, csrf, expires_at FROM web_sessions
             WHERE secret_sha256 = $1 AND expires_at > $2
               AND key_id NOT IN (SELECT id FROM api_keys WHERE revoked_at IS NOT NULL)",
            &[&sha256_hex(secret.as_bytes()), &now],
        )?;
        row.map(|row| {
            let role: String = row.get(2);
            Ok(WebSession {
                key: ApiKey::from_row(row.get(0), row.get(1), &role)?,
                csrf: row.get(3),
                expires_at: row.get(4),
            })
        })
        .transpose()
    }

    fn end_session(&self, secret: &str) -> Result<()> {
        self.lock().execute(
            "DELETE FROM web_sessions WHERE secret_sha256 = $1",
            &[&sha256_hex(secret.as_bytes())],
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
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        tx.execute(
            "INSERT INTO cases (id, tenant, title, status, assignee, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, 'open', NULL, $4, $5, $5)",
            &[&id, &tenant, &title, &by, &at],
        )?;
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES ($1, $2, $3, 'created', $4)",
            &[&id, &at, &by, &title],
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn change_case(&self, tenant: &str, case_id: &str, event: &CaseEvent) -> Result<bool> {
        let mut client = self.lock();
        let mut tx = client.transaction()?;
        let at = event.at;
        let found = tx.execute(
            "UPDATE cases SET updated_at = $3 WHERE id = $1 AND tenant = $2",
            &[&case_id, &tenant, &at],
        )?;
        if found == 0 {
            return Ok(false);
        }
        match &event.change {
            CaseChange::Added(app) => {
                tx.execute(
                    "INSERT INTO case_applications (case_id, application_id, added_at) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                    &[&case_id, app, &at],
                )?;
            }
            CaseChange::Removed(app) => {
                tx.execute(
                    "DELETE FROM case_applications WHERE case_id = $1 AND application_id = $2",
                    &[&case_id, app],
                )?;
            }
            CaseChange::Status(status) => {
                tx.execute(
                    "UPDATE cases SET status = $2 WHERE id = $1",
                    &[&case_id, &status.as_str()],
                )?;
            }
            CaseChange::Assigned(who) => {
                tx.execute(
                    "UPDATE cases SET assignee = NULLIF($2, '') WHERE id = $1",
                    &[&case_id, who],
                )?;
            }
            CaseChange::Created(_) | CaseChange::Note(_) => {}
        }
        let (kind, value) = event.change.parts();
        tx.execute(
            "INSERT INTO case_events (case_id, at, who, kind, value) VALUES ($1, $2, $3, $4, $5)",
            &[&case_id, &at, &event.by, &kind, &value],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn case(&self, tenant: &str, case_id: &str) -> Result<Option<Case>> {
        let mut client = self.lock();
        let Some(row) = client.query_opt(
            &format!("{SUMMARY} WHERE c.id = $1 AND c.tenant = $2"),
            &[&case_id, &tenant],
        )?
        else {
            return Ok(None);
        };
        let applications = client
            .query(
                "SELECT application_id FROM case_applications WHERE case_id = $1 ORDER BY added_at, application_id",
                &[&case_id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let events = client
            .query(
                "SELECT at, who, kind, value FROM case_events WHERE case_id = $1 ORDER BY id",
                &[&case_id],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        Ok(Some(assemble(summary(&row)?, applications, events)?))
    }

    fn cases(&self, tenant: &str) -> Result<Vec<CaseSummary>> {
        self.lock()
            .query(
                &format!("{SUMMARY} WHERE c.tenant = $1 ORDER BY c.updated_at DESC, c.id"),
                &[&tenant],
            )?
            .iter()
            .map(summary)
            .collect()
    }

    fn cases_of(&self, tenant: &str, application_id: &str) -> Result<Vec<CaseSummary>> {
        self.lock()
            .query(
                &format!(
                    "{SUMMARY} WHERE c.tenant = $1 AND c.id IN
                       (SELECT case_id FROM case_applications WHERE application_id = $2)
                     ORDER BY c.updated_at DESC, c.id"
                ),
                &[&tenant, &application_id],
            )?
            .iter()
            .map(summary)
            .collect()
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
        let mut client = self.lock();
        // Each statement changes a row only while its holder is the one seen.
        let changed = match (assignee, seen) {
            (Some(person), None) => client.execute(
                "INSERT INTO assignments (tenant, application_id, assignee, assigned_by, assigned_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, application_id) DO NOTHING",
                &[&tenant, &application_id, &person, &by, &at],
            )?,
            (Some(person), Some(held)) => client.execute(
                "UPDATE assignments SET assignee = $3, assigned_by = $4, assigned_at = $5
                 WHERE tenant = $1 AND application_id = $2 AND assignee = $6",
                &[&tenant, &application_id, &person, &by, &at, &held],
            )?,
            (None, Some(held)) => client.execute(
                "DELETE FROM assignments WHERE tenant = $1 AND application_id = $2 AND assignee = $3",
                &[&tenant, &application_id, &held],
            )?,
            (None, None) => u64::from(
                client
                    .query_opt(
                        "SELECT 1 FROM assignments WHERE tenant = $1 AND application_id = $2",
                        &[&tenant, &application_id],
                    )?
                    .is_none(),
            ),
        };
        Ok(changed > 0)
    }

    fn assignee(&self, tenant: &str, application_id: &str) -> Result<Option<String>> {
        Ok(self
            .lock()
            .query_opt(
                "SELECT assignee FROM assignments WHERE tenant = $1 AND application_id = $2",
                &[&tenant, &application_id],
            )?
            .map(|row| row.get(0)))
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
            "INSERT INTO saved_filters (tenant, owner, name, query, saved_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tenant, owner, name) DO UPDATE SET
               query = excluded.query, saved_at = excluded.saved_at",
            &[&tenant, &owner, &name, &query, &at],
        )?;
        Ok(())
    }

    fn saved_filters(&self, tenant: &str, owner: &str) -> Result<Vec<SavedFilter>> {
        Ok(self
            .lock()
            .query(
                "SELECT name, query, saved_at FROM saved_filters
                 WHERE tenant = $1 AND owner = $2 ORDER BY name",
                &[&tenant, &owner],
            )?
            .iter()
            .map(|row| SavedFilter {
                name: row.get(0),
                query: row.get(1),
                saved_at: row.get(2),
            })
            .collect())
    }

    fn delete_filter(&self, tenant: &str, owner: &str, name: &str) -> Result<bool> {
        let n = self.lock().execute(
            "DELETE FROM saved_filters WHERE tenant = $1 AND owner = $2 AND name = $3",
            &[&tenant, &owner, &name],
        )?;
        Ok(n > 0)
    }
}
