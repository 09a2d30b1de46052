-- The planlens PostgreSQL statement catalogue.
--
-- Each block starts with "-- name: NNN-slug" (the fixture file name), then
-- header comments:
--   -- explain: OPTION, OPTION ...   options inside EXPLAIN ( ... ); empty = plain EXPLAIN
--   -- note: ...                     why the statement is here (what it must make the server print)
--   -- fire: DML                     explain the statement inside the "Order Items" AFTER INSERT
--                                    trigger, fired by this DML (transition tables exist only there)
-- then SQL statements, each ending with a semicolon at the end of a line.  The
-- last statement is the one explained; the ones before it (SET, PREPARE ...)
-- run first in the same session.  capture.py wraps every run in
-- BEGIN ... ROLLBACK, so DML leaves the data unchanged.
--
-- Parallel plans use the same settings everywhere:
--   SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
--   SET min_parallel_table_scan_size = 0; SET min_parallel_index_scan_size = 0;

-- ======================================================================== scans

-- name: 001-seq-scan-plain
-- explain:
-- note: plain EXPLAIN, Seq Scan with a Filter
SELECT * FROM customers WHERE score > 990;

-- name: 002-seq-scan-analyze
-- explain: ANALYZE
-- note: Rows Removed by Filter, Planning/Execution Time
SELECT * FROM customers WHERE score > 990;

-- name: 003-index-scan
-- explain: ANALYZE, BUFFERS
-- note: Index Scan with Index Cond, Buffers lines, Planning: Buffers
SELECT * FROM orders WHERE id = 4242;

-- name: 004-index-scan-backward
-- explain: ANALYZE
-- note: Index Scan Backward under a Limit
SELECT id, total FROM orders ORDER BY id DESC LIMIT 5;

-- name: 005-index-only-scan
-- explain: ANALYZE, BUFFERS
-- note: Index Only Scan, Heap Fetches
SELECT id FROM orders WHERE id BETWEEN 1000 AND 1200;

-- name: 006-index-scan-filter
-- explain: ANALYZE
-- note: Index Scan with Index Cond and Filter, Rows Removed by Filter
SELECT * FROM orders WHERE customer_id = 707 AND total > 500;

-- name: 007-index-scan-in-list
-- explain: ANALYZE, BUFFERS
-- note: an IN list printed as = ANY ('{...}'::integer[]) in the Index Cond
SELECT * FROM orders WHERE customer_id IN (1, 8, 15, 22, 29);

-- name: 008-bitmap-and
-- explain: ANALYZE
-- note: BitmapAnd over two Bitmap Index Scans
SET enable_indexscan = off;
SET enable_seqscan = off;
SELECT * FROM readings WHERE sensor = 42 AND value < 200;

-- name: 009-bitmap-or
-- explain: ANALYZE
-- note: BitmapOr over two Bitmap Index Scans
SELECT * FROM orders WHERE customer_id = 7 OR ordered_at < '2022-01-01 03:00';

-- name: 010-bitmap-lossy
-- explain: ANALYZE, BUFFERS
-- note: tiny work_mem makes the bitmap lossy: Heap Blocks: exact=.. lossy=.., Rows Removed by Index Recheck
SET work_mem = '64kB';
SET enable_seqscan = off;
SET enable_indexscan = off;
SELECT count(*) FROM readings WHERE sensor < 30;

-- name: 011-tid-scan
-- explain: ANALYZE
-- note: Tid Scan
SELECT * FROM customers WHERE ctid = '(1,1)';

-- name: 012-tid-range-scan
-- explain: ANALYZE
-- note: Tid Range Scan
SELECT id FROM customers WHERE ctid < '(2,0)';

-- name: 013-sample-scan-bernoulli
-- explain: ANALYZE
-- note: Sample Scan with Sampling: bernoulli (...) REPEATABLE (...)
SELECT count(*) FROM orders TABLESAMPLE BERNOULLI (5) REPEATABLE (42);

-- name: 014-sample-scan-system-verbose
-- explain: VERBOSE
-- note: Sample Scan, system method, VERBOSE output lists
SELECT id, total FROM orders TABLESAMPLE SYSTEM (2);

-- name: 015-function-scan
-- explain: ANALYZE, VERBOSE
-- note: Function Scan with schema-qualified function in VERBOSE
SELECT g, g * 2 FROM generate_series(1, 1000) AS g WHERE g % 7 = 0;

-- name: 016-function-scan-rows-from
-- explain: VERBOSE
-- note: ROWS FROM with two functions: the node has an alias but no single function name
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a, b', 'c'])) AS r(n, s);

-- name: 017-table-function-scan
-- explain: ANALYZE, VERBOSE
-- note: Table Function Scan on "xmltable"
SELECT x.* FROM XMLTABLE('/rows/row' PASSING xmlparse(document '<rows><row id="1"><name>a, b</name></row><row id="2"><name>c</name></row></rows>') COLUMNS id integer PATH '@id', name text PATH 'name') AS x;

-- name: 018-values-scan
-- explain: ANALYZE, VERBOSE
-- note: Values Scan on "*VALUES*", string literals with commas and quotes
SELECT * FROM (VALUES (1, 'one, uno'), (2, 'two "dos"'), (3, 'it''s three')) AS v(n, label) WHERE label <> 'x, y';

-- name: 019-result-one-time-filter
-- explain: ANALYZE
-- note: Result with One-Time Filter: false
SELECT * FROM customers WHERE 1 = 0;

