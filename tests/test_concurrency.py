"""Writers do not lose each other's work: concurrent API posts and CLI ingests on one store,
served by waitress (the production server) in its own process."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


from .conftest import ROOT, Server, flask_cli, flask_env

# Twenty towns far enough apart that no two reports are the same event.
PLACES = ["Mosul", "Kirkuk", "Basra", "Erbil", "Aleppo", "Homs", "Idlib", "Raqqa", "Tikrit", "Fallujah",
          "Ramadi", "Samarra", "Najaf", "Kut", "Hama", "Latakia", "Tartus", "Daraa", "Palmyra", "Amarah"]


def article(n: int) -> dict:
    place = PLACES[n % len(PLACES)]
    return {"text": f"Gunmen attacked a checkpoint in {place} on Monday, killing {n + 2} soldiers. Report {n}.",
            "published": "2023-03-15"}


def call(base: str, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(base + path, data=json.dumps(payload).encode() if payload is not None else None,
                                 headers={"Content-Type": "application/json"}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def post(base: str, payload: dict) -> tuple[int, dict]:
    return call(base, "POST", "/api/articles", payload)


def test_concurrent_posts_and_cli_ingests_store_everything_once(tmp_path, waitress_server):
    # 16 distinct articles, each posted twice at the same time, while two CLI ingests run.
    files = []
    for n in range(16, 20):
        path = tmp_path / f"cli{n}.txt"
        path.write_text(article(n)["text"], encoding="utf-8")
        files.append(path)
    cli = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "ingest", *map(str, files[k::2]),
                             "--published", "2023-03-15"], cwd=ROOT, env=flask_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in (0, 1)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda n: post(waitress_server, article(n % 16)), range(32)))
    for proc in cli:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    statuses = [status for status, _ in results]
    assert set(statuses) <= {200, 201}, results
    assert statuses.count(201) == 16  # each text created once; the twin got 200 and the same id
    ids = {}
    for status, body in results:
        ids.setdefault(body["incidents"][0]["sentence"], set()).add(body["article_id"])
    assert all(len(v) == 1 for v in ids.values()), [(k, v) for k, v in ids.items() if len(v) > 1]
    db = sqlite3.connect(tmp_path / "incidents.sqlite")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 20
    assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 20
    assert db.execute("SELECT count(*) FROM (SELECT article_id FROM incidents GROUP BY article_id HAVING count(*) > 1)").fetchone()[0] == 0
    layer = json.load(urllib.request.urlopen(waitress_server + "/layers/attacks.geojson"))
    assert len(layer["features"]) == 20


def test_killed_ingest_leaves_store_consistent_and_rerun_completes(tmp_path):
    files = []
    for n in range(12):
        path = tmp_path / f"a{n}.txt"
        path.write_text(article(n)["text"], encoding="utf-8")
        files.append(path)
    flask_cli(tmp_path, "init-db")
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "ingest", *map(str, files),
                             "--published", "2023-03-15"], cwd=ROOT, env=flask_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db_path = tmp_path / "incidents.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill -9 once some, not all, articles are in
        with sqlite3.connect(db_path) as db:
            if db.execute("SELECT count(*) FROM articles").fetchone()[0] >= 3:
                break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    with sqlite3.connect(db_path) as db:
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = db.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                             "(SELECT 1 FROM incidents i WHERE i.article_id = a.id)").fetchone()[0]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 1 <= stored < 12 and orphans == 0  # every stored article has its incident: no half-written record
    flask_cli(tmp_path, "ingest", *map(str, files), "--published", "2023-03-15")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
        assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 12


def test_ingest_workers_analysts_and_readers_at_once_lose_nothing(tmp_path, database):
    """8 workers post 24 reports (each twice; two outlets' reports of each of 12 events) while 4
    analysts correct the events as they appear and readers draw the map: each text is stored once,
    each event once with both its sources, and every correction survives the reports merged after it."""
    server = Server(tmp_path, [sys.executable, "-m", "web.serve", "--host", "127.0.0.1", "--port={port}",
                               "--threads=16"], env={"INCIDENT_MAP_DATABASE": database})
    base = server.base
    towns = PLACES[:12]
    reports = [{"text": f"Gunmen attacked a checkpoint in {town} on Monday, killing {k + 2} soldiers, police said.",
                "published": "2023-03-15"} for k, town in enumerate(towns)]
    reports += [{"text": f"Militants stormed a checkpoint in {town} on Monday and killed {k + 2} soldiers, a "
                         f"local official told reporters.", "published": "2023-03-15"} for k, town in enumerate(towns)]
    corrected: dict[int, int] = {}
    done = False

    def analyst(k: int) -> None:
        while not done or len(corrected) < 12:
            features = json.load(urllib.request.urlopen(base + "/layers/all.geojson"))["features"]
            for f in features[k::4]:
                if f["id"] not in corrected:
                    status, body = call(base, "PATCH", f"/api/incidents/{f['id']}",
                                            {"fatalities": 100 + f["id"], "who": f"analyst {k}"})
                    assert status == 200, body
                    corrected[f["id"]] = 100 + f["id"]
            if done and len(features) >= 12:
                return
            time.sleep(0.05)

    def reader() -> int:
        seen = 0
        while not done:
            with urllib.request.urlopen(base + "/layers/all.geojson?properties=map") as r:
                assert r.status == 200
                seen += 1
        return seen

    try:
        with ThreadPoolExecutor(max_workers=8) as ingest, ThreadPoolExecutor(max_workers=6) as others:
            analysts = [others.submit(analyst, k) for k in range(4)]
            readers = [others.submit(reader) for _ in range(2)]
            results = list(ingest.map(lambda n: call(base, "POST", "/api/articles", reports[n % 24]), range(48)))
            done = True
            for f in analysts:
                f.result(timeout=300)
            assert all(f.result(timeout=60) > 0 for f in readers)
        assert {s for s, _ in results} <= {200, 201}, results
        assert [s for s, _ in results].count(201) == 24  # each text stored once
        features = json.load(urllib.request.urlopen(base + "/layers/all.geojson"))["features"]
        assert len(features) == 12  # each event once
        for f in features:
            _, full = call(base, "GET", f"/api/incidents/{f['id']}")
            assert full["sources"] == 2 and full["fatalities"] == corrected[f["id"]], full
    finally:
        server.stop()
