"""Articles from uploads and URLs: HTML reduced to its article, text files, bad uploads, URLs
fetched only when asked, with clear errors."""

from __future__ import annotations

import io
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ARTICLES, serve_in_thread


HTML_PAGE = """<!doctype html><html><head><title>Drone strike in Kirkuk | Example News</title>
<meta property="article:published_time" content="2024-04-10T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Drone strike hits Kirkuk checkpoint</h1>
<p>A drone strike hit a checkpoint in Kirkuk, Iraq, on Tuesday, killing two police officers, local officials said.</p>
<p>No group has claimed the attack, which came after weeks of calm in the province.</p></article>
<footer>Copyright 2020 Example News. <script>alert(1)</script></footer></body></html>"""


def test_html_upload_is_reduced_to_its_article(client):
    data = {"file": (io.BytesIO(HTML_PAGE.encode()), "kirkuk.html")}
    r = client.post("/api/articles", data=data, content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    (incident,) = body["incidents"]
    assert incident["place_resolved"] == "Kirkuk" and incident["date"] == "2024-04-09"  # Tuesday before publication
    page = client.get(f"/articles/{body['article_id']}").get_data(as_text=True)
    assert "Home" not in page.split("article-text")[1] and "alert(1)" not in page


def test_text_upload(client):
    data = {"file": (io.BytesIO(ARTICLES[0]["text"].encode()), "erbil.txt"), "published": "2023-05-10"}
    r = client.post("/api/articles", data=data, content_type="multipart/form-data")
    assert r.status_code == 201 and r.get_json()["incidents"][0]["date"] == "2023-05-09"


@pytest.mark.parametrize("name, content, status, fragment", [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", 415, ".txt or .html"),
    ("report.txt", b"\x00\x01\x02binary", 415, "binary"),
    ("report.txt", "Rockets hit Erbil".encode("utf-16"), 415, "binary"),
    ("report.txt", b"Rockets hit Erbil \xff\xfe today", 400, "not UTF-8"),
    ("report.txt", b"   \n", 400, "empty"),
    ("page.html", b"<html><body><script>var a = 1;</script></body></html>", 422, "no article text"),
])
def test_bad_uploads_are_refused_and_store_nothing(client, name, content, status, fragment):
    r = client.post("/api/articles", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert r.status_code == status, r.get_json()
    assert fragment in r.get_json()["error"]
    assert client.get("/layers").get_json()[0]["count"] == 0


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/news")
            self.end_headers()
            return
        if self.path == "/image":
            body, ctype = b"\x89PNG", "image/png"
        else:
            body, ctype = HTML_PAGE.encode(), "text/html; charset=utf-8"
        self.send_response(200 if self.path in ("/news", "/image") else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def news_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_url_is_fetched_when_asked(app, client, news_site):
    app.config["FETCH_PRIVATE"] = True  # the test site is on loopback
    r = client.post("/api/articles", json={"url": news_site + "/moved", "fetch": True})
    assert r.status_code == 201, r.get_json()
    (incident,) = r.get_json()["incidents"]
    assert incident["place_resolved"] == "Kirkuk" and incident["source_url"] == news_site + "/moved"


def test_a_url_is_not_fetched_unless_asked(client, news_site):
    r = client.post("/api/articles", json={"url": news_site + "/news"})
    assert r.status_code == 400 and "'text'" in r.get_json()["error"]


@pytest.mark.parametrize("path, status, fragment", [("/missing", 502, "HTTP 404"), ("/image", 415, "image/png")])
def test_bad_urls_get_clear_errors(app, client, news_site, path, status, fragment):
    app.config["FETCH_PRIVATE"] = True
    r = client.post("/api/articles", json={"url": news_site + path, "fetch": True})
    assert r.status_code == status and fragment in r.get_json()["error"]


def test_private_addresses_are_not_fetched_by_default(client, news_site):
    r = client.post("/api/articles", json={"url": news_site + "/news", "fetch": True})
    assert r.status_code == 502 and "not allowed" in r.get_json()["error"]
    assert client.get("/layers").get_json()[0]["count"] == 0


def test_offline_fetch_is_a_clear_error(client):
    r = client.post("/api/articles", json={"url": "http://no-such-host.invalid/news", "fetch": True})
    error = r.get_json()["error"]
    assert r.status_code == 502 and "offline" in error