-- name: 020-result-plain
-- explain: ANALYZE, VERBOSE
-- note: a bare Result
SELECT 1 + 1 AS two, 'a, b'::text AS pair;

-- name: 021-project-set
-- explain: ANALYZE, VERBOSE
-- note: ProjectSet from set-returning functions in the target list
SELECT id, generate_series(1, 3) AS n, unnest(ARRAY['x', 'y, z']) AS s FROM regions WHERE id < 3;

-- name: 022-gin-jsonb
-- explain: ANALYZE
-- note: GIN index on jsonb through a Bitmap Index Scan
SELECT id FROM products WHERE attrs @> '{"color": "red", "size": "M"}';

-- name: 023-gin-tsvector
-- explain: ANALYZE, BUFFERS
-- note: GIN on tsvector
SELECT count(*) FROM documents WHERE body @@ to_tsquery('simple', 'alpha & red');

-- name: 024-gin-array
-- explain: ANALYZE
-- note: GIN on integer[]
SELECT id FROM products WHERE tags @> ARRAY[3, 15];

-- name: 025-gist-range-index-scan
-- explain: ANALYZE
-- note: Index Scan on a GiST index (unordered access method: JSON says Scan Direction NoMovement)
SET enable_bitmapscan = off;
SELECT id FROM documents WHERE valid @> 500;

-- name: 026-gist-knn
-- explain: ANALYZE, VERBOSE
-- note: GiST ordered scan: Order By line
SELECT id, location FROM documents ORDER BY location <-> point(100, 100) LIMIT 5;

-- ======================================================================== joins

-- name: 027-nested-loop
-- explain: ANALYZE
-- note: Nested Loop with inner Index Scan, loops > 1
SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 50;

-- name: 028-hash-join
-- explain: ANALYZE, BUFFERS
-- note: Hash Join, Hash node Buckets/Batches/Memory Usage
SELECT c.name, r.name FROM customers c JOIN regions r ON r.id = c.region_id WHERE c.score < 100;

-- name: 029-merge-join
-- explain: ANALYZE
-- note: Merge Join with Merge Cond
SET enable_hashjoin = off;
SET enable_nestloop = off;
SELECT o.id, i.qty FROM orders o JOIN "Order Items" i ON i.order_id = o.id WHERE o.id < 3000;

-- name: 030-hash-left-join
-- explain: ANALYZE
-- note: Hash Left Join
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT c.id, r.name FROM customers c LEFT JOIN regions r ON r.id = c.region_id AND r.name <> 'west' WHERE c.id < 2000;

-- name: 031-hash-right-join
-- explain: ANALYZE
-- note: Hash Right Join
SELECT c.id, o.id FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id WHERE o.total IS NULL OR o.total > 995;

-- name: 032-hash-full-join
-- explain: ANALYZE
-- note: Hash Full Join
SELECT r.id, c.id FROM regions r FULL JOIN categories c ON c.id = r.id;

-- name: 033-merge-full-join
-- explain: ANALYZE
-- note: Merge Full Join
SET enable_hashjoin = off;
SELECT r.id, c.id FROM regions r FULL JOIN categories c ON c.id = r.id;

-- name: 034-hash-semi-join
-- explain: ANALYZE
-- note: Hash Semi Join from EXISTS
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 900);

-- name: 035-hash-anti-join
-- explain: ANALYZE
-- note: Hash Anti Join from NOT EXISTS
SET enable_mergejoin = off;
SELECT p.id FROM products p WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.product_id = p.id);

-- name: 036-nested-loop-anti-join
-- explain: ANALYZE
-- note: Nested Loop Anti Join
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT r.id FROM regions r WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.region_id = r.id AND c.score = 999);

-- name: 037-nested-loop-join-filter
-- explain: ANALYZE
-- note: Join Filter and Rows Removed by Join Filter, Materialize inner
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT r.id, c.id FROM regions r JOIN categories c ON c.id > r.id * 6 AND c.name <> r.name;

-- name: 038-memoize
-- min-version: 14
-- explain: ANALYZE, BUFFERS
-- note: Memoize with Cache Key, Cache Mode, Hits/Misses/Evictions/Overflows
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT c.id, r.name FROM customers c JOIN regions r ON r.id = c.region_id WHERE c.id < 2000;

-- name: 039-hash-join-batches-grow
-- explain: ANALYZE
-- note: the inner side is underestimated, so the hash grows: Buckets: N (originally M)  Batches: N (originally M)
SET work_mem = '64kB';
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT count(*) FROM customers c JOIN (SELECT * FROM orders WHERE abs(id) = id) o ON o.customer_id = c.id;

-- name: 040-hash-join-spill
-- explain: ANALYZE, BUFFERS
-- note: a hash too big for work_mem from the start: Batches > 1, temp read/written buffers
SET work_mem = '64kB';
SET max_parallel_workers_per_gather = 0;
SELECT count(*) FROM "Order Items" i JOIN orders o ON o.id = i.order_id WHERE o.total > 10;

-- name: 041-twelve-way-join
-- explain: ANALYZE
-- note: a 12-way join
SELECT o.id, c.name, r.name, i1.qty, p1.name, c1.name, s1.on_hand, i2.qty, p2.name, c2.name, s2.sku, c1p.name
FROM orders o, customers c, regions r, "Order Items" i1, products p1, categories c1, stock s1,
     "Order Items" i2, products p2, categories c2, stock s2, categories c1p
