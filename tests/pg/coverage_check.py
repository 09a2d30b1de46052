#!/usr/bin/env python3
"""Check that a captured corpus really contains what the catalogue promises.

    python3 tests/pg/coverage_check.py fixtures/pg15

Statement names say what each statement is for, but a planner change (or a
typo in a SET line) silently turns a Memoize into a Hash Join.  This scans
the server's JSON for every node type, join type, strategy and modifier, and
the text for every printed feature the corpus is meant to exercise, and
lists whatever is missing.  Exit status 1 when something is missing.
"""

import glob
import json
import os
import re
import sys

# Every node name PostgreSQL 15 can print, as "<modifiers> <Node Type>" (see node_labels).
# Custom Scan is absent on purpose: core PostgreSQL and its contrib modules ship no
# custom scan provider, so a stock server cannot print one.
REQUIRED_NODES = [
    "Result", "ProjectSet",
    "ModifyTable Insert", "ModifyTable Update", "ModifyTable Delete", "ModifyTable Merge",
    "Append", "Merge Append", "Recursive Union", "BitmapAnd", "BitmapOr",
    "Nested Loop Inner", "Nested Loop Left", "Nested Loop Semi", "Nested Loop Anti",
    "Merge Join Inner", "Merge Join Full",
    "Hash Join Inner", "Hash Join Left", "Hash Join Right", "Hash Join Full", "Hash Join Semi", "Hash Join Anti",
    "Seq Scan", "Sample Scan", "Gather", "Gather Merge",
    "Index Scan", "Index Scan Backward", "Index Only Scan", "Bitmap Index Scan", "Bitmap Heap Scan",
    "Tid Scan", "Tid Range Scan", "Subquery Scan", "Function Scan", "Table Function Scan",
    "Values Scan", "CTE Scan", "Named Tuplestore Scan", "WorkTable Scan",
    "Foreign Scan Select", "Foreign Scan Update", "Foreign Scan Delete", "Async Foreign Scan Select",
    "Materialize", "Memoize", "Sort", "Incremental Sort", "Group",
    "Aggregate Plain", "Aggregate Sorted", "Aggregate Hashed", "Aggregate Mixed",
    "Partial Aggregate", "Finalize Aggregate",
    "WindowAgg", "Unique",
    "SetOp Sorted Intersect", "SetOp Sorted Except All", "SetOp Hashed Except", "SetOp Hashed Intersect All",
    "LockRows", "Limit", "Hash",
    "Parallel Seq Scan", "Parallel Index Scan", "Parallel Index Only Scan", "Parallel Bitmap Heap Scan",
    "Parallel Append", "Parallel Hash", "Parallel Hash Join Inner",
]

