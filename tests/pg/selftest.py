#!/usr/bin/env python3
"""Self-test of compare.py on the saved fixtures: it must be able to fail.

    python3 tests/pg/selftest.py fixtures/pg15

A comparator that silently compares nothing would let every planlens pass.
For each fixture this builds the output a perfect planlens would print (the
server's first JSON run, with the measured values the text run printed) and
requires zero mismatches and a non-zero number of compared fields; then it
damages that output in specific ways and requires each damage to be reported
at the right path.  No planlens binary is involved.
"""

import copy
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402


def parse_path(path):
    """'Plan.Plans[0].Sort Key[1]' -> ['Plan', 'Plans', 0, 'Sort Key', 1]"""
    out = []
    for part in path.split("."):
        m = re.match(r"^([^\[]*)((?:\[\d+\])*)$", part)
        if m.group(1):
            out.append(m.group(1))
        out += [int(i) for i in re.findall(r"\[(\d+)\]", m.group(2))]
    return out


def set_at(doc, path, value):
    keys = parse_path(path)
    for k in keys[:-1]:
        doc = doc[k]
    doc[keys[-1]] = value


def del_at(doc, path):
    keys = parse_path(path)
    for k in keys[:-1]:
        doc = doc[k]
    del doc[keys[-1]]


def run(fx, mine):
    cmp = compare.JsonComparer(fx, "selftest")
    cmp.compare(fx.json1[0], fx.json2[0], mine)
    return cmp


def perfect_output(fx):
    """json1 with measured and worker-dependent fields set to the text run's
    values, or None when the text run's workers differ from json1's (then
    there is no simple fix-up)."""
    mine = copy.deepcopy(fx.json1[0])
    for m in run(fx, mine).mismatches:
        if m.what.startswith("text run says"):
            set_at(mine, m.path, m.server)
        elif m.what == "the text run did not print it":
            del_at(mine, m.path)
        else:
            return None
    return mine


def expect(fx, label, mine, pattern, failures):
    found = [str(m) for m in run(fx, mine).mismatches]
    if not any(re.search(pattern, f) for f in found):
        failures.append("%s: damage '%s' not reported (got %s)" % (fx.name, label, found[:3]))


def damage_checks(fx, good, failures):
    """Each damage must produce a mismatch naming the damaged path."""
    plan = good["Plan"]
    d = copy.deepcopy(good)
    del d["Plan"]["Node Type"]
    expect(fx, "missing field", d, r"Plan\.Node Type \(missing\)", failures)
    d = copy.deepcopy(good)
    d["Plan"]["Bogus Field"] = 1
    expect(fx, "extra field", d, r"Plan\.Bogus Field \(not printed by the server\)", failures)
    d = copy.deepcopy(good)
    d["Plan"]["Parallel Aware"] = 1 if not plan["Parallel Aware"] else 0
    expect(fx, "bool as number", d, r"Plan\.Parallel Aware", failures)
    # absent under COSTS OFF; differs between the runs after rolled-back DML grew the table
    if "Total Cost" in plan and plan["Total Cost"] == fx.json2[0]["Plan"].get("Total Cost"):
        d = copy.deepcopy(good)
        d["Plan"]["Total Cost"] = plan["Total Cost"] + 0.01
        expect(fx, "changed number", d, r"Plan\.Total Cost: server=", failures)
    if plan.get("Plans"):
        d = copy.deepcopy(good)
        d["Plan"]["Plans"].pop()
        expect(fx, "lost child", d, r"Plan\.Plans \(\d+ elements, server has \d+\)", failures)
    if "Actual Rows" in plan and "Actual Total Time" in plan:
        d = copy.deepcopy(good)
        d["Plan"]["Actual Total Time"] = plan["Actual Total Time"] + 1000
        expect(fx, "measured value", d, r"Plan\.Actual Total Time \(text run says", failures)
    d = copy.deepcopy(good)
    d.pop("Plan")
    expect(fx, "no Plan", d, r"\bPlan \(missing\)", failures)
    gather = _find(plan, "Plan", lambda n: n.get("Node Type") in compare.WORKER_SCOPE)
    if gather and "Actual Rows" in gather[1]:
        # worker-dependent: checked against the text run even though both JSON runs agree
        d = copy.deepcopy(good)
        set_at(d, gather[0] + ".Actual Rows", gather[1]["Actual Rows"] + 1)
        expect(fx, "rows of a Gather", d, re.escape(gather[0]) + r"\.Actual Rows \(text run says", failures)
    workers = _find(plan, "Plan", lambda n: n.get("Workers"))
    if workers:
        d = copy.deepcopy(good)
        set_at(d, workers[0] + ".Workers", workers[1]["Workers"][:-1])
        expect(fx, "a lost worker", d, re.escape(workers[0]) + r"\.Workers\[\*\]\.Worker Number", failures)


