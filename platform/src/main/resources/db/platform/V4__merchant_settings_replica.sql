-- The merchant's settings as merchant-service last published them (confirmations per network, expiry,
-- tolerance, branding), for services whose rules depend on them.
ALTER TABLE merchant_replica ADD COLUMN settings JSONB NOT NULL DEFAULT '{}';