# Printed features, as regular expressions over the text lines.
REQUIRED_TEXT = {
    "per-worker actual line": r"^\s+Worker \d+:  actual time=",
    "per-worker sort method": r"^\s+Worker \d+:  Sort Method:",
    "per-worker JIT block": r"^\s+Worker \d+:  actual.*\n\s+JIT:",
    "JIT block": r"^JIT:$",
    "JIT inlining on": r"Options: Inlining true, Optimization true",
    "user trigger": r"^Trigger (?!for constraint)\S+: time=",
    "RI constraint trigger": r"^Trigger for constraint \S+: time=",
    "trigger without timing": r"^Trigger .*: calls=",
    "memoize counters": r"Hits: \d+  Misses: \d+  Evictions: \d+  Overflows: \d+",
    "incremental sort groups": r"Full-sort Groups: \d+",
    "pre-sorted groups": r"Pre-sorted Groups: \d+",
    "presorted key": r"Presorted Key: ",
    "external merge sort": r"Sort Method: external merge  Disk: \d+kB",
    "top-N heapsort": r"Sort Method: top-N heapsort",
    "quicksort": r"Sort Method: quicksort  Memory:",
    "hash batches > 1": r"Buckets: \d+  Batches: (?!1 )\d+",
    "hash originally": r"Buckets: \d+ \(originally \d+\)  Batches: \d+ \(originally \d+\)",
    "hashagg disk usage": r"Batches: \d+  Memory Usage: \d+kB  Disk Usage: \d+kB",
    "hashagg planned partitions": r"Planned Partitions: \d+",
    "subplans removed": r"Subplans Removed: \d+",
    "never executed": r"\(never executed\)",
    "InitPlan returns": r"InitPlan \d+ \(returns \$\d+\)",
    "SubPlan": r"^\s+SubPlan \d+$",
    "hashed SubPlan": r"hashed SubPlan \d+",
    "CTE label": r"^\s+CTE \w+$",
    "lossy heap blocks": r"Heap Blocks: exact=\d+ lossy=\d+",
    "rows removed by index recheck": r"Rows Removed by Index Recheck: \d+",
    "rows removed by join filter": r"Rows Removed by Join Filter: \d+",
    "rows removed by filter": r"Rows Removed by Filter: \d+",
    "on conflict nothing": r"Conflict Resolution: NOTHING",
    "on conflict update": r"Conflict Resolution: UPDATE",
    "conflict arbiter": r"Conflict Arbiter Indexes: ",
    "conflict filter": r"Rows Removed by Conflict Filter: \d+",
    "tuples inserted": r"Tuples Inserted: \d+",
    "merge tuples": r"Tuples: inserted=\d+ updated=\d+",
    "merge deleted/skipped": r"Tuples: .*skipped=\d+",
    "settings line": r"^Settings: ",
    "WAL line": r"WAL: records=\d+",
    "query identifier": r"^Query Identifier: -?\d+",
    "planning buffers": r"^Planning:\n  Buffers:",
    "temp buffers": r"temp read=\d+ written=\d+",
    "remote SQL": r"Remote SQL: ",
    "pushed-down join": r"Relations: \(.*\) INNER JOIN \(.*\)",
    "pushed-down aggregate": r"Relations: Aggregate on ",
    "run condition": r"Run Condition: ",
    "hash key (grouping sets)": r"Hash Key: ",
    "grouping sets sort key": r"^\s+Sort Key: .*\n(\s+Group Key: .*\n)+",
    "single copy": r"Single Copy: true",
    "cache key": r"Cache Key: ",
    "sampling": r"Sampling: bernoulli \('5'::real\) REPEATABLE",
    "index order by": r"Order By: ",
    "one-time filter": r"One-Time Filter: ",
    "quoted relation": r'on "Order Items"',
    "quoted column": r'"select"',
    "ANY array": r"= ANY \('\{[^}]*\}'::",
    "text cast": r"::text",
    "literal with comma": r"'[^']*, [^']*'",
    "heap fetches": r"Heap Fetches: \d+",
    "timing off actual": r"\(actual rows=\d+ loops=\d+\)",
    "costs off node": r"^\S.*[a-z]$",
    "execution time": r"^Execution Time: ",
    "partition target list": r"^\s+Update on public\.events_2023_q\d events_\d",
}

# What each newer major version prints, as (version, feature, regular
# expression): the statements with that min-version must show it there.
VERSION_TEXT = [
    (14, "Memoize", r"^\s*(->  )?Memoize  \("),
    (14, "Tid Range Scan", r"Tid Range Scan on "),
    (16, "GENERIC_PLAN parameter", r"= \$1\)"),
    (16, "Single Copy (debug_parallel_query)", r"Single Copy: true"),
    (17, "InitPlan without returns", r"^\s+InitPlan \d+$"),
    (17, "InitPlan column reference", r"\(InitPlan \d+\)\.col1"),
    (17, "Serialization", r"^Serialization: time="),
    (17, "planner Memory", r"^  Memory: used=\d+kB  allocated=\d+kB"),
    (18, "fractional rows", r"rows=\d+\.\d\d loops=(?!1\))\d+"),
    (18, "Index Searches", r"Index Searches: (?!1$)\d+"),
    (18, "Disabled", r"^\s+Disabled: true"),
    (18, "Storage", r"Storage: Memory  Maximum Storage: \d+kB"),
    (18, "Window", r"^\s+Window: \w+ AS \("),
]


def report_version(outdir, version, out=sys.stdout):
    """Print what this version should have printed and did not; True when nothing."""
    texts = [open(p).read() for p in glob.glob(os.path.join(outdir, "*.txt"))]
    wanted = [(f, rx) for v, f, rx in VERSION_TEXT if v <= version]
    missing = [f for f, rx in wanted if not any(re.search(rx, t, re.M) for t in texts)]
    print("coverage: PostgreSQL %d: %d of %d version features seen" % (version, len(wanted) - len(missing),
                                                                      len(wanted)), file=out)
    if missing:
        print("MISSING on PostgreSQL %d: %s" % (version, "; ".join(missing)), file=out)
    return not missing


