-- Merchant-owned wallet data: extended public keys, their derived addresses, leases to invoices,
-- transfers seen on chain, and the balance ledger.

CREATE TABLE derivation_schemes (
    id            TEXT COLLATE "C" PRIMARY KEY,
    merchant_id   TEXT COLLATE "C" NOT NULL,
    network       TEXT COLLATE "C" NOT NULL,
    account_key   TEXT        NOT NULL,
    address_type  TEXT        NOT NULL CHECK (address_type IN ('p2wpkh', 'evm')),
    gap_limit     INTEGER     NOT NULL CHECK (gap_limit BETWEEN 1 AND 1000),
    next_index    INTEGER     NOT NULL DEFAULT 0 CHECK (next_index >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    retired_at    TIMESTAMPTZ,
    -- Set when more leased-but-unpaid addresses in a row than gap_limit were handed out; cleared by a payment.
    gap_exceeded_at TIMESTAMPTZ
);
-- One active scheme per merchant and network; registering a new one retires the old.
CREATE UNIQUE INDEX derivation_schemes_active ON derivation_schemes (merchant_id, network) WHERE retired_at IS NULL;

CREATE TABLE addresses (
    network          TEXT COLLATE "C" NOT NULL,
    address          TEXT COLLATE "C" NOT NULL,
    merchant_id      TEXT COLLATE "C" NOT NULL,
    scheme_id        TEXT COLLATE "C" NOT NULL REFERENCES derivation_schemes (id),
    derivation_index INTEGER     NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('available', 'assigned', 'used', 'expired')),
    lease_id         TEXT COLLATE "C",
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    assigned_at      TIMESTAMPTZ,
    used_at          TIMESTAMPTZ,
    PRIMARY KEY (network, address),
    UNIQUE (scheme_id, derivation_index),
    CHECK ((status = 'available') = (lease_id IS NULL))
);
CREATE INDEX addresses_available ON addresses (scheme_id, derivation_index) WHERE status = 'available';
CREATE INDEX addresses_assigned ON addresses (lease_id) WHERE status = 'assigned';
CREATE INDEX addresses_used ON addresses (scheme_id, derivation_index) WHERE status = 'used';

CREATE TABLE address_leases (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    merchant_id            TEXT COLLATE "C" NOT NULL,
    invoice_id             TEXT COLLATE "C" NOT NULL,
    method                 TEXT        NOT NULL,
    network                TEXT COLLATE "C" NOT NULL,
    currency               TEXT        NOT NULL,
    address                TEXT COLLATE "C" NOT NULL,
    amount                 NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    invoice_amount         NUMERIC(36, 18) NOT NULL,
    invoice_currency       TEXT        NOT NULL,
    rate                   NUMERIC(36, 18) NOT NULL CHECK (rate > 0),
    rate_id                TEXT COLLATE "C",
    rate_expires_at        TIMESTAMPTZ NOT NULL,
    payment_uri            TEXT        NOT NULL,
    required_confirmations INTEGER     NOT NULL CHECK (required_confirmations > 0),
    expires_at             TIMESTAMPTZ NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (merchant_id, invoice_id, method),
    FOREIGN KEY (network, address) REFERENCES addresses (network, address)
);

CREATE TABLE chain_transfers (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    merchant_id            TEXT COLLATE "C" NOT NULL,
    lease_id               TEXT COLLATE "C" NOT NULL REFERENCES address_leases (id),
    network                TEXT COLLATE "C" NOT NULL,
    currency               TEXT        NOT NULL,
    address                TEXT COLLATE "C" NOT NULL,
    amount                 NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    tx_hash                TEXT COLLATE "C" NOT NULL,
    log_index              BIGINT      NOT NULL,
    block_number           BIGINT      NOT NULL,
    block_hash             TEXT        NOT NULL,
    from_address           TEXT,
    confirmations          INTEGER     NOT NULL,
    required_confirmations INTEGER     NOT NULL,
    status                 TEXT        NOT NULL CHECK (status IN ('detected', 'confirmed', 'reverted')),
    detected_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_at           TIMESTAMPTZ,
    reverted_at            TIMESTAMPTZ
);
-- A transfer on the best chain is recorded once; after a reorg reverts it, a re-mined copy is a new row.
CREATE UNIQUE INDEX chain_transfers_live ON chain_transfers (network, tx_hash, log_index) WHERE status <> 'reverted';
CREATE INDEX chain_transfers_unconfirmed ON chain_transfers (network) WHERE status = 'detected';
CREATE INDEX chain_transfers_by_block ON chain_transfers (network, block_number) WHERE status <> 'reverted';

-- Balances per merchant, network and currency (network NULL for card and UPI test payments). confirmed is
-- the sum of the ledger's entries; pending and locked are the sums of the open holds.
CREATE TABLE wallets (
    id          TEXT COLLATE "C" PRIMARY KEY,
    merchant_id TEXT COLLATE "C" NOT NULL,
    network     TEXT COLLATE "C",
    currency    TEXT        NOT NULL,
    confirmed   NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    pending     NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (pending >= 0),
    locked      NUMERIC(36, 18) NOT NULL DEFAULT 0 CHECK (locked >= 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (merchant_id, network, currency)
);

CREATE TABLE ledger_entries (
    id            TEXT COLLATE "C" PRIMARY KEY,
    wallet_id     TEXT COLLATE "C" NOT NULL REFERENCES wallets (id),
    merchant_id   TEXT COLLATE "C" NOT NULL,
    type          TEXT        NOT NULL CHECK (type IN ('deposit', 'withdrawal', 'fee', 'adjustment', 'reversal')),
    amount        NUMERIC(36, 18) NOT NULL CHECK (amount <> 0),
    balance_after NUMERIC(36, 18) NOT NULL CHECK (balance_after >= 0),
    reference     TEXT COLLATE "C" NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (wallet_id, type, reference)
);
CREATE INDEX ledger_entries_of_wallet ON ledger_entries (wallet_id, id DESC);

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- Amounts held outside the confirmed balance: a payment seen but not final (pending), a refund on its way
-- out (locked). Released when the payment settles or fails, or the refund completes.
CREATE TABLE balance_holds (
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('pending', 'locked')),
    reference   TEXT COLLATE "C" NOT NULL,
    wallet_id   TEXT COLLATE "C" NOT NULL REFERENCES wallets (id),
    amount      NUMERIC(36, 18) NOT NULL CHECK (amount > 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at TIMESTAMPTZ,
    PRIMARY KEY (kind, reference)
);
CREATE INDEX balance_holds_open ON balance_holds (wallet_id, kind) WHERE released_at IS NULL;

-- Postings that would have taken a balance below zero (a payment reverted after its amount was refunded):
-- kept here for an operator to settle with an adjustment, instead of stopping the ledger for everyone.
CREATE TABLE ledger_exceptions (
    id          TEXT COLLATE "C" PRIMARY KEY,
    wallet_id   TEXT COLLATE "C" NOT NULL REFERENCES wallets (id),
    merchant_id TEXT COLLATE "C" NOT NULL,
    type        TEXT        NOT NULL,
    amount      NUMERIC(36, 18) NOT NULL,
    reference   TEXT COLLATE "C" NOT NULL,
    reason      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ,
    UNIQUE (wallet_id, type, reference)
);