WHERE o.id < 40 AND c.id = o.customer_id AND r.id = c.region_id
  AND i1.order_id = o.id AND i1.line_no = 1 AND p1.id = i1.product_id AND c1.id = p1.category_id AND s1.product_id = p1.id
  AND i2.order_id = o.id AND i2.line_no = 2 AND p2.id = i2.product_id AND c2.id = p2.category_id AND s2.product_id = p2.id
  AND c1p.id = c1.parent_id;

-- ======================================================================== sorting, grouping, windows

-- name: 042-sort-quicksort
-- explain: ANALYZE
-- note: Sort with Sort Key DESC NULLS LAST and quicksort memory
SELECT id, score FROM customers WHERE region_id = 3 ORDER BY score DESC NULLS LAST, id;

-- name: 043-sort-top-n-heapsort
-- explain: ANALYZE
-- note: LIMIT over Sort: top-N heapsort
SELECT id, total FROM orders ORDER BY total DESC, id LIMIT 10;

-- name: 044-sort-external-merge
-- explain: ANALYZE, BUFFERS
-- note: a spilling sort: Sort Method: external merge  Disk: NkB
SET work_mem = '64kB';
SET max_parallel_workers_per_gather = 0;
SELECT id, total FROM orders ORDER BY total, id;

-- name: 045-incremental-sort
-- min-version: 13
-- explain: ANALYZE
-- note: Incremental Sort with Presorted Key and Full-sort Groups
SELECT id, customer_id, total FROM orders ORDER BY customer_id, total LIMIT 200;

-- name: 046-incremental-sort-presorted-groups
-- min-version: 13
-- explain: ANALYZE
-- note: Incremental Sort with Pre-sorted Groups (large groups)
SET enable_hashagg = off;
SELECT status, total FROM orders WHERE id < 20000 ORDER BY status, total LIMIT 5000;

-- name: 047-group
-- explain: ANALYZE
-- note: a Group node (GROUP BY without aggregates, sorted input)
SET enable_hashagg = off;
SELECT region_id FROM customers GROUP BY region_id;

-- name: 048-aggregate-plain
-- explain: ANALYZE
-- note: plain Aggregate with FILTER
SELECT count(*), sum(total), count(*) FILTER (WHERE status = 'paid') FROM orders WHERE id < 10000;

-- name: 049-group-aggregate-having
-- explain: ANALYZE
-- note: GroupAggregate with Group Key and a HAVING Filter
SET enable_hashagg = off;
SELECT customer_id, count(*) FROM orders WHERE customer_id < 3000 GROUP BY customer_id HAVING count(*) > 5;

-- name: 050-hash-aggregate
-- explain: ANALYZE
-- note: HashAggregate with Batches and Memory Usage
SELECT status, count(*), avg(total) FROM orders GROUP BY status;

-- name: 051-hash-aggregate-spill
-- explain: ANALYZE, BUFFERS
-- note: HashAggregate spilling to disk: Planned Partitions, Batches, Disk Usage
SET work_mem = '64kB';
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SELECT customer_id, count(*) FROM orders GROUP BY customer_id;

-- name: 052-grouping-sets-mixed
-- explain: ANALYZE
-- note: MixedAggregate with Hash Key and Group Key lines
SELECT status, customer_id % 3 AS bucket, count(*) FROM orders WHERE id < 5000 GROUP BY GROUPING SETS ((status), (customer_id % 3), ());

-- name: 053-rollup-sorted
-- explain: ANALYZE
-- note: GroupAggregate over ROLLUP: Sort Key and several Group Key lines
SET enable_hashagg = off;
SELECT region_id, vip, count(*) FROM customers GROUP BY ROLLUP (region_id, vip);

-- name: 054-cube-hashed
-- explain: ANALYZE, VERBOSE
-- note: CUBE in VERBOSE
SELECT region_id, vip, count(*) FROM customers GROUP BY CUBE (region_id, vip);

-- name: 055-grouping-sets-two-sorts
-- explain: ANALYZE
-- note: grouping sets needing two sort orders: a second Sort Key inside the aggregate
SET enable_hashagg = off;
SELECT status, customer_id % 5 AS b, count(*) FROM orders WHERE id < 5000 GROUP BY GROUPING SETS ((status), (customer_id % 5));

-- name: 056-window-agg
-- explain: ANALYZE
-- note: WindowAgg over Sort
SELECT id, customer_id, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) FROM orders WHERE customer_id < 200;

-- name: 057-window-run-condition
-- explain: ANALYZE, VERBOSE
-- note: WindowAgg Run Condition (new in 15) under a Subquery Scan
SELECT * FROM (SELECT id, row_number() OVER (ORDER BY total, id) AS rn FROM orders) s WHERE rn <= 10;

-- name: 058-unique
-- explain: ANALYZE
-- note: Unique over a sorted input (DISTINCT)
SET enable_hashagg = off;
SELECT DISTINCT status FROM orders;

-- name: 059-distinct-on
-- explain: ANALYZE
-- note: DISTINCT ON: Unique over Sort with two keys
SELECT DISTINCT ON (region_id) region_id, id, score FROM customers ORDER BY region_id, score DESC, id;

-- ======================================================================== set operations, appends

-- name: 060-setop-intersect
-- explain: ANALYZE
-- note: sorted SetOp Intersect, Subquery Scans on "*SELECT* 1"/"*SELECT* 2"
SET enable_hashagg = off;
SELECT customer_id FROM orders WHERE total > 900 INTERSECT SELECT id FROM customers WHERE vip;

-- name: 061-setop-except-all
-- explain: ANALYZE
-- note: sorted SetOp Except All
SET enable_hashagg = off;
SELECT region_id FROM customers WHERE score < 10 EXCEPT ALL SELECT id FROM regions;

