-- The platform's tables, present in every database a service writes (its main database and each shard).

-- Transactional outbox: written in the same transaction as the state change it announces.
CREATE TABLE outbox (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     TEXT        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Inbox: the events a consumer has applied, recorded in the same transaction as the effect.
CREATE TABLE inbox (
    consumer   TEXT        NOT NULL,
    event_id   TEXT        NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_applied_at ON inbox (applied_at);

-- Idempotency records of creating POSTs, scoped to the merchant.
CREATE TABLE idempotency_keys (
    merchant_id     TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    lock_token      UUID,
    locked_until    TIMESTAMPTZ,
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (merchant_id, idempotency_key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

-- This service's copy of the merchants' API keys and status, fed by merchant.events.v1.
CREATE TABLE merchant_replica (
    merchant_id TEXT        PRIMARY KEY,
    active      BOOLEAN     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_key_replica (
    key_id      TEXT        PRIMARY KEY,
    merchant_id TEXT        NOT NULL,
    key_hash    TEXT        NOT NULL UNIQUE,
    prefix      TEXT        NOT NULL,
    mode        TEXT        NOT NULL CHECK (mode IN ('test', 'live')),
    scopes      TEXT[]      NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX api_key_replica_merchant ON api_key_replica (merchant_id);
