"""How fast the map page becomes usable with many incidents, in headless Chromium.

    python bench/map_load.py --incidents 50000      (what `make bench` runs)

Seeds a store with synthetic incidents (bench/seed_store.py) unless it exists, serves it with
waitress on loopback, opens the map in Debian's Chromium with every outside request blocked,
and reports, as the median of --runs page loads: time to the first marker (or cluster) drawn,
time until every layer is loaded and clustered, page weight on the wire and unpacked, the JS
heap, and how long the time slider takes to redraw at half its range.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import is_postgres, open_store, shown  # noqa: E402

CHROMIUM = os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium")

MEASURE = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {
    wire: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
    unpacked: entries.reduce((n, e) => n + (e.decodedBodySize || 0), 0),
    requests: entries.length,
    heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
  };
}"""


def _stored(database: str) -> int:
    store = open_store(database)
    store.init()
    try:
        return store.count_articles()
    finally:
        getattr(store, "close", lambda: None)()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "INCIDENT_MAP_DATABASE": str(database), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "web.serve", "--host", "127.0.0.1", f"--port={port}", "--threads", "4"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def peak_rss(pid: int) -> int:
    """The server's peak resident memory so far, in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def one_load(browser, base: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "/", wait_until="commit")
    page.locator(".incident-marker, .incident-cluster").first.wait_for(state="attached", timeout=300_000)
    first = time.perf_counter() - started
    page.locator("body[data-map-ready='1']").wait_for(state="attached", timeout=300_000)
    ready = time.perf_counter() - started
    numbers = page.evaluate(MEASURE)
    markers = int(page.locator("body").get_attribute("data-markers"))
    slider = page.locator("#time-slider")
    half = int(slider.get_attribute("max")) // 2
    before = page.locator("body").get_attribute("data-markers")
    t = time.perf_counter()
    slider.fill(str(half))
    page.locator(f"body:not([data-markers='{before}'])").wait_for(state="attached", timeout=120_000)
    slide = time.perf_counter() - t
    pan = zoom = float("nan")
    if page.locator("body").get_attribute("data-view-mode"):  # drawn view by view: pan, then zoom in
        for action in ("pan", "zoom"):
            drawn = page.locator("body").get_attribute("data-views-drawn")
            t = time.perf_counter()
            # (statements, not expressions: Playwright would serialise the returned map object)
            page.evaluate("() => { incidentMap.map.panBy([350, 150], {animate: false}); }" if action == "pan"
                          else "() => { incidentMap.map.setZoom(incidentMap.map.getZoom() + 2, {animate: false}); }")
            page.locator(f"body:not([data-views-drawn='{drawn}'])").wait_for(state="attached", timeout=120_000)
            if action == "pan":
                pan = time.perf_counter() - t
            else:
                zoom = time.perf_counter() - t
    context.close()
    return {"first": first, "ready": ready, "slide": slide, "pan": pan, "zoom": zoom, "markers": markers, **numbers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=50_000)
    parser.add_argument("--database", help="default: instance/bench-<N>.sqlite (seeded if missing); or a "
                                           "postgresql:// URL (seeded if its store is empty)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    database = args.database or str(ROOT / "instance" / f"bench-{args.incidents}.sqlite")
    if not is_postgres(database) and not Path(database).exists() or is_postgres(database) and not _stored(database):
        subprocess.run([sys.executable, str(ROOT / "bench" / "seed_store.py"), database,
                        "--incidents", str(args.incidents)], check=True)
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = serve(database, port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--enable-precise-memory-info"])
            runs = []
            for i in range(args.runs):
                run = one_load(browser, f"http://127.0.0.1:{port}")
                print(f"run {i + 1}/{args.runs}: first marker {run['first']:.2f} s, ready {run['ready']:.2f} s, "
                      f"{run['markers']:,} markers", file=sys.stderr, flush=True)
                runs.append(run)
            server_peak = peak_rss(server.pid)  # (the map's; reading an article loads spaCy)
            # a restart over the unchanged store: the slow totals were kept in it (store/kept.py)
            server.terminate()
            server.wait(timeout=10)
            server = serve(database, port)
            restarted = one_load(browser, f"http://127.0.0.1:{port}")
            print(f"after a restart: first marker {restarted['first']:.2f} s, ready {restarted['ready']:.2f} s",
                  file=sys.stderr, flush=True)
            # one more load after a write (an article posted): the store's totals are no longer current
            body = json.dumps({"text": f"Gunmen attacked a checkpoint in Mosul on Monday, killing two soldiers. "
                                       f"Benchmark write at {time.time():.0f}.", "published": "2024-06-03"}).encode()
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/articles", data=body, method="POST",
                                                          headers={"Content-Type": "application/json"}), timeout=120)
            after_write = one_load(browser, f"http://127.0.0.1:{port}")
            print(f"after a write: first marker {after_write['first']:.2f} s, ready {after_write['ready']:.2f} s",
                  file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"\nMap page with {med['markers']:,.0f} incidents ({shown(database)}), median of {args.runs} loads, "
          "headless Chromium, waitress on loopback:\n")
    print(f"first load after the server started: first marker {runs[0]['first']:.2f} s; after a restart over the "
          f"unchanged store: {restarted['first']:.2f} s; after a write: {after_write['first']:.2f} s\n")
    print("| time to first marker | time to all drawn | page weight (wire / unpacked) | requests | JS heap "
          "| slider redraw at half range | pan redraw | zoom-in redraw | server memory |")
    print("|---|---|---|---|---|---|---|---|---|")
    view = (lambda k: f"{med[k]:.2f} s" if med[k] == med[k] else "— (all in the page)")
    print(f"| {med['first']:.2f} s | {med['ready']:.2f} s | {med['wire'] / 2**20:.1f} MB / {med['unpacked'] / 2**20:.1f} MB "
          f"| {med['requests']:.0f} | {med['heap'] / 2**20:.0f} MB | {med['slide']:.2f} s | {view('pan')} | {view('zoom')} "
          f"| {server_peak / 2**20:.0f} MB |")


if __name__ == "__main__":
    main()
