"""Read run-dependent numbers straight from the TEXT run.

The text run is a third execution: its times, buffer counts, memory sizes
and (in parallel plans) per-worker row counts generally differ from both
JSON runs, even when the two JSON runs happen to agree (two runs both
taking 0.013 ms is common).  For those measured fields compare.py checks
planlens's value against this reader instead of the JSON.

This is deliberately not a plan parser: it only cuts the text into node
blocks (node N is the N-th header line, in the same pre-order as the JSON
'Plans' tree) and picks values with one regular expression per field.
Anything it cannot find returns None, and the comparator then checks only
that the field is present with the right type.
"""

import re

ACTUAL_RE = re.compile(r"\bactual (?:time=(?P<start>[\d.]+)\.\.(?P<total>[\d.]+) )?"
                       r"rows=(?P<rows>\d+(?:\.\d+)?) loops=(?P<loops>\d+)")  # 18: rows=2.50
KB = r"(\d+)kB"

# A field the text run did not print, and which the JSON of that run would not
# have either (the leader did no sorting, no worker ran the node, ...).
ABSENT = type("Absent", (), {"__repr__": lambda self: "<absent>"})()

BUFFER_KEYS = {
    ("shared", "hit"): "Shared Hit Blocks", ("shared", "read"): "Shared Read Blocks",
    ("shared", "dirtied"): "Shared Dirtied Blocks", ("shared", "written"): "Shared Written Blocks",
    ("local", "hit"): "Local Hit Blocks", ("local", "read"): "Local Read Blocks",
    ("local", "dirtied"): "Local Dirtied Blocks", ("local", "written"): "Local Written Blocks",
    ("temp", "read"): "Temp Read Blocks", ("temp", "written"): "Temp Written Blocks",
}
WAL_KEYS = {"records": "WAL Records", "fpi": "WAL FPI", "bytes": "WAL Bytes"}
ACTUAL_KEYS = ("Actual Startup Time", "Actual Total Time", "Actual Rows", "Actual Loops")


def _same_as(key):
    """Absent means 'equal to key' (text prints '(originally N)' only on a change)."""
    return lambda lines: lookup(lines, key)[0]


def _zero_if(prefix_re):
    """Absent means 0 when a line matching prefix_re is there (text omits zero
    parts of it), and absent from the JSON too when that line is missing."""
    return lambda lines: 0 if any(re.search(prefix_re, l) for l in lines) else ABSENT


# field -> (regular expression over property lines, value when no line matches:
#           a number (text omits zeros; JSON prints them), ABSENT (neither prints
#           it), None (unknown), or a function of the lines)
PROPERTY_PATTERNS = {
    "Rows Removed by Filter": (r"^Rows Removed by Filter: (\d+)$", 0),
    "Rows Removed by Join Filter": (r"^Rows Removed by Join Filter: (\d+)$", 0),
    "Rows Removed by Index Recheck": (r"^Rows Removed by Index Recheck: (\d+)$", 0),
    "Rows Removed by Conflict Filter": (r"^Rows Removed by Conflict Filter: (\d+)$", 0),
    "Heap Fetches": (r"^Heap Fetches: (\d+)$", ABSENT),
    "Exact Heap Blocks": (r"^Heap Blocks: .*\bexact=(\d+)", 0),
    "Lossy Heap Blocks": (r"^Heap Blocks: .*\blossy=(\d+)", 0),
    "Workers Launched": (r"^Workers Launched: (\d+)$", None),
    "Sort Method": (r"^Sort Method: (.+?)  (?:Memory|Disk): ", ABSENT),
    "Sort Space Type": (r"^Sort Method: .+?  (Memory|Disk): ", ABSENT),
    "Sort Space Used": (r"^Sort Method: .+?  (?:Memory|Disk): " + KB, ABSENT),
    "HashAgg Batches": (r"^(?:Planned Partitions: \d+  )?Batches: (\d+)", ABSENT),
    "Peak Memory Usage": (r"\bMemory Usage: " + KB, ABSENT),
    "Disk Usage": (r"\bDisk Usage: " + KB, _zero_if(r"\bMemory Usage: ")),
    "Hash Buckets": (r"^Buckets: (\d+)", ABSENT),
    "Original Hash Buckets": (r"^Buckets: \d+ \(originally (\d+)\)", _same_as("Hash Buckets")),
    "Hash Batches": (r"^Buckets: .*  Batches: (\d+)", ABSENT),
    "Original Hash Batches": (r"^Buckets: .*  Batches: \d+ \(originally (\d+)\)", _same_as("Hash Batches")),
    "Cache Hits": (r"^Hits: (\d+)", ABSENT),
    "Cache Misses": (r"^Hits: .*\bMisses: (\d+)", ABSENT),
    "Cache Evictions": (r"^Hits: .*\bEvictions: (\d+)", ABSENT),
    "Cache Overflows": (r"^Hits: .*\bOverflows: (\d+)", ABSENT),
}


