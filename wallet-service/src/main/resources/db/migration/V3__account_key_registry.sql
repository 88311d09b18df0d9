-- Which merchant registered each account key, across every shard (keyed by the key's first receive
-- address): the same key under two merchants would pay both merchants' invoices from one transfer.
CREATE TABLE account_keys (
    network       TEXT COLLATE "C" NOT NULL REFERENCES networks (id),
    first_address TEXT COLLATE "C" NOT NULL,
    merchant_id   TEXT COLLATE "C" NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (network, first_address)
);
