"""The attacks a security review reproduced, replayed against a live server on loopback: a URL
fetch steered into the local network, writes from other sites' pages, a parser bomb, a page that
drips. Each must now be refused, or bounded, and change nothing."""

from __future__ import annotations

import http.client
import ipaddress
import json
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.errors import FetchFailed, FetchTimedOut, Invalid
from service.fetch import UNREACHABLE, fetch

from .conftest import Server, serve_in_thread

ARTICLE = ("<html><head><title>Internal</title></head><body><article><p>Rockets hit Erbil airport on Tuesday, "
           "wounding two guards, officials said. The attack damaged a hangar.</p></article></body></html>")


class _Internal(BaseHTTPRequestHandler):
    """A page that must never be fetched on a user's behalf, a redirect, and a slow drip."""

    hits: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802
        self.hits.append((self.path, self.headers.get("Host", "")))
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.end_headers()
            return
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.3)
            return
        body = ARTICLE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(host: str):
    server = ThreadingHTTPServer((host, 0), _Internal)
    serve_in_thread(server)
    return server


@pytest.fixture
def internal():
    """Two 'internal' servers: 127.0.0.1 and 127.0.0.2 (both loopback)."""
    _Internal.hits = []
    first, second = _serve("127.0.0.1"), _serve("127.0.0.2")
    yield f"127.0.0.1:{first.server_address[1]}", f"127.0.0.2:{second.server_address[1]}"
    first.shutdown()
    second.shutdown()


def post(base: str, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(base + path, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def post_json(base: str, path: str, payload: dict, **headers) -> tuple[int, dict]:
    return post(base, path, json.dumps(payload).encode(), {"Content-Type": "application/json", **headers})


def count(base: str) -> int:
    with urllib.request.urlopen(base + "/layers", timeout=30) as r:
        return json.loads(r.read())[0]["count"]


# -- 1. SSRF -------------------------------------------------------------------------------------

def test_a_url_two_parsers_read_differently_is_refused(seeded_site, internal):
    target, _ = internal
    before = count(seeded_site)
    status, body = post_json(seeded_site, "/api/articles",
                             {"url": f"http://{target}\\@8.8.8.8/../secret.html", "fetch": True})
    assert status == 400 and "backslash" in body["error"]
    assert _Internal.hits == [] and count(seeded_site) == before


def test_a_redirect_into_the_local_network_is_refused(internal):
    allowed_site, private_site = internal
    only_the_first = lambda a: a == ipaddress.ip_address("127.0.0.1")  # noqa: E731  (127.0.0.1 plays a public site)
    for location in (f"http://{private_site}/secret.html", f"http://{allowed_site}\\@8.8.8.8/secret.html"):
        with pytest.raises((Invalid, FetchFailed)):
            fetch(f"http://{allowed_site}/redirect?to={location}", user_agent="t", max_bytes=10**6,
                  allowed=only_the_first)
    assert [path for path, _ in _Internal.hits if path == "/secret.html"] == []


def test_refused_targets_do_not_tell_open_ports_from_closed_ones(seeded_site, internal):
    open_target, _ = internal
    answers = {json.dumps(post_json(seeded_site, "/api/articles", {"url": url, "fetch": True}))
               for url in (f"http://{open_target}/", "http://127.0.0.1:9/", "http://10.255.255.1:8080/")}
    assert len(answers) == 1 and UNREACHABLE in answers.pop()
    assert _Internal.hits == []


def test_the_name_is_resolved_once_and_the_connection_pinned_to_it(internal):
    site, _ = internal
    port = int(site.split(":")[1])
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a rebinding resolver: the second answer is private
    calls = []

    def rebinding(host, _port):
        calls.append(host)
        return next(answers)

    page = fetch(f"http://news.example:{port}/article.html", user_agent="t", max_bytes=10**6,
                 allowed=lambda a: True, resolver=rebinding)
    assert b"Erbil" in page.body
    assert calls == ["news.example"]  # one lookup; the connection went to the address checked
    assert _Internal.hits == [("/article.html", f"news.example:{port}")]


# -- 4. a fetch has a deadline in all -------------------------------------------------------------

def test_a_page_that_drips_is_cut_at_the_deadline(internal):
    site, _ = internal
    started = time.monotonic()
    with pytest.raises(FetchTimedOut):
        fetch(f"http://{site}/drip", user_agent="t", max_bytes=10**6, allowed=lambda a: True, deadline_s=1.5)
    assert time.monotonic() - started < 5


# -- 2. CSRF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "same-site"},  # a page on another port of this host
])
def test_writes_from_another_sites_page_are_refused(seeded_site, headers):
    incident = json.loads(urllib.request.urlopen(seeded_site + "/layers/all.geojson", timeout=30).read())["features"][0]
    before = count(seeded_site)
    boundary = "x1x"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
            f"Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.\r\n--{boundary}--\r\n")
    status, _ = post(seeded_site, "/api/articles", form.encode(),
                     {"Content-Type": f"multipart/form-data; boundary={boundary}", **headers})
    assert status == 403
    status, _ = post(seeded_site, f"/api/incidents/{incident['properties']['id']}/reject", b"x",
                     {"Content-Type": "text/plain", **headers})
    assert status == 403
    assert count(seeded_site) == before  # nothing planted, nothing rejected


