-- Released: never edit; add a new numbered file instead.
CREATE TABLE applications (
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    body_sha256    TEXT NOT NULL,
    body           TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    PRIMARY KEY (tenant, application_id, version)
);
CREATE INDEX applications_received ON applications (received_at);

CREATE TABLE verdicts (
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    tier           TEXT NOT NULL,
    verdict        TEXT NOT NULL,
    scored_at      TEXT NOT NULL,
    PRIMARY KEY (tenant, application_id)
);
CREATE INDEX verdicts_queue ON verdicts (tenant, tier, score DESC);

CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    label          TEXT NOT NULL,
    note           TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at     TEXT NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    key_sha256 TEXT NOT NULL UNIQUE,
    tenant     TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
-- Append-only: the log cannot be changed or shortened through SQL.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
