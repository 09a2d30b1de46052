"""The ways people paste a plan, as small pure functions.

Each style turns the server's plan lines (and, for psql's own aligned output,
the captured .psql text) into the document a person would paste: psql output
in its different modes, markdown tables, a DBeaver grid, a CSV export, fenced
code blocks.  Every style also exists embedded in a small markdown document
with a heading and prose, and a few with CRLF line endings.  The comparator
feeds each one to planlens and expects the same plan back.

The formats follow what the tools print: psql's formats are checked against
psql itself by the live test (see live.py); the markdown, DBeaver and CSV
shapes follow real pasted writeups.
"""

HEADER = "QUERY PLAN"


def _rows_footer(n):
    return "(1 row)" if n == 1 else "(%d rows)" % n


def _join(lines):
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- psql
def psql_aligned(fx):
    """psql's default output, exactly as captured from psql."""
    return fx.psql


def psql_session(fx):
    """An interactive psql session: prompt, the statement, then the output."""
    sql = fx.last_statement.splitlines()
    prompt = ["planlens=# " + sql[0]] + ["planlens-# " + line for line in sql[1:]]
    return _join(prompt) + fx.psql


def psql_unaligned(fx):
    """psql -A: header, rows as they are, footer."""
    return _join([HEADER] + fx.lines + [_rows_footer(len(fx.lines))])


def psql_expanded(fx):
    """psql \\x: one '-[ RECORD n ]---' block per row, 'QUERY PLAN | value'."""
    label = HEADER + " | "
    width = len(label) + max([len(l) for l in fx.lines] + [0])
    out = []
    for i, line in enumerate(fx.lines, 1):
        head = "-[ RECORD %d ]" % i
        out.append(head + "-" * max(width - len(head), 0))
        out.append(label + line)
    return _join(out + [""])  # psql ends expanded output with a blank line


# ---------------------------------------------------------------- markdown
def _md_cell(line):
    # a literal pipe would end the cell: markdown exporters escape it
    return line.replace("|", "\\|")


def _markdown_rows(fx, separator=True):
    cells = [_md_cell(l) for l in fx.lines]
    width = max([len(c) for c in cells] + [len(HEADER)])
    out = ["| %s |" % HEADER.ljust(width)]
    if separator:
        out.append("| %s |" % ("-" * width))
    out += ["| %s |" % c.ljust(width) for c in cells]
    return out


def markdown_table(fx):
    return _join(_markdown_rows(fx))


def markdown_table_no_separator(fx):
    return _join(_markdown_rows(fx, separator=False))


def markdown_table_in_list(fx):
    """A table pasted under a list item, indented four spaces."""
    rows = ["    " + r for r in _markdown_rows(fx)]
    return _join(["1. First run, after adding the index:", ""] + rows)


# ---------------------------------------------------------------- GUI clients
def dbeaver_grid(fx):
    """DBeaver's 'copy as text' grid: cells padded to width, '|' after each."""
    width = max([len(l) for l in fx.lines] + [len(HEADER)]) + 1
    out = [HEADER.ljust(width) + "|", "-" * (width - 1) + " |"]
    out += [l.ljust(width) + "|" for l in fx.lines]
    return _join(out)


def _csv_field(line):
    if "," in line or '"' in line:
        return '"' + line.replace('"', '""') + '"'
    return line


def csv_export(fx):
    """pgAdmin/DataGrip CSV: quoted header; a row is quoted only when it must be."""
    return _join(['"%s"' % HEADER] + [_csv_field(l) for l in fx.lines])


def csv_in_fence(fx):
    """CSV rows without a header pasted into a code fence (as in real writeups)."""
    return _join(["```"] + [_csv_field(l) for l in fx.lines] + ["```"])


# ---------------------------------------------------------------- plain text
def bare(fx):
    return _join(fx.lines)


def fenced(fx):
    return _join(["```"] + fx.lines + ["```"])


def fenced_sql(fx):
    return _join(["```sql"] + fx.lines + ["```"])


# ---------------------------------------------------------------- modifiers
def in_document(text, fx):
    """Embed a pasted block in a small markdown document."""
    before = ("## Why is %s slow?\n\n"
              "We ran the statement on a copy of production (12 GB, 2 cores) and pasted the\n"
              "result below. The interesting part is near the top.\n\n") % fx.name
    after = ("\nSo most of the time goes into the scan; an index on the filtered column\n"
             "should help. Next steps:\n\n- add the index\n- run it again and compare\n")
    return before + text + after


def crlf(text):
    return text.replace("\n", "\r\n")


BASE_STYLES = [
    ("bare", bare),
    ("psql-aligned", psql_aligned),
    ("psql-session", psql_session),
    ("psql-unaligned", psql_unaligned),
    ("psql-expanded", psql_expanded),
    ("markdown", markdown_table),
    ("markdown-no-separator", markdown_table_no_separator),
    ("markdown-in-list", markdown_table_in_list),
    ("dbeaver", dbeaver_grid),
    ("csv", csv_export),
    ("csv-in-fence", csv_in_fence),
    ("fenced", fenced),
    ("fenced-sql", fenced_sql),
]

CRLF_STYLES = {"bare", "psql-aligned", "markdown", "dbeaver", "csv"}


def all_styles():
    """[(name, function(fixture) -> document text)] for every paste style."""
    styles = []
    for name, fn in BASE_STYLES:
        styles.append((name, fn))
        styles.append((name + "+doc", lambda fx, fn=fn: in_document(fn(fx), fx)))
        if name in CRLF_STYLES:
            styles.append((name + "+crlf", lambda fx, fn=fn: crlf(fn(fx))))
            styles.append((name + "+doc+crlf", lambda fx, fn=fn: crlf(in_document(fn(fx), fx))))
    return styles
