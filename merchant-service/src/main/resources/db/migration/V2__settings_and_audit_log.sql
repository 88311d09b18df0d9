-- Append-only audit log of administrative actions: who did what, when, from where, before and after.
CREATE TABLE audit_log (
    id          TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    actor       TEXT        NOT NULL,
    actor_kind  TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target_type TEXT        NOT NULL,
    target_id   TEXT        NOT NULL,
    ip          TEXT,
    user_agent  TEXT,
    before      TEXT,
    after       TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_merchant_newest ON audit_log (merchant_id, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

ALTER TABLE api_keys ADD COLUMN rolled_to TEXT;
