-- The audit log is append-only: the database itself refuses to change or delete a line.
-- (Someone with file access can still drop the triggers; the hash chain then shows the tampering.)
CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'AuditEntries is append-only');
END;

CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'AuditEntries is append-only');
END;
