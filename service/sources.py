"""Articles from what users give besides pasted text: uploaded .txt/.html files and URLs.

A URL is fetched only when the user asks for it (``fetch``), within a deadline and a size cap,
and never from this machine's own network (loopback, private and link-local addresses) unless
``INCIDENT_MAP_FETCH_PRIVATE=1``: a shared server must not become a proxy into its own LAN (see
``service.fetch``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from extract.html import page_text
from extract.model import Article
from service.errors import Invalid, TooLarge, Unreadable, Unsupported
from service.validate import article_from_fields, check_text

from .fetch import Address, allowing, fetch, public

TEXT_TYPES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


def _decode(data: bytes, what: str) -> str:
    if b"\x00" in data[:8192]:
        raise Unsupported(f"{what} is binary, not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"{what} is not UTF-8 text (bad byte at position {exc.start})") from None


def _from_html(html: str, fields: dict, max_bytes: int, what: str) -> Article:
    page = page_text(html)
    if page is None:
        raise Unreadable(f"{what} has no article text that could be read")
    article = article_from_fields({**fields, "text": page.text}, max_bytes)
    return replace(article, title=article.title or page.title, published=article.published or page.published)


def article_from_upload(filename: str, data: bytes, fields: dict, max_bytes: int) -> Article:
    """An Article from an uploaded file: plain text as it is, HTML reduced to its article text."""
    name = (filename or "").lower()
    kind = next((k for ext, k in TEXT_TYPES.items() if name.endswith(ext)), None)
    if kind is None:
        raise Unsupported(f"upload a .txt or .html file, not {filename[:80]!r}")
    if not data.strip():
        raise Invalid(f"the file {filename[:80]!r} is empty")
    limit = max_bytes * (4 if kind == "html" else 1)  # markup around the text
    if len(data) > limit:
        raise TooLarge(f"the file is {len(data):,} bytes; the limit for a .{kind.replace('text', 'txt')} file is "
                       f"{limit:,}")
    text = _decode(data, f"the file {filename[:80]!r}")
    if kind == "html":
        return _from_html(text, fields, max_bytes, f"the file {filename[:80]!r}")
    return article_from_fields({**fields, "text": check_text(text, max_bytes)}, max_bytes)


def reachable(config) -> Callable[[Address], bool]:
    """The addresses the settings let this server fetch from (and post webhooks to)."""
    return allowing(config["FETCH_PRIVATE"], config["FETCH_ALLOW"])


def check_url(url, name: str = "url") -> str:
    if not isinstance(url, str) or not url.strip() or len(url) > 2048 \
            or not url.strip().lower().startswith(("http://", "https://")):
        raise Invalid(f"'{name}' must be an http(s) URL of at most 2048 characters")
    return url.strip()


def article_from_url(url: str, fields: dict, max_bytes: int, user_agent: str,
                     allowed: Callable[[Address], bool] = public) -> Article:
    """Fetch a page (only because the user asked, or subscribed to a feed listing it) and read
    its article text, title and publication date."""
    url = check_url(url)
    page = fetch(url, user_agent=user_agent, max_bytes=max_bytes * 4, allowed=allowed)
    fields = {**fields, "url": url}
    try:
        text = page.body.decode(page.charset, errors="replace") \
            if page.charset and page.charset.lower() not in ("utf-8", "utf8") else None
    except LookupError:  # a charset Python does not know
        text = None
    if text is None:
        text = _decode(page.body, "the page")
    if page.content_type == "text/plain":
        return article_from_fields({**fields, "text": text}, max_bytes)
    return _from_html(text, fields, max_bytes, "the page")


def article_from_request(fields: dict, upload, config) -> Article:
    """The article a form or API request gives: an uploaded file, a URL to fetch (only when
    ``fetch`` is set), or pasted text, in that order."""
    max_bytes = config["MAX_TEXT_BYTES"]
    meta = {k: fields.get(k) for k in ("title", "url", "published")}
    if upload is not None and upload.filename:
        return article_from_upload(upload.filename, upload.read(max_bytes * 4 + 1), meta, max_bytes)
    if fields.get("fetch") in (True, "1", "on", "true") and not (fields.get("text") or "").strip():
        if not fields.get("url"):
            raise Invalid("give the 'url' to fetch")
        return article_from_url(fields["url"], meta, max_bytes, config["USER_AGENT"], reachable(config))
    return article_from_fields(fields, max_bytes)
