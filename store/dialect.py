"""What SQL differs between the stores' engines: the rest of the SQL is written once, with ``?``
placeholders, and runs on both (PostgreSQL's connection turns them into ``%s``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


def search_words(text: str, most: int = 12) -> list[str]:
    """The words of a user's search, as plain words (no engine's query syntax survives)."""
    return _WORD.findall(text)[:most]


@dataclass(frozen=True)
class Dialect:
    name: str
    position: str  # the function giving where a string holds another (0: nowhere)
    no_limit: str  # the LIMIT that sets none, before an OFFSET

    def text_match(self, text: str) -> tuple[str, list] | None:
        """A clause on ``incidents i`` for incidents whose place, actors or sentences have words
        starting with each of the user's words ("sanaa strike" matches "strikes on Sanaa")."""
        words = search_words(text)
        if not words:
            return None
        if self.name == "sqlite":  # FTS5: every word quoted, as a prefix
            return ("i.id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)",
                    [" ".join(f'"{w}"*' for w in words)])
        # PostgreSQL: the tsvector column its trigger keeps, without accents as FTS5 reads it
        return "i.search @@ to_tsquery('simple', unaccent(?))", [" & ".join(f"{w}:*" for w in words)]

    def bbox(self, west: float, south: float, east: float, north: float) -> tuple[str, list]:
        """A clause on ``incidents i`` for points inside the box (west > east: it crosses the
        antimeridian)."""
        if self.name == "postgresql":  # the GiST index on the point
            if west <= east:
                return "i.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", [west, south, east, north]
            return ("(i.geom && ST_MakeEnvelope(?, ?, 180, ?, 4326) OR i.geom && ST_MakeEnvelope(-180, ?, ?, ?, 4326))",
                    [west, south, north, south, east, north])
        if west <= east:
            return "i.lat BETWEEN ? AND ? AND i.lon BETWEEN ? AND ?", [south, north, west, east]
        return "i.lat BETWEEN ? AND ? AND (i.lon >= ? OR i.lon <= ?)", [south, north, west, east]

    def flagged(self) -> str:
        """A condition on ``incidents i``: the reading flagged some value as implausible."""
        if self.name == "postgresql":
            return "coalesce(i.details::jsonb -> 'flags', '{}'::jsonb) <> '{}'::jsonb"
        return "coalesce(json_extract(i.details, '$.flags'), '{}') <> '{}'"

    def cell(self, expr: str) -> str:
        """The index of the cell of a ``?``-degree grid that a non-negative ``expr`` falls in."""
        if self.name == "postgresql":
            return f"floor(({expr}) / ?)::integer"
        return f"CAST(({expr}) / ? AS INTEGER)"  # (truncation is the floor of a non-negative number)


SQLITE = Dialect("sqlite", position="instr", no_limit="-1")
POSTGRESQL = Dialect("postgresql", position="strpos", no_limit="ALL")
