#!/usr/bin/env python3
"""Regenerates fixtures/documents/psql-formats/: plans as real psql prints them
under every output setting it has for a one-column result.

The plan lines are stored in a one-column table named "QUERY PLAN" and
selected back under each combination of \\pset format (aligned, wrapped at two
widths, unaligned, csv), linestyle (ascii, old-ascii, unicode with single and
double border, header and column lines), border 0/1/2, \\x, \\t and footer,
and under each markup format (html, asciidoc, latex, latex-longtable,
troff-ms) with every border it knows, \\x, \\t, footer, title and tableattr.
EXPLAIN returns exactly such a column, so psql frames it identically.

    python3 tests/document/make_psql_formats.py      # needs postgresql-15

Each plan's clean lines go to <plan>.plan, each framing to <plan>/<variant>.txt;
tests/document/psql_formats_test.cpp reads them back. The directory is
emptied first, so variants an older generator made do not linger.
"""

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "pg"))
from pgserver import PgServer  # noqa: E402

OUT = os.path.join(ROOT, "fixtures", "documents", "psql-formats")

# Real server output from fixtures/pg15, and one plan made here whose
# identifiers are not ASCII (psql cuts wrapped cells by display width).
FROM_FIXTURES = {
    "subplan": "074-subplan.txt",         # ANALYZE VERBOSE, SubPlan, long headers
    "parallel": "084-parallel-hash-join.txt",  # workers, quoted identifier
}
UNICODE_SETUP = """
CREATE TABLE "größe" ("straße" text, "wert" int);
INSERT INTO "größe" SELECT 'straße ' || g, g FROM generate_series(1, 1000) g;
ANALYZE "größe";
"""
UNICODE_EXPLAIN = ("EXPLAIN (COSTS OFF) SELECT \"straße\", count(*) FROM \"größe\" "
                   "WHERE \"straße\" LIKE 'straße 1%' AND \"wert\" > 10 GROUP BY \"straße\" ORDER BY 2 DESC LIMIT 5;")
# A plan with every character a markup format escapes (latex: # $ % & < > \\ ^ _
# { | } ~; html: & < > "; asciidoc: |; troff: \\), printed in those formats only.
ESCAPES_SETUP = 'CREATE TABLE "esc" (a text, b text);'
ESCAPES_EXPLAIN = ("EXPLAIN (COSTS OFF) SELECT * FROM esc WHERE a ~ '^x\\|y{2}$' AND b LIKE '#%&\\_~' "
                   "AND a <> 'p|q' AND b > '\"<\"';")

LINESTYLES = {
    "ascii": ["linestyle ascii"],
    "old-ascii": ["linestyle old-ascii"],
    "unicode": ["linestyle unicode", "unicode_border_linestyle single",
                "unicode_header_linestyle single", "unicode_column_linestyle single"],
    "unicode-double": ["linestyle unicode", "unicode_border_linestyle double",
                       "unicode_header_linestyle double", "unicode_column_linestyle double"],
    "unicode-mixed": ["linestyle unicode", "unicode_border_linestyle double",
                      "unicode_header_linestyle single", "unicode_column_linestyle single"],
}
FRAMED_FORMATS = {"aligned": ["format aligned"], "wrapped47": ["format wrapped", "columns 47"],
                  "wrapped100": ["format wrapped", "columns 100"]}
ROWS = {"": ["tuples_only off", "footer on"], "-t": ["tuples_only on"], "-nofooter": ["tuples_only off", "footer off"]}
PLAIN_FORMATS = {"unaligned": ["format unaligned"], "csv": ["format csv"]}
# the markup formats and the borders each distinguishes (latex has a fourth)
MARKUP_FORMATS = {"html": 2, "asciidoc": 2, "latex": 3, "latex-longtable": 3, "troff-ms": 2}
MARKUP_ROWS = {"": ["tuples_only off", "footer on"], "-t": ["tuples_only on"],
               "-nofooter": ["tuples_only off", "footer off"], "-title": ["tuples_only off", "footer on", "title 'A plan'"]}
# \pset tableattr: html writes it into <table>, latex-longtable turns it into column widths
TABLE_ATTRS = {"html": "class=\"plan\"", "latex-longtable": "0.9"}


