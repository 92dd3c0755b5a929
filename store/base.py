"""The store as the application sees it: the interface another engine (PostGIS) implements.

Every write is one transaction that either happens whole or not at all; an article's text is its
identity (the same text twice is stored once); an analyst's corrections are never overwritten by
a later reading or another outlet's report. ``store.db.Store`` is the SQLite implementation.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

from geo.dedupe import MergePolicy

from .query import IncidentQuery
from .records import StoredArticle


@runtime_checkable
class IncidentStore(Protocol):
    def init(self) -> None:
        """Create or bring up to date the tables."""

    def version(self) -> int:
        """A number every write raises: what was read from the store holds while it stands."""

    # -- articles and their incidents ------------------------------------------------------
    def find_article(self, text: str) -> int | None: ...

    def add_article(self, text: str, title: str | None, url: str | None, published: dt.date | None,
                    incidents: list[dict], policy: MergePolicy | None = None,
                    places: list[dict] | None = None) -> tuple[int, bool]:
        """(article id, created?): the article and its incidents, merged into stored events as the
        policy says."""

    def replace_reading(self, article_id: int, incidents: list[dict], places: list[dict],
                        policy: MergePolicy) -> dict[str, int]:
        """A new reading of a stored article: counts of incidents updated, kept, removed, added."""

    def delete_article(self, article_id: int) -> int:
        """Incidents removed (those no other article reports)."""

    def article(self, article_id: int) -> StoredArticle | None: ...

    def article_ids(self) -> list[int]: ...

    def count_articles(self) -> int: ...

    # -- queries ---------------------------------------------------------------------------
    def incidents(self, query: IncidentQuery = IncidentQuery(), details: bool = True) -> list[dict]:
        """Matching records in the query's order and page."""

    def points(self, query: IncidentQuery, columns: list[str]) -> list[dict]:
        """Only these columns and lat/lon: the lean read behind map layers."""

    def incident(self, incident_id: int) -> dict | None: ...

    def review_queue(self, query: IncidentQuery, limit: int, offset: int = 0) -> tuple[int, list[dict]]:
        """Incidents no analyst changed yet: flagged values first, then the least confident."""

    def count(self, query: IncidentQuery = IncidentQuery()) -> int: ...

    def category_counts(self, query: IncidentQuery = IncidentQuery()) -> dict[str, int]: ...

    def summary(self, query: IncidentQuery = IncidentQuery()) -> dict:
        """{"incidents", "fatalities", "injured", "by_category": {...}, "by_country": {...}}"""

    def grid(self, query: IncidentQuery, cell: float) -> list[dict]:
        """Counts per square cell of ``cell`` degrees: [{lat, lon, count, fatalities, by_category}]."""

    def day_counts(self, query: IncidentQuery = IncidentQuery()) -> dict[str, int]:
        """{"YYYY-MM-DD": incidents that day}, oldest first."""

    def extent(self, query: IncidentQuery = IncidentQuery()) -> dict:
        """{"bbox": [w, s, e, n] | None, "dates": [first, last]}"""

    def facets(self) -> dict[str, list]: ...

    # -- review ----------------------------------------------------------------------------
    def correct(self, incident_id: int, changes: dict, who: str) -> dict: ...

    def undo(self, incident_id: int, who: str) -> dict:
        """Take back the newest change not yet taken back (recorded as corrections too)."""

    def corrections(self, incident_id: int) -> list[dict]: ...

    # -- comparison layers and sessions ----------------------------------------------------
    def add_comparison_layer(self, name: str, source_format: str, geojson: dict, who: str,
                             vertices: int = 0) -> int: ...

    def comparison_layers(self) -> list[dict]: ...

    def comparison_layer(self, layer_id: int) -> str | None: ...

    def comparison_vertices(self) -> int: ...

    def delete_comparison_layer(self, layer_id: int) -> bool: ...

    def revoke_session(self, sid: str) -> None: ...

    def session_revoked(self, sid: str) -> bool: ...

    # -- feeds and watch areas (store/feeds.py; service/feeds.py and service/watch.py use them) --
    def add_feed(self, url: str, interval_s: int) -> tuple[dict, bool]: ...

    def feeds(self) -> list[dict]: ...

    def feed(self, feed_id: int) -> dict | None: ...

    def delete_feed(self, feed_id: int) -> bool: ...

    def claim_due_feeds(self, at: str, until: str) -> list[dict]:
        """Feeds due at ``at``, each taken until ``until`` so no other poller polls it too."""

    def next_feed_poll(self) -> str | None: ...

    def feed_polled(self, feed_id: int, changes: dict, counts: dict[str, int] | None = None) -> None: ...

    def feed_item(self, url: str) -> dict | None: ...

    def item_fetched(self, url: str, feed_id: int, article_id: int | None, error: str | None) -> None: ...

    def add_watch_area(self, name: str, geometry: dict, filters: dict, webhook: str | None) -> dict: ...

    def watch_areas(self) -> list[dict]: ...

    def watch_area(self, area_id: int) -> dict | None: ...

    def delete_watch_area(self, area_id: int) -> bool: ...

    def watch_hit_ids(self, area_id: int) -> set[int]: ...

    def add_watch_hits(self, area_id: int, incident_ids: list[int], at: str) -> int: ...

    def watch_hits(self, area_id: int, limit: int = 100) -> list[dict]: ...

    def due_deliveries(self, at: str, most: int = 100) -> dict[int, list[int]]: ...

    def next_delivery(self) -> str | None: ...

    def delivery_done(self, area_id: int, incident_ids: list[int], at: str, error: str | None,
                      next_try_at: str | None) -> None: ...

    def hit_attempts(self, area_id: int, incident_ids: list[int]) -> int: ...