def test_this_sites_own_pages_still_write(live_server):
    status, _ = post_json(live_server, "/api/articles",
                          {"text": "Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.",
                           "published": "2024-02-07"}, **{"Sec-Fetch-Site": "same-origin", "Origin": live_server})
    assert status == 201


def test_logout_needs_the_forms_token(live_server):
    assert _status(live_server, "/logout", "POST", b"") == 400


def test_a_host_name_the_server_does_not_answer_to_is_refused(live_server):
    port = int(live_server.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/ogc/collections", headers={"Host": "rebound.example"})
    assert conn.getresponse().status == 400
    conn.close()


# -- 3. the attribute bomb ------------------------------------------------------------------------

def test_a_tag_with_400000_attributes_is_read_quickly_and_blocks_nobody(live_server):
    bomb = ("<html><body><article><p " + " ".join(f"a{i}=1" for i in range(400_000)) + ">"
            + "Rockets hit Erbil airport on Tuesday, wounding two guards, officials said. " * 10
            + "</p></article></body></html>").encode()
    boundary = "b0mb"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bomb.html\"\r\n"
            f"Content-Type: text/html\r\n\r\n").encode() + bomb + f"\r\n--{boundary}--\r\n".encode()
    result = {}
    worker = threading.Thread(target=lambda: result.update(status=post(
        live_server, "/api/articles", form, {"Content-Type": f"multipart/form-data; boundary={boundary}"})[0]))
    worker.start()
    while worker.is_alive():  # the server keeps answering while it reads the bomb
        with urllib.request.urlopen(live_server + "/healthz", timeout=5) as r:
            assert r.status == 200
        time.sleep(0.2)
    worker.join()
    assert result["status"] == 201  # read, with its article text, in seconds instead of hours


# -- 8, 9. CSV downloads ----------------------------------------------------------------------------

def _csv_rows(base: str, query: str = "") -> list[list[str]]:
    import csv
    import io

    with urllib.request.urlopen(base + "/layers/all.csv" + query, timeout=30) as r:
        assert r.status == 200
        return list(csv.reader(io.StringIO(r.read().decode())))


def test_csv_cells_never_start_a_formula(live_server):
    status, _ = post_json(live_server, "/api/articles",
                          {"text": "=HYPERLINK(\"http://evil.example\",\"x\") Gunmen attacked a checkpoint in Kirkuk on "
                                   "Monday, killing three police officers.", "published": "2024-02-07"})
    assert status == 201
    for query in ("", "?columns=acled"):
        cells = [c for row in _csv_rows(live_server, query) for c in row]
        assert any("HYPERLINK" in c for c in cells)
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
        assert not any(c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit() for c in cells)


def test_acled_csv_with_dated_and_undated_incidents(live_server):
    status, _ = post_json(live_server, "/api/articles",
                          {"text": "Gunmen attacked a checkpoint in Kirkuk, killing three police officers."})
    assert status == 201  # no publication date and no day in the text: an undated incident
    rows = _csv_rows(live_server, "?columns=acled")
    assert rows[0][:2] == ["event_id_cnty", "event_date"] and len(rows) > 2


# -- 11. evidence follows its article -------------------------------------------------------------

def test_deleting_the_first_article_repoints_the_evidence(live_server):
    first = {"text": "Militants fired rockets at Erbil airport on Tuesday, wounding two guards.", "published": "2023-05-10"}
    second = {"text": "A second report: on Tuesday, rockets hit Erbil airport and two guards were wounded, "
                      "officials said.", "published": "2023-05-10"}
    _, a = post_json(live_server, "/api/articles", first)
    _, b = post_json(live_server, "/api/articles", second)
    incident_id = a["incidents"][0]["id"]
    assert b["incidents"][0]["id"] == incident_id  # one event, two sources
    delete = urllib.request.Request(f"{live_server}/api/articles/{a['article_id']}", method="DELETE")
    assert urllib.request.urlopen(delete, timeout=30).status == 200
    record = json.load(urllib.request.urlopen(f"{live_server}/api/incidents/{incident_id}", timeout=30))
    assert record["article_id"] == b["article_id"] and record["sentence"] in second["text"]
    assert record["evidence_sentence"] in second["text"] and "evidence" not in record


