-- Endpoints in full (secrets sealed, mode, failure tracking), merchant-facing events, deliveries and attempts.
ALTER TABLE webhook_endpoints
    ADD COLUMN mode                       TEXT NOT NULL DEFAULT 'test' CHECK (mode IN ('test', 'live')),
    ADD COLUMN secret_sealed              TEXT,
    ADD COLUMN previous_secret_sealed     TEXT,
    ADD COLUMN previous_secret_expires_at TIMESTAMPTZ,
    ADD COLUMN disabled_reason            TEXT,
    ADD COLUMN disabled_at                TIMESTAMPTZ,
    ADD COLUMN failing_since              TIMESTAMPTZ;
CREATE INDEX webhook_endpoints_merchant_enabled ON webhook_endpoints (merchant_id, mode) WHERE status = 'enabled';

-- What merchants see in /v1/events: one per domain event, made once (the id is the domain event's).
CREATE TABLE events (
    id          TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    mode        TEXT        NOT NULL CHECK (mode IN ('test', 'live')),
    type        TEXT        NOT NULL,
    data        JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    -- When this service took it in: what "missed while disabled" is measured by (Kafka can be late).
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_merchant_newest ON events (merchant_id, mode, id DESC);

CREATE TABLE webhook_deliveries (
    id               TEXT COLLATE "C" PRIMARY KEY,
    merchant_id      TEXT COLLATE "C" NOT NULL,
    endpoint_id      TEXT COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id         TEXT COLLATE "C" NOT NULL REFERENCES events (id),
    status           TEXT        NOT NULL CHECK (status IN ('pending', 'retrying', 'sent', 'failed')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    -- An instance working on it holds it until then; after a crash another takes it up.
    locked_until     TIMESTAMPTZ,
    -- Whose lease it is: only the claim that holds it may record the attempt.
    lease_token      UUID,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_merchant_newest ON webhook_deliveries (merchant_id, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id   TEXT COLLATE "C" NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt       INTEGER     NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    duration_ms   INTEGER     NOT NULL,
    status_code   INTEGER,
    response_body TEXT,
    error         TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
