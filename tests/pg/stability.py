#!/usr/bin/env python3
"""Check that two captures of the catalogue agree apart from measurements.

    python3 tests/pg/capture.py --out /tmp/a && python3 tests/pg/capture.py --out /tmp/b
    python3 tests/pg/stability.py /tmp/a /tmp/b

The fixtures are only useful if regenerating them changes nothing but
times, buffer counts and the like.  For every statement this compares
capture A's first JSON run with capture B's, on the fields A's two runs
agree on (run-dependent fields are checked for presence and type only, as
in compare.py), and the text lines with every number masked.  Exit 1 when
anything else differs.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402


class CaptureComparer(compare.JsonComparer):
    """Capture B plays planlens; measured fields are not read from text."""

    def _oracle(self, obj, key, path):
        return None

    def _compare_workers(self, node, server, mine, path):
        self._compare_shape(server[0] if server else {}, mine[0] if mine else {}, path + "[0]")


def masked(lines):
    return [re.sub(r"\d+(\.\d+)?", "N", l) for l in lines]


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    a_dir, b_dir = argv[1], argv[2]
    problems = 0
    for fa in compare.load_fixtures(a_dir):
        if not os.path.exists(os.path.join(b_dir, fa.name + ".txt")):
            print("only in %s: %s" % (a_dir, fa.name))
            problems += 1
            continue
        fb = compare.Fixture(b_dir, fa.name)
        cmp = CaptureComparer(fa, "capture B")
        cmp.compare(fa.json1[0], fa.json2[0], fb.json1[0])
        for m in cmp.mismatches:
            print(str(m).replace("planlens=", "capture B="))
        problems += len(cmp.mismatches)
        for i, (la, lb) in enumerate(zip(masked(fa.lines), masked(fb.lines))):
            if la != lb:
                print("%s: text line %d differs beyond numbers:\n  A: %s\n  B: %s" % (fa.name, i + 1, fa.lines[i],
                                                                                      fb.lines[i]))
                problems += 1
                break
        if len(fa.lines) != len(fb.lines):
            print("%s: %d text lines in A, %d in B" % (fa.name, len(fa.lines), len(fb.lines)))
            problems += 1
    print("stability: %d differences" % problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