# -- 12. 4xx, not 500 -------------------------------------------------------------------------------

def _status(base: str, path: str, method: str = "GET", body: bytes | None = None, **headers) -> int:
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_deep_json_huge_ids_and_huge_tolls_are_4xx(live_server):
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    for method, path in (("POST", "/api/articles"), ("PATCH", "/api/incidents/1"), ("POST", "/api/incidents/1/reject"),
                         ("POST", "/api/comparison-layers")):
        assert _status(live_server, path, method, deep, **{"Content-Type": "application/json"}) == 400, path
    for path in ("/api/incidents/9223372036854775808", "/articles/99999999999999999999",
                 "/ogc/collections/all/items/9223372036854775808"):
        assert _status(live_server, path) == 404, path
    assert _status(live_server, "/api/articles/9223372036854775808", "DELETE") == 404
    status, body = post_json(live_server, "/api/articles", {
        "text": "Gunmen attacked a checkpoint in Kirkuk on Monday, killing 9223372036854775808 people.",
        "published": "2024-02-07"})
    assert status == 201 and body["incidents"][0]["fatalities"] is None


@pytest.mark.sqlite_only
def test_a_full_disk_is_a_507_and_stores_nothing(client, app, monkeypatch):
    store = app.extensions["incident_map"].store
    connect = store.connect

    def full(*args, **kwargs):  # SQLite's own "database or disk is full", as on a full disk
        cm = connect(*args, **kwargs)
        db = cm.__enter__()
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return _Wrapped(cm, db)

    monkeypatch.setattr(store, "connect", full)
    text = "Gunmen attacked a checkpoint in Mosul on Monday, killing two. " + "The town was quiet later. " * 800
    r = client.post("/api/articles", json={"text": text, "published": "2024-02-07"})
    assert r.status_code == 507 and "full" in r.get_json()["error"]
    monkeypatch.undo()
    assert not [a for a in client.get("/layers/all.geojson").get_json()["features"]
                if a["properties"]["place_resolved"] == "Mosul"]  # nothing half written


class _Wrapped:
    def __init__(self, cm, db):
        self.cm, self.db = cm, db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


# -- 13. smaller ones -------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    """A cookie-keeping client that does not follow redirects (a session as a browser holds it)."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect), jar


def _open(opener, url: str, data: dict | None = None, **headers):
    body = None if data is None else urllib.parse.urlencode(data).encode()
    try:
        return opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=60)
    except urllib.error.HTTPError as e:
        return e


def _csrf(opener, url: str) -> str:
    import re

    page = _open(opener, url).read().decode()
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(base: str, token: str, target: str = ""):
    opener, jar = _browser()
    csrf = _csrf(opener, base + "/login")
    return opener, jar, _open(opener, f"{base}/login?next={target}", {"token": token, "csrf_token": csrf})


@pytest.fixture
def token_server(tmp_path):
    """A live server that needs a token for writes, its store shared with the next one started."""
    servers = []

    def start(token: str) -> str:
        servers.append(Server(tmp_path, env={"INCIDENT_MAP_API_TOKEN": token}))
        return servers[-1].base

    yield start
    for server in servers:
        server.stop()


def test_sign_in_never_redirects_to_another_host(token_server):
    base = token_server("t0ken")
    for target in ("/%09/host/x", "//host/x", "/%5Chost", "https://host/x"):
        *_, answer = _sign_in(base, "t0ken", target)
        assert answer.status == 302 and answer.headers["Location"] in ("/", base + "/"), target
    *_, answer = _sign_in(base, "t0ken", "/table")
    assert answer.headers["Location"].endswith("/table")


