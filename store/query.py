"""Which incidents a map view, a download or an OGC API request asks for, as SQL.

The same filters serve the page, the table, every download format and OGC API Features, so a
shared view URL (``/?category=strike&since=2024-02-01``) and its downloads always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.schema import TABLE_COLUMNS

from .dialect import SQLITE, Dialect

STATUSES = ("active", "rejected", "all")


@dataclass(frozen=True)
class IncidentQuery:
    categories: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    actor: str | None = None  # case-insensitive substring of actor1 or actor2
    text: str | None = None  # words that start words of the place, the actors or the sentence (FTS5)
    since: dt.date | None = None  # incidents on or after this day
    until: dt.date | None = None  # incidents on or before this day
    # incidents first stored at or after this time (ISO, UTC, as store.records.now writes it)
    added_since: str | None = None
    min_confidence: float | None = None
    # (min lon, min lat, max lon, max lat); min lon > max lon crosses the antimeridian
    bbox: tuple[float, float, float, float] | None = None
    status: str = "active"  # reviewed-out (rejected) incidents are hidden unless asked for
    include_aggregates: bool = False
    article_id: int | None = None
    ids: tuple[int, ...] = ()
    limit: int | None = None
    offset: int = 0
    order_by: str = "id"  # one of the table view's columns (geo.schema.TABLE_COLUMNS)
    descending: bool = False

    @classmethod
    def of(cls, ids) -> "IncidentQuery":
        """These incidents, whatever their status, aggregates too."""
        return cls(ids=tuple(ids), status="all", include_aggregates=True)

    def where(self, dialect: Dialect = SQLITE) -> tuple[str, list]:
        """A WHERE clause over ``incidents i`` and its arguments, in the engine's SQL."""
        clauses, args = [], []

        def any_of(column: str, values: tuple) -> None:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            args.extend(values)

        if self.categories:
            any_of("i.category", self.categories)
        if self.sub_types:
            any_of("i.sub_type", self.sub_types)
        if self.countries:
            any_of("i.country", self.countries)
        if self.ids:
            any_of("i.id", self.ids)
        if self.actor:
            clauses.append(" OR ".join(f"{dialect.position}(lower(coalesce(i.{role}, '')), ?) > 0"
                                       for role in ("actor1", "actor2")).join("()"))
            args.extend([self.actor.lower()] * 2)
        match = dialect.text_match(self.text) if self.text else None
        if match:
            clauses.append(match[0])
            args.extend(match[1])
        if self.since:
            clauses.append("i.date >= ?")
            args.append(self.since.isoformat())
        if self.until:
            clauses.append("i.date <= ?")
            args.append(self.until.isoformat())
        if self.added_since:  # (an incident is added with the first article that reports it)
            clauses.append("i.article_id IN (SELECT id FROM articles WHERE created_at >= ?)")
            args.append(self.added_since)
        if self.min_confidence is not None:
            clauses.append("i.confidence >= ?")
            args.append(self.min_confidence)
        if self.bbox:
            clause, values = dialect.bbox(*self.bbox)
            clauses.append(clause)
            args.extend(values)
        if self.status != "all":
            clauses.append("i.status = ?")
            args.append(self.status)
        if not self.include_aggregates:
            clauses.append("i.aggregate = 0")
        if self.article_id is not None:
            clauses.append("i.id IN (SELECT incident_id FROM incident_sources WHERE article_id = ?)")
            args.append(self.article_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def order(self) -> str:
        """ORDER BY the chosen column, empty values last in either direction, then by id (the
        same way round)."""
        if self.order_by not in TABLE_COLUMNS:
            raise ValueError(f"cannot order by {self.order_by!r}")
        column = f"i.{self.order_by}"
        # (NULLS LAST rather than "col IS NULL, col": both engines then walk an index on the column
        # in order, where there is one, instead of sorting every matching row)
        # (equal values in the sort's direction too: a descending sort walks the index backwards alone)
        direction = " DESC" if self.descending else ""
        return f" ORDER BY {column}{direction} NULLS LAST, i.id{direction}"

    def page(self, dialect: Dialect = SQLITE) -> tuple[str, list]:
        if self.limit is None:
            return (f" LIMIT {dialect.no_limit} OFFSET ?", [self.offset]) if self.offset else ("", [])
        return " LIMIT ? OFFSET ?", [self.limit, self.offset]