# Fields that one text line carries, and that explain.c prints all together
# for a worker in JSON (show_tidbitmap_info, show_sort_info, show_memoize_info):
# for a worker, JSON prints the group exactly when the text prints its line.
# Which worker does what changes from run to run, so for these the text run's
# worker decides, not the JSON run's worker of the same number.
PRINTED_TOGETHER = (
    ("Exact Heap Blocks", "Lossy Heap Blocks"),
    ("Sort Method", "Sort Space Type", "Sort Space Used"),
    ("Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows"),
)


def group_printed(lines, key):
    """Whether a JSON run would print key for the worker these lines are, or
    None when key is in no group."""
    group = next((g for g in PRINTED_TOGETHER if key in g), None)
    return None if group is None else any(lookup(lines, other)[1] for other in group)


def fields_printed_with(lines):
    """Every field of the groups these worker lines show one member of."""
    return [key for group in PRINTED_TOGETHER if group_printed(lines, group[0]) for key in group]


# Incremental Sort: 'Full-sort Groups: 6  Sort Method: quicksort  Average Memory: 26kB  Peak Memory: 26kB'
GROUP_KEYS = ("Full-sort Groups", "Pre-sorted Groups")
GROUP_RE = (r"^%s: (\d+)  Sort Methods?: (.+?)(?:  Average Memory: (\d+)kB  Peak Memory: (\d+)kB)?"
            r"(?:  Average Disk: (\d+)kB  Peak Disk: (\d+)kB)?$")


def _sort_groups(lines, key):
    """The JSON object of one incremental sort group line, or ABSENT."""
    for line in lines:
        m = re.match(GROUP_RE % re.escape(key), line)
        if m:
            out = {"Group Count": int(m.group(1)), "Sort Methods Used": m.group(2).split(", ")}
            for name, avg, peak in (("Sort Space Memory", 3, 4), ("Sort Space Disk", 5, 6)):
                if m.group(avg) is not None:
                    out[name] = {"Average Sort Space Used": int(m.group(avg)),
                                 "Peak Sort Space Used": int(m.group(peak))}
            return out, True
    return ABSENT, False


def _number(s):
    return float(s) if "." in s else int(s)


def _actual(line):
    if "(never executed)" in line:
        return dict.fromkeys(ACTUAL_KEYS, 0)
    m = ACTUAL_RE.search(line)
    if not m:
        return {}
    out = {"Actual Rows": _number(m.group("rows")), "Actual Loops": int(m.group("loops"))}
    if m.group("start") is not None:
        out["Actual Startup Time"] = float(m.group("start"))
        out["Actual Total Time"] = float(m.group("total"))
    return out


def lookup(lines, key, header=None, buffers_on=False):
    """(value, shown) of a field in property lines (a node's own, or one worker's).

    shown is True when a line printed the value; otherwise value is what the
    field's absence means (see PROPERTY_PATTERNS), or None when unknown.  The
    actual time/rows/loops come from the header, or for a worker from its
    'actual ...' line.  buffers_on: under ANALYZE, BUFFERS these lines ran the
    node with buffer tracking, so no 'Buffers:' line means all counters 0."""
    if key in ACTUAL_KEYS:
        actual = _actual(header) if header is not None else next(
            (a for a in map(_actual, lines) if a), {})
        return (actual[key], True) if key in actual else (None, False)
    if key in BUFFER_KEYS.values():
        if any(l.startswith("Buffers: ") for l in lines):
            value = _buffers(lines, "Buffers: ").get(key)
            return (value, True) if value is not None else (0, False)
        return (0, False) if buffers_on else (None, False)
    if key in WAL_KEYS.values():
        if any(l.startswith("WAL: ") for l in lines):
            value = _wal(lines).get(key)
            return (value, True) if value is not None else (0, False)
        return None, False
    if key in GROUP_KEYS:
        return _sort_groups(lines, key)
    if key in PROPERTY_PATTERNS:
        rx, absent = PROPERTY_PATTERNS[key]
        for line in lines:
            m = re.search(rx, line)
            if m:
                return (m.group(1) if key in ("Sort Method", "Sort Space Type") else _number(m.group(1))), True
        return (absent(lines) if callable(absent) else absent), False
    return None, False


