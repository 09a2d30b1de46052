#!/usr/bin/env python3
"""EXPLAIN (FORMAT YAML) and (FORMAT XML) against the server's JSON.

    python3 tests/pg/structured_formats.py --capture fixtures/pg15/structured   # regenerate
    python3 tests/pg/structured_formats.py --fixtures fixtures/pg15/structured --planlens build/planlens

Each statement runs in one psql session, after its setup and a warm-up, four
times: FORMAT JSON -> <name>.json, YAML -> <name>.yaml, XML -> <name>.xml,
JSON again -> <name>.2.json. planlens reads the YAML and the XML and prints
them as PostgreSQL's JSON (``convert --to pg-json``); that must be the
server's JSON: the same keys in the same order, the same value types and
nesting, and the same values wherever the two JSON runs around them agree (a
value that differs between them, a timing say, depends on the run, so only
its type is checked). Plans of other sessions may differ in more than that
(statistics, parallel workers), hence a directory of its own.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import capture  # noqa: E402
import compare  # noqa: E402

FORMATS = ("yaml", "xml")
# Clock readings: two runs can agree on one by chance, so agreeing proves
# nothing; only their type is checked.
TIMES = re.compile(r"Time$|^(Generation|Inlining|Optimization|Emission|Deform|Total)$")
# (file suffix, EXPLAIN format) of each run, in session order
RUNS = (("json", True), ("yaml", "YAML"), ("xml", "XML"), ("2.json", True))


# ---------------------------------------------------------------- capture
def session_script(entry, outdir):
    def run(target, fmt):
        return ("BEGIN;\n\\pset format unaligned\n\\pset tuples_only on\n\\o %s\n%s\\o\nROLLBACK;\n"
                % (target, capture.run_sql(entry, fmt)))
    parts = ["\\set ON_ERROR_STOP 1\n\\pset pager off\n"]
    parts += [s + ";\n" for s in entry.setup]
    parts.append(run("/dev/null", False))
    for suffix, fmt in RUNS:
        parts.append(run(os.path.join(outdir, "%s.%s" % (entry.name, suffix)), fmt))
    return "".join(parts)


def capture_entry(pg, entry, outdir):
    res = subprocess.run(pg.psql_argv(), input=session_script(entry, outdir), text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=pg.env())
    if res.returncode != 0:
        raise capture.CaptureError("statement %s failed (psql exit %d):\n%s" % (
            entry.name, res.returncode, res.stderr.strip()))


def capture_all(pg, entries, outdir):
    """Capture the entries this server's version can run."""
    os.makedirs(outdir, exist_ok=True)
    for entry in entries:
        if pg.version >= entry.min_version:
            capture_entry(pg, entry, outdir)


# ---------------------------------------------------------------- comparison
class Number(str):
    """A JSON number as printed."""


class Object(list):
    """A JSON object: its (key, value) pairs in order."""


def load_json(text):
    return json.loads(text, object_pairs_hook=Object, parse_float=Number, parse_int=Number)


def kind(v):
    return {Object: "object", bool: "boolean", Number: "number", str: "string", list: "array",
            type(None): "null"}[type(v)]


def differences(got, ref, other, path="$", counters=frozenset(), skipped=None, workers=frozenset()):
    """Where `got` differs from the server's JSON `ref`; `other` is the second
    JSON run (None where it differs in shape), whose disagreement with `ref`
    marks a value as run-dependent. Keys in `counters` are checked by type
    only (and counted in `skipped`), and so are the keys in `workers` at and
    below a Gather or Gather Merge."""
    if isinstance(ref, Object):
        if not isinstance(got, Object):
            return ["%s: %s, the server wrote an object" % (path, kind(got))]
        if workers and dict(ref).get("Node Type") in compare.WORKER_SCOPE:
            counters, workers = counters | workers, frozenset()
        keys_got, keys_ref = [k for k, _ in got], [k for k, _ in ref]
        if keys_got != keys_ref:
            return ["%s: keys %s, the server wrote %s" % (path, keys_got, keys_ref)]
        other_map = dict(other) if isinstance(other, Object) else {}
        out = []
        for (k, g), (_, r) in zip(got, ref):
            if k in counters:
                if type(g) is not type(r):
                    out.append("%s.%s: %s %r, the server wrote %s %r" % (path, k, kind(g), g, kind(r), r))
                elif skipped is not None:
                    skipped[k] = skipped.get(k, 0) + 1
                continue
            out += differences(g, r, None if TIMES.search(k) else other_map.get(k), "%s.%s" % (path, k),
                               counters, skipped, workers)
        return out
    if type(ref) is list:
        if type(got) is not list:
            return ["%s: %s, the server wrote an array" % (path, kind(got))]
        if len(got) != len(ref):
            return ["%s: %d elements, the server wrote %d" % (path, len(got), len(ref))]
        others = other if type(other) is list and len(other) == len(ref) else [None] * len(ref)
        out = []
        for i, (g, r) in enumerate(zip(got, ref)):
            out += differences(g, r, others[i], "%s[%d]" % (path, i), counters, skipped, workers)
        return out
    if type(got) is not type(ref):
        return ["%s: %s %r, the server wrote %s %r" % (path, kind(got), got, kind(ref), ref)]
    if got != ref and type(other) is type(ref) and other == ref:
        return ["%s: %r, the server wrote %r" % (path, got, ref)]
    return []