def _find(node, path, pred):
    """(path, node) of the first plan node in pre-order for which pred holds."""
    if pred(node):
        return path, node
    for i, child in enumerate(node.get("Plans", [])):
        found = _find(child, "%s.Plans[%d]" % (path, i), pred)
        if found:
            return found
    return None


def worker_run_checks(failures):
    """A worker's fields come from the text run, even where the JSON run's
    same-numbered worker did other work (PostgreSQL 18's per-worker Heap
    Blocks: a worker with no pages prints neither field)."""
    class Stub:
        name, json1, buffers, verbose = "worker-runs", [{}], False, False
    block = compare.text_oracle.NodeBlock("Parallel Bitmap Heap Scan on t", 0)
    block.add(0, "Worker 0:  Heap Blocks: exact=4")
    theirs = [{"Worker Number": 0}]  # this run's worker 0 read no page
    both = {"Worker Number": 0, "Exact Heap Blocks": 4, "Lossy Heap Blocks": 0}
    for label, mine, want in (("the text run's fields", both, None),
                              ("a lost Lossy Heap Blocks", {"Worker Number": 0, "Exact Heap Blocks": 4},
                               r"Workers\[0\]\.Lossy Heap Blocks \(text run says 0\)"),
                              ("a wrong Exact Heap Blocks", dict(both, **{"Exact Heap Blocks": 5}),
                               r"Workers\[0\]\.Exact Heap Blocks \(text run says 4\)")):
        _check_workers(Stub(), block, theirs, mine, label, want, failures)
    # the other way round: the JSON run's worker 0 read pages, the text run's did not
    block = compare.text_oracle.NodeBlock("Parallel Bitmap Heap Scan on t", 0)
    block.add(0, "Worker 0:  actual time=0.1..0.2 rows=10.00 loops=1")
    theirs = [dict(both, **{"Actual Rows": 12})]
    idle = {"Worker Number": 0, "Actual Rows": 10}
    _check_workers(Stub(), block, theirs, idle, "an idle worker", None, failures)
    _check_workers(Stub(), block, theirs, dict(idle, **{"Exact Heap Blocks": 4}), "heap blocks of an idle worker",
                   r"Workers\[0\]\.Exact Heap Blocks \(the text run did not print it\)", failures)


def _check_workers(fx, block, theirs, mine, label, want, failures):
    cmp = compare.JsonComparer(fx, "selftest")
    cmp._compare_workers(block, theirs, 1, [mine], "Plan.Workers")
    found = [str(m) for m in cmp.mismatches]
    if want is None and found:
        failures.append("worker runs: %s reported: %s" % (label, found))
    elif want is not None and not any(re.search(want, f) for f in found):
        failures.append("worker runs: %s not reported (got %s)" % (label, found))


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    failures, checked, skipped = [], 0, []
    for fx in compare.load_fixtures(argv[1]):
        good = perfect_output(fx)
        if good is None:
            skipped.append(fx.name)
            continue
        cmp = run(fx, good)
        if cmp.mismatches or cmp.compared == 0:
            failures.append("%s: perfect output gave %d mismatches, %d fields compared" % (
                fx.name, len(cmp.mismatches), cmp.compared))
        damage_checks(fx, good, failures)
        checked += 1
        if "Inner Unique" in str(fx.json1) and not fx.verbose:
            d = copy.deepcopy(good)
            _drop_key(d, "Inner Unique")
            if run(fx, d).mismatches:
                failures.append("%s: allowlisted Inner Unique reported" % fx.name)
    worker_run_checks(failures)
    for f in failures:
        print("SELFTEST FAIL " + f)
    print("selftest: %d fixtures checked, %d skipped (workers differ between runs: %s), %d failures" % (
        checked, len(skipped), ", ".join(skipped) or "none", len(failures)))
    return 1 if failures or checked < 100 else 0


def _drop_key(obj, key):
    if isinstance(obj, dict):
        obj.pop(key, None)
        for v in obj.values():
            _drop_key(v, key)
    elif isinstance(obj, list):
        for v in obj:
            _drop_key(v, key)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
