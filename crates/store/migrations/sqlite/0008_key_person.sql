-- Released: never edit; add a new numbered file instead.
-- The person a key belongs to, as pages name them instead of the key's id.
ALTER TABLE api_keys ADD COLUMN person TEXT;
