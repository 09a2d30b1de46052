#!/usr/bin/env python3
"""Writes hostile inputs for planlens into a directory, one file each.

Small, hand-shaped cases live in tests/hostile/inputs/ (committed); the big
ones (deep nesting, long lines, millions of tokens) are generated here so the
repository stays small. Usage: make_inputs.py OUTDIR [--scale S]
(S multiplies the sizes; 1 keeps every file under ~25 MB.)
"""
import argparse
import os
import shutil

ROOT = "Nested Loop  (cost=0.00..100.00 rows=10 width=8) (actual time=0.010..1.000 rows=10 loops=1)"
SCAN = "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)"


def child(depth, text=SCAN):
    return " " * (6 * depth - 4) + "->  " + text


def deep_plan(depth, style="bare"):
    lines = ["Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)"]
    for d in range(1, depth + 1):
        lines.append(child(d, "Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)"))
        lines.append(" " * (6 * d + 2) + "Filter: (a > 1)")
    lines.append("Planning Time: 0.100 ms")
    lines.append("Execution Time: 0.200 ms")
    if style == "markdown":
        return "# deep\n\n| QUERY PLAN |\n| --- |\n" + "".join("| %s |\n" % l for l in lines)
    if style == "fenced":
        return "Some prose.\n\n```\n" + "\n".join(lines) + "\n```\n"
    return "\n".join(lines) + "\n"


def deep_tab_plan(depth):
    """A chain `depth` levels deep indented with tabs (a tab is 8 columns):
    a byte per level instead of six, so that a plan beyond the default depth
    limit of 10,000 levels is 100 MB rather than 600 MB."""
    lines = ["Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)"]
    for d in range(1, depth + 1):
        lines.append("\t" * d + "->  Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)")
        lines.append("\t" * d + "      Filter: (a > 1)")
    return "\n".join(lines) + "\n"


def wide_plan(children):
    lines = [ROOT.replace("Nested Loop", "Append")]
    lines += [child(1) for _ in range(children)]
    return "\n".join(lines) + "\n"


def distinct_relations(children):
    """An Append over scans of as many different tables: roll-ups by
    relation must not compare every key with every other."""
    lines = [ROOT.replace("Nested Loop", "Append")]
    lines += [child(1, SCAN.replace(" on t ", " on t%d " % i)) for i in range(children)]
    return "\n".join(lines) + "\n"


def distinct_workers(n):
    """A Gather with as many per-worker lines as workers, each numbered."""
    lines = [ROOT.replace("Nested Loop", "Gather")]
    lines += ["  Worker %d:  actual time=0.100..0.200 rows=1 loops=1" % i for i in range(n)]
    return "\n".join(lines) + "\n"


def many_properties(n):
    lines = [SCAN]
    lines += ["  Filter: (a = %d)" % i for i in range(n)]
    return "\n".join(lines) + "\n"


def write(outdir, name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(outdir, name), mode) as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    s = a.scale
    # start empty: the CLI test runs every file here, and an older generator's
    # leftovers in a reused build directory would be run too
    shutil.rmtree(a.outdir, ignore_errors=True)
    os.makedirs(a.outdir)
    n = lambda x: max(1, int(x * s))

    write(a.outdir, "deep-3000.txt", deep_plan(n(3000)))
    write(a.outdir, "deep-3000.md", deep_plan(n(3000), "markdown"))
    write(a.outdir, "deep-3000-fenced.md", deep_plan(n(3000), "fenced"))
    # one level beyond the default depth limit whatever the scale: an error at its last header line
    write(a.outdir, "deep-10001-tabs.txt", deep_tab_plan(10001))
    write(a.outdir, "wide-100000.txt", wide_plan(n(100000)))
    write(a.outdir, "properties-100000.txt", many_properties(n(100000)))
    write(a.outdir, "distinct-relations.txt", distinct_relations(n(200000)))
    write(a.outdir, "distinct-workers.txt", distinct_workers(n(400000)))
    write(a.outdir, "arrows-1M.txt", "->" * n(1000000) + "\n")
    write(a.outdir, "arrows-lines.txt", "->\n" * n(1000000))
    write(a.outdir, "arrow-spaces.txt", SCAN + "\n" + ("  ->  " * n(200000)) + "\n")
    write(a.outdir, "lone-pipes.txt", "|\n" * n(1000000))
    write(a.outdir, "pipes-table.md", "| QUERY PLAN |\n| --- |\n| " + SCAN + " |\n" + "|\n" * n(500000))
    write(a.outdir, "long-line-20MB.txt", "Seq Scan on " + "x" * n(20_000_000) + "  (cost=0.00..1.00 rows=1 width=4)\n")
    write(a.outdir, "long-prose-line.txt", "word " * n(4_000_000) + "\n")
    write(a.outdir, "long-parens.txt", "Seq Scan on t  " + "(" * n(5_000_000) + "\n")
    write(a.outdir, "long-cost-parens.txt", "Seq Scan on t  " + "(cost=" * n(1_000_000) + "\n")
    write(a.outdir, "long-filter.txt", SCAN + "\n  Filter: " + "((a = 1) AND " * n(500000) + "\n")
    write(a.outdir, "nested-parens-filter.txt", SCAN + "\n  Filter: " + "(" * n(500000) + "a" + ")" * n(500000) + "\n")
    write(a.outdir, "long-name.txt", ("Seq " * n(1_000_000)) + " (cost=0.00..1.00 rows=1 width=4)\n")
    write(a.outdir, "long-quoted.txt", 'Seq Scan on "' + "a" * n(5_000_000) + "\n")
    write(a.outdir, "many-plans.txt", (SCAN + "\n\n") * n(100000))
    write(a.outdir, "nul-everywhere.txt", (SCAN.replace(" ", "\0") + "\n") * n(10000))
    write(a.outdir, "only-nul.bin", b"\0" * n(1_000_000))
    write(a.outdir, "random-bytes.bin", os.urandom(n(1_000_000)))
    write(a.outdir, "cr-only.txt", (SCAN + "\r  Filter: (a = 1)\r") * n(10000))
    write(a.outdir, "tabs-deep.txt", SCAN + "\n" + "".join("\t" * d + "->  " + SCAN + "\n" for d in range(1, n(2000))))
    write(a.outdir, "subplan-labels.txt", SCAN + "\n" + "  SubPlan 1\n" * n(100000))
    write(a.outdir, "workers.txt", SCAN + "\n" + "  Worker 0:  actual time=0.1..0.2 rows=1 loops=1\n" * n(100000))
    write(a.outdir, "summary-soup.txt", SCAN + "\n" + "JIT:\n  Functions: 1\n" * n(100000))
    write(a.outdir, "fences.md", "```\n" * n(500000))
    write(a.outdir, "headings.md", "# " * n(1_000_000) + "\n")
    write(a.outdir, "psql-prompts.txt", "db=# SELECT 1\n" + "db-# " * n(1_000_000) + "\n")
    write(a.outdir, "query-plan-headers.txt", "QUERY PLAN\n" * n(500000))
    write(a.outdir, "records.txt", "-[ RECORD 1 ]----\n" * n(500000))
    write(a.outdir, "log-entries.txt", "LOG:  duration: 1.0 ms  plan:\n" + "\tQuery Text: x\n" * n(500000))
    write(a.outdir, "costs-off-lookalikes.md", ("Sort\n  Sort Key: a\n" * n(200000)))
    write(a.outdir, "csv-quotes.csv", '"QUERY PLAN"\n' + ('"' + '""' * 1000 + '"\n') * n(5000))


if __name__ == "__main__":
    main()