def variants(plan):
    """(name, \\pset commands) for every framing this plan is printed in."""
    full = plan == "subplan"
    if plan != "escapes":
        yield from framed_variants(plan, full)
    yield from markup_variants(full)


def framed_variants(plan, full):
    formats = FRAMED_FORMATS if full else {k: FRAMED_FORMATS[k] for k in ("aligned", "wrapped47")}
    styles = LINESTYLES if full else {k: LINESTYLES[k] for k in ("ascii", "old-ascii", "unicode", "unicode-double")}
    rows = ROWS if full else {"": ROWS[""], "-t": ROWS["-t"]}
    for fmt, fmt_set in formats.items():
        for style, style_set in styles.items():
            for border in (0, 1, 2):
                for expanded in (False, True):
                    for suffix, rows_set in rows.items():
                        if suffix == "-nofooter" and (expanded or fmt == "wrapped100"):
                            continue  # \x prints no footer; one width is enough
                        name = "%s-%s-b%d%s%s" % (fmt, style, border, "-x" if expanded else "", suffix)
                        yield name, fmt_set + style_set + ["border %d" % border,
                                                           "expanded %s" % ("on" if expanded else "off")] + rows_set
    for fmt, fmt_set in PLAIN_FORMATS.items():
        for expanded in (False, True):
            if fmt == "csv" and expanded:
                continue  # csv has no expanded form
            for suffix in ("", "-t"):
                name = "%s%s%s" % (fmt, "-x" if expanded else "", suffix)
                yield name, fmt_set + ["expanded %s" % ("on" if expanded else "off"),
                                       "tuples_only %s" % ("on" if suffix else "off"), "footer on"]


def markup_variants(full):
    for fmt, max_border in MARKUP_FORMATS.items():
        for border in range(max_border + 1) if full else (1,):
            for expanded in (False, True):
                rows = MARKUP_ROWS if full else {"": MARKUP_ROWS[""], "-t": MARKUP_ROWS["-t"]}
                if full and border == 1 and fmt in TABLE_ATTRS:
                    rows = dict(rows, **{"-attr": ["tuples_only off", "footer on",
                                                   "tableattr '%s'" % TABLE_ATTRS[fmt]]})
                for suffix, rows_set in rows.items():
                    name = "%s-b%d%s%s" % (fmt, border, "-x" if expanded else "", suffix)
                    yield name, ["format " + fmt, "border %d" % border,
                                 "expanded %s" % ("on" if expanded else "off")] + rows_set


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    with PgServer() as pg:
        plans = {}
        for name, fixture in FROM_FIXTURES.items():
            with open(os.path.join(ROOT, "fixtures", "pg15", fixture), encoding="utf-8") as f:
                plans[name] = f.read().rstrip("\n").split("\n")
        pg.psql_sql(UNICODE_SETUP)
        plans["unicode"] = pg.psql_sql("\\pset format unaligned\n\\pset tuples_only on\n" + UNICODE_EXPLAIN + "\n"
                                       ).rstrip("\n").split("\n")
        pg.psql_sql(ESCAPES_SETUP)
        plans["escapes"] = pg.psql_sql("\\pset format unaligned\n\\pset tuples_only on\n" + ESCAPES_EXPLAIN + "\n"
                                       ).rstrip("\n").split("\n")

        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        script = ["\\pset pager off"]
        outputs = []
        for plan, lines in plans.items():
            table = '"plan %s"' % plan
            values = ", ".join("(%d, %s)" % (i, sql_literal(l)) for i, l in enumerate(lines))
            script.append('CREATE TABLE %s (n int, "QUERY PLAN" text); INSERT INTO %s VALUES %s;' % (table, table, values))
            with open(os.path.join(OUT, plan + ".plan"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            os.makedirs(os.path.join(OUT, plan))
            for name, settings in variants(plan):
                path = os.path.join(OUT, plan, name + ".txt")
                outputs.append(path)
                # title and tableattr stay set until unset: every variant starts without them
                script += ["\\pset " + s for s in ["title", "tableattr"] + settings]
                script += ["\\o " + path, 'SELECT "QUERY PLAN" FROM %s ORDER BY n;' % table, "\\o"]
        pg.psql_sql("\n".join(script) + "\n")
        print("wrote %d plans in %d framings to %s" % (len(plans), len(outputs), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