-- name: 062-hashsetop-except
-- explain: ANALYZE
-- note: HashSetOp Except
SELECT customer_id FROM orders WHERE id < 1000 EXCEPT SELECT id FROM customers WHERE vip;

-- name: 063-hashsetop-intersect-all
-- explain: ANALYZE
-- note: HashSetOp Intersect All
SELECT region_id FROM customers WHERE score < 100 INTERSECT ALL SELECT id FROM regions;

-- name: 064-append-union-all
-- explain: ANALYZE
-- note: Append of differently typed branches (Subquery Scan children)
SELECT id, name FROM regions UNION ALL SELECT id, name FROM categories WHERE id < 10 UNION ALL SELECT 0, 'none, really';

-- name: 065-union-distinct
-- explain: ANALYZE
-- note: UNION: HashAggregate over Append
SELECT region_id FROM customers WHERE id < 100 UNION SELECT id FROM regions;

-- name: 066-merge-append
-- explain: ANALYZE
-- note: Merge Append of two ordered index scans
SELECT id FROM orders UNION ALL SELECT id FROM customers ORDER BY 1 LIMIT 10;

-- name: 067-thirty-branch-union-all
-- explain: ANALYZE
-- note: an Append with 30 members
SELECT 'b01' AS branch, id FROM customers WHERE score = 3
UNION ALL
SELECT 'b02' AS branch, id FROM orders WHERE customer_id = 6
UNION ALL
SELECT 'b03' AS branch, id FROM products WHERE category_id = 9
UNION ALL
SELECT 'b04' AS branch, id FROM documents WHERE id = 12
UNION ALL
SELECT 'b05' AS branch, id FROM readings WHERE sensor = 15
UNION ALL
SELECT 'b06' AS branch, id FROM customers WHERE score = 18
UNION ALL
SELECT 'b07' AS branch, id FROM orders WHERE customer_id = 21
UNION ALL
SELECT 'b08' AS branch, id FROM products WHERE category_id = 24
UNION ALL
SELECT 'b09' AS branch, id FROM documents WHERE id = 27
UNION ALL
SELECT 'b10' AS branch, id FROM readings WHERE sensor = 30
UNION ALL
SELECT 'b11' AS branch, id FROM customers WHERE score = 33
UNION ALL
SELECT 'b12' AS branch, id FROM orders WHERE customer_id = 36
UNION ALL
SELECT 'b13' AS branch, id FROM products WHERE category_id = 39
UNION ALL
SELECT 'b14' AS branch, id FROM documents WHERE id = 42
UNION ALL
SELECT 'b15' AS branch, id FROM readings WHERE sensor = 45
UNION ALL
SELECT 'b16' AS branch, id FROM customers WHERE score = 48
UNION ALL
SELECT 'b17' AS branch, id FROM orders WHERE customer_id = 51
UNION ALL
SELECT 'b18' AS branch, id FROM products WHERE category_id = 54
UNION ALL
SELECT 'b19' AS branch, id FROM documents WHERE id = 57
UNION ALL
SELECT 'b20' AS branch, id FROM readings WHERE sensor = 60
UNION ALL
SELECT 'b21' AS branch, id FROM customers WHERE score = 63
UNION ALL
SELECT 'b22' AS branch, id FROM orders WHERE customer_id = 66
UNION ALL
SELECT 'b23' AS branch, id FROM products WHERE category_id = 69
UNION ALL
SELECT 'b24' AS branch, id FROM documents WHERE id = 72
UNION ALL
SELECT 'b25' AS branch, id FROM readings WHERE sensor = 75
UNION ALL
SELECT 'b26' AS branch, id FROM customers WHERE score = 78
UNION ALL
SELECT 'b27' AS branch, id FROM orders WHERE customer_id = 81
UNION ALL
SELECT 'b28' AS branch, id FROM products WHERE category_id = 84
UNION ALL
SELECT 'b29' AS branch, id FROM documents WHERE id = 87
UNION ALL
SELECT 'b30' AS branch, id FROM readings WHERE sensor = 90;

-- ======================================================================== partitions

-- name: 068-partition-prune-plan-time
-- explain: ANALYZE
-- note: plan-time pruning: only one partition appears
SELECT count(*) FROM events WHERE happened >= '2023-05-01' AND happened < '2023-06-01';

-- name: 069-partition-prune-init-time
-- explain: ANALYZE
-- note: generic plan of a prepared statement: Subplans Removed: 3
SET plan_cache_mode = force_generic_plan;
PREPARE events_at(timestamp) AS SELECT count(*) FROM events WHERE happened >= $1 AND happened < $1 + interval '1 day';
EXECUTE events_at('2023-08-15');

-- name: 070-partition-prune-run-time
-- explain: ANALYZE
-- note: run-time pruning from a join parameter: partitions (never executed)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT e.id FROM (VALUES (timestamp '2023-02-01 00:00'), (timestamp '2023-02-01 01:00')) AS v(t) JOIN events e ON e.happened = v.t;

-- name: 071-partition-initplan-prune
-- explain: ANALYZE
-- note: pruning from an InitPlan value: InitPlan 1 (returns $0) and (never executed) partitions
SELECT count(*) FROM events WHERE happened > (SELECT max(ordered_at) + interval '21 months' FROM orders WHERE id < 100);

-- name: 072-partition-aggregate-parallel-append
-- explain: ANALYZE
-- note: Parallel Append of Parallel Seq Scans over partitions
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SELECT kind, count(*) FROM events GROUP BY kind;

