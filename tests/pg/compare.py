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

    def __init__(self, directory, name, server_version=15, tell_version=False):
        self.name = name
        self.server_version = server_version
        # pass --server-version to planlens, as a user who knows it would
        self.tell_version = server_version if tell_version else None
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
        analyze = "ANALYZE" in self.options or "ANALYZE ON" in self.options
        # counters every executed node (and VERBOSE worker) carries in JSON
        self.buffers = analyze and ("BUFFERS" in self.options or "BUFFERS ON" in self.options or
                                    (server_version >= 18 and "BUFFERS OFF" not in self.options))
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


def load_fixtures(directory, only=None, server_version=15, tell_version=False):
    names = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(directory, "*.txt")))
    if only:
        names = [n for n in names if re.search(only, n)]
    return [Fixture(directory, n, server_version, tell_version) for n in names]


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


ABSENT = text_oracle.ABSENT


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

# ---------------------------------------------------------------- worker-dependent fields
# Under parallel query every execution splits the work between the leader and
# the workers as they happen to start: on a busy machine a worker may start
# late and find nothing left, or the leader may do everything.  The text run is
# an execution of its own, so for the Gather / Gather Merge node itself and
# every node below it these fields are compared with what the text run printed
# (text_oracle.py), never with the JSON runs, even when both JSON runs agree;
# whether such a field is printed at all is also the text run's (a leader that
# did not sort prints no Sort Method).  This is the one list of them.
WORKER_SCOPE = ("Gather", "Gather Merge")
WORKER_DEPENDENT = {}
for _fields, _why in [
    (("Actual Rows", "Actual Loops"),
     "how many processes ran the node, and how many rows (groups, for a partial aggregate) each produced"),
    (("Workers",), "which workers started and did any of the work"),
    (("Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck",
      "Exact Heap Blocks", "Lossy Heap Blocks", "Heap Fetches"),
     "counted by the leader and the workers that ran, summed or per loop"),
    (("Sort Method", "Sort Space Type", "Sort Space Used"),
     "the leader's own sort: absent when the leader did not sort, its size depends on its share"),
    (("Full-sort Groups", "Pre-sorted Groups"),
     "the leader's own incremental sort: absent when the leader did not sort, its groups its share"),
    (("HashAgg Batches", "Peak Memory Usage", "Disk Usage", "Hash Buckets", "Original Hash Buckets",
      "Hash Batches", "Original Hash Batches"),
     "the leader's own hash table: absent when the leader did no work, its size depends on its share"),
    (("Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows"),
     "the leader's own Memoize cache: absent when the leader did no work"),
] + [((k,), "each process's own buffer usage") for k in text_oracle.BUFFER_KEYS.values()]:
    for _f in _fields:
        WORKER_DEPENDENT[_f] = _why

# Why a comparison was skipped (only presence and type checked); the counts are
# printed with the summary.
SKIP_RUNS_DIFFER = "the two JSON runs differ: run-dependent, type checked only"
SKIP_LENGTH_DIFFERS = "the two JSON runs differ in length: run-dependent, not compared"
SKIP_MEASURED_UNREAD = "measured, and text_oracle.py cannot read the text run's value: type checked only"
SKIP_WORKER_UNREAD = "worker-dependent, and text_oracle.py cannot read the text run's value: type checked only"
SKIP_ALLOWLIST = "allowlisted: text cannot determine it"


