"""Articles from what users give besides pasted text: uploaded .txt/.html files and URLs.

A URL is fetched only when the user asks for it (``fetch``), with a timeout and a size cap, and
never from this machine's own network (loopback, private and link-local addresses) unless
``INCIDENT_MAP_FETCH_PRIVATE=1``: a shared server must not become a proxy into its own LAN.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import replace
from urllib.parse import urlsplit

import requests

from extract.html import page_text
from extract.model import Article

from .validate import BadInput, article_from_fields, check_text

TEXT_TYPES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
FETCH_TIMEOUT_S = 10


def _decode(data: bytes, what: str) -> str:
    if b"\x00" in data[:8192]:
        raise BadInput(f"{what} is binary, not text or HTML", 415)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{what} is not UTF-8 text (bad byte at position {exc.start})", 400) from None


def _from_html(html: str, fields: dict, max_bytes: int, what: str) -> Article:
    page = page_text(html)
    if page is None:
        raise BadInput(f"{what} has no article text that could be read", 422)
    article = article_from_fields({**fields, "text": page.text}, max_bytes)
    return replace(article, title=article.title or page.title, published=article.published or page.published)


def article_from_upload(filename: str, data: bytes, fields: dict, max_bytes: int) -> Article:
    """An Article from an uploaded file: plain text as it is, HTML reduced to its article text."""
    name = (filename or "").lower()
    kind = next((k for ext, k in TEXT_TYPES.items() if name.endswith(ext)), None)
    if kind is None:
        raise BadInput(f"upload a .txt or .html file, not {filename[:80]!r}", 415)
    if not data.strip():
        raise BadInput(f"the file {filename[:80]!r} is empty")
    if len(data) > max_bytes * (4 if kind == "html" else 1):  # markup around the text
        raise BadInput(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", 413)
    text = _decode(data, f"the file {filename[:80]!r}")
    if kind == "html":
        return _from_html(text, fields, max_bytes, f"the file {filename[:80]!r}")
    return article_from_fields({**fields, "text": check_text(text, max_bytes)}, max_bytes)


def _public_host(host: str) -> None:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise BadInput(f"could not look up {host[:100]!r}: no network, or no such host", 502) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise BadInput(f"{host[:100]!r} is on a private or local network; fetching from it is not allowed", 403)


def article_from_url(url: str, fields: dict, max_bytes: int, user_agent: str, allow_private: bool = False) -> Article:
    """Fetch a page (only because the user asked) and read its article text."""
    if not isinstance(url, str) or len(url) > 2048:
        raise BadInput("'url' must be an http(s) URL of at most 2048 characters")
    limit = max_bytes * 4
    target = url
    try:
        for _hop in range(6):  # follow redirects by hand: each hop's host is checked too
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise BadInput("'url' must be an http(s) URL")
            if not allow_private:
                _public_host(parts.hostname)
            response = requests.get(target, timeout=FETCH_TIMEOUT_S, stream=True, allow_redirects=False,
                                    headers={"User-Agent": user_agent, "Accept": "text/html, text/plain;q=0.9"})
            if response.is_redirect:
                target = requests.compat.urljoin(target, response.headers["Location"])
                response.close()
                continue
            break
        else:
            raise BadInput("the URL redirects too many times", 502)
        with response:
            if response.status_code >= 400:
                raise BadInput(f"fetching the URL gave HTTP {response.status_code}", 502)
            header = response.headers.get("Content-Type", "")
            content_type = header.split(";")[0].strip().lower()
            if content_type not in ("text/html", "application/xhtml+xml", "text/plain", ""):
                raise BadInput(f"the URL is {content_type[:60]}, not a text or HTML page", 415)
            body = bytearray()
            for chunk in response.iter_content(65536):
                body.extend(chunk)
                if len(body) > limit:
                    raise BadInput(f"the page is larger than {limit:,} bytes", 413)
            encoding = response.encoding if "charset" in header else None
    except requests.Timeout:
        raise BadInput(f"the URL did not answer within {FETCH_TIMEOUT_S} s", 504) from None
    except requests.RequestException as exc:
        raise BadInput(f"could not fetch the URL (is this machine offline?): {type(exc).__name__}", 502) from None
    fields = {**fields, "url": url}
    try:
        text = bytes(body).decode(encoding, errors="replace") if encoding and encoding.lower() not in ("utf-8", "utf8") else None
    except LookupError:  # a charset Python does not know
        text = None
    if text is None:
        text = _decode(bytes(body), "the page")
    if content_type == "text/plain":
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
            raise BadInput("give the 'url' to fetch")
        return article_from_url(fields["url"], meta, max_bytes, config["USER_AGENT"], config["FETCH_PRIVATE"])
    return article_from_fields(fields, max_bytes)
