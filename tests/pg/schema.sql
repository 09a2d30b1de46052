-- Deterministic schema and data for the planlens PostgreSQL test corpus.
--
-- Every value is computed from generate_series with plain arithmetic, so two
-- loads produce byte-identical tables (and, with autovacuum off and a final
-- VACUUM ANALYZE, identical statistics and plans).  Sizes are chosen so that
-- parallel plans, spilling sorts/hashes and lossy bitmaps are reachable with
-- per-statement settings while the whole load stays at a few seconds.
--
-- @SOCKET_DIR@ and @PORT@ are replaced by the harness (pgserver.load_schema)
-- so the postgres_fdw loopback server reaches this very server.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE EXTENSION postgres_fdw;

-- ---------------------------------------------------------------- reference data
CREATE TABLE regions (
    id   integer PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO regions
SELECT i, (ARRAY['north', 'south', 'east', 'west', 'central', 'islands', 'coast', 'mountains'])[i]
FROM generate_series(1, 8) AS i;

CREATE TABLE categories (
    id        integer PRIMARY KEY,
    parent_id integer REFERENCES categories (id),
    name      text NOT NULL
);
-- a small tree: 1..5 are roots, every other category hangs under (id - 1) / 5
INSERT INTO categories
SELECT i, CASE WHEN i <= 5 THEN NULL ELSE (i - 1) / 5 END, 'category ' || i
FROM generate_series(1, 60) AS i;

-- ---------------------------------------------------------------- customers
CREATE TABLE customers (
    id         integer PRIMARY KEY,
    region_id  integer NOT NULL,
    name       text NOT NULL,
    email      text NOT NULL,
    created_on date NOT NULL,
    vip        boolean NOT NULL,
    score      integer NOT NULL
);
INSERT INTO customers
SELECT i,
       1 + i % 8,
       'customer ' || i,
       'c' || i || '@example.org',
       date '2020-01-01' + (i * 37) % 1400,
       i % 50 = 0,
       (i * 7919) % 1000
FROM generate_series(1, 20000) AS i;

-- ---------------------------------------------------------------- products
CREATE TABLE products (
    id          integer PRIMARY KEY,
    category_id integer NOT NULL,
    name        text NOT NULL,
    price       numeric(10, 2) NOT NULL,
    attrs       jsonb NOT NULL,
    tags        integer[] NOT NULL
);
INSERT INTO products
SELECT i,
       6 + i % 55,
       'product ' || i,
       ((i * 7) % 500 + 1) + (i % 100) / 100.0,
       jsonb_build_object('color', (ARRAY['red', 'green', 'blue', 'black', 'white'])[1 + i % 5],
                          'size', (ARRAY['S', 'M', 'L', 'XL'])[1 + i % 4],
                          'stock', (i * 13) % 200),
       ARRAY[i % 10, 10 + i % 7, 20 + i % 3]
FROM generate_series(1, 5000) AS i;

-- ---------------------------------------------------------------- orders
CREATE TABLE orders (
    id          integer PRIMARY KEY,
    customer_id integer NOT NULL,
    ordered_at  timestamp NOT NULL,
    status      text NOT NULL,
    total       numeric(12, 2) NOT NULL,
    note        text,
    updated_at  timestamp
);
INSERT INTO orders
SELECT i,
       1 + (i * 7) % 20000,
       timestamp '2022-01-01' + (i * 311 % 525600) * interval '1 minute',
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'returned'])[1 + (i * 3) % 5],
       ((i * 37) % 100000) / 100.0,
       CASE WHEN i % 10 = 0 THEN 'gift, wrapped' WHEN i % 10 = 1 THEN 'call "before" delivery' END,
       NULL
FROM generate_series(1, 100000) AS i;

