#!/usr/bin/env python3
"""Compare planlens with what PostgreSQL printed, field by field.

    python3 tests/pg/compare.py --fixtures fixtures/pg15 --planlens build/planlens

For every fixture (see README.md) and every paste style (paste_styles.py):

* ``planlens convert --to pg-json`` on the pasted text must print a JSON
  array with one element equal to the server's own FORMAT JSON output.  Only
  fields whose value is the same in both JSON runs are compared by value
  (the text run sat between them, so it must agree on those); a field that
  differs between the runs depends on the run and is only required to be
  present with the same type.  Fields planlens prints that the server did
  not are mismatches.  Numbers compare as numbers, lists element-wise, Plans
  by position.  A few fields cannot be recovered from text at all: they are
  in ALLOWLIST below, each with the reason.
* ``planlens convert --to text`` must give back the server's lines exactly
  (trailing whitespace aside).

Every mismatch prints the statement, the paste style, the field path and
both values.  Exit status: 0 all equal, 1 mismatches, 2 usage or setup error.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import paste_styles  # noqa: E402
import text_oracle  # noqa: E402


# ---------------------------------------------------------------- allowlist
class Allow:
    """A server field that text output cannot determine, and when."""

    def __init__(self, key, applies, reason):
        self.key = key
        self.applies = applies  # (fixture, server object holding the key) -> bool
        self.reason = reason


ALLOWLIST = [
    Allow("Inner Unique",
          lambda fx, obj: not fx.verbose,
          "text prints 'Inner Unique: true' only under VERBOSE (and never 'false'); "
          "JSON prints it for every join, so without VERBOSE it is unknowable"),
    Allow("Trigger Name",
          lambda fx, obj: "Constraint Name" in obj and not fx.verbose,
          "for constraint triggers text prints 'Trigger for constraint NAME' and the "
          "trigger's own name (RI_ConstraintTrigger_c_NNNN) only under VERBOSE"),
    Allow("Scan Direction",
          lambda fx, obj: obj.get("Scan Direction") == "NoMovement",
          "text prints 'Backward' or nothing; 'NoMovement' (index of an unordered access "
          "method such as GiST) and 'Forward' look the same"),
]


def allowed(fx, obj, key):
    return any(a.key == key and a.applies(fx, obj) for a in ALLOWLIST)


# ---------------------------------------------------------------- fixtures
class Fixture:
    """The captured files of one statement."""

    def __init__(self, directory, name):
        self.name = name
        base = os.path.join(directory, name)
        with open(base + ".txt") as f:
            self.lines = f.read().rstrip("\n").split("\n")
        with open(base + ".psql") as f:
            self.psql = f.read()
        with open(base + ".json") as f:
            self.json1 = json.load(f)
        with open(base + ".2.json") as f:
            self.json2 = json.load(f)
        with open(base + ".sql") as f:
            self.sql = f.read()
        m = re.search(r"^-- explain:(.*)$", self.sql, re.M)
        self.options = [o.strip().upper() for o in (m.group(1) if m else "").split(",") if o.strip()]
        self.verbose = "VERBOSE" in self.options or "VERBOSE ON" in self.options
        self.text = text_oracle.TextPlan(self.lines)

    @property
    def last_statement(self):
        """The last SQL statement of the .sql file (what a psql user typed)."""
        body = [l for l in self.sql.splitlines() if l and not l.startswith("--")]
        stmts, cur = [], []
        for line in body:
            cur.append(line)
            if line.endswith(";"):
                stmts.append("\n".join(cur))
                cur = []
        real = [s for s in stmts if s not in ("BEGIN;", "ROLLBACK;")]
        return real[-1]


def load_fixtures(directory, only=None):
    names = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(directory, "*.txt")))
    if only:
        names = [n for n in names if re.search(only, n)]
    return [Fixture(directory, n) for n in names]


# ---------------------------------------------------------------- JSON comparison
class Mismatch:
    def __init__(self, name, style, path, server, mine, what=""):
        self.name, self.style, self.path = name, style, path
        self.server, self.mine, self.what = server, mine, what

    def __str__(self):
        def show(v):
            return "<absent>" if v is ABSENT else json.dumps(v, ensure_ascii=False)
        what = " (%s)" % self.what if self.what else ""
        return "MISMATCH %s [%s] %s%s: server=%s planlens=%s" % (
            self.name, self.style, self.path or "<root>", what, show(self.server), show(self.mine))


ABSENT = object()


def _kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if v is None:
        return "null"
    return type(v).__name__


def same_value(a, b):
    """Equality as JSON values: numbers numerically, booleans never equal to numbers."""
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return a == b


def _child(path, key):
    if isinstance(key, int):
        return "%s[%d]" % (path, key)
    return "%s.%s" % (path, key) if path else key


# Fields that measure one particular execution.  Two JSON runs agreeing on
# them (both 0.013 ms, both shared hit=3) says nothing about the text run in
# between, so they are checked against the text run itself (text_oracle.py),
# or, where that reader cannot pick the value, for presence and type only.
MEASURED = {
    "Actual Startup Time", "Actual Total Time", "Planning Time", "Execution Time", "Time",
    "Peak Memory Usage", "Sort Space Used", "Disk Usage", "Average Sort Space Used", "Peak Sort Space Used",
    "Workers Launched",
    "I/O Read Time", "I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time",
    "WAL Records", "WAL FPI", "WAL Bytes",
} | set(text_oracle.BUFFER_KEYS.values())

# Below a Gather or Gather Merge the work is split between processes as they
# happen to run, so per-loop counts depend on the run as well.
MEASURED_IN_PARALLEL = {
    "Actual Rows", "Actual Loops", "Rows Removed by Filter", "Rows Removed by Join Filter",
    "Rows Removed by Index Recheck", "Exact Heap Blocks", "Lossy Heap Blocks", "Heap Fetches",
    "HashAgg Batches", "Hash Buckets", "Original Hash Buckets", "Hash Batches", "Original Hash Batches",
    "Sort Method", "Sort Space Type", "Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows",
}


class JsonComparer:
    """Walks the first server run, the second run and planlens's output together."""

    def __init__(self, fx, style):
        self.fx, self.style = fx, style
        self.mismatches = []
        self.compared = 0
        self.node_index = {}  # id(server node object) -> pre-order index = text header order
        self.parallel = set()  # ids of server nodes below a Gather / Gather Merge
        self._index_nodes(fx.json1[0].get("Plan"), False)

    def _index_nodes(self, node, in_parallel):
        if not isinstance(node, dict):
            return
        self.node_index[id(node)] = len(self.node_index)
        if in_parallel:
            self.parallel.add(id(node))
        below = in_parallel or node.get("Node Type") in ("Gather", "Gather Merge")
        for child in node.get("Plans", []):
            self._index_nodes(child, below)

    def fail(self, path, server, mine, what=""):
        self.mismatches.append(Mismatch(self.fx.name, self.style, path, server, mine, what))

    def compare(self, s1, s2, mine, path=""):
        if isinstance(s1, dict):
            self._compare_object(s1, s2 if isinstance(s2, dict) else {}, mine, path)
        elif isinstance(s1, list):
            self._compare_list(s1, s2, mine, path)
        else:
            self._compare_scalar(s1, s2, mine, path)

    def _compare_object(self, s1, s2, mine, path):
        if not isinstance(mine, dict):
            self.fail(path, s1, mine, "not an object")
            return
        for key, v1 in s1.items():
            if allowed(self.fx, s1, key):
                continue
            if key not in s2:
                continue  # present in one run only: depends on the run
            if key not in mine:
                self.fail(_child(path, key), v1, ABSENT, "missing")
            elif key == "Workers":
                self._compare_workers(s1, v1, mine[key], _child(path, key))
            elif self._is_measured(s1, key, path):
                self._compare_measured(s1, key, v1, mine[key], _child(path, key))
            else:
                self.compare(v1, s2[key], mine[key], _child(path, key))
        for key, v in mine.items():
            if key not in s1 and key not in s2 and not allowed(self.fx, s1, key):
                self.fail(_child(path, key), ABSENT, v, "not printed by the server")

    def _compare_list(self, s1, s2, mine, path):
        if not isinstance(mine, list):
            self.fail(path, s1, mine, "not a list")
            return
        if not isinstance(s2, list) or len(s1) != len(s2):
            return  # the runs disagree on the length: nothing stable to compare
        if len(mine) != len(s1):
            self.fail(path, s1, mine, "%d elements, server has %d" % (len(mine), len(s1)))
            return
        for i, (a, b, m) in enumerate(zip(s1, s2, mine)):
            self.compare(a, b, m, _child(path, i))

    def _compare_scalar(self, s1, s2, mine, path):
        if not same_value(s1, s2):
            # depends on the run: only the type must agree
            if _kind(mine) != _kind(s1):
                self.fail(path, s1, mine, "wrong type")
            return
        self.compared += 1
        if not same_value(s1, mine):
            self.fail(path, s1, mine)

    # -- run-dependent fields ----------------------------------------------
    def _is_measured(self, obj, key, path):
        if isinstance(obj.get(key), (dict, list)):
            return False
        if path.endswith("JIT.Timing") or path.endswith(".Timing") and "JIT" in path:
            return True
        return key in MEASURED or (id(obj) in self.parallel and key in MEASURED_IN_PARALLEL)

    def _oracle(self, obj, key, path):
        """The text run's value of this field, or None when it cannot be read."""
        text = self.fx.text
        if id(obj) in self.node_index:
            node = text.node(self.node_index[id(obj)])
            return node.value(key) if node else None
        if path == "":
            return text.top_value(key)
        if path == "JIT.Timing":
            return text.jit_timing(key)
        if path == "Planning":
            return text.planning_buffers(key)
        m = re.match(r"^Triggers\[(\d+)\]$", path)
        if m:
            return text.trigger(int(m.group(1)), key)
        return None

    def _compare_measured(self, obj, key, server, mine, path):
        if _kind(mine) != _kind(server):
            self.fail(path, server, mine, "wrong type")
            return
        expected = self._oracle(obj, key, path.rsplit(".", 1)[0] if "." in path else "")
        if expected is None:
            return
        self.compared += 1
        if not same_value(expected, mine):
            self.fail(path, expected, mine, "text run says %s" % json.dumps(expected))

    def _compare_workers(self, node, server, mine, path):
        """Per-worker details: which workers appear is itself run-dependent.

        The worker numbers must be the ones the text run printed; each
        worker's fields must have the shape the server gives that worker."""
        if not isinstance(mine, list):
            self.fail(path, server, mine, "not a list")
            return
        block = self.fx.text.node(self.node_index.get(id(node), 1 << 30))
        if block is None:
            return
        numbers = []
        for line in block.props:
            m = re.match(r"^Worker (\d+):", line)
            if m and int(m.group(1)) not in numbers:
                numbers.append(int(m.group(1)))
        got = [w.get("Worker Number") if isinstance(w, dict) else w for w in mine]
        self.compared += 1
        if got != numbers:
            self.fail(path + "[*].Worker Number", numbers, got, "workers printed in the text run")
            return
        by_number = {w.get("Worker Number"): w for w in server}
        for i, w in enumerate(mine):
            if w.get("Worker Number") in by_number:
                self._compare_shape(by_number[w["Worker Number"]], w, _child(path, i))

    def _compare_shape(self, server, mine, path):
        """Same keys and value types, values not compared (they depend on the run)."""
        if isinstance(server, dict):
            if not isinstance(mine, dict):
                self.fail(path, server, mine, "not an object")
                return
            for k in server:
                if k not in mine:
                    self.fail(_child(path, k), server[k], ABSENT, "missing")
                else:
                    self._compare_shape(server[k], mine[k], _child(path, k))
            for k in mine:
                if k not in server:
                    self.fail(_child(path, k), ABSENT, mine[k], "not printed by the server")
        elif _kind(mine) != _kind(server):
            self.fail(path, server, mine, "wrong type")


