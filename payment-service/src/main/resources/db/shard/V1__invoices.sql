-- Merchant-owned tables of payment-service: one copy per shard.
CREATE TABLE invoices (
    id              TEXT COLLATE "C" PRIMARY KEY,
    merchant_id     TEXT COLLATE "C" NOT NULL,
    mode            TEXT           NOT NULL CHECK (mode IN ('test', 'live')),
    status          TEXT           NOT NULL CHECK (status IN ('open', 'processing', 'paid', 'expired', 'cancelled', 'invalid')),
    exception       TEXT           NOT NULL DEFAULT 'none'
                                   CHECK (exception IN ('none', 'underpaid', 'overpaid', 'paid_late', 'marked')),
    amount          NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    currency        TEXT           NOT NULL,
    amount_paid     NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    amount_refunded NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
    order_id        TEXT,
    description     TEXT,
    metadata        JSONB          NOT NULL DEFAULT '{}',
    expires_at      TIMESTAMPTZ    NOT NULL,
    created_at      TIMESTAMPTZ    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX invoices_merchant_newest ON invoices (merchant_id, id DESC);
CREATE INDEX invoices_merchant_order ON invoices (merchant_id, order_id) WHERE order_id IS NOT NULL;
