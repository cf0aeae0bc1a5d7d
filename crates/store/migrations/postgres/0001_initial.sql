-- Released: never edit; add a new numbered file instead.
CREATE TABLE applications (
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    body_sha256    TEXT NOT NULL,
    body           JSONB NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, application_id, version)
);
CREATE INDEX applications_received ON applications (received_at);

CREATE TABLE verdicts (
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    tier           TEXT NOT NULL,
    verdict        JSONB NOT NULL,
    scored_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, application_id)
);
CREATE INDEX verdicts_queue ON verdicts (tenant, tier, score DESC);

CREATE TABLE decisions (
    id             BIGSERIAL PRIMARY KEY,
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    label          TEXT NOT NULL,
    note           TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    key_sha256 TEXT NOT NULL UNIQUE,
    tenant     TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
-- Append-only: the log cannot be changed or shortened through SQL.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