def check_one(planlens, fixtures, name, fmt, live=False, skipped=None):
    path = os.path.join(fixtures, "%s.%s" % (name, fmt))
    res = subprocess.run([planlens, "convert", "--to", "pg-json", path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        return ["%s.%s: planlens exit %d: %s" % (name, fmt, res.returncode, res.stderr.strip()[:300])]
    try:
        got = load_json(res.stdout)
    except ValueError as e:
        return ["%s.%s: planlens printed no JSON: %s" % (name, fmt, e)]
    with open(os.path.join(fixtures, name + ".json")) as f:
        ref = load_json(f.read())
    with open(os.path.join(fixtures, name + ".2.json")) as f:
        other = load_json(f.read())
    counters, workers = (RUN_COUNTERS, frozenset(compare.WORKER_DEPENDENT)) if live else (frozenset(), frozenset())
    return ["%s.%s %s" % (name, fmt, d) for d in differences(got, ref, other, "$", counters, skipped, workers)]


# What one execution counts and the next may count differently even where the
# two JSON runs around the YAML and XML runs agree: buffers (hint bits, pages
# pruned by an earlier run), WAL, memory, workers launched, and under a Gather
# what compare.WORKER_DEPENDENT names. In a live capture they are checked by
# type only, and counted; saved fixtures compare them too.
RUN_COUNTERS = frozenset(k for k in compare.MEASURED if not TIMES.search(k))


def compare_all(planlens, fixtures, only=None, live=False):
    """live: the files were just captured, so per-execution counters may differ
    between the runs (RUN_COUNTERS); saved fixtures are compared exactly."""
    cases = []
    for fn in sorted(os.listdir(fixtures)):
        stem, _, ext = fn.partition(".")
        if ext in FORMATS and os.path.exists(os.path.join(fixtures, stem + ".json")) and (not only or only in stem):
            cases.append((stem, ext))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        skipped = [{} for _ in cases]
        results = list(pool.map(lambda i: check_one(planlens, fixtures, *cases[i], live, skipped[i]),
                                range(len(cases))))
    problems = [p for r in results for p in r]
    for p in problems[:50]:
        print("structured: FAIL: " + p, flush=True)
    print("structured: %d YAML/XML plans compared with the server's JSON, %d mismatches" % (
        len(cases), len(problems)), flush=True)
    total = {}
    for s in skipped:
        for k, n in s.items():
            total[k] = total.get(k, 0) + n
    if total:
        top = ", ".join("%s %d" % kv for kv in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        print("structured: %d per-execution counters checked by type only, as the runs may count them "
              "differently (%s)" % (sum(total.values()), top), flush=True)
    if not cases:
        print("structured: FAIL: no YAML or XML fixture found in %s" % fixtures, flush=True)
        return 1
    return len(problems)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capture", help="capture <name>.yaml and <name>.xml into this directory")
    ap.add_argument("--fixtures", help="compare planlens with the server's JSON in this directory")
    ap.add_argument("--planlens")
    ap.add_argument("--only", help="substring of the statement names to use")
    args = ap.parse_args(argv)
    if args.capture:
        import pgserver
        entries = [e for e in capture.parse_catalogue() if not args.only or args.only in e.name]
        with pgserver.PgServer() as pg:
            pg.load_schema(capture.SCHEMA)
            capture_all(pg, entries, args.capture)
        print("captured YAML and XML of %d statements into %s" % (len(entries), args.capture))
        return 0
    if not (args.fixtures and args.planlens):
        ap.error("--fixtures and --planlens, or --capture")
    return 1 if compare_all(os.path.abspath(args.planlens), args.fixtures, args.only) else 0


if __name__ == "__main__":
    sys.exit(main())