-- ======================================================================== subqueries and CTEs

-- name: 073-initplan
-- explain: ANALYZE
-- note: InitPlan 1 (returns $0) feeding a Filter
SELECT id, total FROM orders WHERE total > (SELECT avg(total) * 1.99 FROM orders);

-- name: 074-subplan
-- explain: ANALYZE, VERBOSE
-- note: a correlated SubPlan in the target list
SELECT c.id, (SELECT max(o.total) FROM orders o WHERE o.customer_id = c.id) AS best FROM customers c WHERE c.id < 30;

-- name: 075-hashed-subplan
-- explain: ANALYZE
-- note: NOT IN with a hashed SubPlan
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE total > 10) AND id < 500;

-- name: 076-cte-materialized-twice
-- explain: ANALYZE
-- note: CTE x read by two CTE Scans
WITH big AS MATERIALIZED (SELECT customer_id, sum(total) AS spent FROM orders WHERE id < 20000 GROUP BY customer_id)
SELECT a.customer_id, b.customer_id FROM big a JOIN big b ON b.spent = a.spent AND b.customer_id > a.customer_id;

-- name: 077-recursive-cte
-- explain: ANALYZE
-- note: Recursive Union, WorkTable Scan, CTE Scan
WITH RECURSIVE tree(id, depth, path) AS (
    SELECT id, 0, name FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.depth + 1, t.path || ' > ' || c.name FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT * FROM tree ORDER BY path;

-- name: 078-subquery-scan
-- explain: ANALYZE
-- note: a Subquery Scan that cannot be flattened (LIMIT inside)
SELECT s.id FROM (SELECT id, score FROM customers ORDER BY score DESC LIMIT 100) s WHERE s.id % 2 = 0;

-- name: 079-view
-- explain: ANALYZE
-- note: a view with a GROUP BY on a primary key, filtered from outside
SELECT * FROM customer_totals WHERE id < 20;

-- ======================================================================== parallel

-- name: 080-parallel-seq-scan-verbose
-- explain: ANALYZE, VERBOSE, BUFFERS
-- note: Gather, Partial/Finalize Aggregate, per-worker "Worker N:  actual time=..." lines with Buffers
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SELECT count(*) FROM "Order Items" WHERE qty > 3;

-- name: 081-parallel-index-scan
-- explain: ANALYZE
-- note: Parallel Index Scan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM orders WHERE id < 90000 AND total > 5;

-- name: 082-parallel-index-only-scan
-- explain: ANALYZE
-- note: Parallel Index Only Scan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM orders WHERE id > 1000;

-- name: 083-parallel-bitmap-heap-scan
-- explain: ANALYZE
-- note: Parallel Bitmap Heap Scan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET enable_seqscan = off;
SET enable_indexscan = off;
SELECT count(*) FROM readings WHERE sensor < 20;

-- name: 084-parallel-hash-join
-- explain: ANALYZE
-- note: Parallel Hash Join over a Parallel Hash
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SELECT count(*) FROM "Order Items" i JOIN orders o ON o.id = i.order_id WHERE o.status = 'paid';

-- name: 085-parallel-hash-join-batches
-- explain: ANALYZE
-- note: Parallel Hash with an underestimated inner side and small work_mem: Batches: N (originally 1)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET work_mem = '256kB';
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT count(*) FROM "Order Items" i JOIN (SELECT * FROM orders WHERE abs(id) = id) o ON o.id = i.order_id;

-- name: 086-gather-merge-sort
-- explain: ANALYZE
-- note: Gather Merge over a Sort with per-worker "Worker N:  Sort Method" lines
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SELECT id, total FROM "Order Items" i JOIN orders o ON o.id = i.order_id WHERE i.qty = 3 ORDER BY total, id LIMIT 1000;

-- name: 087-gather-merge-verbose-sort
-- explain: ANALYZE, VERBOSE
-- note: Gather Merge in VERBOSE: per-worker actual lines and sort methods together
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET max_parallel_workers_per_gather = 1;
SELECT customer_id, total FROM orders WHERE total < 500 ORDER BY customer_id, total;

-- name: 088-parallel-finalize-group-aggregate
-- explain: ANALYZE
-- note: Finalize GroupAggregate / Partial HashAggregate under Gather Merge
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET enable_indexonlyscan = off;
SELECT product_id % 50, sum(qty) FROM "Order Items" GROUP BY 1 ORDER BY 1;

-- name: 089-gather-single-copy
-- explain: ANALYZE
-- note: force_parallel_mode: Gather with Single Copy: true
SET force_parallel_mode = on;
SELECT id, name FROM regions WHERE id < 4;

-- ======================================================================== JIT

-- name: 090-jit
-- explain: ANALYZE
-- note: the top-level JIT: block
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = -1;
SET jit_optimize_above_cost = -1;
SELECT sum(total), max(id) FROM orders WHERE status <> 'new';

-- name: 091-jit-parallel-verbose
-- explain: ANALYZE, VERBOSE
-- note: JIT with per-worker JIT: blocks under "Worker N:"
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = -1;
SET jit_optimize_above_cost = -1;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT count(*) FROM orders WHERE total > 5;

-- name: 092-jit-costs-off
-- explain: ANALYZE, COSTS OFF
-- note: JIT compiled the query, but with COSTS OFF the server prints no JIT: block
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
SELECT count(*) FROM regions WHERE name <> 'x';

-- ======================================================================== DML, triggers, WAL

-- name: 093-insert-values-wal
-- explain: ANALYZE, WAL
-- note: Insert with WAL: records= fpi= bytes= lines, RI trigger on customers
INSERT INTO customers VALUES (20001, 1, 'new customer', 'n@example.org', '2024-01-01', false, 1), (20002, 2, 'other, customer', 'o@example.org', '2024-01-02', true, 2);

-- name: 094-insert-fk-triggers
-- explain: ANALYZE, BUFFERS
-- note: RI constraint triggers and the user statement trigger: Trigger lines with time= calls=
INSERT INTO "Order Items" (order_id, line_no, product_id, qty, "select")
SELECT o, 4, 1 + o % 5000, 1, true FROM generate_series(1, 200) AS o;

-- name: 095-update-row-trigger-wal
-- explain: ANALYZE, WAL, BUFFERS
-- note: Update with a BEFORE ROW user trigger
UPDATE orders SET status = 'paid' WHERE id < 60;

-- name: 096-delete-cascade
-- explain: ANALYZE
-- note: Delete firing the ON DELETE CASCADE trigger ("Trigger for constraint ...")
DELETE FROM orders WHERE id BETWEEN 500 AND 505;

-- name: 097-delete-returning-verbose
-- explain: ANALYZE, VERBOSE, WAL
-- note: Delete ... RETURNING in VERBOSE: Output on ModifyTable, schema-qualified relation
DELETE FROM fdw_target WHERE id > 990 RETURNING id, val;

-- name: 098-insert-on-conflict-nothing
-- explain: ANALYZE
-- note: ON CONFLICT DO NOTHING: Conflict Resolution, Conflict Arbiter Indexes, Tuples Inserted, Conflicting Tuples
INSERT INTO stock SELECT i, 0, 'SKU-' || i FROM generate_series(3990, 4010) AS i ON CONFLICT DO NOTHING;

-- name: 099-insert-on-conflict-update
-- explain: ANALYZE, VERBOSE
-- note: ON CONFLICT DO UPDATE with a WHERE: Conflict Filter, Rows Removed by Conflict Filter
INSERT INTO stock AS s SELECT i, 5, 'SKU-' || i FROM generate_series(3995, 4005) AS i
ON CONFLICT (product_id) DO UPDATE SET on_hand = s.on_hand + excluded.on_hand WHERE s.on_hand < 100;

-- name: 100-merge
-- min-version: 15
-- explain: ANALYZE
-- note: MERGE (new in 15) with update and insert actions: Tuples: inserted= updated=
MERGE INTO stock s
USING (SELECT i AS product_id, i % 7 AS delta FROM generate_series(3990, 4010) AS i) d ON s.product_id = d.product_id
WHEN MATCHED THEN UPDATE SET on_hand = s.on_hand + d.delta
WHEN NOT MATCHED THEN INSERT VALUES (d.product_id, d.delta, 'SKU-' || d.product_id);

-- name: 101-merge-delete-nothing
-- min-version: 15
-- explain: ANALYZE, COSTS OFF
-- note: MERGE with delete and do-nothing actions: deleted= skipped=
MERGE INTO stock s
USING (SELECT i AS product_id FROM generate_series(3980, 4000) AS i) d ON s.product_id = d.product_id
WHEN MATCHED AND s.on_hand > 100 THEN DELETE
WHEN MATCHED THEN DO NOTHING;

-- name: 102-update-partitioned
-- explain: ANALYZE, VERBOSE
-- note: Update on a partitioned table lists each target partition ("Update on public.events_2023_q1 events_1")
UPDATE events SET payload = payload + 1 WHERE happened < '2023-01-01 06:00' OR happened > '2023-12-31 20:00';

-- name: 103-insert-partitioned
-- explain: ANALYZE, WAL
-- note: tuple routing insert into a partitioned table
INSERT INTO events SELECT 1000000 + i, timestamp '2023-03-30' + i * interval '1 day', 'late', i FROM generate_series(1, 5) AS i;

-- name: 104-select-for-update
-- explain: ANALYZE
-- note: LockRows
SELECT id, status FROM orders WHERE id < 20 FOR UPDATE;

-- name: 105-lock-rows-skip-locked-join
-- explain: ANALYZE, VERBOSE
-- note: LockRows over a join, FOR NO KEY UPDATE OF one table
SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 10 FOR NO KEY UPDATE OF o SKIP LOCKED;

-- name: 106-named-tuplestore-scan
-- explain: ANALYZE
-- note: Named Tuplestore Scan: explained inside the statement trigger, over its transition table
-- fire: INSERT INTO "Order Items" SELECT o, 5, 1 + o % 5000, 2, false FROM generate_series(1, 50) AS o
SELECT product_id % 10 AS bucket, sum(qty) FROM new_items GROUP BY 1;

-- name: 107-named-tuplestore-join-verbose
-- explain: VERBOSE
-- note: Named Tuplestore Scan joined to a table, plain EXPLAIN VERBOSE inside the trigger
-- fire: INSERT INTO "Order Items" SELECT o, 6, 1 + o % 5000, 2, false FROM generate_series(1, 20) AS o
SELECT n.order_id, p.name FROM new_items n JOIN products p ON p.id = n.product_id;

-- ======================================================================== foreign data

-- name: 108-foreign-scan
-- explain:
-- note: plain Foreign Scan
SELECT * FROM remote.orders WHERE id < 100;

-- name: 109-foreign-scan-verbose-remote-sql
-- explain: ANALYZE, VERBOSE
-- note: Foreign Scan with Remote SQL, string literal with a comma pushed down
SELECT id, note FROM remote.orders WHERE id < 200 AND note = 'gift, wrapped';

-- name: 110-foreign-join-pushdown
-- explain: ANALYZE, VERBOSE
-- note: a pushed-down join: Relations: (remote.orders o) INNER JOIN (remote.customers c)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT o.id, c.name FROM remote.orders o JOIN remote.customers c ON c.id = o.customer_id WHERE o.id < 100;

-- name: 111-foreign-aggregate-pushdown
-- explain: ANALYZE, VERBOSE
-- note: a pushed-down aggregate: Relations: Aggregate on (remote.orders)
SELECT status, count(*), sum(total) FROM remote.orders GROUP BY status;

-- name: 112-foreign-update-direct
-- explain: ANALYZE, VERBOSE
-- note: direct modify: Update on remote.fdw_target over Foreign Update
UPDATE remote.fdw_target SET val = val + 1 WHERE id < 10;

-- name: 113-foreign-delete-direct
-- explain: VERBOSE
-- note: direct modify: Foreign Delete
DELETE FROM remote.fdw_target WHERE id > 995;

-- name: 114-foreign-insert
-- explain: ANALYZE, VERBOSE
-- note: Insert on a foreign table: Remote SQL on the ModifyTable node, Batch Size
INSERT INTO remote.fdw_target VALUES (5001, 1), (5002, 2);

-- name: 115-foreign-update-not-pushed
-- explain: VERBOSE
-- note: an UPDATE that cannot be pushed down (volatile function): Foreign Scan feeding Update on a foreign table
UPDATE remote.fdw_target SET val = (random() * 0)::integer WHERE id < 5;

-- name: 116-async-foreign-scan
-- min-version: 14
-- explain: ANALYZE, VERBOSE
-- note: Append of two Async Foreign Scans (async_capable server)
SELECT id, payload FROM remote.events_q1 WHERE payload < 3 UNION ALL SELECT id, payload FROM remote.events_q2 WHERE payload < 3;

-- ======================================================================== EXPLAIN options

-- name: 117-settings
-- explain: SETTINGS
-- note: Settings: line with several changed settings, one value containing a comma
SET work_mem = '8MB';
SET enable_nestloop = off;
SET search_path = public, remote;
SET random_page_cost = 1.5;
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 10;

-- name: 118-timing-off
-- explain: ANALYZE, TIMING OFF
-- note: actual rows/loops without times
SELECT c.region_id, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id < 1000 GROUP BY c.region_id;

-- name: 119-costs-off
-- explain: COSTS OFF
-- note: no cost parentheses at all
SELECT c.region_id, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id < 1000 GROUP BY c.region_id;

-- name: 120-costs-off-analyze-timing-off
-- explain: ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF
-- note: only actual rows and loops
SELECT count(*) FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.vip);