-- ---------------------------------------------------------------- "Order Items"
-- A quoted table name and a column named "select": both need quoting in plans.
CREATE TABLE "Order Items" (
    order_id   integer NOT NULL,
    line_no    integer NOT NULL,
    product_id integer NOT NULL,
    qty        integer NOT NULL,
    "select"   boolean NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
INSERT INTO "Order Items"
SELECT o, l, 1 + (o * 17 + l * 101) % 5000, 1 + (o + l) % 9, (o + l) % 4 = 0
FROM generate_series(1, 100000) AS o, generate_series(1, 3) AS l;

-- ---------------------------------------------------------------- events (range partitioned)
CREATE TABLE events (
    id      bigint NOT NULL,
    happened timestamp NOT NULL,
    kind    text NOT NULL,
    payload integer NOT NULL
) PARTITION BY RANGE (happened);
CREATE TABLE events_2023_q1 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2023-04-01');
CREATE TABLE events_2023_q2 PARTITION OF events FOR VALUES FROM ('2023-04-01') TO ('2023-07-01');
CREATE TABLE events_2023_q3 PARTITION OF events FOR VALUES FROM ('2023-07-01') TO ('2023-10-01');
CREATE TABLE events_2023_q4 PARTITION OF events FOR VALUES FROM ('2023-10-01') TO ('2024-01-01');
INSERT INTO events
SELECT i,
       timestamp '2023-01-01' + (i * 263 % 525600) * interval '1 minute',
       (ARRAY['click', 'view', 'buy', 'share'])[1 + i % 4],
       (i * 31) % 1000
FROM generate_series(1, 120000) AS i;
CREATE INDEX events_happened_idx ON events (happened);
CREATE INDEX events_kind_idx ON events (kind, payload);

-- ---------------------------------------------------------------- documents (GIN, GiST)
CREATE TABLE documents (
    id       integer PRIMARY KEY,
    title    text NOT NULL,
    body     tsvector NOT NULL,
    valid    int4range NOT NULL,
    location point NOT NULL,
    labels   integer[] NOT NULL
);
INSERT INTO documents
SELECT i,
       'doc ' || i,
       to_tsvector('simple', (ARRAY['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'])[1 + i % 7] || ' ' ||
                             (ARRAY['red', 'green', 'blue'])[1 + i % 3] || ' word' || (i % 100)),
       int4range(i % 1000, i % 1000 + 1 + i % 50),
       point(i % 200, (i * 7) % 200),
       ARRAY[i % 13, 13 + i % 11]
FROM generate_series(1, 20000) AS i;
CREATE INDEX documents_body_gin ON documents USING gin (body);
CREATE INDEX documents_labels_gin ON documents USING gin (labels);
CREATE INDEX documents_valid_gist ON documents USING gist (valid);
CREATE INDEX documents_location_gist ON documents USING gist (location);

-- ---------------------------------------------------------------- wide table for lossy bitmaps
-- Many rows per page and a predicate that touches many pages: with a tiny
-- work_mem the bitmap degrades to lossy pages and rows get rechecked.
CREATE TABLE readings (
    id     integer NOT NULL,
    sensor integer NOT NULL,
    value  integer NOT NULL
);
INSERT INTO readings
SELECT i, i % 100, (i * 7) % 1000 FROM generate_series(1, 200000) AS i;
CREATE INDEX readings_sensor_idx ON readings (sensor);
CREATE INDEX readings_value_idx ON readings (value);

-- ---------------------------------------------------------------- indexes and keys (after load: faster)
CREATE INDEX customers_region_idx ON customers (region_id);
CREATE INDEX customers_created_idx ON customers (created_on);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX order_items_product_idx ON "Order Items" (product_id);
CREATE INDEX products_category_idx ON products (category_id);
CREATE INDEX products_attrs_gin ON products USING gin (attrs);
CREATE INDEX products_tags_gin ON products USING gin (tags);

ALTER TABLE customers ADD CONSTRAINT customers_region_fk FOREIGN KEY (region_id) REFERENCES regions (id);
ALTER TABLE products ADD CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE "Order Items" ADD CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE "Order Items" ADD CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id);

-- ---------------------------------------------------------------- a table for ON CONFLICT and MERGE
CREATE TABLE stock (
    product_id integer PRIMARY KEY REFERENCES products (id),
    on_hand    integer NOT NULL,
    sku        text NOT NULL UNIQUE
);
INSERT INTO stock SELECT i, (i * 13) % 200, 'SKU-' || i FROM generate_series(1, 4000) AS i;

