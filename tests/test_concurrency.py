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

import pytest

from .conftest import ROOT, flask_cli, flask_env, free_port

# Twenty towns far enough apart that no two reports are the same event.
PLACES = ["Mosul", "Kirkuk", "Basra", "Erbil", "Aleppo", "Homs", "Idlib", "Raqqa", "Tikrit", "Fallujah",
          "Ramadi", "Samarra", "Najaf", "Kut", "Hama", "Latakia", "Tartus", "Daraa", "Palmyra", "Amarah"]


def article(n: int) -> dict:
    place = PLACES[n % len(PLACES)]
    return {"text": f"Gunmen attacked a checkpoint in {place} on Monday, killing {n + 2} soldiers. Report {n}.",
            "published": "2023-03-15"}


def post(base: str, payload: dict) -> tuple[int, dict]:
    req = urllib.request.Request(base + "/api/articles", data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


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
