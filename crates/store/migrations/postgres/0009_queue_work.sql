-- Released: never edit; add a new numbered file instead.
-- Who works an application in the review queue (one person at a time; no
-- row: nobody), and each person's saved queue filters.
CREATE TABLE assignments (
    tenant         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    assignee       TEXT NOT NULL,
    assigned_by    TEXT NOT NULL,
    assigned_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, application_id)
);

CREATE TABLE saved_filters (
    tenant   TEXT NOT NULL,
    owner    TEXT NOT NULL,
    name     TEXT NOT NULL,
    query    TEXT NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, owner, name)
);
