-- Raw metric points (one per fact an event carries), partitioned by day and kept for the retention; hourly and
-- daily rollups maintained as points arrive, per merchant, mode, metric, currency and payment method.
DROP TABLE metrics_hourly;

CREATE TABLE metric_points (
    event_id    TEXT COLLATE "C" NOT NULL,
    metric      TEXT            NOT NULL,
    merchant_id TEXT COLLATE "C" NOT NULL,
    mode        TEXT            NOT NULL,
    currency    TEXT            NOT NULL DEFAULT '',
    method      TEXT            NOT NULL DEFAULT '',
    -- What the fact is about (a payment id): a reversal finds the point it takes back.
    subject     TEXT,
    value       NUMERIC(36, 18) NOT NULL,
    weight      INTEGER         NOT NULL DEFAULT 1 CHECK (weight IN (1, -1)),
    occurred_at TIMESTAMPTZ     NOT NULL,
    PRIMARY KEY (event_id, metric, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX metric_points_subject ON metric_points (merchant_id, metric, subject) WHERE subject IS NOT NULL;

CREATE TABLE metrics_hourly (
    merchant_id TEXT COLLATE "C" NOT NULL,
    mode        TEXT            NOT NULL,
    metric      TEXT            NOT NULL,
    currency    TEXT            NOT NULL DEFAULT '',
    method      TEXT            NOT NULL DEFAULT '',
    bucket      TIMESTAMPTZ     NOT NULL,
    count       BIGINT          NOT NULL,
    sum         NUMERIC(36, 18) NOT NULL,
    min         NUMERIC(36, 18),
    max         NUMERIC(36, 18),
    PRIMARY KEY (merchant_id, mode, metric, currency, method, bucket)
);
CREATE INDEX metrics_hourly_bucket ON metrics_hourly (metric, bucket);

CREATE TABLE metrics_daily (LIKE metrics_hourly INCLUDING ALL);

-- Who paid, per hour: unique customers over any range of whole hours.
CREATE TABLE customers_hourly (
    merchant_id TEXT COLLATE "C" NOT NULL,
    mode        TEXT        NOT NULL,
    bucket      TIMESTAMPTZ NOT NULL,
    customer    TEXT        NOT NULL,
    PRIMARY KEY (merchant_id, mode, bucket, customer)
);

-- Invoices counted as paid: an invoice paid again after a reorg took its payment away is counted once.
CREATE TABLE counted_invoices (
    merchant_id TEXT COLLATE "C" NOT NULL,
    invoice_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (merchant_id, invoice_id)
);

-- Daily partitions from days_back before today to days_ahead after it; an event older than what exists lands in
-- the default partition, never lost.
CREATE TABLE metric_points_default PARTITION OF metric_points DEFAULT;

CREATE FUNCTION ensure_metric_partitions(days_back INTEGER, days_ahead INTEGER) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    day       DATE;
    partition TEXT;
    created   INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('metric_points partitions'));
    FOR i IN -days_back..days_ahead LOOP
        day := (now() AT TIME ZONE 'UTC')::date + i;
        partition := 'metric_points_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(partition) IS NULL THEN
            -- A day whose points already sit in the default partition cannot get its own; it stays there, and the
            -- other days are still made.
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF metric_points FOR VALUES FROM (%L) TO (%L)',
                               partition, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
                created := created + 1;
            EXCEPTION WHEN check_violation OR invalid_object_definition THEN
                RAISE NOTICE 'metric_points: % stays in the default partition: %', day, SQLERRM;
            END;
        END IF;
    END LOOP;
    RETURN created;
END $$;

-- Drops the daily partitions wholly before the cutoff: the retention of raw points (rollups stay).
CREATE FUNCTION drop_metric_partitions(cutoff DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    partition RECORD;
    dropped   INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('metric_points partitions'));
    FOR partition IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                      WHERE i.inhparent = 'metric_points'::regclass AND c.relname ~ '^metric_points_[0-9]{8}$' LOOP
        IF to_date(substring(partition.relname from 15 for 8), 'YYYYMMDD') < cutoff THEN
            EXECUTE format('DROP TABLE %I', partition.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    DELETE FROM metric_points_default WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    RETURN dropped;
END $$;

SELECT ensure_metric_partitions(2, 7);
