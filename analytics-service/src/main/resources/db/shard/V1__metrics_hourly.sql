-- Merchant-owned tables of analytics-service: one copy per shard.
-- Hourly rollups of each metric; daily figures are summed from these.
CREATE TABLE metrics_hourly (
    merchant_id TEXT COLLATE "C" NOT NULL,
    metric      TEXT            NOT NULL,
    currency    TEXT            NOT NULL DEFAULT '',
    bucket      TIMESTAMPTZ     NOT NULL,
    count       BIGINT          NOT NULL CHECK (count >= 0),
    sum         NUMERIC(36, 18) NOT NULL,
    min         NUMERIC(36, 18),
    max         NUMERIC(36, 18),
    PRIMARY KEY (merchant_id, metric, currency, bucket)
);
