"""Worst-case requests against the app under waitress on loopback: how long one hostile request
takes, how much memory the server reaches, and how fast /healthz answers meanwhile.

Usage: python bench/abuse.py [--case NAME ...]
Cases: text-2mb (2 MB of event sentences on one line), names-100k (100,000 x "Baghdad"),
attribute-bomb (a 4 MB HTML page whose one tag has 400,000 attributes).

Each case runs against a fresh server (peak memory is the server's VmHWM after the case). A case
answered 202 is followed to its job's end ("done"); while it runs, a short article is posted and
timed (it should not wait for the long one).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "A drone strike hit a market in Mosul on Monday, killing three people and wounding five. "


def cases() -> dict[str, tuple[str, bytes]]:
    text = (SENTENCE * (2 * 1024 * 1024 // len(SENTENCE)))[: 2 * 1024 * 1024 - 10]
    names = " ".join(["Baghdad"] * 100_000)
    bomb = ("<html><body><article><p " + " ".join(f"a{i}=1" for i in range(400_000)) + ">" + SENTENCE * 10
            + "</p></article></body></html>").encode()
    boundary = "b0mb"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bomb.html\"\r\n"
            "Content-Type: text/html\r\n\r\n").encode() + bomb + f"\r\n--{boundary}--\r\n".encode()
    return {
        "text-2mb": ("application/json", json.dumps({"text": text, "published": "2024-02-07"}).encode()),
        "names-100k": ("application/json", json.dumps({"text": names, "published": "2024-02-07"}).encode()),
        "attribute-bomb": (f"multipart/form-data; boundary={boundary}", form),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(name: str, content_type: str, body: bytes) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INCIDENT_MAP_DATABASE": str(Path(tmp) / "incidents.sqlite"), "PYTHONPATH": str(ROOT)}
        port = free_port()
        log = open(Path(tmp) / "server.log", "wb")
        server = subprocess.Popen([sys.executable, "-m", "web.serve", "--host", "127.0.0.1", f"--port={port}"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            # warm the pipeline (spaCy, gazetteer) so that start-up is not counted
            warm = json.dumps({"text": "Gunmen attacked a checkpoint in Kirkuk.", "published": "2024-02-07"}).encode()
            urllib.request.urlopen(urllib.request.Request(base + "/api/articles", data=warm,
                                                          headers={"Content-Type": "application/json"}), timeout=120)
            worst, done = [0.0], threading.Event()

            def probe():
                while not done.is_set():
                    started = time.monotonic()
                    try:
                        urllib.request.urlopen(base + "/healthz", timeout=30).close()
                    except OSError:
                        pass
                    worst[0] = max(worst[0], time.monotonic() - started)
                    time.sleep(0.2)

            prober = threading.Thread(target=probe, daemon=True)
            prober.start()
            started = time.monotonic()
            request = urllib.request.Request(base + "/api/articles", data=body, headers={"Content-Type": content_type})
            try:
                with urllib.request.urlopen(request, timeout=1800) as r:
                    status, answer = r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                status, answer = e.code, json.loads(e.read() or b"{}")
            answered = time.monotonic() - started
            job_url = answer.get("job_url") if status == 202 else None
            small = None
            if job_url:  # a short article posted while the long one is read
                time.sleep(2)
                small_started = time.monotonic()
                short = json.dumps({"text": "A car bomb exploded in Basra on Monday, killing four people.",
                                    "published": "2024-02-07"}).encode()
                urllib.request.urlopen(urllib.request.Request(base + "/api/articles", data=short,
                                                              headers={"Content-Type": "application/json"}),
                                       timeout=600).close()
                small = time.monotonic() - small_started
            while job_url and answer.get("status") in ("queued", "running"):
                time.sleep(0.5)
                with urllib.request.urlopen(base + job_url, timeout=30) as r:
                    answer = json.loads(r.read())
            elapsed = time.monotonic() - started
            done.set()
            prober.join()
            return {"case": name, "status": status, "answered_s": answered, "done_s": elapsed, "small_s": small,
                    "peak_mb": peak_mb(server.pid), "healthz_worst_s": worst[0],
                    "result": answer.get("status") or (f"{len(answer.get('incidents', []))} incidents"
                                                       if "incidents" in answer else answer.get("error", ""))}
        except OSError as exc:
            raise SystemExit(f"{name}: the server stopped answering ({exc}); its log:\n"
                             + (Path(tmp) / "server.log").read_text(errors="replace")[-3000:]) from None
        finally:
            server.terminate()
            server.wait(timeout=30)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=list(cases()))
    args = parser.parse_args(argv)
    chosen = args.case or list(cases())
    print("| case | status | request answered | done | server peak memory | worst /healthz | a short article meanwhile "
          "| result |")
    print("|---|---|---|---|---|---|---|---|")
    for name in chosen:
        content_type, body = cases()[name]
        r = run(name, content_type, body)
        print(f"| {r['case']} | {r['status']} | {r['answered_s']:.1f} s | {r['done_s']:.1f} s | {r['peak_mb']:,.0f} MB "
              f"| {r['healthz_worst_s']:.2f} s | {'%.1f s' % r['small_s'] if r['small_s'] is not None else '-'} "
              f"| {r['result']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