-- name: 121-summary-on-plain
-- explain: SUMMARY ON
-- note: Planning Time without ANALYZE
SELECT * FROM regions WHERE id = 3;

-- name: 122-summary-off-analyze
-- explain: ANALYZE, SUMMARY OFF
-- note: ANALYZE without Planning/Execution Time
SELECT * FROM regions WHERE id = 3;

-- name: 123-verbose-plain
-- explain: VERBOSE
-- note: VERBOSE without ANALYZE: Output lines, schema-qualified names, Query Identifier
SELECT c.name, r.name FROM customers c JOIN regions r ON r.id = c.region_id WHERE c.id < 5;

-- name: 124-everything
-- explain: ANALYZE, VERBOSE, BUFFERS, SETTINGS, WAL, SUMMARY ON, COSTS ON, TIMING ON
-- note: every option at once on DML with triggers
SET work_mem = '1MB';
UPDATE customers SET score = score + 1 WHERE region_id = 4 AND id < 400;

-- name: 125-buffers-temp
-- explain: ANALYZE, BUFFERS, COSTS OFF
-- note: temp read= written= buffers from a spilling sort
SET work_mem = '64kB';
SET max_parallel_workers_per_gather = 0;
SELECT customer_id, total FROM orders ORDER BY total DESC, customer_id OFFSET 99990;

