-- 0008: the newest audit entry that changed what an ISMS shows, found from
-- an index rather than by reading all of its entries. The web server asks
-- for it on pages it keeps once made: every change of an ISMS appends an
-- entry, so a new one means the page must be made again. Logins, logouts,
-- API tokens and the first-run link change no page: they are left out, so
-- that they do not throw the kept pages away.
CREATE INDEX audit_log_changes ON audit_log (isms_id, id)
	WHERE entity NOT IN ('session', 'api_token', 'setup');
