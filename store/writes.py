"""The write path: an article and its incidents in one transaction, merged across articles as
the policy (geo.dedupe.MergePolicy) decides; an article removed; an article read again."""

from __future__ import annotations

import datetime as dt
import json

from geo.dedupe import MergePolicy
from geo.schema import COLUMNS

from .records import NotFound, content_hash, now, set_columns

# Details that point into the text of the article an incident was read from.
_OFFSET_DETAILS = ("evidence", "sentences", "place_start", "place_end", "date_text")


def _split(inc: dict) -> tuple[dict, str]:
    """A record as the incidents table keeps it: its columns' values, and the rest as details JSON."""
    return {c: inc.get(c) for c in COLUMNS}, json.dumps({k: v for k, v in inc.items() if k not in COLUMNS}, default=str)


class Writes:
    """Writes of ``Store`` and ``PgStore`` (``self.transaction``, ``self.connect``: ``store.db``, ``store.pg``)."""

    def find_article(self, text: str) -> int | None:
        with self.connect() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone()
        return row["id"] if row else None

    def add_article(self, text: str, title: str | None, url: str | None, published: dt.date | None,
                    incidents: list[dict], policy: MergePolicy | None = None,
                    places: list[dict] | None = None) -> tuple[int, bool]:
        """Store an article and its incidents in one transaction. Returns (article id, created?).

        With a ``policy``, an incident that is the same event as a stored one of another article
        becomes a new source of that one. Fields an analyst corrected are never changed by such a
        merge.
        """
        digest = content_hash(text)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash=?", (digest,)).fetchone()
            if row:
                return row["id"], False
            article_id = db.execute(
                "INSERT INTO articles (content_hash, title, url, published, text, created_at, places) "
                "VALUES (?,?,?,?,?,?,?) RETURNING id",
                (digest, title, url, published.isoformat() if published else None, text, now(),
                 json.dumps(places or [])),
            ).fetchone()[0]
            for seq, inc in enumerate(incidents):
                self._add_incident(db, inc, article_id, seq, policy)
        return article_id, True

    def _add_incident(self, db, inc: dict, article_id: int, seq: int,
                      policy: MergePolicy | None) -> None:
        """A new incident of an article, or a new source of the stored incident it is the same
        event as (merging its fields in, except those an analyst corrected)."""
        existing = self._same_stored(db, inc, article_id, policy) if policy else None
        if existing is not None:
            corrected = self._corrected_fields(db, existing["id"])
            updates = {k: v for k, v in policy.merged_fields(existing, inc).items() if k not in corrected}
            set_columns(db, existing["id"], updates)
            incident_id = existing["id"]
        else:
            values, details = _split(inc)
            incident_id = db.execute(
                f"INSERT INTO incidents (article_id, seq, {', '.join(COLUMNS)}, details) "
                f"VALUES (?, ?, {', '.join('?' * len(COLUMNS))}, ?) RETURNING id",
                [article_id, seq, *values.values(), details],
            ).fetchone()[0]
        db.execute("INSERT INTO incident_sources VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   (incident_id, article_id, inc.get("sentence")))

    def delete_article(self, article_id: int) -> int:
        """Remove an article and the incidents only it reports (with their corrections); an incident
        other articles also report stays, credited to the oldest of them. Returns incidents removed."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise NotFound(f"no article {article_id}")
            shared = db.execute(
                "SELECT s.incident_id, min(s.article_id) FROM incident_sources s JOIN incidents i ON i.id = s.incident_id "
                "WHERE i.article_id = ? AND s.article_id != ? GROUP BY s.incident_id", (article_id, article_id)).fetchall()
            for incident_id, other in shared:
                seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM incidents WHERE article_id = ?", (other,)).fetchone()[0]
                # The evidence goes with its article: the sentence becomes the other article's, and
                # offsets into the deleted text are dropped (they would mark nonsense in the other).
                sentence = db.execute("SELECT sentence FROM incident_sources WHERE incident_id = ? AND article_id = ?",
                                      (incident_id, other)).fetchone()[0]
                details = json.loads(db.execute("SELECT details FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0])
                for key in _OFFSET_DETAILS:
                    details.pop(key, None)
                db.execute("UPDATE incidents SET article_id = ?, seq = ?, sentence = ?, details = ? WHERE id = ?",
                           (other, seq, sentence, json.dumps(details, default=str), incident_id))
            removed = db.execute("SELECT count(*) FROM incidents WHERE article_id = ?", (article_id,)).fetchone()[0]
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))  # cascades to its incidents and sources
        return removed

    def replace_reading(self, article_id: int, incidents: list[dict], places: list[dict],
                        policy: MergePolicy) -> dict[str, int]:
        """Store a new reading of a stored article (after the pipeline improved), in one transaction.

        The article's own incidents are matched with the new ones (``policy.same_reading``): a match is
        updated in place (its id, sources and links stay), except fields an analyst corrected and
        incidents an analyst touched at all keep every value; an unmatched uncorrected incident
        that no other article reports is removed; an unmatched new one is added (or merged into
        another article's incident, as on ingest). Returns counts of what happened.
        """
        counts = {"updated": 0, "kept": 0, "removed": 0, "added": 0}
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise NotFound(f"no article {article_id}")
            db.execute("UPDATE articles SET places = ? WHERE id = ?", (json.dumps(places), article_id))
            # matched as the pipeline first read them: an analyst's corrections are undone for matching
            own = [self._as_read(db, dict(r)) for r in db.execute(
                "SELECT id, " + ", ".join(COLUMNS) + " FROM incidents WHERE article_id = ? ORDER BY id",
                (article_id,))]
            unmatched = list(own)
            next_seq = (db.execute("SELECT max(seq) FROM incidents WHERE article_id = ?", (article_id,)).fetchone()[0] or 0) + 1
            for inc in incidents:
                match = next((o for o in unmatched if policy.same_reading(o, inc)), None)
                if match is not None:
                    unmatched.remove(match)
                    if self._corrected_fields(db, match["id"]):
                        counts["kept"] += 1
                        continue
                    values, details = _split(inc)
                    set_columns(db, match["id"], {**values, "details": details})
                    db.execute("UPDATE incident_sources SET sentence = ? WHERE incident_id = ? AND article_id = ?",
                               (inc.get("sentence"), match["id"], article_id))
                    counts["updated"] += 1
                    continue
                self._add_incident(db, inc, article_id, next_seq, policy)
                next_seq += 1
                counts["added"] += 1
            for old in unmatched:
                others = db.execute("SELECT count(*) FROM incident_sources WHERE incident_id = ? AND article_id != ?",
                                    (old["id"], article_id)).fetchone()[0]
                if self._corrected_fields(db, old["id"]) or others:
                    counts["kept"] += 1  # an analyst's work, or another outlet's report, stays
                else:
                    db.execute("DELETE FROM incidents WHERE id = ?", (old["id"],))
                    counts["removed"] += 1
        return counts

    @staticmethod
    def _as_read(db, row: dict) -> dict:
        first = {}
        for field, previous in db.execute("SELECT field, previous FROM corrections WHERE incident_id = ? ORDER BY id",
                                          (row["id"],)):
            first.setdefault(field, json.loads(previous))
        return {**row, **{k: v for k, v in first.items() if k in row}}

    @staticmethod
    def _corrected_fields(db, incident_id: int) -> set[str]:
        return {r[0] for r in db.execute("SELECT DISTINCT field FROM corrections WHERE incident_id = ?", (incident_id,))}

    @staticmethod
    def _same_stored(db, inc: dict, article_id: int, policy: MergePolicy) -> dict | None:
        """A stored incident of another article among the policy's candidates that is the same
        event (an article's own incidents were already merged when it was read)."""
        window = policy.candidates(inc)
        if window is None:
            return None
        rows = db.execute(
            "SELECT id, " + ", ".join(COLUMNS) + " FROM incidents WHERE category = ? AND aggregate = 0 "
            "AND date BETWEEN ? AND ? AND id NOT IN (SELECT incident_id FROM incident_sources WHERE article_id = ?) "
            "ORDER BY id", (*window, article_id)).fetchall()
        for row in rows:
            stored = dict(row)
            if policy.same_event(stored, inc):
                return stored
        return None
