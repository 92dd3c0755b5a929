"""Shared fixtures. The gazetteer index and the spaCy pipeline are built once per test run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"
SEED_PUBLISHED = dt.date(2024, 2, 7)
GAZETTEER = Path(os.environ.get("INCIDENT_MAP_GAZETTEER", ROOT / "instance" / "gazetteer.sqlite"))

sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def gazetteer():
    from geo.gazetteer import Gazetteer, ensure_gazetteer

    return Gazetteer(ensure_gazetteer(GAZETTEER))


@pytest.fixture(scope="session")
def pipeline(gazetteer):
    from geo.pipeline import Pipeline

    return Pipeline(gazetteer)


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.exists():
        pytest.fail(f"the seed article is expected at {SEED} (../shared beside the repo)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL + PostGIS server for the run (store/pg_local.py), its URL without a
    database. Skipped where PostgreSQL is not installed, unless INCIDENT_MAP_REQUIRE_POSTGRES=1
    (CI installs it and sets that)."""
    import tempfile

    from store import pg_local

    # (not under pytest's own folder, which only root may enter: the server runs as postgres there)
    folder = Path(tempfile.mkdtemp(prefix="incident-map-pg-"))
    try:
        url = pg_local.start(folder, free_port())
    except pg_local.Unavailable as exc:
        if os.environ.get("INCIDENT_MAP_REQUIRE_POSTGRES") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:  # once, where every test's schema finds them
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    yield url
    pg_local.stop(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_database(postgres):
    """A database URL of its own for one test: a fresh schema of the run's server."""
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{postgres}?options=-csearch_path%3D{schema},public"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Each store in turn: tests that use it (and every test of the app) run on both."""
    if request.param == "sqlite":
        return str(tmp_path / "incidents.sqlite")
    return request.getfixturevalue("pg_database")


@pytest.fixture
def app(database, pipeline):
    from app import create_app

    application = create_app({"TESTING": True, "DATABASE": database, "GAZETTEER": str(GAZETTEER)})
    application.extensions["incident_map"].use_pipeline(pipeline)
    yield application
    getattr(application.extensions["incident_map"].store, "close", lambda: None)()


@pytest.fixture
def client(app):
    return app.test_client()


def serve_in_thread(server):
    """Serve a test's own HTTP server (a feed, a page, a webhook) from a daemon thread; its
    ``shutdown()`` returns within 50 ms (the default poll would keep each test half a second)."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update({"INCIDENT_MAP_DATABASE": str(tmp_path / "incidents.sqlite"),
                "INCIDENT_MAP_GAZETTEER": str(GAZETTEER), "PYTHONPATH": str(ROOT)})
    return env


def flask_cli(tmp_path: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``flask --app app ARGS`` as a user would, in a separate process (``env``: more settings)."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                          env={**flask_env(tmp_path), **(env or {})}, capture_output=True, text=True, check=check,
                          timeout=300)


class Server:
    """An app server process on a free loopback port: ``flask run`` by default, or any command."""

    def __init__(self, tmp_path: Path, command: list[str] | None = None, env: dict | None = None):
        port = free_port()
        command = command or [sys.executable, "-m", "flask", "--app", "app", "run", "--port", "{port}"]
        self.proc = subprocess.Popen([part.format(port=port) for part in command], cwd=ROOT,
                                     env={**flask_env(tmp_path), **(env or {})},
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.proc.kill()
                    out = self.proc.stdout.read().decode(errors="replace") if self.proc.stdout else ""
                    pytest.fail(f"the server did not start:\n{out}")
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Path:
    """A folder whose store holds the seed, ingested once per run by ``flask ingest`` as a user would;
    servers start on copies of it (reading the seed takes seconds)."""
    folder = tmp_path_factory.mktemp("seeded")
    flask_cli(folder, "ingest", str(SEED), "--published", SEED_PUBLISHED.isoformat())
    return folder


def _seeded_server(template: Path, folder: Path):
    for part in template.glob("incidents.sqlite*"):  # (the file and, if still there, its journal)
        shutil.copy(part, folder / part.name)
    server = Server(folder)
    yield server.base
    server.stop()


@pytest.fixture
def live_server(seeded_store, tmp_path):
    """The real app served by ``flask run`` on a free loopback port, with the seed ingested: a store
    of the test's own, for tests that change what is stored."""
    yield from _seeded_server(seeded_store, tmp_path)


@pytest.fixture(scope="module")
def seeded_site(seeded_store, tmp_path_factory):
    """The same, shared by the tests of one module that only read (a test that writes uses
    ``live_server``)."""
    yield from _seeded_server(seeded_store, tmp_path_factory.mktemp("site"))


@pytest.fixture
def waitress_server(tmp_path):
    """The app served by ``python -m web.serve`` (waitress, as ``make serve``) on a free loopback port."""
    flask_cli(tmp_path, "init-db")
    server = Server(tmp_path, [sys.executable, "-m", "web.serve", "--host", "127.0.0.1", "--port={port}", "--threads=8"])
    yield server.base
    server.stop()


# Fixtures that start servers, browsers or other processes: tests using them are "slow" (the fast
# loop, `pytest -m "not slow"`, leaves them out).
_SLOW_FIXTURES = {"live_server", "seeded_site", "waitress_server", "token_server", "browser", "page"}


def pytest_collection_modifyitems(config, items):
    # A test that reaches into SQLite itself (a full disk, a locked file) runs on SQLite only.
    on_postgres = [i for i in items if i.get_closest_marker("sqlite_only")
                   and getattr(i, "callspec", None) and i.callspec.params.get("database") == "postgresql"]
    if on_postgres:
        config.hook.pytest_deselected(items=on_postgres)
        items[:] = [i for i in items if i not in on_postgres]
    for item in items:
        if getattr(item, "callspec", None) and item.callspec.params.get("database") == "postgresql":
            item.add_marker(pytest.mark.slow)  # (the fast loop runs each test once, on SQLite)
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.module.__name__.endswith(("test_cli",
                                                                                                     "test_concurrency")):
            item.add_marker(pytest.mark.slow)


# Three short reports of our own: an attack in Iraq, a strike and a clash in Syria.
ARTICLES = [
    {"title": "Rocket attack on Erbil airport", "published": "2023-05-10",
     "text": "Militants fired three rockets at Erbil airport in northern Iraq on Tuesday, wounding two "
             "contractors, the Kurdistan Region's security council said."},
    {"title": "Israeli strike hits Homs", "published": "2024-03-02",
     "text": "An Israeli air strike hit a weapons depot near Homs in western Syria on Friday, killing four "
             "fighters, a war monitor said."},
    {"title": "Six soldiers killed in Deir ez-Zor clashes", "published": "2024-02-14",
     "text": "Islamic State fighters clashed with Syrian army troops near Deir ez-Zor on Monday, leaving six "
             "soldiers dead, a monitor said."},
]


@pytest.fixture
def stocked(client):
    ids = {}
    for art in ARTICLES:
        r = client.post("/api/articles", json=art)
        assert r.status_code == 201
        (incident,) = r.get_json()["incidents"]
        ids[incident["category"]] = incident["id"]
    return ids


def feature_ids(client, url: str) -> set[int]:
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)
    return {f["id"] for f in r.get_json()["features"]}
