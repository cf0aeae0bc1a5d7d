-- Released: never edit; add a new numbered file instead.
-- Each audit entry belongs to the tenant whose data it is about, so an admin
-- reads their own tenant's entries only. Entries written before carry none
-- (the log is append-only); they are read by the tenant their target or key names.
ALTER TABLE audit_log ADD COLUMN tenant TEXT;
CREATE INDEX audit_log_tenant ON audit_log (tenant, id);
