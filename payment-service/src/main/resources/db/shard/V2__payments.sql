-- Invoices in full, their payment options, payments, refunds, customers, the durable job queue of
-- test-mode card/UPI processing, and the invoices' event store (partitioned by month).
CREATE TABLE customers (
    id          TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    email       TEXT           NOT NULL,
    name        TEXT,
    metadata    JSONB          NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ    NOT NULL,
    updated_at  TIMESTAMPTZ    NOT NULL
);
CREATE UNIQUE INDEX customers_merchant_email ON customers (merchant_id, lower(email));
CREATE INDEX customers_merchant_newest ON customers (merchant_id, id DESC);

ALTER TABLE invoices
    ADD COLUMN customer_id       TEXT COLLATE "C" REFERENCES customers (id),
    ADD COLUMN payment_methods   TEXT[]        NOT NULL DEFAULT '{}',
    ADD COLUMN tolerance_percent NUMERIC(5, 2) NOT NULL DEFAULT 0 CHECK (tolerance_percent >= 0 AND tolerance_percent < 100),
    ADD COLUMN amount_confirmed  NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (amount_confirmed >= 0),
    ADD COLUMN redirect_url      TEXT,
    ADD COLUMN note              TEXT,
    ADD COLUMN paid_at           TIMESTAMPTZ,
    ADD COLUMN version           BIGINT        NOT NULL DEFAULT 0,
    ADD COLUMN search            tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', coalesce(order_id, '') || ' ' || coalesce(description, ''))) STORED;
CREATE INDEX invoices_search ON invoices USING GIN (search);
-- The expiry job's work list: only invoices that can still expire.
CREATE INDEX invoices_open_by_expiry ON invoices (expires_at) WHERE status IN ('open', 'processing');
CREATE INDEX invoices_customer ON invoices (customer_id, id DESC) WHERE customer_id IS NOT NULL;

-- One per crypto method of an invoice: the wallet-service lease (address and locked rate).
CREATE TABLE payment_options (
    invoice_id             TEXT COLLATE "C" NOT NULL REFERENCES invoices (id),
    method                 TEXT           NOT NULL,
    merchant_id            TEXT COLLATE "C" NOT NULL,
    network                TEXT           NOT NULL,
    currency               TEXT           NOT NULL,
    address                TEXT           NOT NULL,
    amount                 NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    rate                   NUMERIC(36, 18) NOT NULL CHECK (rate > 0),
    rate_id                TEXT,
    rate_expires_at        TIMESTAMPTZ    NOT NULL,
    payment_uri            TEXT           NOT NULL,
    required_confirmations INTEGER        NOT NULL,
    lease_id               TEXT           NOT NULL,
    PRIMARY KEY (invoice_id, method)
);

CREATE TABLE payments (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    merchant_id            TEXT COLLATE "C" NOT NULL,
    invoice_id             TEXT COLLATE "C" NOT NULL REFERENCES invoices (id),
    mode                   TEXT           NOT NULL CHECK (mode IN ('test', 'live')),
    method                 TEXT           NOT NULL,
    network                TEXT,
    currency               TEXT           NOT NULL,
    amount                 NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    -- What the payment is worth in the invoice's currency, at the option's locked rate.
    amount_credited        NUMERIC(36, 18) NOT NULL CHECK (amount_credited >= 0),
    status                 TEXT           NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'reverted')),
    transfer_id            TEXT COLLATE "C" UNIQUE,
    tx_hash                TEXT,
    log_index              BIGINT,
    block_number           BIGINT,
    confirmations          INTEGER,
    required_confirmations INTEGER,
    from_address           TEXT,
    card_last4             TEXT CHECK (card_last4 ~ '^[0-9]{4}$'),
    card_network           TEXT,
    vpa                    TEXT,
    error_code             TEXT,
    late                   BOOLEAN        NOT NULL DEFAULT false,
    detected_at            TIMESTAMPTZ    NOT NULL,
    created_at             TIMESTAMPTZ    NOT NULL,
    updated_at             TIMESTAMPTZ    NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id, id);
