-- A point may stand for a batch of facts reported together (a service's API requests since its last report): how many,
-- with value their total and the shortest and longest alone. A single fact is a batch of one.
ALTER TABLE metric_points
    ADD COLUMN count     BIGINT NOT NULL DEFAULT 1 CHECK (count > 0),
    ADD COLUMN min_value NUMERIC(36, 18),
    ADD COLUMN max_value NUMERIC(36, 18);
