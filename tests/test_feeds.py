"""Feeds in, alerts out: subscriptions polled from a real feed server on loopback (RSS 2.0, Atom,
updates, 304s, failures and recovery, hostile feeds, a redirect into the private network), the
Atom + GeoRSS output read back with feedparser, and watch areas posting to a real webhook
receiver. Every sentence here is our own."""

from __future__ import annotations

import datetime as dt
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest

from service.feeds import backoff_s, parse_items
from service.watcher import Watcher
from service.errors import Unreadable
from tests.conftest import serve_in_thread

# Article pages the feeds link to: where, what, toll (places the gazetteer knows).
STORIES = {
    "/news/kirkuk": ("Drone strike on a Kirkuk checkpoint",
                     "A drone strike hit a police checkpoint in Kirkuk, Iraq, on Tuesday, killing two officers, "
                     "local officials said."),
    "/news/homs": ("Air strike near Homs",
                   "An Israeli air strike hit an arms depot near Homs in western Syria on Monday, killing three "
                   "fighters, a monitoring group said."),
    "/news/mosul": ("Bomb in Mosul market",
                    "A roadside bomb exploded at a market in Mosul, Iraq, on Wednesday, wounding five people, "
                    "police said."),
    "/news/aden": ("Clashes in Aden",
                   "Separatist fighters clashed with government troops in Aden, Yemen, on Thursday, leaving four "
                   "soldiers dead, medics said."),
}


def page_html(title: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title} | Test Wire</title>"
            '<meta property="article:published_time" content="2024-05-16T08:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{text}</p>"
            "<p>No group said it carried out the attack, the report added.</p></article></body></html>").encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{STORIES[p][0]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                    "<pubDate>Thu, 16 May 2024 08:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>{base}/</link>'
            f"<description>test</description>{items}</channel></rss>").encode()


def atom_doc(base: str, paths: list[str]) -> bytes:
    entries = "".join(f'<entry><title>{STORIES[p][0]}</title><link href="{base}{p}"/><id>{base}{p}</id>'
                      "<updated>2024-05-16T08:00:00Z</updated></entry>" for p in paths)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Other Wire'
            f'</title><id>{base}/atom</id><updated>2024-05-16T08:00:00Z</updated>{entries}</feed>').encode()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          b']><rss version="2.0"><channel><title>&b;</title></channel></rss>')


class FeedSite:
    """A news site on loopback: feeds whose contents a test changes, article pages, and a count of
    every request per path."""

    def __init__(self):
        self.hits: dict[str, int] = {}
        self.rss_paths = ["/news/kirkuk", "/news/homs"]
        self.flaky_failures = 1
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                path = self.path
                site.hits[path] = site.hits.get(path, 0) + 1
                ctype, status, headers = "application/rss+xml", 200, {}
                if path == "/rss":
                    body = rss(site.base, site.rss_paths)
                    etag = f'"v{len(site.rss_paths)}"'
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, b"", "", {"ETag": etag})
                    headers["ETag"] = etag
                elif path == "/atom":
                    body, ctype = atom_doc(site.base, ["/news/mosul", "/news/kirkuk"]), "application/atom+xml"
                elif path == "/flaky":
                    if site.flaky_failures:
                        site.flaky_failures -= 1
                        return self._send(500, b"oops", "text/plain", {})
                    body = rss(site.base, ["/news/aden"])
                elif path == "/malformed":
                    body = b"<rss version='2.0'><channel><title>Broken</title><item><link>"
                elif path == "/laughs":
                    body = LAUGHS
                elif path == "/many":
                    body = rss(site.base, []).replace(b"</channel>", b"".join(
                        f"<item><title>n{i}</title><link>{site.base}/gone/{i}</link></item>".encode()
                        for i in range(3000)) + b"</channel>")
                elif path == "/to-private":
                    return self._send(302, b"", "", {"Location": "http://10.255.255.1/feed"})
                elif path in STORIES:
                    body, ctype = page_html(*STORIES[path]), "text/html; charset=utf-8"
                else:
                    return self._send(404, b"no", "text/plain", {})
                self._send(status, body, ctype, headers)

            def _send(self, status, body, ctype, headers):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        serve_in_thread(self.server)


