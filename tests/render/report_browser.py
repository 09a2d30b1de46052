#!/usr/bin/env python3
"""The HTML report in a real browser: renders `planlens report` of each
writeup given, opens it in headless Chromium through the DevTools protocol
(over --remote-debugging-pipe, so nothing but the standard library is
needed) at 1000 px, and checks the page after its script ran:

  * no console error, no uncaught exception, no request leaves the page;
  * per plan, as many node elements (data-line) in its tree as the plan has
    nodes (counted from `planlens convert --to pg-json`), the root's line is
    the one `planlens extract --json` gives, lines increase in tree order;
  * every plan has its <svg>; one data-diff section per pair `planlens diff`
    finds;
  * nothing wider than the 1000 px window; the tree folds and unfolds by
    click and by keyboard.

Screenshots (light and dark) and a PDF print of each report are kept under
--artifacts. Exits 77 (skipped) when Chromium is missing, unless CI is set.

Usage: report_browser.py --planlens PATH --artifacts DIR FILE...
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
WIDTH = 1000

# Runs in the page after load; returns what the checks below compare.
PAGE_FACTS = r"""(() => {
  const plans = [...document.querySelectorAll('section.plan')].map(s => ({
    plan: +s.dataset.plan,
    nodes: s.querySelectorAll('ul.tree [data-line]').length,
    lines: [...s.querySelectorAll('ul.tree [data-line]')].map(e => +e.dataset.line),
    svgs: s.querySelectorAll('svg').length,
    failed: s.classList.contains('failed'),
  }));
  return JSON.stringify({
    plans,
    diffs: document.querySelectorAll('section[data-diff]').length,
    scrollWidth: document.documentElement.scrollWidth,
    js: document.documentElement.classList.contains('js'),
  });
})()"""

# Folds the first plan's root by its toggle and by ArrowLeft, unfolds it by
# ArrowRight, moves down with ArrowDown and opens properties with Enter.
INTERACTION = r"""(() => {
  const root = document.querySelector('ul.tree > li.node[aria-expanded]');
  if (!root) return JSON.stringify({skipped: true});
  const kids = root.querySelector(':scope > ul.kids');
  const shown = () => kids.getBoundingClientRect().height > 0;
  const key = (el, k) => el.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true}));
  const r = {};
  root.querySelector(':scope > .row button.tog').click();
  r.clickFolds = !shown() && root.getAttribute('aria-expanded') === 'false';
  root.querySelector(':scope > .row button.tog').click();
  r.clickUnfolds = shown();
  root.focus();
  key(root, 'ArrowLeft');
  r.leftFolds = !shown();
  key(root, 'ArrowRight');
  r.rightUnfolds = shown();
  key(root, 'ArrowDown');
  const next = document.activeElement;
  r.downMoves = next !== root && next.matches('li.node') && next.parentElement === kids;
  const props = next.querySelector(':scope > .props');
  const before = props.getBoundingClientRect().height;
  key(next, 'Enter');
  r.enterOpens = before === 0 && props.getBoundingClientRect().height > 0;
  key(next, 'Enter');
  // The flame graph: hovering a frame names it and lights its tree item;
  // clicking the deepest frame opens the folded tree down to its item.
  const frames = document.querySelectorAll('figure.flame g[data-node]');
  if (frames.length) {
    const itemOf = g => document.getElementById(g.closest('svg').dataset.items + g.dataset.node);
    const first = frames[0];
    first.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    const caption = first.closest('figure').querySelector('figcaption').textContent;
    r.hoverNames = caption === first.querySelector('title').textContent && itemOf(first).classList.contains('lit');
    const deepest = [...first.closest('svg').querySelectorAll('g[data-node]')].pop();
    const item = itemOf(deepest);
    const tree = item.closest('ul.tree');
    tree.querySelectorAll('li.node[aria-expanded]').forEach(li => li.setAttribute('aria-expanded', 'false'));
    deepest.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    r.clickReveals = item.getBoundingClientRect().height > 0 && document.activeElement === item;
  }
  return JSON.stringify(r);
})()"""


class Browser:
    """Chromium driven over its DevTools pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-pipe", "about:blank"]

        def wire():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=wire,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, session):
        for i, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                del self.events[i]
                return event
        while True:
            event = self._read()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def close(self):
        # Asks once, without waiting for an answer a busy browser may never send.
        try:
            os.write(self.to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def planlens_out(planlens, *args):
    return subprocess.run([planlens, *args], capture_output=True, text=True).stdout


def count_nodes(plan):
    return 1 + sum(count_nodes(child) for child in plan.get("Plans", []))


def expectations(planlens, path):
    """Node counts and root lines per parsed plan, and the number of pairs, from other verbs."""
    # extract prints JSON Lines, the line [] when there is no plan; diff an array of pairs
    lines = [json.loads(line) for line in planlens_out(planlens, "extract", "--json", path).splitlines()]
    extracted = [e for e in lines if isinstance(e, dict)]
    parsed = json.loads(planlens_out(planlens, "convert", "--to", "pg-json", path) or "[]")
    pairs = len(json.loads(planlens_out(planlens, "diff", "--json", path) or "[]"))
    return extracted, [count_nodes(p["Plan"]) for p in parsed], pairs


def problems_in_events(events, session):
    found = []
    for e in events:
        if e.get("sessionId") != session:
            continue
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("uncaught exception: %s" % params["exceptionDetails"].get("text"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console.%s: %s" % (params["type"], [a.get("value") for a in params.get("args", [])]))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append("log error: %s" % params["entry"].get("text"))
        elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(("file:", "data:", "about:")):
            found.append("request to %s" % params["request"]["url"])
    return found


def check_page(browser, html, name, artifacts, expected):
    extracted, node_counts, pairs = expected
    problems = []
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Page", "Network"):
        browser.call(domain + ".enable", session)
    browser.call("Emulation.setDeviceMetricsOverride", session, width=WIDTH, height=900, deviceScaleFactor=1,
                 mobile=False)
    browser.call("Page.navigate", session, url="file://" + os.path.abspath(html))
    browser.wait_for("Page.loadEventFired", session)

    facts = json.loads(browser.call("Runtime.evaluate", session, expression=PAGE_FACTS,
                                    returnByValue=True)["result"]["value"])
    if not facts["js"]:
        problems.append("the page's script did not run")
    parsed = [p for p in facts["plans"] if not p["failed"]]
    if len(facts["plans"]) != len(extracted):
        problems.append("%d plan sections, extract finds %d plans" % (len(facts["plans"]), len(extracted)))
    if len(parsed) != len(node_counts):
        problems.append("%d parsed plan sections, pg-json has %d plans" % (len(parsed), len(node_counts)))
    spans = {e["index"]: e for e in extracted}  # index is 1-based
    for p, count in zip(parsed, node_counts):
        if p["nodes"] != count:
            problems.append("plan %d: %d node elements, the plan has %d nodes" % (p["plan"], p["nodes"], count))
        span = spans.get(p["plan"])
        # a text plan starts at its root; a JSON/YAML/XML one at its element, the root's key inside it
        if p["lines"] and span and not (p["lines"][0] == span["first_line"] or
                                        (span["format"] != "text" and
                                         span["first_line"] <= p["lines"][0] <= span["last_line"])):
            problems.append("plan %d: root at line %d, extract says lines %d-%d" % (
                p["plan"], p["lines"][0], span["first_line"], span["last_line"]))
        if any(b <= a for a, b in zip(p["lines"], p["lines"][1:])):
            problems.append("plan %d: node lines do not increase in tree order" % p["plan"])
    for p in facts["plans"]:
        if p["svgs"] < 1:
            problems.append("plan %d has no <svg>" % p["plan"])
    if facts["diffs"] != pairs:
        problems.append("%d data-diff sections, diff finds %d pairs" % (facts["diffs"], pairs))
    if facts["scrollWidth"] > WIDTH:
        problems.append("the page is %d px wide in a %d px window" % (facts["scrollWidth"], WIDTH))

    def shot(suffix):
        clip_height = min(3000, browser.call("Runtime.evaluate", session, returnByValue=True,
                                             expression="document.documentElement.scrollHeight")["result"]["value"])
        png = browser.call("Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
                           clip={"x": 0, "y": 0, "width": WIDTH, "height": clip_height, "scale": 1})["data"]
        with open(os.path.join(artifacts, "%s%s.png" % (name, suffix)), "wb") as f:
            f.write(base64.b64decode(png))

    shot("")
    browser.call("Emulation.setEmulatedMedia", session, features=[{"name": "prefers-color-scheme", "value": "dark"}])
    shot(".dark")
    browser.call("Emulation.setEmulatedMedia", session, features=[])
    # Interaction last, so the screenshots show the page as it opens.
    moves = json.loads(browser.call("Runtime.evaluate", session, expression=INTERACTION,
                                    returnByValue=True)["result"]["value"])
    problems += ["tree interaction failed: " + k for k, ok in moves.items() if k != "skipped" and not ok]

    pdf = browser.call("Page.printToPDF", session, printBackground=True)["data"]
    with open(os.path.join(artifacts, name + ".pdf"), "wb") as f:
        f.write(base64.b64decode(pdf))

    problems += problems_in_events(browser.events, session)
    browser.events = [e for e in browser.events if e.get("sessionId") != session]
    browser.call("Target.closeTarget", targetId=target)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--planlens", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        if os.environ.get("CI"):
            print("FAIL: chromium is not installed (scripts/install-deps installs it)")
            return 1
        print("SKIP: chromium is not installed")
        return SKIP
    os.makedirs(a.artifacts, exist_ok=True)
    files = [f for f in a.files if os.path.isfile(f)]
    failed = 0
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(chromium, profile)
        try:
            for path in files:
                name = os.path.basename(os.path.dirname(path)) + "-" + os.path.splitext(os.path.basename(path))[0]
                html = os.path.join(a.artifacts, name + ".html")
                run = subprocess.run([a.planlens, "report", path, "-o", html], capture_output=True, text=True)
                if run.returncode not in (0, 1) or not os.path.isfile(html):
                    print("FAIL %s: planlens report exited %d: %s" % (path, run.returncode, run.stderr.strip()))
                    failed += 1
                    continue
                problems = check_page(browser, html, name, a.artifacts, expectations(a.planlens, path))
                for p in problems:
                    print("FAIL %s: %s" % (path, p))
                failed += bool(problems)
                if not problems:
                    print("ok %s (%d bytes)" % (path, os.path.getsize(html)))
        finally:
            browser.close()
    print("%d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
