"""Checking what users send before anything is read or stored. Errors say exactly what is wrong."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from extract.model import Article

# A publication date later than this many days from today is a typo, not news.
FUTURE_SLACK_DAYS = 2


class BadInput(ValueError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def parse_published(value, field: str = "published") -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{field}' must be a date string like 2024-02-07")
    text = value.strip()
    try:
        date = dt.date.fromisoformat(text) if len(text) <= 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise BadInput(f"'{field}' is not a date (expected YYYY-MM-DD): {value[:40]!r}") from None
    if date > dt.date.today() + dt.timedelta(days=FUTURE_SLACK_DAYS):
        raise BadInput(f"'{field}' {date.isoformat()} is in the future")
    if date.year < 1900:
        raise BadInput(f"'{field}' {date.isoformat()} is before 1900")
    return date


def _optional_text(payload: dict, key: str, limit: int) -> str | None:
    value = payload.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{key}' must be a string")
    value = value.strip()
    if len(value) > limit:
        raise BadInput(f"'{key}' is longer than {limit} characters")
    return value or None


def check_text(text, max_bytes: int) -> str:
    if not isinstance(text, str):
        raise BadInput("'text' is required and must be a string")
    if "\x00" in text:
        raise BadInput("'text' contains NUL bytes: send plain text")
    if not text.strip():
        raise BadInput("'text' is empty")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise BadInput(f"'text' is {size:,} bytes; the limit is {max_bytes:,}", 413)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("'text' contains lone surrogates: send valid Unicode") from None
    return text


def article_from_fields(payload, max_bytes: int) -> Article:
    """An Article from a JSON object or form fields: text, title?, url?, published?"""
    if not isinstance(payload, dict):
        raise BadInput("the request body must be a JSON object with a 'text' field")
    text = check_text(payload.get("text"), max_bytes)
    url = _optional_text(payload, "url", 2048)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadInput("'url' must be an http(s) URL")
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
                raise BadInput(f"the JSON is nested more than {limit} levels deep")
        elif byte in (0x5D, 0x7D):
            depth -= 1