class Receiver:
    """A webhook receiver on loopback: keeps every JSON body posted; answers ``status``."""

    def __init__(self):
        self.posts: list[dict] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.status == 200:
                    receiver.posts.append(json.loads(body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        serve_in_thread(self.server)


@pytest.fixture
def site():
    s = FeedSite()
    yield s
    s.server.shutdown()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def watching(app):
    """The app allowed to reach this machine's loopback only (not the rest of the private network)."""
    app.config["FETCH_ALLOW"] = ["127.0.0.1/32"]
    svc = app.extensions["incident_map"]
    return svc, Watcher(svc)


def subscribe(client, url: str, **extra) -> dict:
    r = client.post("/api/feeds", json={"url": url, **extra})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def feeds_by_url(client) -> dict[str, dict]:
    return {f["url"]: f for f in client.get("/api/feeds").get_json()}


def test_new_items_are_read_once_across_feeds_and_polls(client, site, watching):
    _, watcher = watching
    subscribe(client, site.base + "/rss")
    subscribe(client, site.base + "/atom")  # lists the Kirkuk story too
    done = watcher.run_once(every=True)
    assert [p.state for p in done.polls] == ["new items", "new items"]
    assert client.get("/api/summary").get_json()["incidents"] == 3
    assert site.hits["/news/kirkuk"] == 1  # listed by both feeds, fetched once
    status = feeds_by_url(client)
    assert (status[site.base + "/rss"]["articles_added"], status[site.base + "/atom"]["articles_added"]) == (2, 1)
    assert status[site.base + "/rss"]["incidents_found"] == 2 and status[site.base + "/rss"]["state"] == "ok"

    # unchanged: the feed answers 304 to its own ETag, nothing is fetched again
    again = watcher.run_once(every=True)
    assert again.polls[0].state == "not modified"
    assert site.hits["/news/homs"] == 1

    # an update adds one item: exactly that one is read
    site.rss_paths.append("/news/aden")
    third = watcher.run_once(every=True)
    assert third.polls[0].articles_added == 1 and third.polls[0].items_seen == 1
    assert client.get("/api/summary").get_json()["incidents"] == 4
    assert all(site.hits[p] == 1 for p in STORIES)


def test_a_failing_feed_backs_off_and_recovers(client, site, watching):
    svc, watcher = watching
    feed = subscribe(client, site.base + "/flaky", interval=600)
    before = dt.datetime.now(dt.timezone.utc)
    (poll,) = watcher.run_once(every=True).polls
    assert poll.state == "failed" and "HTTP 500" in poll.error
    failing = client.get(f"/api/feeds/{feed['id']}").get_json()
    assert failing["state"] == "failing" and failing["failures"] == 1 and "HTTP 500" in failing["last_error"]
    wait = dt.datetime.fromisoformat(failing["next_poll_at"]) - before
    assert dt.timedelta(seconds=1190) <= wait <= dt.timedelta(seconds=1210)  # twice the interval
    assert watcher.run_once().polls == []  # not due yet
    (poll,) = watcher.run_once(every=True).polls
    assert poll.state == "new items" and poll.articles_added == 1
    recovered = client.get(f"/api/feeds/{feed['id']}").get_json()
    assert recovered["state"] == "ok" and recovered["failures"] == 0 and recovered["last_success_at"]


def test_backoff_doubles_and_is_capped():
    assert [backoff_s(900, n) for n in (1, 2, 3)] == [1800, 3600, 7200]
    assert backoff_s(900, 40) == 6 * 3600 and backoff_s(86_400, 3) == 86_400


HOSTILE = {"/malformed": "not RSS or Atom", "/laughs": "entities", "/to-private": "not allowed",
           "/nothing-here": "HTTP 404"}


def test_a_hostile_feed_gets_its_own_error_and_changes_nothing_else(client, site, watching):
    _, watcher = watching
    subscribe(client, site.base + "/rss")
    for path in HOSTILE:
        subscribe(client, site.base + path)
    polls = {p.url: p for p in watcher.run_once(every=True).polls}
    assert polls[site.base + "/rss"].articles_added == 2  # the good feed is read as ever
    status = feeds_by_url(client)
    for path, fragment in HOSTILE.items():
        assert polls[site.base + path].state == "failed" and fragment in polls[site.base + path].error, path
        assert fragment in status[site.base + path]["last_error"] and status[site.base + path]["state"] == "failing"
    assert client.get("/api/summary").get_json()["incidents"] == 2


def test_an_oversized_feed_and_one_of_thousands_of_items_are_bounded(app, client, site, watching):
    _, watcher = watching
    app.config["FEED_ITEMS_MOST"] = 5
    many = subscribe(client, site.base + "/many")
    (poll,) = watcher.run_once(every=True).polls
    assert poll.items_seen == 5 and len(poll.item_errors) == 5  # (its links lead nowhere)
    assert "3,000 items; the first 5" in client.get(f"/api/feeds/{many['id']}").get_json()["notice"]
    app.config["FEED_BYTES_MOST"] = 10_000
    site.hits.clear()
    (poll,) = watcher.run_once(every=True).polls
    assert poll.state == "failed" and "larger than 10,000 bytes" in poll.error


def test_feed_items_parse_from_rss_atom_and_url_lists():
    base = "http://example.org"
    items, notice = parse_items(rss(base, ["/news/kirkuk", "/news/homs", "/news/kirkuk"]), 50)
    assert [i.url for i in items] == [base + "/news/kirkuk", base + "/news/homs"] and notice is None
    assert items[0].published == dt.date(2024, 5, 16) and items[0].title == STORIES["/news/kirkuk"][0]
    items, _ = parse_items(atom_doc(base, ["/news/mosul"]), 50)
    assert [i.url for i in items] == [base + "/news/mosul"]
    items, _ = parse_items(b"# my list\nhttp://example.org/a\n\nhttps://example.org/b#top\n", 50)
    assert [i.url for i in items] == ["http://example.org/a", "https://example.org/b"]
    with pytest.raises(Unreadable, match="not an http"):
        parse_items(b"http://example.org/a\n/etc/passwd\n", 50)


def test_feed_api_checks_what_it_is_given(client):
    assert client.post("/api/feeds", json={"url": "file:///etc/passwd"}).status_code == 400
    r = client.post("/api/feeds", json={"url": "https://example.org/rss", "interval": 5})
    assert r.status_code == 400 and "60 to 86400" in r.get_json()["error"]
    assert client.post("/api/feeds", data="url=x").status_code == 400
    feed = subscribe(client, "https://example.org/rss", interval=3600)
    assert feed["interval_s"] == 3600 and feed["state"] == "waiting for its first poll"
    again = client.post("/api/feeds", json={"url": "https://example.org/rss"})
    assert again.status_code == 200 and again.get_json()["id"] == feed["id"]
    assert client.delete(f"/api/feeds/{feed['id']}").status_code == 200
    assert client.delete(f"/api/feeds/{feed['id']}").status_code == 404
    assert client.get("/api/feeds").get_json() == []


def test_nothing_is_polled_until_a_feed_is_added(client, watching):
    _, watcher = watching
    assert watcher.run_once(every=True).polls == []


# -- out: Atom with GeoRSS -------------------------------------------------------------------------
def test_atom_output_parses_back_with_points_newest_first(client, stocked):
    r = client.get("/layers/all.atom")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    parsed = feedparser.parse(r.data)
    assert parsed.version == "atom10" and not parsed.bozo
    assert len(parsed.entries) == 3
    ids = [int(e.link.split("incident=")[1]) for e in parsed.entries]
    assert ids == sorted(stocked.values(), reverse=True)  # newest added first
    strike = next(e for e in parsed.entries if int(e.link.split("=")[1]) == stocked["strike"])
    lat, lon = (float(v) for v in strike.where["coordinates"][::-1])
    assert abs(lat - 34.73) < 0.2 and abs(lon - 36.71) < 0.2  # Homs
    record = client.get(f"/api/incidents/{stocked['strike']}").get_json()
    assert record["sentence"] in strike.summary and "Homs" in strike.title
    assert [link.rel for link in strike.links] == ["alternate"]  # (no source URL was given)
    only = feedparser.parse(client.get("/layers/all.atom?category=clash").data)
    assert [e.tags[0].term for e in only.entries] == ["clash"]
    assert client.get("/layers/strikes.atom?limit=0").status_code == 400


def test_added_since_gives_only_incidents_stored_after_a_time(client, stocked):
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    assert client.get("/api/summary?added_since=2000-01-01").get_json()["incidents"] == 3
    assert client.get("/api/summary", query_string={"added_since": later}).get_json()["incidents"] == 0
    r = client.get("/api/summary?added_since=yesterday")
    assert r.status_code == 400 and "added_since" in r.get_json()["error"]


def test_latest_lists_incidents_after_the_newest_seen(client, stocked):
    first = client.get("/api/latest").get_json()
    assert [i["id"] for i in first["incidents"]] == sorted(stocked.values(), reverse=True)
    assert client.get(f"/api/latest?after={first['newest']}").get_json()["incidents"] == []
    assert first["incidents"][0]["map_url"].endswith(f"incident={first['newest']}")


# -- watch areas ---------------------------------------------------------------------------------
IRAQ_NORTH = "42,34.5,45,37"  # Kirkuk and Mosul, not Homs


def test_a_watch_area_posts_exactly_its_new_incidents(client, site, receiver, watching):
    _, watcher = watching
    r = client.post("/api/watch-areas", json={"name": "Northern Iraq", "bbox": IRAQ_NORTH, "webhook": receiver.url})
    assert r.status_code == 201, r.get_json()
    area = r.get_json()
    assert area["webhook"] == receiver.url.rsplit("/", 1)[0] + "/…"  # (a receiver's secret is in its path)
    assert area["bbox"] == [42, 34.5, 45, 37]
    subscribe(client, site.base + "/rss")  # Kirkuk (inside) and Homs (outside)
    done = watcher.run_once(every=True)
    assert (done.found, done.delivered) == (1, 1)
    (post,) = receiver.posts
    assert post["area"]["name"] == "Northern Iraq" and post["type"] == "FeatureCollection"
    assert [f["properties"]["place_resolved"] for f in post["features"]] == ["Kirkuk"]
    assert watcher.run_once(every=True).delivered == 0 and len(receiver.posts) == 1  # nothing twice
    listed = client.get(f"/api/watch-areas/{area['id']}/incidents").get_json()
    assert [i["place_resolved"] for i in listed] == ["Kirkuk"] and listed[0]["delivered_at"]


def test_a_failing_webhook_is_retried_and_never_blocks_ingest(client, site, receiver, watching):
    svc, watcher = watching
    receiver.status = 503
    area = client.post("/api/watch-areas", json={"name": "North", "bbox": IRAQ_NORTH, "webhook": receiver.url}).get_json()
    subscribe(client, site.base + "/atom")  # Mosul and Kirkuk, both inside
    done = watcher.run_once(every=True)
    assert done.polls[0].articles_added == 2 and done.found == 2 and done.delivered == 0
    status = client.get(f"/api/watch-areas/{area['id']}").get_json()
    assert "HTTP 503" in status["last_error"] and status["undelivered"] == 2
    assert watcher.run_once().delivered == 0  # the retry is not due yet
    receiver.status = 200
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=2)
    svc.watches.clock = lambda: later
    assert svc.watches.deliver() == 2
    (post,) = receiver.posts
    assert sorted(f["properties"]["place_resolved"] for f in post["features"]) == ["Kirkuk", "Mosul"]
    assert client.get(f"/api/watch-areas/{area['id']}").get_json()["undelivered"] == 0


def test_a_webhook_into_the_private_network_is_refused(client, stocked, watching):
    svc, _ = watching
    client.post("/api/watch-areas", json={"name": "World", "bbox": "-180,-90,180,90", "webhook": "http://10.255.255.1/x"})
    client.post("/api/articles", json={"text": "A car bomb exploded in Kirkuk, Iraq, on Sunday, killing six people, "
                                               "police said.", "published": "2024-06-03"})
    assert svc.watches.find_new() == 1 and svc.watches.deliver() == 0
    (area,) = client.get("/api/watch-areas").get_json()
    assert "not allowed" in area["last_error"]


def test_a_watch_area_takes_the_filters_and_a_polygon(client, watching):
    svc, _ = watching
    triangle = {"type": "Polygon", "coordinates": [[[42, 34], [46, 34], [42, 38], [42, 34]]]}
    r = client.post("/api/watch-areas", json={"name": "Strikes only", "geometry": triangle,
                                              "filters": {"category": "strike"}})
    assert r.status_code == 201, r.get_json()
    client.post("/api/articles", json={"text": "A drone strike hit a truck in Kirkuk, Iraq, on Monday, killing two "
                                               "militants, officials said.", "published": "2024-06-04"})
    client.post("/api/articles", json={"text": "Gunmen clashed with police in Kirkuk, Iraq, on Tuesday, leaving three "
                                               "officers dead, officials said.", "published": "2024-06-05"})
    assert svc.watches.find_new() == 1
    (hit,) = client.get(f"/api/watch-areas/{r.get_json()['id']}/incidents").get_json()
    assert hit["category"] == "strike"


@pytest.mark.parametrize("payload, fragment", [
    ({"bbox": "1,2,3,4"}, "'name'"),
    ({"name": "x"}, "either 'bbox'"),
    ({"name": "x", "bbox": "5,0,1,1"}, "west < east"),
    ({"name": "x", "bbox": "1,2,3"}, "four numbers"),
    ({"name": "x", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}, "valid"),
    ({"name": "x", "bbox": "0,0,1,1", "filters": {"category": "picnic"}}, "unknown category"),
    ({"name": "x", "bbox": "0,0,1,1", "filters": {"bbox": "0,0,1,1"}}, "cannot take 'bbox'"),
    ({"name": "x", "bbox": "0,0,1,1", "webhook": "ftp://example.org"}, "'webhook'"),
])
def test_watch_area_errors_are_precise(client, payload, fragment):
    r = client.post("/api/watch-areas", json=payload)
    assert r.status_code == 400 and fragment in r.get_json()["error"], r.get_json()
    assert client.get("/api/watch-areas").get_json() == []


# -- the command line, as a user runs it -----------------------------------------------------------
@pytest.mark.slow
def test_feeds_and_watch_from_the_command_line(tmp_path, site):
    from tests.conftest import flask_cli

    env = {"INCIDENT_MAP_FETCH_ALLOW": "127.0.0.1/32"}
    added = flask_cli(tmp_path, "feeds", "add", site.base + "/rss", "--interval", "600", env=env)
    assert "feed 1 added" in added.stdout and "every 600 s" in added.stdout
    flask_cli(tmp_path, "feeds", "add", site.base + "/flaky", env=env)
    bad = flask_cli(tmp_path, "feeds", "add", "gopher://example.org", check=False, env=env)
    assert bad.returncode != 0 and "http(s) URL" in bad.stderr
    once = flask_cli(tmp_path, "watch", "--once", env=env)
    assert "2 articles added, 2 incidents" in once.stdout and "HTTP 500" in once.stderr
    listed = flask_cli(tmp_path, "feeds", "list", env=env).stdout.splitlines()
    assert "ok" in listed[0] and "2 incidents" in listed[0] and "failing" in listed[1]
    again = flask_cli(tmp_path, "watch", "--once", env=env)  # the RSS feed is unchanged, the flaky one recovers
    assert "not modified" in again.stdout and "1 articles added" in again.stdout
    assert site.hits["/news/kirkuk"] == 1
    assert flask_cli(tmp_path, "feeds", "remove", "2", env=env).stdout.strip() == "feed 2 removed"


@pytest.mark.slow
def test_the_served_app_polls_a_feed_once_it_is_added(tmp_path, site):
    import time
    import urllib.request

    from tests.conftest import Server, flask_cli

    flask_cli(tmp_path, "init-db")
    server = Server(tmp_path, [sys.executable, "-m", "web.serve", "--host", "127.0.0.1", "--port={port}"],
                    env={"INCIDENT_MAP_FETCH_ALLOW": "127.0.0.1/32"})
    try:
        assert site.hits == {}  # nothing is fetched before a feed is added
        request = urllib.request.Request(server.base + "/api/feeds", data=json.dumps({"url": site.base + "/rss"}).encode(),
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request).close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with urllib.request.urlopen(server.base + "/api/feeds") as r:
                (feed,) = json.load(r)
            if feed["articles_added"] == 2:
                break
            time.sleep(0.5)
        assert feed["articles_added"] == 2 and feed["state"] == "ok", feed
    finally:
        server.stop()


def test_a_feed_removed_while_it_is_polled_loses_nothing_else(client, site, watching):
    svc, _ = watching
    feed = subscribe(client, site.base + "/rss")
    (claimed,) = svc.store.claim_due_feeds("9999", "9999")
    assert client.delete(f"/api/feeds/{feed['id']}").status_code == 200  # meanwhile, in the page
    poll = svc.feeds.poll(claimed)
    assert poll.articles_added == 2 and client.get("/api/feeds").get_json() == []
    assert client.get("/api/summary").get_json()["incidents"] == 2
