#!/usr/bin/env python3
"""Runs the planlens CLI over every file in the given directories with a
timeout and checks what a user must be able to rely on for hostile input:

  * every run ends within the timeout with exit 0 or 1 (never a crash, a
    signal, a hang or exit 2). The timeout counts CPU seconds, so a busy
    machine does not fail the test; a run that waits without computing is
    stopped after WALL_FACTOR times as many seconds of wall time;
  * exit 1 comes with at least one located message "FILE:LINE:COL: ..."
    whose line lies inside the file;
  * JSON output (convert --to pg-json, extract --json, hot --json, stats
    --json, advise --json) parses, and never contains NaN or Infinity.

Usage: run_hostile.py --planlens PATH [--timeout CPU_SECONDS] [--verbs a,b] DIR...
Exit status 0 when every check holds, 1 otherwise.
"""
import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys

# A hang that blocks (reading a pipe, say) uses no CPU: wall time stops it.
WALL_FACTOR = 10

VERBS = {
    "convert-json": ["convert", "--to", "pg-json"],
    "convert-text": ["convert", "--to", "text"],
    "extract": ["extract", "--json"],
    "stats": ["stats", "--json"],
    "show": ["show"],
    "hot": ["hot", "--json"],
    "advise": ["advise", "--json"],
}
JSON_VERBS = {"convert-json", "stats", "hot", "advise"}
LOCATED = re.compile(r"^(.*):(\d+):(\d+): \S")


def reject_constant(name):
    raise ValueError("non-standard JSON constant " + name)


# One JSON token after optional whitespace: a string, a number, a literal or
# a punctuation mark, spelled as RFC 8259 spells them (so no NaN, Infinity).
TOKEN = re.compile(r'[ \t\n\r]*(?:("(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")'
                   r'|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(true|false|null)|([{}\[\]:,]))')


def validate_json_iteratively(text):
    """Checks that text is one JSON value without recursing per level of
    nesting: json.loads gives up (RecursionError) on the JSON of a plan
    thousands of levels deep, which is valid output."""
    pos, stack, expect = 0, [], "value"

    def after_value():
        return "comma_or_end" if stack else "done"

    while expect != "done":
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError("not JSON at offset %d: %r" % (pos, text[pos:pos + 40]))
        pos = m.end()
        kind, token = m.lastindex, m.group(m.lastindex)
        if expect in ("value", "value_or_end"):
            if token == "[" and kind == 4:
                stack.append("[")
                expect = "value_or_end"
            elif token == "{" and kind == 4:
                stack.append("{")
                expect = "key_or_end"
            elif token == "]" and kind == 4 and expect == "value_or_end":
                stack.pop()
                expect = after_value()
            elif kind in (1, 2, 3):
                expect = after_value()
            else:
                raise ValueError("expected a value at offset %d, found %r" % (m.start(kind), token))
        elif expect in ("key", "key_or_end"):
            if kind == 1:
                expect = "colon"
            elif token == "}" and kind == 4 and expect == "key_or_end":
                stack.pop()
                expect = after_value()
            else:
                raise ValueError("expected a key at offset %d, found %r" % (m.start(kind), token))
        elif expect == "colon":
            if token != ":" or kind != 4:
                raise ValueError("expected ':' at offset %d, found %r" % (m.start(kind), token))
            expect = "value"
        else:  # comma_or_end
            close = "}" if stack[-1] == "{" else "]"
            if token == "," and kind == 4:
                expect = "key" if stack[-1] == "{" else "value"
            elif token == close and kind == 4:
                stack.pop()
                expect = after_value()
            else:
                raise ValueError("expected ',' or %r at offset %d, found %r" % (close, m.start(kind), token))
    if text[pos:].strip(" \t\n\r"):
        raise ValueError("extra data after the JSON value at offset %d" % pos)


def load_json(text):
    try:
        json.loads(text, parse_constant=reject_constant)
    except RecursionError:
        validate_json_iteratively(text)


def check_json(verb, out):
    text = out.decode("utf-8")  # JSON output must be valid UTF-8
    if verb == "extract":
        for line in text.splitlines():
            load_json(line)
    else:
        load_json(text)


def line_count(path):
    with open(path, "rb") as f:
        data = f.read()
    # "\r\n", a lone "\r" and "\n" each end a line
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def limit_cpu(seconds):
    """In the child: the kernel sends SIGXCPU after `seconds` of CPU time."""
    limit = max(1, int(seconds + 0.999))
    return lambda: resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))


def run_one(planlens, verb, path, timeout):
    """Problems with one run, and the CPU seconds it took (runs are sequential,
    so the children's usage before and after brackets this one)."""
    problems = []
    cpu_before = children_cpu()
    try:
        proc = subprocess.run([planlens] + VERBS[verb] + [path], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout * WALL_FACTOR,
                              preexec_fn=limit_cpu(timeout))
    except subprocess.TimeoutExpired:
        return ["waited %gs of wall time, computing little: a hang" % (timeout * WALL_FACTOR)], timeout
    elapsed = children_cpu() - cpu_before
    if proc.returncode == -signal.SIGXCPU or elapsed > timeout:
        return ["used more than %gs of CPU time" % timeout], elapsed
    if proc.returncode not in (0, 1):
        tail = proc.stderr.decode("utf-8", "replace")[-400:]
        return ["exit %d: %s" % (proc.returncode, tail)], elapsed
    if proc.returncode == 1:
        lines = line_count(path)
        located = []
        for message in proc.stderr.decode("utf-8", "replace").splitlines():
            m = LOCATED.match(message)
            if m and m.group(1) == path:
                located.append((int(m.group(2)), int(m.group(3))))
        if not located:
            problems.append("exit 1 without a FILE:LINE:COL: message: %r"
                            % proc.stderr.decode("utf-8", "replace")[:300])
        for line, col in located:
            if not (1 <= line <= lines) or col < 1:
                problems.append("message points outside the file: %d:%d (%d lines)" % (line, col, lines))
    if verb in JSON_VERBS or verb == "extract":
        if proc.stdout or proc.returncode == 0:
            try:
                check_json(verb, proc.stdout)
            except (ValueError, UnicodeDecodeError) as e:
                problems.append("invalid JSON output: %s" % str(e)[:200])
    return problems, elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--planlens", required=True)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--verbs", default=",".join(VERBS))
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    verbs = a.verbs.split(",")
    files = []
    for d in a.dirs:
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and not name.endswith(".md5") and name != "README.md":
                files.append(p)
    failed = passed = 0
    slowest = (0.0, "")
    for path in files:
        for verb in verbs:
            problems, elapsed = run_one(a.planlens, verb, path, a.timeout)
            slowest = max(slowest, (elapsed, "%s %s" % (verb, path)))
            if problems:
                failed += 1
                for p in problems:
                    print("FAIL %s %s: %s" % (verb, path, p))
            else:
                passed += 1
    print("slowest: %.2fs of CPU, %s" % slowest)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
