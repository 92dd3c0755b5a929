"""Load test: N concurrent clients against the app under waitress on loopback, for a bounded time.

Usage: python bench/loadtest.py [--clients 32] [--seconds 60]
Starts waitress on a free 127.0.0.1 port with a temporary store holding the sample articles,
then each client loops over the map page and the layer endpoints until time is up. Prints
requests/s, p50/p99 latency and the error count; exits non-zero on any error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/", "/layers", "/layers/all.geojson", "/layers/strikes.geojson", "/layers/attacks.geojson",
         "/basemap/countries.geojson", "/vendor/leaflet/leaflet.js"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(port: int, deadline: float, latencies: list, errors: list, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = 0
    while time.monotonic() < deadline:
        path = PATHS[i % len(PATHS)]
        i += 1
        started = time.monotonic()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except OSError as exc:
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            path = f"{path} ({exc})"
        with lock:
            latencies.append(time.monotonic() - started)
            if not ok:
                errors.append(path)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INCIDENT_MAP_DATABASE": str(Path(tmp) / "incidents.sqlite")}
        flask = [sys.executable, "-m", "flask", "--app", "app"]
        subprocess.run([*flask, "load-samples"], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "web.serve", "--host", "127.0.0.1", f"--port={port}",
                                   "--threads=8"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            deadline = time.monotonic() + args.seconds
            started = time.monotonic()
            threads = [threading.Thread(target=client, args=(port, deadline, latencies, errors, lock))
                       for _ in range(args.clients)]
            for t in threads:
                t.start()
            last_report = started
            while any(t.is_alive() for t in threads):
                time.sleep(0.2)
                if time.monotonic() - last_report >= 5:
                    last_report = time.monotonic()
                    left = max(0.0, deadline - last_report)
                    print(f"loadtest: {len(latencies):,} requests, {len(latencies) / (last_report - started):.0f}/s, "
                          f"{len(errors)} errors, ETA {left:.0f} s", file=sys.stderr, flush=True)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    q = statistics.quantiles(latencies, n=100)
    print(f"\n| clients | seconds | requests | requests/s | p50 | p99 | errors |\n|---|---|---|---|---|---|---|\n"
          f"| {args.clients} | {elapsed:.0f} | {len(latencies):,} | {len(latencies) / elapsed:.0f} | "
          f"{q[49] * 1000:.0f} ms | {q[98] * 1000:.0f} ms | {len(errors)} |")
    if errors:
        print("errors (first 5):", errors[:5], file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
