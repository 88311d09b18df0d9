-- Which merchant an OIDC dashboard user (by token subject) belongs to, fed by merchant.events.v1.
CREATE TABLE merchant_user_replica (
    subject     TEXT        PRIMARY KEY,
    merchant_id TEXT        NOT NULL,
    linked      BOOLEAN     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
