//! Migrations per backend, applied in order and recorded with their SHA-256:
//! a released migration that was edited, or a database newer than this build,
//! is an error, never a silent drift.

use crate::{sha256_hex, Result, StoreError};

/// One migration.
pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub(crate) const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/sqlite/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_linking_outbox",
        sql: include_str!("../migrations/sqlite/0002_linking_outbox.sql"),
    },
    Migration {
        version: 3,
        name: "0003_pages_cases",
        sql: include_str!("../migrations/sqlite/0003_pages_cases.sql"),
    },
    Migration {
        version: 4,
        name: "0004_sources_events",
        sql: include_str!("../migrations/sqlite/0004_sources_events.sql"),
    },
    Migration {
        version: 5,
        name: "0005_audit_tenant",
        sql: include_str!("../migrations/sqlite/0005_audit_tenant.sql"),
    },
    Migration {
        version: 6,
        name: "0006_key_revocation",
        sql: include_str!("../migrations/sqlite/0006_key_revocation.sql"),
    },
    Migration {
        version: 7,
        name: "0007_ordered_webhooks",
        sql: include_str!("../migrations/sqlite/0007_ordered_webhooks.sql"),
    },
    Migration {
        version: 8,
        name: "0008_key_person",
        sql: include_str!("../migrations/sqlite/0008_key_person.sql"),
    },
    Migration {
        version: 9,
        name: "0009_queue_work",
        sql: include_str!("../migrations/sqlite/0009_queue_work.sql"),
    },
];

pub(crate) const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_linking_outbox",
        sql: include_str!("../migrations/postgres/0002_linking_outbox.sql"),
    },
    Migration {
        version: 3,
        name: "0003_pages_cases",
        sql: include_str!("../migrations/postgres/0003_pages_cases.sql"),
    },
    Migration {
        version: 4,
        name: "0004_sources_events",
        sql: include_str!("../migrations/postgres/0004_sources_events.sql"),
    },
    Migration {
        version: 5,
        name: "0005_audit_tenant",
        sql: include_str!("../migrations/postgres/0005_audit_tenant.sql"),
    },
    Migration {
        version: 6,
        name: "0006_key_revocation",
        sql: include_str!("../migrations/postgres/0006_key_revocation.sql"),
    },
    Migration {
        version: 7,
        name: "0007_ordered_webhooks",
        sql: include_str!("../migrations/postgres/0007_ordered_webhooks.sql"),
    },
    Migration {
        version: 8,
        name: "0008_key_person",
        sql: include_str!("../migrations/postgres/0008_key_person.sql"),
    },
    Migration {
        version: 9,
        name: "0009_queue_work",
        sql: include_str!("../migrations/postgres/0009_queue_work.sql"),
    },
];

impl Migration {
    pub fn checksum(&self) -> String {
        sha256_hex(self.sql.as_bytes())
    }
}

/// The migrations still to apply, given those applied (version, checksum).
pub(crate) fn pending<'m>(
    known: &'m [Migration],
    applied: &[(i64, String)],
) -> Result<Vec<&'m Migration>> {
    for (version, checksum) in applied {
        match known.iter().find(|m| m.version == *version) {
            None => {
                return Err(StoreError::Migration(format!(
                    "the database has migration {version}, which this build does not know: it is newer"
                )))
            }
            Some(m) if m.checksum() != *checksum => {
                return Err(StoreError::Migration(format!(
                    "migration {} was edited after it was applied (checksum differs): released migrations are never edited",
                    m.name
                )))
            }
            Some(_) => {}
        }
    }
    Ok(known
        .iter()
        .filter(|m| !applied.iter().any(|(v, _)| *v == m.version))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_or_unknown_migration_is_refused() {
        assert_eq!(pending(SQLITE, &[]).expect("fresh").len(), SQLITE.len());
        let applied: Vec<(i64, String)> =
            SQLITE.iter().map(|m| (m.version, m.checksum())).collect();
        assert!(pending(SQLITE, &applied).expect("current").is_empty());
        assert_eq!(
            pending(SQLITE, &applied[..1]).expect("one behind").len(),
            SQLITE.len() - 1
        );
        let edited = vec![(1, "0".repeat(64))];
        assert!(
            matches!(pending(SQLITE, &edited), Err(StoreError::Migration(m)) if m.contains("edited"))
        );
        let newer = vec![(1, SQLITE[0].checksum()), (99, "x".into())];
        assert!(
            matches!(pending(SQLITE, &newer), Err(StoreError::Migration(m)) if m.contains("newer"))
        );
    }
}
