-- The devnet settles after 2 blocks by default (a reorg drill needs a confirmed payment to revert).
UPDATE networks SET required_confirmations = 2 WHERE id = 'devnet';

-- Currencies per network: native coins and ERC-20 tokens (contract address lower case, on-chain decimals).
CREATE TABLE currencies (
    network          TEXT COLLATE "C" NOT NULL REFERENCES networks (id),
    code             TEXT COLLATE "C" NOT NULL,
    name             TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('native', 'token')),
    contract_address TEXT,
    decimals         INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 36),
    PRIMARY KEY (network, code),
    CHECK ((kind = 'native') = (contract_address IS NULL))
);

INSERT INTO currencies (network, code, name, kind, contract_address, decimals) VALUES
    ('bitcoin',         'BTC',  'Bitcoin',    'native', NULL, 8),
    ('bitcoin-testnet', 'BTC',  'Bitcoin',    'native', NULL, 8),
    ('ethereum',        'ETH',  'Ether',      'native', NULL, 18),
    ('ethereum',        'USDC', 'USD Coin',   'token',  '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 6),
    ('ethereum',        'USDT', 'Tether USD', 'token',  '0xdac17f958d2ee523a2206206994597c13d831ec7', 6),
    ('sepolia',         'ETH',  'Ether',      'native', NULL, 18),
    ('sepolia',         'USDC', 'USD Coin',   'token',  '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238', 6),
    ('polygon',         'POL',  'POL',        'native', NULL, 18),
    ('polygon',         'USDC', 'USD Coin',   'token',  '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359', 6),
    ('polygon',         'USDT', 'Tether USD', 'token',  '0xc2132d05d31c914a87c6611c10748aeb04b58e8f', 6),
    ('bsc',             'BNB',  'BNB',        'native', NULL, 18),
    ('bsc',             'USDC', 'USD Coin',   'token',  '0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d', 18),
    ('bsc',             'USDT', 'Tether USD', 'token',  '0x55d398326f99059ff775485246999027b3197955', 18),
    ('devnet',          'ETH',  'Ether',      'native', NULL, 18);

-- Every exchange rate PayGrid computed and used: the median and the source answers it came from.
CREATE TABLE price_history (
    id          TEXT COLLATE "C" PRIMARY KEY,
    base        TEXT           NOT NULL,
    quote       TEXT           NOT NULL,
    rate        NUMERIC(36, 18) NOT NULL CHECK (rate > 0),
    sources     JSONB          NOT NULL,
    created_at  TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX price_history_pair_time ON price_history (base, quote, created_at DESC);

-- Where each network's watcher has scanned to, and the recent blocks it saw (to notice a reorg).
CREATE TABLE chain_scan_state (
    network     TEXT COLLATE "C" PRIMARY KEY REFERENCES networks (id),
    last_block  BIGINT      NOT NULL,
    last_hash   TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE chain_blocks (
    network      TEXT COLLATE "C" NOT NULL REFERENCES networks (id),
    number       BIGINT NOT NULL,
    hash         TEXT   NOT NULL,
    parent_hash  TEXT   NOT NULL,
    PRIMARY KEY (network, number)
);
