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

HEADER_RE = re.compile(r"^(\s*->  )?(?P<name>\S.*)$")
ACTUAL_RE = re.compile(r"\(actual (?:time=(?P<start>[\d.]+)\.\.(?P<total>[\d.]+) )?"
                       r"rows=(?P<rows>\d+) loops=(?P<loops>\d+)\)")
KB = r"(\d+)kB"

BUFFER_KEYS = {
    ("shared", "hit"): "Shared Hit Blocks", ("shared", "read"): "Shared Read Blocks",
    ("shared", "dirtied"): "Shared Dirtied Blocks", ("shared", "written"): "Shared Written Blocks",
    ("local", "hit"): "Local Hit Blocks", ("local", "read"): "Local Read Blocks",
    ("local", "dirtied"): "Local Dirtied Blocks", ("local", "written"): "Local Written Blocks",
    ("temp", "read"): "Temp Read Blocks", ("temp", "written"): "Temp Written Blocks",
}
WAL_KEYS = {"records": "WAL Records", "fpi": "WAL FPI", "bytes": "WAL Bytes"}

# field -> (regular expression over the node's own property lines, value when absent)
PROPERTY_PATTERNS = {
    "Rows Removed by Filter": (r"^Rows Removed by Filter: (\d+)$", 0),
    "Rows Removed by Join Filter": (r"^Rows Removed by Join Filter: (\d+)$", 0),
    "Rows Removed by Index Recheck": (r"^Rows Removed by Index Recheck: (\d+)$", 0),
    "Rows Removed by Conflict Filter": (r"^Rows Removed by Conflict Filter: (\d+)$", 0),
    "Heap Fetches": (r"^Heap Fetches: (\d+)$", None),
    "Exact Heap Blocks": (r"^Heap Blocks: .*\bexact=(\d+)", 0),
    "Lossy Heap Blocks": (r"^Heap Blocks: .*\blossy=(\d+)", 0),
    "Workers Launched": (r"^Workers Launched: (\d+)$", None),
    "Peak Memory Usage": (r"\bMemory Usage: " + KB, None),
    "Disk Usage": (r"\bDisk Usage: " + KB, 0),
    "Sort Space Used": (r"^Sort Method: .*  (?:Memory|Disk): " + KB, None),
    "HashAgg Batches": (r"^(?:Planned Partitions: \d+  )?Batches: (\d+)", None),
    "Hash Buckets": (r"^Buckets: (\d+)", None),
    "Hash Batches": (r"  Batches: (\d+)", None),
}


def _number(s):
    return float(s) if "." in s else int(s)


class NodeBlock:
    """One node's header line and its own property lines."""

    def __init__(self, header, indent):
        self.header = header
        self.indent = indent  # column where this node's property lines start
        self.props = []

    def actual(self):
        if "(never executed)" in self.header:
            return {"Actual Startup Time": 0, "Actual Total Time": 0, "Actual Rows": 0, "Actual Loops": 0}
        m = ACTUAL_RE.search(self.header)
        if not m:
            return {}
        out = {"Actual Rows": int(m.group("rows")), "Actual Loops": int(m.group("loops"))}
        if m.group("start") is not None:
            out["Actual Startup Time"] = float(m.group("start"))
            out["Actual Total Time"] = float(m.group("total"))
        return out

    def value(self, key):
        """The text run's value of a node field, or None if not readable here."""
        actual = self.actual()
        if key in actual:
            return actual[key]
        if key in BUFFER_KEYS.values():
            return _buffers(self.props, "Buffers: ").get(key, 0) if self._has("Buffers: ") else None
        if key in WAL_KEYS.values():
            return _wal(self.props).get(key, 0) if self._has("WAL: ") else None
        if key in PROPERTY_PATTERNS:
            rx, absent = PROPERTY_PATTERNS[key]
            for line in self.props:
                m = re.search(rx, line)
                if m:
                    return _number(m.group(1))
            return absent
        return None

    def _has(self, prefix):
        return any(l.startswith(prefix) for l in self.props)


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
            elif col == self.nodes[-1].indent:
                self.nodes[-1].props.append(stripped)

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
