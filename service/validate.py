"""Checking what users send before anything is read or stored. Errors say exactly what is wrong."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from extract.model import Article
from .errors import Invalid, TooLarge

# A publication date later than this many days from today is a typo, not news.
FUTURE_SLACK_DAYS = 2


def parse_published(value, field: str = "published") -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Invalid(f"'{field}' must be a date string like 2024-02-07")
    text = value.strip()
    try:
        date = dt.date.fromisoformat(text) if len(text) <= 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise Invalid(f"'{field}' is not a date (expected YYYY-MM-DD): {value[:40]!r}") from None
    if date > dt.date.today() + dt.timedelta(days=FUTURE_SLACK_DAYS):
        raise Invalid(f"'{field}' {date.isoformat()} is in the future")
    if date.year < 1900:
        raise Invalid(f"'{field}' {date.isoformat()} is before 1900")
    return date


def _optional_text(payload: dict, key: str, limit: int) -> str | None:
    value = payload.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Invalid(f"'{key}' must be a string")
    value = value.strip()
    if len(value) > limit:
        raise Invalid(f"'{key}' is longer than {limit} characters")
    return value or None


def check_text(text, max_bytes: int) -> str:
    if not isinstance(text, str):
        raise Invalid("'text' is required and must be a string")
    if "\x00" in text:
        raise Invalid("'text' contains NUL bytes: send plain text")
    if not text.strip():
        raise Invalid("'text' is empty")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise TooLarge(f"'text' is {size:,} bytes; the limit is {max_bytes:,}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("'text' contains lone surrogates: send valid Unicode") from None
    return text


def article_from_fields(payload, max_bytes: int) -> Article:
    """An Article from a JSON object or form fields: text, title?, url?, published?"""
    if not isinstance(payload, dict):
        raise Invalid("the request body must be a JSON object with a 'text' field")
    text = check_text(payload.get("text"), max_bytes)
    url = _optional_text(payload, "url", 2048)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid("'url' must be an http(s) URL")
    return Article(text=text, title=_optional_text(payload, "title", 500), url=url,
                   published=parse_published(payload.get("published")))


# Deeper JSON than any request of ours needs; Python's parser recurses per level (and fails at ~1,000).
MAX_JSON_DEPTH = 32


def check_json_depth(body: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` before it is parsed (one linear pass over the
    bytes, strings skipped): "[[[[...]]]]" 100,000 deep must be a 400, not a crash."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                raise Invalid(f"the JSON is nested more than {limit} levels deep")
        elif byte in (0x5D, 0x7D):
            depth -= 1
