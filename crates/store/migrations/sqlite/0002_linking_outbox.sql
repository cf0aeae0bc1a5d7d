-- Released: never edit; add a new numbered file instead.
-- The link index entry of each application version (keyed hashes and its local
-- signals, never raw identity numbers), so that a restarted service links new
-- applications to every stored one. seq orders them for instances that follow
-- each other's writes.
CREATE TABLE link_entries (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    entry          BLOB NOT NULL
);
CREATE INDEX link_entries_app ON link_entries (tenant, application_id);

-- Outbound webhook messages, written in the transaction that stores the verdict
-- and deleted only once delivered: a restart resumes delivery.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber     TEXT NOT NULL,
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    body           TEXT NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_at        TEXT NOT NULL,
    last_error     TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_at);
