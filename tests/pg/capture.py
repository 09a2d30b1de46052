#!/usr/bin/env python3
"""Capture what PostgreSQL prints for every statement of the catalogue.

    python3 tests/pg/capture.py --out fixtures/pg15      # regenerate the fixtures

starts a throw-away server (pgserver.py), loads schema.sql and, for each
catalogue entry, opens one psql session that runs the entry's SET lines and
then, each inside BEGIN ... ROLLBACK so DML leaves no trace:

  1. the TEXT form once to warm the caches (output discarded),
  2. the FORMAT JSON form       -> <name>.json
  3. the TEXT form              -> <name>.psql (psql's default aligned output)
  4. the FORMAT JSON form again -> <name>.2.json

The text run sits between the two JSON runs, so a field that is equal in both
JSON runs did not depend on the run and must be equal in the text run too.
<name>.txt is the text run's lines exactly as the server returned them (what
``psql -XAt`` prints), recovered from the aligned output by removing exactly
what psql added.  <name>.sql records the statement as run.  See README.md.
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

import pgserver  # noqa: E402

CATALOGUE = os.path.join(HERE, "catalogue.sql")
SCHEMA = os.path.join(HERE, "schema.sql")

NAME_RE = re.compile(r"^[0-9]{3}-[a-z0-9][a-z0-9-]*$")


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


class CaptureError(RuntimeError):
    """A statement failed or psql printed something unexpected."""


class Entry:
    """One catalogue statement: its name, EXPLAIN options, setup and SQL.

    ``fire`` is set for statements that must be explained inside the
    order_items_summary trigger (transition tables exist only there): it is
    the DML that fires the trigger."""

    def __init__(self, name, options, setup, statement, fire=None, note="", min_version=0):
        self.name = name
        self.min_version = min_version  # the oldest major version that has what it shows
        self.options = options
        self.setup = setup
        self.statement = statement
        self.fire = fire
        self.note = note

    def option_words(self):
        """Upper-case option names, e.g. {'ANALYZE', 'VERBOSE', 'COSTS'}."""
        return {opt.split()[0].upper() for opt in self.options if opt}

    def option_value(self, word):
        """'ON'/'OFF' for an option given with a value, 'ON' if given bare, None if absent."""
        for opt in self.options:
            parts = opt.split()
            if parts[0].upper() == word:
                return parts[1].upper() if len(parts) > 1 else "ON"
        return None

    def explain(self, json_format):
        """EXPLAIN with the entry's options; json_format True for FORMAT JSON,
        or a format name ('YAML', 'XML')."""
        fmt = "JSON" if json_format is True else json_format
        opts = list(self.options) + (["FORMAT %s" % fmt] if fmt else [])
        return "EXPLAIN (%s) " % ", ".join(opts) if opts else "EXPLAIN "


# ---------------------------------------------------------------- catalogue parsing
def split_statements(sql):
    """Split SQL text on semicolons that end a line.

    The catalogue never puts a statement-ending semicolon anywhere else, so
    this stays trivial and does not need to understand quoting."""
    stmts, current = [], []
    for line in sql.splitlines():
        if not line.strip() and not current:
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            stmts.append("\n".join(current).strip().rstrip(";").rstrip())
            current = []
    if any(l.strip() for l in current):
        raise CatalogueError("statement without a terminating semicolon: %r" % "\n".join(current)[:80])
    return stmts


def parse_catalogue(path=CATALOGUE):
    """Read catalogue.sql: blocks that start with '-- name: NNN-slug'.

    Header comments directly after the name line:
      -- explain: OPT, OPT ...   EXPLAIN options (empty: plain EXPLAIN)
      -- fire: DML              run the statement inside the trigger (see Entry)
      -- note: free text        why the statement is there
      -- min-version: N         the oldest major version that has what it shows
    Other lines starting with '--' are comments and ignored (statements in
    the catalogue do not use line comments).  The remaining SQL is split
    into statements; the last one is explained,
    the ones before it (SET, LOAD ...) are run first in the same session."""
    with open(path) as f:
        text = f.read()
    blocks = re.split(r"^-- name: ", text, flags=re.M)[1:]
    entries, seen = [], set()
    for block in blocks:
        lines = block.splitlines()
        name = lines[0].strip()
        if not NAME_RE.match(name):
            raise CatalogueError("bad statement name %r" % name)
        if name in seen:
            raise CatalogueError("duplicate statement name %r" % name)
        seen.add(name)
        headers, body = {}, []
        for line in lines[1:]:
            m = re.match(r"^-- (explain|fire|note|min-version):\s?(.*)$", line)
            if m and not body:
                key = m.group(1)
                headers[key] = (headers.get(key, "") + " " + m.group(2)).strip()
            elif line.startswith("--"):
                continue  # section separators and comments between blocks
            else:
                body.append(line)
        if "explain" not in headers:
            raise CatalogueError("%s: missing '-- explain:' header" % name)
        options = [o.strip() for o in headers["explain"].split(",") if o.strip()]
        if any(o.upper().startswith("FORMAT") for o in options):
            raise CatalogueError("%s: FORMAT is chosen by the harness" % name)
        stmts = split_statements("\n".join(body))
        if not stmts:
            raise CatalogueError("%s: no statement" % name)
        entries.append(Entry(name, options, stmts[:-1], stmts[-1],
                             headers.get("fire"), headers.get("note", ""), int(headers.get("min-version", 0))))
    return entries


# ---------------------------------------------------------------- psql scripts
def _quote_literal(s):
    return "'" + s.replace("'", "''") + "'"


def run_sql(entry, json_format):
    """The SQL of one run (without BEGIN/ROLLBACK)."""
    explain = entry.explain(json_format) + entry.statement
    if entry.fire is None:
        return explain + ";\n"
    # The trigger EXECUTEs the EXPLAIN and stores its rows; we print them as
    # a one-column result named like EXPLAIN's so psql renders it identically.
    return ("SELECT set_config('planlens.explain_in_trigger', %s, true) \\g /dev/null\n"
            "%s;\n"
            'SELECT line AS "QUERY PLAN" FROM explain_capture ORDER BY n;\n') % (
                _quote_literal(explain), entry.fire)


def recorded_sql(entry):
    """Contents of <name>.sql: headers, setup, and the text run as executed."""
    out = ["-- name: %s" % entry.name, "-- explain: %s" % ", ".join(entry.options)]
    if entry.fire:
        out.append("-- fire: %s" % entry.fire)
    if entry.note:
        out.append("-- note: %s" % entry.note)
    out += [s + ";" for s in entry.setup]
    if entry.fire:
        out += ["BEGIN;", run_sql(entry, False).replace(" \\g /dev/null", ";").rstrip(), "ROLLBACK;"]
    else:
        out.append(run_sql(entry, False).rstrip())
    return "\n".join(out) + "\n"


def session_script(entry, outdir):
    """psql input for one entry: setup, warm-up, JSON, TEXT, JSON."""
    def run(target, json_format):
        fmt = ("\\pset format unaligned\n\\pset tuples_only on\n" if json_format
               else "\\pset format aligned\n\\pset tuples_only off\n")
        return "BEGIN;\n%s\\o %s\n%s\\o\nROLLBACK;\n" % (fmt, target, run_sql(entry, json_format))
    base = os.path.join(outdir, entry.name)
    parts = ["\\set ON_ERROR_STOP 1\n\\pset pager off\n"]
    parts += [s + ";\n" for s in entry.setup]
    parts.append(run("/dev/null", False))
    parts.append(run(base + ".json", True))
    parts.append(run(base + ".psql", False))
    parts.append(run(base + ".2.json", True))
    return "".join(parts)


# ---------------------------------------------------------------- psql output
FOOTER_RE = re.compile(r"^\((\d+) rows?\)$")


def lines_from_aligned(psql_text, name="?"):
    """The server's rows from psql's aligned one-column output.

    psql prints a centred header, a dash line, each row with one leading
    space (the last column is never right-padded), '(N rows)' and a blank
    line.  Anything else (a multi-line value, a second column) is an error:
    we would not know what to strip."""
    lines = psql_text.split("\n")
    if len(lines) < 4 or lines[0].strip() != "QUERY PLAN" or set(lines[1]) != {"-"}:
        raise CaptureError("%s: unexpected psql header: %r" % (name, lines[:2]))
    if lines[-1] != "" or lines[-2] != "":
        raise CaptureError("%s: psql output does not end with a blank line" % name)
    m = FOOTER_RE.match(lines[-3])
    rows = lines[2:-3]
    if not m or int(m.group(1)) != len(rows):
        raise CaptureError("%s: footer %r does not match %d rows (multi-line value?)" % (name, lines[-3], len(rows)))
    for row in rows:
        if not row.startswith(" "):
            raise CaptureError("%s: row without psql's leading space: %r" % (name, row))
    return [row[1:] for row in rows]


def capture_entry(pg, entry, outdir):
    """Run one entry in its own psql session and write its fixture files."""
    res = subprocess.run(pg.psql_argv(), input=session_script(entry, outdir), text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=pg.env())
    if res.returncode != 0:
        raise CaptureError("statement %s failed (psql exit %d):\n%s" % (entry.name, res.returncode, res.stderr.strip()))
    base = os.path.join(outdir, entry.name)
    with open(base + ".psql") as f:
        lines = lines_from_aligned(f.read(), entry.name)
    with open(base + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(base + ".sql", "w") as f:
        f.write(recorded_sql(entry))
    for suffix in (".json", ".2.json"):
        with open(base + suffix) as f:
            text = f.read()
        if not text.lstrip().startswith("["):
            raise CaptureError("%s%s: not a JSON plan: %r" % (entry.name, suffix, text[:80]))


def by_version(entries, version):
    """(entries this server version can run, [(name, why skipped)]) by min-version."""
    runnable = [e for e in entries if version >= e.min_version]
    skipped = [(e.name, "min-version %d" % e.min_version) for e in entries if version < e.min_version]
    return runnable, skipped


def capture_all(pg, entries, outdir, log=sys.stderr):
    """Capture every entry; returns {name: seconds}."""
    os.makedirs(outdir, exist_ok=True)
    timings = {}
    for entry in entries:
        t0 = time.monotonic()
        capture_entry(pg, entry, outdir)
        timings[entry.name] = time.monotonic() - t0
    return timings


# Statements also run under auto_explain, with the server log excerpt saved as
# logs/<name>.log: real log documents (prefix, LOG: duration ... plan:, tab-
# indented plan lines) for the document-extraction tests.
AUTO_EXPLAIN = {
    "027-nested-loop": [],
    "041-twelve-way-join": ["auto_explain.log_timing = off"],
    "080-parallel-seq-scan-verbose": ["auto_explain.log_verbose = on", "auto_explain.log_buffers = on"],
    "137-triggers-timing-off": ["auto_explain.log_nested_statements = on", "auto_explain.log_triggers = on"],
    "003-index-scan": ["auto_explain.log_format = json", "auto_explain.log_buffers = on"],
}


def _log_size(pg):
    return os.path.getsize(pg.logfile) if os.path.exists(pg.logfile) else 0


def _read_new_log(pg, offset, marker="plan:", timeout=10.0):
    """Bytes the server logged after offset, once the logging collector has
    written the plan (it writes asynchronously) and the file stopped growing."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        with open(pg.logfile, "rb") as f:
            f.seek(offset)
            data = f.read().decode("utf-8", "replace")
        if marker in data and data == last:
            return data
        last = data
        time.sleep(0.3)
    raise CaptureError("auto_explain output did not appear in %s" % pg.logfile)


