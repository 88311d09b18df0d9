-- A customer belongs to one mode, like every invoice, payment and refund: a test key never sees live customers and
-- the other way round. Existing customers take the mode of their invoices; one used by both modes stays live and
-- gets a test copy (its id derived from the live one's), to which its test invoices are moved.
ALTER TABLE customers ADD COLUMN mode TEXT NOT NULL DEFAULT 'test' CHECK (mode IN ('test', 'live'));

DROP INDEX customers_merchant_email;
CREATE UNIQUE INDEX customers_merchant_mode_email ON customers (merchant_id, mode, lower(email));
DROP INDEX customers_merchant_newest;
CREATE INDEX customers_merchant_mode_newest ON customers (merchant_id, mode, id DESC);

UPDATE customers c SET mode = 'live'
 WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.mode = 'live');

INSERT INTO customers (id, merchant_id, email, name, metadata, created_at, updated_at, mode)
SELECT 'cus_0' || substr(md5(c.id || ':test'), 1, 25), c.merchant_id, c.email, c.name, c.metadata, c.created_at, now(), 'test'
  FROM customers c
 WHERE c.mode = 'live'
   AND EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.mode = 'test');

UPDATE invoices i SET customer_id = 'cus_0' || substr(md5(i.customer_id || ':test'), 1, 25)
 WHERE i.mode = 'test'
   AND EXISTS (SELECT 1 FROM customers c WHERE c.id = i.customer_id AND c.mode = 'live');
