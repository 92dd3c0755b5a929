"""The attacks a security review reproduced, replayed against a live server on loopback: a URL
fetch steered into the local network, writes from other sites' pages, a parser bomb, a page that
drips. Each must now be refused, or bounded, and change nothing."""

from __future__ import annotations

import http.client
import ipaddress
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from web.fetch import UNREACHABLE, FetchError, fetch

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
    threading.Thread(target=server.serve_forever, daemon=True).start()
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

def test_a_url_two_parsers_read_differently_is_refused(live_server, internal):
    target, _ = internal
    before = count(live_server)
    status, body = post_json(live_server, "/api/articles",
                             {"url": f"http://{target}\\@8.8.8.8/../secret.html", "fetch": True})
    assert status == 400 and "backslash" in body["error"]
    assert _Internal.hits == [] and count(live_server) == before


def test_a_redirect_into_the_local_network_is_refused(internal):
    allowed_site, private_site = internal
    only_the_first = lambda a: a == ipaddress.ip_address("127.0.0.1")  # noqa: E731  (127.0.0.1 plays a public site)
    for location in (f"http://{private_site}/secret.html", f"http://{allowed_site}\\@8.8.8.8/secret.html"):
        with pytest.raises(FetchError) as refused:
            fetch(f"http://{allowed_site}/redirect?to={location}", user_agent="t", max_bytes=10**6,
                  allowed=only_the_first)
        assert refused.value.status in (400, 502)
    assert [path for path, _ in _Internal.hits if path == "/secret.html"] == []


def test_refused_targets_do_not_tell_open_ports_from_closed_ones(live_server, internal):
    open_target, _ = internal
    answers = {json.dumps(post_json(live_server, "/api/articles", {"url": url, "fetch": True}))
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
    with pytest.raises(FetchError) as cut:
        fetch(f"http://{site}/drip", user_agent="t", max_bytes=10**6, allowed=lambda a: True, deadline_s=1.5)
    assert cut.value.status == 504 and time.monotonic() - started < 5


# -- 2. CSRF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "same-site"},  # a page on another port of this host
])
def test_writes_from_another_sites_page_are_refused(live_server, headers):
    incident = json.loads(urllib.request.urlopen(live_server + "/layers/all.geojson", timeout=30).read())["features"][0]
    before = count(live_server)
    boundary = "x1x"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
            f"Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.\r\n--{boundary}--\r\n")
    status, _ = post(live_server, "/api/articles", form.encode(),
                     {"Content-Type": f"multipart/form-data; boundary={boundary}", **headers})
    assert status == 403
    status, _ = post(live_server, f"/api/incidents/{incident['properties']['id']}/reject", b"x",
                     {"Content-Type": "text/plain", **headers})
    assert status == 403
    assert count(live_server) == before  # nothing planted, nothing rejected


def test_this_sites_own_pages_still_write(live_server):
    status, _ = post_json(live_server, "/api/articles",
                          {"text": "Gunmen attacked a checkpoint in Kirkuk on Monday, killing three police officers.",
                           "published": "2024-02-07"}, **{"Sec-Fetch-Site": "same-origin", "Origin": live_server})
    assert status == 201


def test_logout_needs_the_forms_token(client):
    assert client.post("/logout").status_code == 400


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
