"""Feed subscriptions: RSS and Atom feeds (or plain lists of URLs) polled on their interval, each
new item's page fetched once, read and stored.

- feedparser reads the feed (every RSS and Atom dialect, their dates); it is handed the bytes
  this module fetched, never a URL or a path, so it opens nothing itself. A document that
  declares XML entities is refused before it is parsed.
- Requests are conditional (ETag / Last-Modified): an unchanged feed costs one "304".
- A feed that fails is polled again later and later (its interval doubled per failure in a row,
  up to ``BACKOFF_MOST_S``), and its status says why; other feeds go on as before.
- An item's page is fetched once, whichever feed lists it (``feed_items``); the same text under
  another URL is stored once (an article's text is its identity).
- Every fetch goes through ``service.fetch``: loopback and private addresses are refused unless
  the settings allow them, redirects included; the feed and its pages have size caps.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping
from urllib.parse import urldefrag

import feedparser

from extract.model import Article
from store.records import stamp

from .errors import AppError, Invalid, NotFound, TooLarge, Unreadable
from .fetch import fetch
from .filters import parse_int
from .sources import article_from_url, check_url, reachable

log = logging.getLogger("incident_map.feeds")

INTERVAL_RANGE = (60, 86_400)  # seconds between polls a subscription may ask for
BACKOFF_MOST_S = 6 * 3600  # a failing feed is still tried at least this often
ITEM_ATTEMPTS = 3  # an item page that failed this often is not fetched again
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json", "text/plain", "text/html", "")
FEED_ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.5"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass
class Poll:
    """What one poll of one feed did."""

    feed_id: int
    url: str
    state: str  # "new items", "not modified", "failed"
    items_seen: int = 0
    articles_added: int = 0
    incidents_found: int = 0
    error: str | None = None
    item_errors: list[str] = field(default_factory=list)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def check_interval(value, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):  # (JSON's true or 60.5 is no interval)
        value = "?"
    return parse_int(str(value), "interval", *INTERVAL_RANGE)


def backoff_s(interval_s: int, failures: int) -> int:
    """Seconds before a feed that failed ``failures`` times in a row is tried again."""
    return min(interval_s * 2 ** min(failures, 20), max(BACKOFF_MOST_S, interval_s))


def parse_items(body: bytes, most: int) -> tuple[list[Item], str | None]:
    """The items of a feed document, in its order, at most ``most`` of them, and a notice when
    it lists more. An RSS or Atom feed, or a plain list of URLs (one per line)."""
    if _ENTITY.search(body[:65536]):
        raise Unreadable("the feed declares XML entities, which are refused")
    if not body.lstrip().startswith(b"<"):
        items = [Item(url) for _, url in url_list(body)]
    else:
        parsed = feedparser.parse(io.BytesIO(body), resolve_relative_uris=False, sanitize_html=False)
        items = [i for i in map(_item, parsed.entries) if i is not None]
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if not parsed.get("version") or (reason is not None and not items):
            # (a feed with a flaw feedparser reads around, and items to show for it, is read)
            raise Unreadable("the feed is not RSS or Atom" + (f" ({str(reason)[:120]})" if reason else ""))
    first: dict[str, Item] = {}
    for item in items:
        first.setdefault(item.url, item)  # each link once, where it first appears
    items = list(first.values())
    notice = None
    if len(items) > most:
        notice = f"the feed lists {len(items):,} items; the first {most} are read"
        items = items[:most]
    return items, notice


def url_list(body: bytes) -> list[tuple[int, str]]:
    """(line number, URL) of a plain list of article URLs: one per line, blank lines and lines
    starting with # left out, each URL without its #fragment."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("the list is neither RSS, Atom nor UTF-8 text with one URL per line") from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            out.append((n, urldefrag(check_url(line)).url))
        except Invalid:
            raise Unreadable(f"line {n} of the URL list is not an http(s) URL: {line[:80]!r}") from None
    return out


def _item(entry) -> Item | None:
    link = entry.get("link") or ""
    if not link.lower().startswith(("http://", "https://")) or len(link) > 2048:
        return None  # (an item without a web page to read)
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = dt.date(*when[:3]) if when else None
    title = (entry.get("title") or "").strip()[:500] or None
    return Item(urldefrag(link).url, title, published)