CREATE INDEX payments_merchant_newest ON payments (merchant_id, id DESC);

CREATE TABLE refunds (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    merchant_id         TEXT COLLATE "C" NOT NULL,
    invoice_id          TEXT COLLATE "C" NOT NULL REFERENCES invoices (id),
    mode                TEXT           NOT NULL CHECK (mode IN ('test', 'live')),
    amount              NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    currency            TEXT           NOT NULL,
    -- What is paid back: the invoice's currency for card/UPI, the payment's coin on-chain.
    method              TEXT           NOT NULL,
    network             TEXT,
    payout_currency     TEXT           NOT NULL,
    payout_amount       NUMERIC(36, 18) NOT NULL CHECK (payout_amount > 0),
    destination_address TEXT,
    tx_hash             TEXT,
    reason              TEXT,
    status              TEXT           NOT NULL CHECK (status IN ('pending', 'processing', 'succeeded', 'failed')),
    error_code          TEXT,
    created_at          TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL
);
CREATE INDEX refunds_invoice ON refunds (invoice_id, id);
CREATE INDEX refunds_merchant_newest ON refunds (merchant_id, id DESC);

-- Durable work queue of the simulated card/UPI processor: a restart loses nothing, a job is taken
-- with SKIP LOCKED and done in the transaction that deletes it.
CREATE TABLE payment_jobs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT           NOT NULL CHECK (kind IN ('payment', 'refund')),
    target_id   TEXT COLLATE "C" NOT NULL UNIQUE,
    merchant_id TEXT COLLATE "C" NOT NULL,
    run_at      TIMESTAMPTZ    NOT NULL,
    -- What the simulated processor will answer, decided from the card or VPA when the payment was made:
    -- the card number itself is never stored.
    outcome     TEXT           NOT NULL,
    attempts    INTEGER        NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX payment_jobs_due ON payment_jobs (run_at);

-- The event store: every change of an invoice (its payments and refunds included), in order. The
-- invoice row's version is the optimistic-concurrency check; an event's version is the row's new one.
CREATE TABLE invoice_events (
    event_id     TEXT COLLATE "C" NOT NULL,
    aggregate_id TEXT COLLATE "C" NOT NULL,
    merchant_id  TEXT COLLATE "C" NOT NULL,
    version      BIGINT      NOT NULL,
    type         TEXT        NOT NULL,
    data         JSONB       NOT NULL,
    metadata     JSONB       NOT NULL DEFAULT '{}',
    occurred_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (aggregate_id, version, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX invoice_events_merchant_time ON invoice_events (merchant_id, occurred_at);
-- Catches a month whose partition the job has not made yet (the job runs months ahead).
CREATE TABLE invoice_events_default PARTITION OF invoice_events DEFAULT;

CREATE FUNCTION ensure_invoice_event_partitions(months_ahead INTEGER) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    first_month DATE := date_trunc('month', now())::date;
    month_start DATE;
    partition   TEXT;
    created     INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('invoice_events partitions'));
    FOR i IN 0..months_ahead LOOP
        month_start := (first_month + make_interval(months => i))::date;
        partition := 'invoice_events_' || to_char(month_start, 'YYYYMM');
        IF to_regclass(partition) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF invoice_events FOR VALUES FROM (%L) TO (%L)',
                           partition, month_start, (month_start + interval '1 month')::date);
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;
SELECT ensure_invoice_event_partitions(3);

-- chain.events.v1 events that could not be applied for a reason retrying will not fix (an invoice this
-- shard does not have, an amount PayGrid cannot represent): kept for an operator instead of dropped.
CREATE TABLE parked_chain_events (
    event_id    TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    invoice_id  TEXT,
    transfer_id TEXT,
    type        TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
