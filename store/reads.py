"""Reads: incidents by query (ordered and paged), their count, extent and facets, articles."""

from __future__ import annotations

import json

from geo.schema import COLUMNS

from .query import IncidentQuery
from .records import StoredArticle


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class Reads:
    """Reads of ``Store`` and ``PgStore`` (``self.dialect``: what their SQL differs in)."""

    _SELECT = ("SELECT i.id, i.article_id, a.url AS source_url, a.title AS source_title, "
               "a.published AS source_published, a.created_at AS added, i.details, i.status, "
               "i.sources, "
               "EXISTS (SELECT 1 FROM corrections c WHERE c.incident_id = i.id) AS reviewed, "
               + ", ".join(f"i.{c}" for c in COLUMNS)
               + " FROM incidents i JOIN articles a ON a.id = i.article_id")

    def version(self) -> int:
        with self.connect() as db:
            return db.execute("SELECT version FROM store_version").fetchone()[0]

    def article_ids(self) -> list[int]:
        with self.connect() as db:
            return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]

    def article(self, article_id: int) -> StoredArticle | None:
        with self.connect() as db:
            row = db.execute("SELECT id, title, url, published, text, created_at, places FROM articles WHERE id=?",
                             (article_id,)).fetchone()
        if not row:
            return None
        rec = dict(row)
        rec["places"] = json.loads(rec["places"])
        return StoredArticle(**rec)

    def count_articles(self) -> int:
        with self.connect() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def incidents(self, query: IncidentQuery = IncidentQuery(), details: bool = True) -> list[dict]:
        """Incident records matching ``query``, in its order (oldest first unless it says), joined
        with their article's URL. ``details=False`` skips the per-incident JSON (evidence, alternatives): faster for maps."""
        where, args = query.where(self.dialect)
        limit, limit_args = query.page(self.dialect)
        if limit:
            # A page: its ids first, sorted on the incidents table alone, then their full rows
            # (sorting millions of full rows with their article and counts takes seconds).
            where = f" WHERE i.id IN (SELECT i.id FROM incidents i{where}{query.order()}{limit})"
            args, limit, limit_args = [*args, *limit_args], "", []
        with self.connect() as db:
            rows = db.execute(self._SELECT + where + query.order() + limit, [*args, *limit_args]).fetchall()
        out = []
        for row in rows:
            rec = dict(row)
            rec["aggregate"] = bool(rec["aggregate"])
            rec["reviewed"] = bool(rec["reviewed"])
            extra = rec.pop("details")
            if details:
                rec.update(json.loads(extra))
            out.append(rec)
        return out

    def points(self, query: IncidentQuery, columns: list[str]) -> list[dict]:
        """Only ``columns`` (of the incidents table) and lat/lon of the matching incidents: the
        lean read behind map layers of tens of thousands of markers."""
        unknown = set(columns) - {"id", *COLUMNS}
        if unknown:
            raise ValueError(f"not incident columns: {sorted(unknown)}")
        where, args = query.where(self.dialect)
        limit, limit_args = query.page(self.dialect)
        names = list(dict.fromkeys([*columns, "lat", "lon"]))
        with self.connect() as db:
            db.row_factory = None
            rows = db.execute(f"SELECT {', '.join('i.' + c for c in names)} FROM incidents i" + where
                              + " ORDER BY i.id" + limit, [*args, *limit_args]).fetchall()
        return [dict(zip(names, row)) for row in rows]

    def review_queue(self, query: IncidentQuery, limit: int, offset: int = 0) -> tuple[int, list[dict]]:
        """(how many, a page of) the incidents no analyst has changed yet, those with a value the
        reading flagged first, then the least confident."""
        where, args = query.where(self.dialect)
        where += (" AND " if where else " WHERE ") + "NOT EXISTS (SELECT 1 FROM corrections c WHERE c.incident_id = i.id)"
        order = f" ORDER BY ({self.dialect.flagged()}) DESC, i.confidence IS NULL, i.confidence, i.id"
        with self.connect() as db:
            total = db.execute("SELECT count(*) FROM incidents i" + where, args).fetchone()[0]
            ids = [r[0] for r in db.execute("SELECT i.id FROM incidents i" + where + order + " LIMIT ? OFFSET ?",
                                            [*args, limit, offset])]
        found = {r["id"]: r for r in self.incidents(IncidentQuery.of(ids))} if ids else {}
        return total, [found[i] for i in ids if i in found]

    def incident(self, incident_id: int) -> dict | None:
        found = self.incidents(IncidentQuery.of([incident_id]))
        return found[0] if found else None

    def count(self, query: IncidentQuery = IncidentQuery()) -> int:
        where, args = query.where(self.dialect)
        with self.connect() as db:
            return db.execute("SELECT count(*) FROM incidents i" + where, args).fetchone()[0]

    def category_counts(self, query: IncidentQuery = IncidentQuery()) -> dict[str, int]:
        where, args = query.where(self.dialect)
        with self.connect() as db:
            rows = db.execute("SELECT i.category, count(*) FROM incidents i" + where + " GROUP BY i.category",
                              args).fetchall()
        return {r[0]: r[1] for r in rows}

    def summary(self, query: IncidentQuery = IncidentQuery()) -> dict:
        """The numbers at a glance for a view: incidents, killed and injured (tolls unknown count
        as none), and incidents by category and by country (unknown country: "")."""
        where, args = query.where(self.dialect)
        with self.connect() as db:  # (one pass, over an index that holds every column it reads)
            rows = db.execute("SELECT i.category, coalesce(i.country, ''), count(*), coalesce(sum(i.fatalities), 0), "
                              f"coalesce(sum(i.injured), 0) FROM incidents i{where} GROUP BY 1, 2", args).fetchall()
        by_category: dict[str, int] = {}
        by_country: dict[str, int] = {}
        for category, country, n, _, _ in rows:
            by_category[category] = by_category.get(category, 0) + n
            by_country[country] = by_country.get(country, 0) + n
        return {"incidents": sum(r[2] for r in rows), "fatalities": sum(r[3] for r in rows),
                "injured": sum(r[4] for r in rows), "by_category": _most_first(by_category),
                "by_country": _most_first(by_country)}

    def grid(self, query: IncidentQuery, cell: float) -> list[dict]:
        """The matching incidents counted per square cell of ``cell`` degrees: [{lat, lon, count,
        fatalities, by_category}], each at the mean point of its incidents (where they are, not at
        the cell's corner); the largest cells first."""
        where, args = query.where(self.dialect)
        gx, gy = self.dialect.cell("i.lon + 180"), self.dialect.cell("i.lat + 90")
        sql = (f"SELECT {gx} AS gx, {gy} AS gy, i.category, count(*), sum(i.lat), sum(i.lon), "
               f"coalesce(sum(i.fatalities), 0) FROM incidents i{where} GROUP BY 1, 2, 3")
        cells: dict[tuple[int, int], dict] = {}
        with self.connect() as db:
            for x, y, category, n, lat, lon, killed in db.execute(sql, [cell, cell, *args]).fetchall():
                c = cells.setdefault((x, y), {"count": 0, "lat": 0.0, "lon": 0.0, "fatalities": 0, "by_category": {}})
                c["count"] += n
                c["lat"] += lat
                c["lon"] += lon
                c["fatalities"] += killed
                c["by_category"][category] = n
        for c in cells.values():
            c["lat"], c["lon"] = round(c["lat"] / c["count"], 5), round(c["lon"] / c["count"], 5)
        return sorted(cells.values(), key=lambda c: -c["count"])

    def day_counts(self, query: IncidentQuery = IncidentQuery()) -> dict[str, int]:
        """How many matching incidents each day has (undated ones left out), oldest first."""
        where, args = query.where(self.dialect)
        with self.connect() as db:
            rows = db.execute(f"SELECT i.date, count(*) FROM incidents i{where}{' AND' if where else ' WHERE'} "
                              "i.date IS NOT NULL GROUP BY 1 ORDER BY 1", args).fetchall()
        return {r[0]: r[1] for r in rows}

    def extent(self, query: IncidentQuery = IncidentQuery()) -> dict:
        """Bounding box and first/last date of the matching incidents (None when there are none)."""
        where, args = query.where(self.dialect)
        with self.connect() as db:
            row = db.execute("SELECT min(i.lon), min(i.lat), max(i.lon), max(i.lat), min(i.date), max(i.date) "
                             "FROM incidents i" + where, args).fetchone()
        return {"bbox": list(row[:4]) if row[0] is not None else None, "dates": [row[4], row[5]]}

    def facets(self) -> dict[str, list]:
        """The values the filters can take: sub-types, countries, actors, and the date range."""
        active = " WHERE status = 'active' AND aggregate = 0"
        with self.connect() as db:
            sub_types = [r[0] for r in db.execute(
                f"SELECT DISTINCT sub_type FROM incidents{active} AND sub_type IS NOT NULL ORDER BY 1")]
            countries = [r[0] for r in db.execute(
                f"SELECT DISTINCT country FROM incidents{active} AND country IS NOT NULL ORDER BY 1")]
            actors = [r[0] for r in db.execute(
                f"SELECT actor FROM (SELECT actor1 AS actor FROM incidents{active} UNION ALL "
                f"SELECT actor2 FROM incidents{active}) AS named WHERE actor IS NOT NULL "
                "GROUP BY actor ORDER BY count(*) DESC, actor LIMIT 200")]
            first, last = db.execute(f"SELECT min(date), max(date) FROM incidents{active}").fetchone()
        return {"sub_types": sub_types, "countries": countries, "actors": actors, "dates": [first, last]}