# EXPLAIN options, as the catalogue spells them (each must be used by some statement).
REQUIRED_OPTIONS = ["plain", "ANALYZE", "BUFFERS", "VERBOSE", "SETTINGS", "WAL",
                    "TIMING OFF", "COSTS OFF", "SUMMARY ON", "SUMMARY OFF"]


def node_labels(node):
    """All the names a node counts for, e.g. 'Hash Join Left', 'Parallel Seq Scan'."""
    t = node["Node Type"]
    labels = {t}
    if "Join Type" in node:
        labels.add("%s %s" % (t, node["Join Type"]))
    if t == "Aggregate":
        labels.add("Aggregate " + node.get("Strategy", ""))
        if node.get("Partial Mode") in ("Partial", "Finalize"):
            labels.add("%s Aggregate" % node["Partial Mode"])
    if t == "SetOp":
        labels.add("SetOp %s %s" % (node.get("Strategy"), node.get("Command")))
    if t in ("ModifyTable", "Foreign Scan") and "Operation" in node:
        labels.add("%s %s" % (t, node["Operation"]))
    if node.get("Scan Direction") == "Backward":
        labels.add(t + " Backward")
    if node.get("Parallel Aware"):
        labels |= {"Parallel " + l for l in list(labels)}
    if node.get("Async Capable"):
        labels |= {"Async " + l for l in list(labels)}
    return labels


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def scan_corpus(outdir):
    """Return ({label: [statement names]}, {name: text}, {name: json plan})."""
    seen, texts, plans = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(outdir, "*.txt"))):
        name = os.path.basename(path)[:-4]
        with open(path) as f:
            texts[name] = f.read()
        with open(os.path.join(outdir, name + ".json")) as f:
            plans[name] = json.load(f)[0]
        for node in walk(plans[name]["Plan"]):
            for label in node_labels(node):
                seen.setdefault(label, []).append(name)
    return seen, texts, plans


def used_options(entries):
    used = set()
    for e in entries:
        if not e.options:
            used.add("plain")
        for opt in e.options:
            word = opt.split()[0].upper()
            value = e.option_value(word)
            used.add(word if value == "ON" and word not in ("SUMMARY", "TIMING", "COSTS") else "%s %s" % (word, value))
            if word in ("ANALYZE", "BUFFERS", "VERBOSE", "SETTINGS", "WAL") and value == "ON":
                used.add(word)
    return used


def report(outdir, entries=None, out=sys.stdout, jit=True):
    """Print what is missing; True when nothing is.

    jit: the server has a JIT provider (pg_jit_available()); a build without
    LLVM, such as the npm packages, prints no JIT lines at all."""
    seen, texts, plans = scan_corpus(outdir)
    missing = [n for n in REQUIRED_NODES if n not in seen]
    alltext = {name: t for name, t in texts.items()}
    missing_text = [k for k, rx in REQUIRED_TEXT.items()
                    if (jit or "JIT" not in k) and not any(re.search(rx, t, re.M) for t in alltext.values())]
    if not jit:
        print("coverage: this server has no JIT provider: the JIT lines are not required", file=out)
    missing_opts = []
    if entries is not None:
        used = used_options(entries)
        missing_opts = [o for o in REQUIRED_OPTIONS if o not in used]
    # n joins combine n + 1 relations
    biggest_join = 1 + max(sum(1 for n in walk(p["Plan"]) if "Join Type" in n) for p in plans.values())
    widest_append = max(max((len(n.get("Plans", [])) for n in walk(p["Plan"]) if n["Node Type"] == "Append"),
                            default=0) for p in plans.values())
    problems = []
    if biggest_join < 12:
        problems.append("no plan joins 12 relations (max %d)" % biggest_join)
    if widest_append < 30:
        problems.append("no Append with 30 members (max %d)" % widest_append)
    print("coverage: %d statements, %d node labels seen (%d required), %d text features, widest Append %d, "
          "largest join %d relations" % (len(texts), len(seen), len(REQUIRED_NODES), len(REQUIRED_TEXT),
                                              widest_append, biggest_join), file=out)
    for what, items in (("node types", missing), ("text features", missing_text),
                        ("EXPLAIN options", missing_opts), ("plan sizes", problems)):
        if items:
            print("MISSING %s: %s" % (what, "; ".join(items)), file=out)
    return not (missing or missing_text or missing_opts or problems)


def main(argv):
    if len(argv) != 2:
        print("usage: coverage_check.py FIXTURE_DIR", file=sys.stderr)
        return 2
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import capture
    return 0 if report(argv[1], capture.parse_catalogue()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
