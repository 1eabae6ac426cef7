-- 0008: the newest audit entry of an ISMS, found from an index rather than
-- by reading all of its entries. The web server asks for it on pages it
-- keeps rendered: every change of an ISMS appends an entry, so a new one
-- means the page must be made again.
CREATE INDEX audit_log_isms_id ON audit_log (isms_id, id);
