-- Merchant-owned tables of webhook-service: one copy per shard.
CREATE TABLE webhook_endpoints (
    id          TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    url         TEXT        NOT NULL,
    description TEXT,
    events      TEXT[]      NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('enabled', 'disabled')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoints_merchant_newest ON webhook_endpoints (merchant_id, id DESC);
