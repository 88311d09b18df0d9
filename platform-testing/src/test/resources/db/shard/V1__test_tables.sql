CREATE TABLE test_items (
    id          TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    note        TEXT
);
CREATE TABLE test_effects (
    event_id TEXT NOT NULL,
    applied  INTEGER NOT NULL DEFAULT 1
);
