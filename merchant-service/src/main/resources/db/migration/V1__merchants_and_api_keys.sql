-- Global tables of merchant-service (main database): merchants and their API keys.
CREATE TABLE merchants (
    id            TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT        NOT NULL,
    email         TEXT        NOT NULL,
    business_name TEXT,
    status        TEXT        NOT NULL CHECK (status IN ('active', 'deactivated')),
    settings      TEXT        NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT COLLATE "C" PRIMARY KEY,
    merchant_id  TEXT COLLATE "C" NOT NULL REFERENCES merchants (id),
    name         TEXT        NOT NULL,
    prefix       TEXT        NOT NULL,
    key_hash     TEXT        NOT NULL UNIQUE,
    mode         TEXT        NOT NULL CHECK (mode IN ('test', 'live')),
    scopes       TEXT        NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id, id DESC);