class Feeds:
    """Subscriptions and their polling, over a store and an ``ingest`` (``Services.ingest``)."""

    def __init__(self, store, ingest: Callable[[Article], object], config: Mapping,
                 clock: Callable[[], dt.datetime] = utcnow):
        self.store = store
        self.ingest = ingest
        self.config = config
        self.clock = clock

    # -- subscriptions -----------------------------------------------------------------------
    def add(self, url, interval=None) -> tuple[dict, bool]:
        url = check_url(url)
        seconds = check_interval(interval, self.config["FEED_INTERVAL"])
        feed, created = self.store.add_feed(url, seconds)
        return status(feed), created

    def list(self) -> list[dict]:
        return [status(f) for f in self.store.feeds()]

    def get(self, feed_id: int) -> dict:
        feed = self.store.feed(feed_id)
        if feed is None:
            raise NotFound(f"no feed {feed_id}")
        return status(feed)

    def remove(self, feed_id: int) -> None:
        if not self.store.delete_feed(feed_id):
            raise NotFound(f"no feed {feed_id}")

    # -- polling -------------------------------------------------------------------------------
    def poll_due(self, every: bool = False) -> list[Poll]:
        """Poll the feeds that are due (``every``: all of them, now), each taken first so that
        another poller on the same store does not poll it too."""
        now = self.clock()
        at = stamp(now) if not every else "9999"
        lease = stamp(now + dt.timedelta(hours=1))  # (a poller that dies leaves the feed for an hour)
        return [self.poll(feed) for feed in self.store.claim_due_feeds(at, lease)]

    def poll(self, feed: dict) -> Poll:
        started = self.clock()
        try:
            page = fetch(feed["url"], user_agent=self.config["USER_AGENT"], max_bytes=self.config["FEED_BYTES_MOST"],
                         allowed=reachable(self.config), types=FEED_TYPES, accept=FEED_ACCEPT,
                         etag=feed["etag"], last_modified=feed["last_modified"])
            if page.status == 304:
                self._succeeded(feed, started, {})
                return Poll(feed["id"], feed["url"], "not modified")
            items, notice = parse_items(page.body, self.config["FEED_ITEMS_MOST"])
        except TooLarge:
            return self._failed(feed, started, f"the feed is larger than {self.config['FEED_BYTES_MOST']:,} bytes")
        except AppError as exc:
            return self._failed(feed, started, exc.message)
        except Exception:  # a bug must not stop the other feeds
            log.exception("polling feed %s", feed["id"])
            return self._failed(feed, started, "internal error while polling; the server log has the details")
        result = Poll(feed["id"], feed["url"], "new items")
        for item in items:
            self._read_item(feed, item, result)
        self._succeeded(feed, started, {"etag": page.etag, "last_modified": page.last_modified, "notice": notice},
                        {"items_seen": result.items_seen, "articles_added": result.articles_added,
                         "incidents_found": result.incidents_found})
        return result

    def _read_item(self, feed: dict, item: Item, result: Poll) -> None:
        known = self.store.feed_item(item.url)
        if known is not None and (known["article_id"] is not None or known["error"] is None
                                  or known["attempts"] >= ITEM_ATTEMPTS):
            return  # fetched before (through this feed or another), or given up on
        if known is None:
            result.items_seen += 1
        fields = {"title": item.title, "published": item.published.isoformat() if item.published else None}
        try:
            article = article_from_url(item.url, fields, self.config["MAX_TEXT_BYTES"], self.config["USER_AGENT"],
                                       reachable(self.config))
            ingested = self.ingest(article)
        except AppError as exc:
            self.store.item_fetched(item.url, feed["id"], None, exc.message)
            result.item_errors.append(f"{item.url}: {exc.message}")
            return
        except Exception:
            log.exception("reading feed item %s", item.url)
            self.store.item_fetched(item.url, feed["id"], None, "internal error")
            result.item_errors.append(f"{item.url}: internal error")
            return
        self.store.item_fetched(item.url, feed["id"], ingested.article_id, None)
        if ingested.created:
            result.articles_added += 1
            result.incidents_found += sum(1 for i in ingested.incidents if not i.get("aggregate"))

    def _succeeded(self, feed: dict, started: dt.datetime, changes: dict, counts: dict | None = None) -> None:
        at = stamp(self.clock())
        self.store.feed_polled(feed["id"], {
            **changes, "last_polled_at": at, "last_success_at": at, "failures": 0,
            "next_poll_at": stamp(started + dt.timedelta(seconds=feed["interval_s"]))}, counts)

    def _failed(self, feed: dict, started: dt.datetime, message: str) -> Poll:
        failures = feed["failures"] + 1
        at = stamp(self.clock())
        self.store.feed_polled(feed["id"], {
            "last_polled_at": at, "last_error": message, "last_error_at": at, "failures": failures,
            "next_poll_at": stamp(started + dt.timedelta(seconds=backoff_s(feed["interval_s"], failures)))})
        log.warning("feed %s (%s): %s", feed["id"], feed["url"], message)
        return Poll(feed["id"], feed["url"], "failed", error=message)


def status(feed: dict) -> dict:
    """A feed as users see it: its settings, counts and how its polling goes."""
    if feed["last_polled_at"] is None:
        state = "waiting for its first poll"
    elif feed["failures"]:
        state = "failing"
    else:
        state = "ok"
    shown = {k: v for k, v in feed.items() if k not in ("etag", "last_modified")}
    return {**shown, "state": state}