class NodeBlock:
    """One node's header line, its own property lines, and its workers' lines."""

    def __init__(self, header, indent):
        self.header = header
        self.indent = indent  # column where this node's property lines start
        self.props = []
        self.workers = {}  # worker number -> its lines ('Worker N: ' removed, continuations stripped)
        self._worker = None  # the worker whose continuation lines may follow

    def add(self, col, stripped):
        """A line indented at or below this node's property column."""
        if col > self.indent and self._worker is not None:
            self.workers[self._worker].append(stripped)
            return
        if col != self.indent:
            return
        # 13 and newer: "Worker 0:  actual ..."; 12: "Worker 0: actual ..." (sort lines keep two spaces)
        m = re.match(r"^Worker (\d+): {1,2}(.*)$", stripped)
        if m:
            self._worker = int(m.group(1))
            self.workers.setdefault(self._worker, []).append(m.group(2))
        else:
            self._worker = None
            self.props.append(stripped)

    def lookup(self, key, buffers_on=False):
        return lookup(self.props, key, self.header, buffers_on and "(never executed)" not in self.header)

    def value(self, key, buffers_on=False):
        """The text run's value of a node field, or None if not readable here."""
        value = self.lookup(key, buffers_on)[0]
        return None if value is ABSENT else value


def _buffers(lines, prefix):
    out = {}
    for line in lines:
        if line.startswith(prefix):
            for part in line[len(prefix):].split(", "):
                words = part.split()
                area = words[0]
                for kv in words[1:]:
                    k, _, v = kv.partition("=")
                    if (area, k) in BUFFER_KEYS:
                        out[BUFFER_KEYS[(area, k)]] = int(v)
            break
    return out


def _wal(lines):
    for line in lines:
        if line.startswith("WAL: "):
            return {WAL_KEYS[k]: int(v) for k, v in (kv.split("=") for kv in line[5:].split()) if k in WAL_KEYS}
    return {}


class TextPlan:
    """The text run cut into node blocks and top-level lines."""

    def __init__(self, lines):
        self.nodes = []
        self.top = []
        for i, line in enumerate(lines):
            stripped = line.lstrip(" ")
            col = len(line) - len(stripped)
            if i == 0 or stripped.startswith("->  "):
                name_col = col + 4 if stripped.startswith("->  ") else col
                self.nodes.append(NodeBlock(line, name_col + 2))
            elif col == 0:
                self.top.append(line)
            elif self.top:
                self.top.append(line)  # indented continuation of a top-level block (Planning:, JIT:)
            else:
                self.nodes[-1].add(col, stripped)

    def node(self, index):
        return self.nodes[index] if index < len(self.nodes) else None

    def top_value(self, key):
        """Planning Time / Execution Time in ms."""
        for line in self.top:
            m = re.match(r"^%s: ([\d.]+) ms$" % re.escape(key), line)
            if m:
                return float(m.group(1))
        return None

    def trigger(self, index, key):
        """Time / Calls of the index-th Trigger line."""
        triggers = [l for l in self.top if l.startswith("Trigger ")]
        if index >= len(triggers):
            return None
        field = {"Time": r"time=([\d.]+)", "Calls": r"calls=(\d+)"}.get(key)
        m = re.search(field, triggers[index]) if field else None
        return _number(m.group(1)) if m else None

    def jit_timing(self, key):
        """A field of the top-level JIT Timing line (ms)."""
        in_jit = False
        for line in self.top:
            if line == "JIT:":
                in_jit = True
            elif in_jit and line.startswith("  Timing: "):
                m = re.search(r"\b%s ([\d.]+) ms" % re.escape(key), line)
                return float(m.group(1)) if m else None
        return None

    def planning_buffers(self, key):
        for i, line in enumerate(self.top):
            if line == "Planning:":
                block = [l.strip() for l in self.top[i + 1:i + 3]]
                return _buffers(block, "Buffers: ").get(key, 0) if any(
                    l.startswith("Buffers: ") for l in block) else None
        return None
