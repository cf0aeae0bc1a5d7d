-- Released: never edit; add a new numbered file instead.
-- Webhooks in order: each verdict counts its changes, and each message says
-- which change it carries and when it was decided; a message that cannot be
-- delivered is kept as dead (dead_at) for an admin to replay; a subscriber that
-- answers 410 Gone is stopped until an operator resumes it.
ALTER TABLE verdicts ADD COLUMN verdict_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN verdict_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN dead_at TIMESTAMPTZ;
CREATE INDEX outbox_order ON outbox (subscriber, tenant, application_id, id);
CREATE INDEX outbox_live ON outbox (next_at) WHERE dead_at IS NULL;
CREATE TABLE webhook_stops (
    subscriber TEXT PRIMARY KEY,
    stopped_at TIMESTAMPTZ NOT NULL,
    reason     TEXT NOT NULL
);
