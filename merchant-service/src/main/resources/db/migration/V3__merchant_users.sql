-- Dashboard users: an OIDC token subject acting for one merchant.
CREATE TABLE merchant_users (
    subject     TEXT PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX merchant_users_merchant ON merchant_users (merchant_id);