def test_the_store_is_private_and_the_limits_say_what_they_are(live_server, tmp_path):
    import os
    import stat

    mode = stat.S_IMODE(os.stat(tmp_path / "incidents.sqlite").st_mode)
    assert mode & 0o077 == 0
    limit = 2 * 1024 * 1024 * 4  # the default text limit, four times over for HTML's markup
    boundary = "big"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.html\"\r\n\r\n".encode()
            + b"<html><body><p>" + b"x" * limit + b"</p></body></html>" + f"\r\n--{boundary}--\r\n".encode())
    status, body = post(live_server, "/api/articles", form, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 413 and f"{limit:,}" in body["error"]
    assert _status(live_server, "/ogc/collections/all/items?bbox=30,30,100,40,40,0") == 400
    assert _status(live_server, "/ogc/collections/all/items?bbox=30,30,0,40,40,100") == 200


# -- 6. slowloris ---------------------------------------------------------------------------------

def test_many_slow_connections_do_not_lock_others_out(waitress_server):
    import socket

    host, port = waitress_server.removeprefix("http://").split(":")
    slow = []
    try:
        for _ in range(150):  # more than waitress's default connection limit of 100
            s = socket.create_connection((host, int(port)), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end of the headers
            slow.append(s)
        started = time.monotonic()
        with urllib.request.urlopen(waitress_server + "/healthz", timeout=10) as r:
            assert r.status == 200
        assert time.monotonic() - started < 5
    finally:
        for s in slow:
            s.close()


# -- 7. sessions and guessing -----------------------------------------------------------------------

def test_a_session_ends_at_sign_out_and_with_a_new_token(token_server):
    base = token_server("first-token")
    body = json.dumps({"text": "Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.",
                       "published": "2024-02-07"}).encode()

    def write_with(cookie: str) -> int:
        return _status(base, "/api/articles", "POST", body, **{"Content-Type": "application/json", "Cookie": cookie})

    opener, jar, answer = _sign_in(base, "first-token")
    assert answer.status == 302
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)  # as an attacker who copied it would keep it
    assert "Sign out" in _open(opener, base + "/").read().decode()
    assert _open(opener, base + "/logout", {"csrf_token": _csrf(opener, base + "/")}).status == 302
    assert write_with(cookie) == 401  # signed out: the copy is dead

    _, jar, _ = _sign_in(base, "first-token")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    assert write_with(cookie) == 201
    base = token_server("second-token")  # the token rotated: a restart with a new one, same store
    assert _status(base, "/api/articles", "POST", body, **{"Content-Type": "application/json", "Cookie": cookie}) == 401


def test_guessing_tokens_and_passwords_is_slowed_down(token_server):
    base = token_server("right-token")
    port = int(base.rsplit(":", 1)[1])
    body = json.dumps({"text": "Gunmen attacked a checkpoint in Kirkuk on Monday.", "published": "2024-02-07"})

    def attempt(token: str, source: str = "127.0.0.1") -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
        conn.request("POST", "/api/articles", body=body, headers={"Content-Type": "application/json",
                                                                   "Authorization": f"Bearer {token}"})
        status = conn.getresponse().status
        conn.close()
        return status

    codes = [attempt(f"guess{n}") for n in range(12)]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]
    assert attempt("right-token") == 429  # the right token too, from an address that has been guessing
    assert attempt("right-token", source="127.0.0.2") == 201  # another address is not held up


# -- 10. comparison layers --------------------------------------------------------------------------

def _ring(n: int, lon: float = 40.0) -> dict:
    import math

    coords = [[lon + math.cos(2 * math.pi * k / n), 33 + math.sin(2 * math.pi * k / n)] for k in range(n)]
    return {"type": "Feature", "properties": {"name": "detailed"},
            "geometry": {"type": "Polygon", "coordinates": [coords + [coords[0]]]}}


def test_comparison_layers_are_kept_drawable(live_server):
    from geo.compare import MAX_VERTICES
    from web.compare import MAX_TOTAL_VERTICES

    def upload(features, name):
        data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        form = (f"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n".encode()
                + data + b"\r\n--b--\r\n")
        return post(live_server, "/api/comparison-layers", form, {"Content-Type": "multipart/form-data; boundary=b"})

    status, body = upload([_ring(200_000)], "coast.geojson")  # 200,000 vertices: simplified to fit
    assert status == 201
    layer = json.load(urllib.request.urlopen(live_server + body["geojson"], timeout=60))
    assert len(layer["features"][0]["geometry"]["coordinates"][0]) <= MAX_VERTICES
    codes = [upload([_ring(MAX_VERTICES - 10, lon=30 + k)], f"layer{k}.geojson")[0] for k in range(5)]
    assert 413 in codes and codes.index(413) <= MAX_TOTAL_VERTICES // (MAX_VERTICES - 10)
    assert _status(live_server, "/layers/compare") == 200


# -- 5. long articles -----------------------------------------------------------------------------

def test_a_long_article_holds_no_request_and_keeps_nobody_waiting(live_server):
    sentence = "A drone strike hit a market in Mosul on Monday, killing three people and wounding five. "
    status, job = post_json(live_server, "/api/articles", {"text": sentence * 2500, "published": "2024-02-07"})
    assert status == 202  # answered at once; read in the background
    deadline = time.monotonic() + 120
    while json.load(urllib.request.urlopen(live_server + job["job_url"]))["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    status, short = post_json(live_server, "/api/articles", {
        "text": "A car bomb exploded in Basra on Monday, killing four people.", "published": "2024-02-07"})
    assert status == 201 and short["incidents"]
    # the short one was read between the pieces of the long one, which is still being read
    assert json.load(urllib.request.urlopen(live_server + job["job_url"]))["status"] == "running"
    while (state := json.load(urllib.request.urlopen(live_server + job["job_url"])))["status"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.5)
    assert state["status"] == "done" and state["created"]
