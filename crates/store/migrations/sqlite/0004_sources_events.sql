-- Released: never edit; add a new numbered file instead.
-- Each version says which source sent it and what it changed.
ALTER TABLE applications ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN changed TEXT NOT NULL DEFAULT '[]';

-- Webhook events already taken, by the sender's event id: a replay changes nothing.
CREATE TABLE inbound_events (
    source      TEXT NOT NULL,
    tenant      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, tenant, event_id)
);
CREATE INDEX inbound_events_received ON inbound_events (received_at);
