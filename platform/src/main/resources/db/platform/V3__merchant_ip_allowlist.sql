-- The merchant's API IP allowlist (settings.ip_allowlist), enforced by every service; empty allows all.
ALTER TABLE merchant_replica ADD COLUMN ip_allowlist TEXT[] NOT NULL DEFAULT '{}';
