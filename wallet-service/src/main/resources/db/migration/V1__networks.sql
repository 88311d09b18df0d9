-- Global reference data of wallet-service: the chains PayGrid knows.
CREATE TABLE networks (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    name                   TEXT    NOT NULL,
    kind                   TEXT    NOT NULL CHECK (kind IN ('bitcoin', 'evm')),
    chain_id               BIGINT,
    native_currency        TEXT    NOT NULL,
    required_confirmations INTEGER NOT NULL CHECK (required_confirmations > 0),
    testnet                BOOLEAN NOT NULL,
    enabled                BOOLEAN NOT NULL
);

INSERT INTO networks (id, name, kind, chain_id, native_currency, required_confirmations, testnet, enabled) VALUES
    ('bitcoin',         'Bitcoin',          'bitcoin', NULL,     'BTC', 3,  false, true),
    ('bitcoin-testnet', 'Bitcoin Testnet',  'bitcoin', NULL,     'BTC', 1,  true,  true),
    ('ethereum',        'Ethereum',         'evm',     1,        'ETH', 12, false, true),
    ('sepolia',         'Sepolia',          'evm',     11155111, 'ETH', 3,  true,  true),
    ('polygon',         'Polygon PoS',      'evm',     137,      'POL', 64, false, true),
    ('bsc',             'BNB Smart Chain',  'evm',     56,       'BNB', 15, false, true),
    ('devnet',          'Local devnet',     'evm',     31337,    'ETH', 1,  true,  true);