class JsonComparer:
    """Walks the first server run, the second run and planlens's output together."""

    def __init__(self, fx, style):
        self.fx, self.style = fx, style
        self.mismatches = []
        self.compared = 0
        self.skipped = {}  # (reason, field) -> count
        self.node_index = {}  # id(server node object) -> pre-order index = text header order
        self.parallel = set()  # ids of server nodes below a Gather / Gather Merge
        self._index_nodes(fx.json1[0].get("Plan"), False)

    def _index_nodes(self, node, in_parallel):
        if not isinstance(node, dict):
            return
        self.node_index[id(node)] = len(self.node_index)
        in_parallel = in_parallel or node.get("Node Type") in WORKER_SCOPE
        if in_parallel:
            self.parallel.add(id(node))
        for child in node.get("Plans", []):
            self._index_nodes(child, in_parallel)

    def fail(self, path, server, mine, what=""):
        self.mismatches.append(Mismatch(self.fx.name, self.style, path, server, mine, what))

    def skip(self, reason, path):
        field = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1])
        self.skipped[(reason, field)] = self.skipped.get((reason, field), 0) + 1

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
        worker_dependent = id(s1) in self.parallel
        for key in list(s1) + [k for k in s2 if k not in s1] + [k for k in mine if k not in s1 and k not in s2]:
            if allowed(self.fx, s1, key):
                self.skip(SKIP_ALLOWLIST, _child(path, key))
            elif worker_dependent and key in WORKER_DEPENDENT:
                self._compare_from_text(s1, s2, key, mine, _child(path, key))
            elif key not in s1 or key not in s2:
                if key in s1 or key in s2:
                    continue  # present in one run only: depends on the run
                self.fail(_child(path, key), ABSENT, mine[key], "not printed by the server")
            elif key not in mine:
                self.fail(_child(path, key), s1[key], ABSENT, "missing")
            elif self._is_measured(s1, key, path):
                self._compare_measured(s1, key, s1[key], mine[key], _child(path, key))
            else:
                self.compare(s1[key], s2[key], mine[key], _child(path, key))

    def _compare_list(self, s1, s2, mine, path):
        if not isinstance(mine, list):
            self.fail(path, s1, mine, "not a list")
            return
        if not isinstance(s2, list) or len(s1) != len(s2):
            self.skip(SKIP_LENGTH_DIFFERS, path)
            return
        if len(mine) != len(s1):
            self.fail(path, s1, mine, "%d elements, server has %d" % (len(mine), len(s1)))
            return
        for i, (a, b, m) in enumerate(zip(s1, s2, mine)):
            self.compare(a, b, m, _child(path, i))

    def _compare_scalar(self, s1, s2, mine, path):
        if not same_value(s1, s2):
            self.skip(SKIP_RUNS_DIFFER, path)
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
        return key in MEASURED

    def _oracle(self, obj, key, path):
        """The text run's value of this field, or None when it cannot be read."""
        text = self.fx.text
        if id(obj) in self.node_index:
            node = text.node(self.node_index[id(obj)])
            return node.value(key, self.fx.buffers) if node else None
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
            self.skip(SKIP_MEASURED_UNREAD, path)
            return
        self.compared += 1
        if not same_value(expected, mine):
            self.fail(path, expected, mine, "text run says %s" % json.dumps(expected))

    def _compare_from_text(self, s1, s2, key, mine, path):
        """A worker-dependent field of a node: the text run decides (see WORKER_DEPENDENT)."""
        block = self.fx.text.node(self.node_index[id(s1)])
        if block is None:
            return
        if key == "Workers":
            in_runs = (key in s1) + (key in s2)
            self._compare_workers(block, s1.get(key, []) + s2.get(key, []), in_runs, mine.get(key, ABSENT), path)
        else:
            self._expect_text_value(block.lookup(key, self.fx.buffers), key in s1 or key in s2,
                                    s1.get(key, s2.get(key, ABSENT)), mine.get(key, ABSENT), path)

    def _expect_text_value(self, looked_up, server_prints, server, mine, path):
        """Check planlens's value against (value, shown) from text_oracle.lookup.

        server_prints: whether a JSON run has the field, which decides where
        the text leaves it to JSON (zeros text omits); None when unknown."""
        expected, shown = looked_up
        if expected is None:
            if server_prints is None:  # neither JSON run has this worker
                self.skip(SKIP_WORKER_UNREAD, path)
            elif mine is ABSENT and server_prints:
                self.fail(path, server, mine, "missing")
            elif mine is not ABSENT and not server_prints:
                self.fail(path, ABSENT, mine, "not printed by the server")
            else:
                self.skip(SKIP_WORKER_UNREAD, path)
                if mine is not ABSENT:
                    self._compare_shape(server, mine, path)
            return
        if not shown and expected is not ABSENT and not server_prints:
            expected = ABSENT  # a zero text omits where the server prints no field
        self.compared += 1
        if expected is ABSENT:
            if mine is not ABSENT:
                self.fail(path, ABSENT, mine, "the text run did not print it")
        elif not same_value(expected, mine):
            self.fail(path, expected, mine, "text run says %s" % json.dumps(expected))

    def _compare_workers(self, block, server, in_runs, mine, path):
        """Per-worker details: the workers and their values are the text run's.

        Whether the array is there at all is the plan's (ANALYZE, a node a
        worker may run: an empty array when no worker printed anything), so
        that comes from the JSON runs; the worker numbers must be the ones
        the text run printed, each worker's fields the ones its text lines
        show; fields the text reader cannot read must have the shape the
        server gives that worker."""
        numbers = sorted(block.workers)
        if in_runs == 1 and not numbers:
            self.skip(SKIP_RUNS_DIFFER, path)
            return
        self.compared += 1
        if mine is ABSENT:
            if numbers or in_runs:
                self.fail(path, numbers, mine, "missing")
            return
        if not numbers and not in_runs:
            self.fail(path, ABSENT, mine, "not printed by the server")
            return
        if not isinstance(mine, list):
            self.fail(path, server, mine, "not a list")
            return
        got = [w.get("Worker Number") if isinstance(w, dict) else w for w in mine]
        if got != numbers:
            self.fail(path + "[*].Worker Number", numbers, got, "workers printed in the text run")
            return
        by_number = {}
        for w in server:
            by_number.setdefault(w.get("Worker Number"), w)
        for i, w in enumerate(mine):
            number = w["Worker Number"]
            theirs = by_number.get(number, {})
            lines = block.workers[number]
            ran = self.fx.buffers and self.fx.verbose and text_oracle.lookup(lines, "Actual Loops")[0]
            keys = list(theirs) + [k for k in w if k not in theirs]
            keys += [k for k in text_oracle.fields_printed_with(lines) if k not in keys]
            for key in keys:
                if key != "Worker Number":
                    # the JSON run's worker may have done other work than the text run's
                    prints = text_oracle.group_printed(lines, key)
                    if prints is None:
                        prints = key in theirs if theirs else None
                    self._expect_text_value(text_oracle.lookup(lines, key, buffers_on=bool(ran)),
                                            prints, theirs.get(key, ABSENT), w.get(key, ABSENT),
                                            _child(_child(path, i), key))

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
def run_planlens(planlens, mode, path, server_version=None):
    version = ["--server-version", str(server_version)] if server_version and mode == "pg-json" else []
    res = subprocess.run([planlens, "convert", "--to", mode] + version + [path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return res.returncode, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace")


def check_json(planlens, fx, style, path):
    """-> (mismatches, fields compared, {(reason, field): comparisons skipped})"""
    cmp = JsonComparer(fx, style)
    rc, out, err = run_planlens(planlens, "pg-json", path, fx.tell_version)
    if rc != 0:
        cmp.fail("", "exit 0", "exit %d: %s" % (rc, err.strip()[:300]), "convert --to pg-json failed")
        return cmp.mismatches, 0, {}
    try:
        plans = json.loads(out)
    except ValueError as e:
        cmp.fail("", "a JSON array", out[:200], "output is not JSON: %s" % e)
        return cmp.mismatches, 0, {}
    if not isinstance(plans, list) or len(plans) != 1:
        cmp.fail("", "1 plan", "%s plans" % (len(plans) if isinstance(plans, list) else "no array of"),
                 "wrong number of plans")
        return cmp.mismatches, 0, {}
    cmp.compare(fx.json1[0], fx.json2[0], plans[0])
    return cmp.mismatches, cmp.compared, cmp.skipped


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
    mism, compared, skipped = check_json(planlens, fx, style_name, path)
    mism += check_text(planlens, fx, style_name, path)
    os.remove(path)
    return mism, compared, skipped


# ---------------------------------------------------------------- driver
def compare_all(planlens, fixtures, styles, jobs, max_per_case, out=sys.stdout):
    """Run every (fixture, style) case; print mismatches and a summary.

    Returns the number of mismatches."""
    lock = threading.Lock()
    totals = {"cases": 0, "fields": 0, "mismatches": 0, "failed_cases": 0}
    skipped = {}
    with tempfile.TemporaryDirectory(prefix="planlens-compare-") as tmpdir:
        def task(fx, style):
            mism, compared, skips = check_case(planlens, fx, style[0], style[1], tmpdir)
            with lock:
                totals["cases"] += 1
                totals["fields"] += compared
                for k, n in skips.items():
                    skipped[k] = skipped.get(k, 0) + n
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
    print_skipped(skipped, out)
    return totals["mismatches"]


def print_skipped(skipped, out):
    """How many comparisons were skipped, why, and of which fields."""
    by_reason = {}
    for (reason, field), n in skipped.items():
        by_reason.setdefault(reason, {})[field] = n
    print("compare: %d value comparisons skipped%s" % (sum(skipped.values()), ":" if skipped else ""), file=out)
    for reason, fields in sorted(by_reason.items(), key=lambda kv: -sum(kv[1].values())):
        top = sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))
        names = ", ".join("%s %d" % kv for kv in top[:8]) + (", ..." if len(top) > 8 else "")
        print("  %7d  %s (%s)" % (sum(fields.values()), reason, names), file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare planlens with PostgreSQL's own JSON.")
    ap.add_argument("--fixtures", required=True, help="directory of captured statements")
    ap.add_argument("--planlens", default="build/planlens", help="path of the planlens CLI")
    ap.add_argument("--only", help="regular expression on statement names")
    ap.add_argument("--styles", help="regular expression on paste style names (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--max-per-case", type=int, default=10, help="mismatches printed per statement and style")
    ap.add_argument("--list-allowlist", action="store_true", help="print the allowlist and exit")
    ap.add_argument("--server-version", type=int, help="the fixtures' server major version, passed to planlens")
    args = ap.parse_args(argv)
    if args.list_allowlist:
        for a in ALLOWLIST:
            print("%s: %s" % (a.key, a.reason))
        return 0
    if not (os.path.isfile(args.planlens) and os.access(args.planlens, os.X_OK)):
        print("compare: planlens CLI not found or not executable: %s" % args.planlens, file=sys.stderr)
        return 2
    fixtures = (load_fixtures(args.fixtures, args.only, args.server_version, True) if args.server_version
                else load_fixtures(args.fixtures, args.only))
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
