-- Released: never edit; add a new numbered file instead.
-- A key can be revoked: it stops opening the API and its page sessions end.
ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;