-- ======================================================================== expression printing

-- name: 126-quoted-identifiers
-- explain: ANALYZE, VERBOSE
-- note: "Order Items" and a column named "select" need quotes everywhere they are printed
SELECT "select", qty FROM "Order Items" AS "OI" WHERE "select" AND order_id < 50;

-- name: 127-string-literals-and-casts
-- explain: ANALYZE
-- note: literals with commas and double quotes, ::text casts, LIKE, IS NOT NULL
SELECT id, note FROM orders WHERE (note = 'gift, wrapped' OR note LIKE 'call "before"%') AND id < 300 AND status::text <> 'x, y';

-- name: 128-any-array
-- explain: ANALYZE
-- note: = ANY ('{...}'::text[]) and <> ALL
SELECT count(*) FROM orders WHERE status = ANY (ARRAY['paid', 'shipped']) AND customer_id <> ALL ('{1,2,3}'::integer[]);

-- name: 129-output-list-commas
-- explain: VERBOSE
-- note: Output items containing commas inside ARRAY[], ROW(), quotes and quoted aliases
SELECT ARRAY[id, region_id] AS "a, b", ROW(id, name), 'x, y'::text, "select" IS NULL FROM customers, (SELECT true AS "select") s WHERE id < 3;

-- name: 130-case-coalesce-sort
-- explain: ANALYZE, VERBOSE
-- note: Sort Key with an expression, CASE, COALESCE and a collation
SELECT id, CASE WHEN vip THEN score * 2 ELSE score END AS s FROM customers WHERE id < 300
ORDER BY CASE WHEN vip THEN score * 2 ELSE score END DESC, name COLLATE "C";

