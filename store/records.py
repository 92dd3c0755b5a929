"""What the store hands out and its small shared helpers."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass


class NotFound(LookupError):
    """No stored article or incident of that id (the message says which)."""


@dataclass(frozen=True)
class StoredArticle:
    id: int
    title: str | None
    url: str | None
    published: str | None
    text: str
    created_at: str
    places: list[dict]


def content_hash(text: str) -> str:
    """Same words, same hash: Unicode form and runs of whitespace do not count."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def stamp(moment: dt.datetime) -> str:
    """A time as the store writes times (UTC, to the second), so that they compare as text."""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def now() -> str:
    return stamp(dt.datetime.now(dt.timezone.utc))


def set_columns(db, incident_id: int, values: dict) -> None:
    """UPDATE one incident's columns (names from the schema, never from a request)."""
    if values:
        db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                   [*values.values(), incident_id])
