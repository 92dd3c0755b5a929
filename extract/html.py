"""Web pages -> article text, title and publication date (trafilatura drops menus, ads, footers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura
from htmldate import find_date


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    published: dt.date | None


def page_text(html: str) -> PageText | None:
    """The main text of a page, or None when the page has no article text."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        return None
    meta = trafilatura.extract_metadata(html)
    # Only dates the page states in its markup (meta tags, <time>): a "(c) 2024" footer is not one.
    found = find_date(html, extensive_search=False, original_date=True)
    published = dt.date.fromisoformat(found) if found else None
    return PageText(text.strip(), (meta.title if meta else None) or None, published)