-- name: 131-never-executed
-- explain: ANALYZE
-- note: the inner side of a join whose outer side is empty: (never executed)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.score > 5000;

-- name: 132-limit-offset
-- explain: ANALYZE
-- note: Limit with OFFSET over an Index Scan
SELECT id FROM customers ORDER BY id LIMIT 10 OFFSET 100;

-- name: 133-exists-initplan-result
-- explain: ANALYZE
-- note: uncorrelated EXISTS: InitPlan with One-Time Filter on a Result
SELECT count(*) FROM regions WHERE EXISTS (SELECT 1 FROM orders WHERE total > 999.98);

-- name: 134-materialize-cte-inline
-- explain: ANALYZE
-- note: a NOT MATERIALIZED CTE is inlined; a scalar subquery with ORDER BY/LIMIT
WITH recent AS NOT MATERIALIZED (SELECT * FROM orders WHERE ordered_at > '2022-12-31')
SELECT count(*), (SELECT id FROM customers ORDER BY score DESC, id LIMIT 1) FROM recent WHERE total > 100;

-- name: 135-nested-loop-semi-join
-- explain: ANALYZE
-- note: Nested Loop Semi Join
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT r.id FROM regions r WHERE EXISTS (SELECT 1 FROM customers c WHERE c.region_id = r.id AND c.score = 999);

-- name: 136-jit-inline-optimize
-- explain: ANALYZE
-- note: JIT with inlining and optimization: Options: Inlining true, Optimization true
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
SELECT count(*) FROM regions WHERE name <> 'x';

-- name: 137-triggers-timing-off
-- explain: ANALYZE, TIMING OFF
-- note: Trigger lines without time= (only calls=)
INSERT INTO "Order Items" (order_id, line_no, product_id, qty, "select") VALUES (1, 7, 1, 1, false), (2, 7, 2, 1, true);

-- name: 138-merge-anti-join
-- explain: ANALYZE
-- note: Merge Anti Join
SELECT p.id FROM products p WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.product_id = p.id);

-- ======================================================================== newer versions

-- name: 139-tid-range-scan
-- min-version: 14
-- explain: ANALYZE, VERBOSE
-- note: Tid Range Scan (new in 14) bounded on both sides: TID Cond with AND, under VERBOSE
SELECT id FROM customers WHERE ctid >= '(1,0)' AND ctid < '(3,0)';

-- name: 140-generic-plan
-- min-version: 16
-- explain: GENERIC_PLAN
-- note: EXPLAIN (GENERIC_PLAN) of a statement with a parameter (new in 16)
SELECT id, name FROM customers WHERE id = $1;

-- name: 141-serialize-memory
-- min-version: 17
-- explain: ANALYZE, SERIALIZE, MEMORY
-- note: Serialization: time= output= format= and Planning: Memory: used= allocated= (new in 17)
SELECT id, name FROM customers WHERE id < 50;

-- name: 142-initplan-columns
-- min-version: 17
-- explain: ANALYZE, VERBOSE
-- note: InitPlans without "(returns $N)", referenced as (InitPlan N).col1, one nested in another's Result (new in 17)
SELECT id, total FROM orders WHERE total > (SELECT avg(total) * 1.99 FROM orders) AND customer_id < (SELECT min(id) + 50 FROM customers);

-- name: 143-index-searches-skip-scan
-- min-version: 18
-- explain: ANALYZE
-- note: Index Searches: N (a skip scan of (kind, payload) by payload alone) and Disabled: true on the Bitmap Heap Scans chosen although enable_bitmapscan is off (both new in 18)
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM events WHERE payload = 42 AND id IN (1, 2, 3) OR payload = 7 AND happened < '2023-02-01';

-- name: 144-disabled-seq-scan
-- min-version: 18
-- explain:
-- note: a Seq Scan chosen although enable_seqscan is off: Disabled: true (new in 18; older servers add disable_cost)
SET enable_seqscan = off;
SELECT * FROM regions WHERE name <> 'nowhere';

-- name: 145-storage-material-cte
-- min-version: 18
-- explain: ANALYZE
-- note: Storage: Memory  Maximum Storage: NkB on Materialize and CTE Scan (new in 18)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
WITH r AS MATERIALIZED (SELECT id, name FROM regions)
SELECT c.id, r.name, p.name FROM customers c JOIN r ON r.id = c.region_id JOIN products p ON p.id < 3 WHERE c.id < 20;

-- name: 146-window-verbose
-- min-version: 18
-- explain: ANALYZE, VERBOSE
-- note: WindowAgg with Window: w AS (...) and Storage: Memory (new in 18)
SELECT id, customer_id, sum(total) OVER w, rank() OVER w FROM orders WHERE customer_id < 50
WINDOW w AS (PARTITION BY customer_id ORDER BY total DESC);

-- name: 147-fractional-rows
-- min-version: 18
-- explain: ANALYZE
-- note: actual rows per loop with decimals (rows=1.97 loops=39) on the inner side of a Nested Loop (new in 18)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.total > 600 WHERE c.id < 40;

-- name: 148-gather-single-copy-debug
-- min-version: 16
-- explain: ANALYZE
-- note: 089 under 16's name for the setting (debug_parallel_query): Gather with Single Copy: true
SET debug_parallel_query = on;
SELECT id, name FROM regions WHERE id < 4;