-- ---------------------------------------------------------------- user triggers
-- A row trigger (BEFORE UPDATE) and a statement trigger with a transition
-- table (AFTER INSERT ... REFERENCING NEW TABLE).  The statement trigger's
-- query scans the transition table, i.e. a Named Tuplestore Scan.  When the
-- custom setting planlens.explain_in_trigger holds an EXPLAIN statement, the
-- trigger runs that instead and keeps its output in explain_capture: the
-- only way to make the server print a Named Tuplestore Scan plan.
CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := timestamp '2024-01-01 00:00:00';
    RETURN NEW;
END
$$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_touch();

CREATE TABLE explain_capture (n serial PRIMARY KEY, line text NOT NULL);

CREATE FUNCTION order_items_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stmt text := current_setting('planlens.explain_in_trigger', true);
    line text;  -- EXPLAIN returns text or json rows: assignment converts both
    n    bigint;
BEGIN
    IF coalesce(stmt, '') <> '' THEN
        FOR line IN EXECUTE stmt LOOP
            INSERT INTO explain_capture (line) VALUES (line);
        END LOOP;
    ELSE
        SELECT count(*) INTO n FROM new_items;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER order_items_summary AFTER INSERT ON "Order Items"
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION order_items_summary();

-- ---------------------------------------------------------------- views
CREATE VIEW customer_totals AS
SELECT c.id, c.name, c.region_id, count(o.id) AS orders, sum(o.total) AS spent
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id;

CREATE VIEW paid_orders AS
SELECT * FROM orders WHERE status = 'paid';

-- ---------------------------------------------------------------- postgres_fdw loopback
CREATE SERVER loopback FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '@SOCKET_DIR@', port '@PORT@', dbname 'planlens');
CREATE SERVER loopback_async FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '@SOCKET_DIR@', port '@PORT@', dbname 'planlens'@since 14:, async_capable 'true'@);
CREATE USER MAPPING FOR CURRENT_USER SERVER loopback;
CREATE USER MAPPING FOR CURRENT_USER SERVER loopback_async;

CREATE SCHEMA remote;
CREATE FOREIGN TABLE remote.orders (
    id integer, customer_id integer, ordered_at timestamp, status text, total numeric(12, 2),
    note text, updated_at timestamp
) SERVER loopback OPTIONS (schema_name 'public', table_name 'orders');
CREATE FOREIGN TABLE remote.customers (
    id integer, region_id integer, name text, email text, created_on date, vip boolean, score integer
) SERVER loopback OPTIONS (schema_name 'public', table_name 'customers');
-- writable target for direct-modify foreign DML
CREATE TABLE fdw_target (id integer PRIMARY KEY, val integer NOT NULL);
INSERT INTO fdw_target SELECT i, i % 100 FROM generate_series(1, 1000) AS i;
CREATE FOREIGN TABLE remote.fdw_target (id integer, val integer)
    SERVER loopback OPTIONS (schema_name 'public', table_name 'fdw_target');
-- two async-capable foreign tables over two partitions, for Async Foreign Scan under Append
CREATE FOREIGN TABLE remote.events_q1 (id bigint, happened timestamp, kind text, payload integer)
    SERVER loopback_async OPTIONS (schema_name 'public', table_name 'events_2023_q1');
CREATE FOREIGN TABLE remote.events_q2 (id bigint, happened timestamp, kind text, payload integer)
    SERVER loopback_async OPTIONS (schema_name 'public', table_name 'events_2023_q2');

-- ANALYZE samples 300 x statistics target rows at random.  A target of 1000
-- samples 300000 rows, i.e. every row of every table here, so the statistics
-- (and with them every estimate in the corpus) are the same on every load.
SET default_statistics_target = 1000;
VACUUM ANALYZE;
ANALYZE remote.orders, remote.customers, remote.fdw_target, remote.events_q1, remote.events_q2;
