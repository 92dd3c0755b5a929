"""Feed subscriptions, the item pages fetched for them, watch areas and the incidents found in
them (``service/feeds.py``, ``service/watch.py`` decide what to do; this keeps it).

This bookkeeping does not change what the map shows, so its writes leave the store's version
alone (``transaction(bump=False)``): the map's kept totals stay good while feeds are polled.
"""

from __future__ import annotations

import json

from .records import now

_FEED_COUNTS = ("items_seen", "articles_added", "incidents_found")


class FeedsAndWatches:
    """Feeds, fetched items, watch areas and their hits, of ``Store`` and ``PgStore``."""

    # -- feeds ---------------------------------------------------------------------------------
    def add_feed(self, url: str, interval_s: int) -> tuple[dict, bool]:
        """(the feed, created?): a URL already subscribed is that subscription, unchanged."""
        with self.transaction(bump=False) as db:
            row = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row:
                return self._feed(db, row["id"]), False
            stamp = now()
            feed_id = db.execute("INSERT INTO feeds (url, interval_s, created_at, next_poll_at) VALUES (?,?,?,?) "
                                 "RETURNING id", (url, interval_s, stamp, stamp)).fetchone()[0]
            return self._feed(db, feed_id), True

    def feeds(self) -> list[dict]:
        with self.connect() as db:
            return [dict(r) for r in db.execute("SELECT * FROM feeds ORDER BY id")]

    def feed(self, feed_id: int) -> dict | None:
        with self.connect() as db:
            return self._feed(db, feed_id)

    @staticmethod
    def _feed(db, feed_id: int) -> dict | None:
        row = db.execute("SELECT * FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return dict(row) if row else None

    def delete_feed(self, feed_id: int) -> bool:
        """Unsubscribe; articles already read from it stay."""
        with self.transaction(bump=False) as db:
            return db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount > 0

    def claim_due_feeds(self, at: str, until: str) -> list[dict]:
        """The feeds due at ``at``, each taken for this poller until ``until`` (its next poll is
        moved there first), so two pollers on one store never poll a feed twice."""
        claimed = []
        with self.transaction(bump=False) as db:
            due = db.execute("SELECT id FROM feeds WHERE next_poll_at <= ? ORDER BY next_poll_at, id", (at,)).fetchall()
            for row in due:
                db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", (until, row["id"]))
                claimed.append(self._feed(db, row["id"]))
        return claimed

    def next_feed_poll(self) -> str | None:
        with self.connect() as db:
            return db.execute("SELECT min(next_poll_at) FROM feeds").fetchone()[0]

    def feed_polled(self, feed_id: int, changes: dict, counts: dict[str, int] | None = None) -> None:
        """A poll's outcome: ``changes`` (columns of feeds: validators, times, error, failures,
        notice) set, ``counts`` (items seen, articles added, incidents found) added."""
        counts = {k: v for k, v in (counts or {}).items() if k in _FEED_COUNTS and v}
        sets = [f"{k} = ?" for k in changes] + [f"{k} = {k} + ?" for k in counts]
        if not sets:
            return
        with self.transaction(bump=False) as db:
            db.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", [*changes.values(), *counts.values(), feed_id])

    # -- item pages ------------------------------------------------------------------------------
    def feed_item(self, url: str) -> dict | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM feed_items WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def item_fetched(self, url: str, feed_id: int, article_id: int | None, error: str | None) -> None:
        """An item page fetched (its article stored) or tried (``error``); a retry counts an attempt."""
        with self.transaction(bump=False) as db:
            # (the feed and the article may have been removed meanwhile: then none is named)
            db.execute("INSERT INTO feed_items (url, feed_id, article_id, fetched_at, error) VALUES "
                       "(?, (SELECT id FROM feeds WHERE id = ?), (SELECT id FROM articles WHERE id = ?), ?, ?) "
                       "ON CONFLICT (url) DO UPDATE SET attempts = feed_items.attempts + 1, "
                       "article_id = excluded.article_id, fetched_at = excluded.fetched_at, error = excluded.error",
                       (url, feed_id, article_id, now(), error))

    # -- watch areas -----------------------------------------------------------------------------
    def add_watch_area(self, name: str, geometry: dict, filters: dict, webhook: str | None) -> dict:
        with self.transaction(bump=False) as db:
            area_id = db.execute("INSERT INTO watch_areas (name, geometry, filters, webhook, created_at, after_incident) "
                                 "VALUES (?,?,?,?,?, (SELECT coalesce(max(id), 0) FROM incidents)) RETURNING id",
                                 (name, json.dumps(geometry), json.dumps(filters), webhook, now())).fetchone()[0]
            return self._area(db, area_id)

    def watch_areas(self) -> list[dict]:
        with self.connect() as db:
            ids = [r["id"] for r in db.execute("SELECT id FROM watch_areas ORDER BY id")]
            return [self._area(db, i) for i in ids]

    def watch_area(self, area_id: int) -> dict | None:
        with self.connect() as db:
            return self._area(db, area_id)

    @staticmethod
    def _area(db, area_id: int) -> dict | None:
        row = db.execute("SELECT a.*, (SELECT count(*) FROM watch_hits h WHERE h.area_id = a.id) AS hits, "
                         "(SELECT count(*) FROM watch_hits h WHERE h.area_id = a.id AND h.delivered_at IS NULL) "
                         "AS undelivered FROM watch_areas a WHERE a.id = ?", (area_id,)).fetchone()
        if row is None:
            return None
        area = dict(row)
        area["geometry"], area["filters"] = json.loads(area["geometry"]), json.loads(area["filters"])
        if not area["webhook"]:
            area["undelivered"] = 0
        return area

    def delete_watch_area(self, area_id: int) -> bool:
        with self.transaction(bump=False) as db:
            return db.execute("DELETE FROM watch_areas WHERE id = ?", (area_id,)).rowcount > 0

    def watch_hit_ids(self, area_id: int) -> set[int]:
        with self.connect() as db:
            return {r[0] for r in db.execute("SELECT incident_id FROM watch_hits WHERE area_id = ?", (area_id,))}

    def add_watch_hits(self, area_id: int, incident_ids: list[int], at: str) -> int:
        """Incidents newly found in an area (those already found are not again): how many were new."""
        added = 0
        with self.transaction(bump=False) as db:
            if db.execute("SELECT 1 FROM watch_areas WHERE id = ?", (area_id,)).fetchone() is None:
                return 0  # (deleted meanwhile)
            for incident_id in incident_ids:
                added += db.execute("INSERT INTO watch_hits (area_id, incident_id, found_at, next_try_at) "
                                    "VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
                                    (area_id, incident_id, at, at)).rowcount
        return added

    def watch_hits(self, area_id: int, limit: int = 100) -> list[dict]:
        """An area's incidents, newest found first, with when each was found and posted."""
        with self.connect() as db:
            rows = db.execute("SELECT incident_id, found_at, delivered_at, attempts FROM watch_hits "
                              "WHERE area_id = ? ORDER BY found_at DESC, incident_id DESC LIMIT ?", (area_id, limit))
            return [dict(r) for r in rows]

    def due_deliveries(self, at: str, most: int = 100) -> dict[int, list[int]]:
        """{area id: incident ids} whose post to the area's webhook is due at ``at``."""
        with self.connect() as db:
            rows = db.execute("SELECT h.area_id, h.incident_id FROM watch_hits h JOIN watch_areas a ON a.id = h.area_id "
                              "WHERE h.delivered_at IS NULL AND h.next_try_at <= ? AND a.webhook IS NOT NULL "
                              "ORDER BY h.area_id, h.incident_id LIMIT ?", (at, most)).fetchall()
        due: dict[int, list[int]] = {}
        for row in rows:
            due.setdefault(row[0], []).append(row[1])
        return due

    def next_delivery(self) -> str | None:
        with self.connect() as db:
            return db.execute("SELECT min(h.next_try_at) FROM watch_hits h JOIN watch_areas a ON a.id = h.area_id "
                              "WHERE h.delivered_at IS NULL AND a.webhook IS NOT NULL").fetchone()[0]

    def delivery_done(self, area_id: int, incident_ids: list[int], at: str, error: str | None,
                      next_try_at: str | None) -> None:
        """A post of these hits: delivered at ``at``, or failed with ``error`` (tried again at ``next_try_at``)."""
        marks = ", ".join("?" * len(incident_ids))
        with self.transaction(bump=False) as db:
            if error is None:
                db.execute(f"UPDATE watch_hits SET delivered_at = ?, attempts = attempts + 1 "
                           f"WHERE area_id = ? AND incident_id IN ({marks})", (at, area_id, *incident_ids))
                db.execute("UPDATE watch_areas SET delivered = delivered + ?, last_delivery_at = ?, last_error = NULL "
                           "WHERE id = ?", (len(incident_ids), at, area_id))
            else:
                db.execute(f"UPDATE watch_hits SET attempts = attempts + 1, next_try_at = ? "
                           f"WHERE area_id = ? AND incident_id IN ({marks})", (next_try_at, area_id, *incident_ids))
                db.execute("UPDATE watch_areas SET last_error = ?, last_error_at = ? WHERE id = ?", (error, at, area_id))

    def hit_attempts(self, area_id: int, incident_ids: list[int]) -> int:
        marks = ", ".join("?" * len(incident_ids))
        with self.connect() as db:
            return db.execute(f"SELECT coalesce(max(attempts), 0) FROM watch_hits WHERE area_id = ? "
                              f"AND incident_id IN ({marks})", (area_id, *incident_ids)).fetchone()[0]