def capture_logs(pg, entries, outdir):
    """Run the AUTO_EXPLAIN statements (not EXPLAIN: the statements themselves)
    with auto_explain loaded and save what the server logged."""
    logdir = os.path.join(outdir, "logs")
    os.makedirs(logdir, exist_ok=True)
    for entry in entries:
        if entry.name not in AUTO_EXPLAIN or entry.fire:
            continue
        settings = ["auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on"] + AUTO_EXPLAIN[entry.name]
        script = ["\\set ON_ERROR_STOP 1", "LOAD 'auto_explain';"] + ["SET %s;" % s for s in settings]
        script += [s + ";" for s in entry.setup]
        script += ["BEGIN;", "\\o /dev/null", entry.statement + ";", "\\o", "ROLLBACK;"]
        offset = _log_size(pg)
        res = subprocess.run(pg.psql_argv(), input="\n".join(script) + "\n", text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=pg.env())
        if res.returncode != 0:
            raise CaptureError("auto_explain run of %s failed:\n%s" % (entry.name, res.stderr.strip()))
        with open(os.path.join(logdir, entry.name + ".log"), "w") as f:
            f.write(_read_new_log(pg, offset))


def clean_outdir(outdir, entries):
    """Remove fixture files of statements no longer in the catalogue."""
    keep = {e.name for e in entries}
    for fn in os.listdir(outdir):
        path = os.path.join(outdir, fn)
        stem = fn.split(".")[0]
        if os.path.isfile(path) and NAME_RE.match(stem) and stem not in keep:
            os.remove(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Capture the PostgreSQL plan corpus.")
    ap.add_argument("--out", required=True, help="directory for the fixture files")
    ap.add_argument("--catalogue", default=CATALOGUE)
    ap.add_argument("--schema", default=SCHEMA)
    ap.add_argument("--bindir", default=pgserver.DEFAULT_BINDIR)
    ap.add_argument("--only", help="regular expression: capture only matching names")
    ap.add_argument("--check-coverage", action="store_true", help="report node types/options missing from the capture")
    args = ap.parse_args(argv)
    entries = parse_catalogue(args.catalogue)
    if args.only:
        entries = [e for e in entries if re.search(args.only, e.name)]
    t0 = time.monotonic()
    with pgserver.PgServer(bindir=args.bindir) as pg:
        pg.load_schema(args.schema)
        t_load = time.monotonic() - t0
        entries, skipped = by_version(entries, pg.version)
        for name, why in skipped:
            print("skipped %s on PostgreSQL %d: %s" % (name, pg.version, why))
        timings = capture_all(pg, entries, args.out)
        if not args.only:
            capture_logs(pg, entries, args.out)
    if not args.only:
        clean_outdir(args.out, entries)
    slow = sorted(timings.items(), key=lambda kv: -kv[1])[:5]
    print("captured %d statements into %s in %.1fs (server start + load %.1fs); slowest: %s" % (
        len(entries), args.out, time.monotonic() - t0, t_load,
        ", ".join("%s %.2fs" % kv for kv in slow)))
    if args.check_coverage:
        import coverage_check
        return 0 if coverage_check.report(args.out, entries) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
