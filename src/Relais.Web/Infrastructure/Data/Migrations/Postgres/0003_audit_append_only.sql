-- The audit log is append-only: the database itself refuses to change or delete a line.
-- (A superuser can still drop the trigger; the hash chain then shows the tampering.)
CREATE FUNCTION relais_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditEntries is append-only';
END;
$$;

CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditEntries"
    FOR EACH STATEMENT EXECUTE FUNCTION relais_audit_append_only();