# ---------------------------------------------------------------- running planlens
def run_planlens(planlens, mode, path):
    res = subprocess.run([planlens, "convert", "--to", mode, path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return res.returncode, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace")


def check_json(planlens, fx, style, path):
    """-> (mismatches, fields compared)"""
    cmp = JsonComparer(fx, style)
    rc, out, err = run_planlens(planlens, "pg-json", path)
    if rc != 0:
        cmp.fail("", "exit 0", "exit %d: %s" % (rc, err.strip()[:300]), "convert --to pg-json failed")
        return cmp.mismatches, 0
    try:
        plans = json.loads(out)
    except ValueError as e:
        cmp.fail("", "a JSON array", out[:200], "output is not JSON: %s" % e)
        return cmp.mismatches, 0
    if not isinstance(plans, list) or len(plans) != 1:
        cmp.fail("", "1 plan", "%s plans" % (len(plans) if isinstance(plans, list) else "no array of"),
                 "wrong number of plans")
        return cmp.mismatches, 0
    cmp.compare(fx.json1[0], fx.json2[0], plans[0])
    return cmp.mismatches, cmp.compared


def check_text(planlens, fx, style, path):
    rc, out, err = run_planlens(planlens, "text", path)
    if rc != 0:
        return [Mismatch(fx.name, style, "text", "exit 0", "exit %d: %s" % (rc, err.strip()[:300]),
                         "convert --to text failed")]
    got = [l.rstrip() for l in out.split("\n")]
    while got and got[-1] == "":
        got.pop()
    want = [l.rstrip() for l in fx.lines]
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else ABSENT
        w = want[i] if i < len(want) else ABSENT
        if g != w:
            return [Mismatch(fx.name, style, "text line %d" % (i + 1), w, g, "first differing line")]
    return []


def check_case(planlens, fx, style_name, style_fn, tmpdir):
    """One statement in one paste style: both conversions."""
    safe = re.sub(r"[^a-z0-9+-]", "_", style_name)
    path = os.path.join(tmpdir, "%s.%s.txt" % (fx.name, safe))
    with open(path, "w", newline="") as f:
        f.write(style_fn(fx))
    mism, compared = check_json(planlens, fx, style_name, path)
    mism += check_text(planlens, fx, style_name, path)
    os.remove(path)
    return mism, compared


# ---------------------------------------------------------------- driver
def compare_all(planlens, fixtures, styles, jobs, max_per_case, out=sys.stdout):
    """Run every (fixture, style) case; print mismatches and a summary.

    Returns the number of mismatches."""
    lock = threading.Lock()
    totals = {"cases": 0, "fields": 0, "mismatches": 0, "failed_cases": 0}
    with tempfile.TemporaryDirectory(prefix="planlens-compare-") as tmpdir:
        def task(fx, style):
            mism, compared = check_case(planlens, fx, style[0], style[1], tmpdir)
            with lock:
                totals["cases"] += 1
                totals["fields"] += compared
                totals["mismatches"] += len(mism)
                if mism:
                    totals["failed_cases"] += 1
                for m in mism[:max_per_case]:
                    print(m, file=out)
                if len(mism) > max_per_case:
                    print("MISMATCH %s [%s] ... and %d more" % (fx.name, style[0], len(mism) - max_per_case),
                          file=out)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(task, fx, st) for fx in fixtures for st in styles]
            for f in futures:
                f.result()
    print("compare: %d statements x %d paste styles = %d cases, %d fields compared, "
          "%d mismatches in %d cases" % (len(fixtures), len(styles), totals["cases"], totals["fields"],
                                         totals["mismatches"], totals["failed_cases"]), file=out)
    return totals["mismatches"]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare planlens with PostgreSQL's own JSON.")
    ap.add_argument("--fixtures", required=True, help="directory of captured statements")
    ap.add_argument("--planlens", default="build/planlens", help="path of the planlens CLI")
    ap.add_argument("--only", help="regular expression on statement names")
    ap.add_argument("--styles", help="regular expression on paste style names (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--max-per-case", type=int, default=10, help="mismatches printed per statement and style")
    ap.add_argument("--list-allowlist", action="store_true", help="print the allowlist and exit")
    args = ap.parse_args(argv)
    if args.list_allowlist:
        for a in ALLOWLIST:
            print("%s: %s" % (a.key, a.reason))
        return 0
    if not (os.path.isfile(args.planlens) and os.access(args.planlens, os.X_OK)):
        print("compare: planlens CLI not found or not executable: %s" % args.planlens, file=sys.stderr)
        return 2
    fixtures = load_fixtures(args.fixtures, args.only)
    if not fixtures:
        print("compare: no fixtures in %s" % args.fixtures, file=sys.stderr)
        return 2
    styles = paste_styles.all_styles()
    if args.styles:
        styles = [s for s in styles if re.search(args.styles, s[0])]
    sys.stdout.flush()
    return 1 if compare_all(os.path.abspath(args.planlens), fixtures, styles, args.jobs, args.max_per_case) else 0


if __name__ == "__main__":
    sys.exit(main())
