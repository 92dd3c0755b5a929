"""Fetching a page a user asked for, without becoming a proxy into this machine's network.

- The URL is read by urllib3's parser, the one that connects; a URL that parsers read differently
  (a backslash, user info before the host, spaces or control characters) is refused outright.
- The host is resolved once and the connection is pinned to the address that was checked (no
  second lookup a DNS rebinding could answer differently); every redirect is checked the same way.
- Loopback, private, link-local and other non-global addresses are refused unless allowed, and
  every refused or failed target gets the same answer (no port scanning by error message).
- A total deadline and a size cap bound the work, whatever the server drips.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import urljoin

import certifi
import urllib3
from urllib3.exceptions import HTTPError, LocationParseError, ReadTimeoutError

from service.errors import FetchFailed, FetchTimedOut, Invalid, TooLarge, Unsupported

DEADLINE_S = 20.0  # the whole fetch, redirects included
READ_TIMEOUT_S = 10.0
MAX_REDIRECTS = 5
UNREACHABLE = "could not fetch the URL: it is unreachable or not allowed, or this machine is offline"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
PAGE_ACCEPT = "text/html, text/plain;q=0.9"


@dataclass(frozen=True)
class Fetched:
    body: bytes
    content_type: str  # "text/html", without parameters
    charset: str | None
    url: str  # after redirects
    status: int = 200  # 304: not modified since the validators sent (the body is empty)
    etag: str | None = None
    last_modified: str | None = None


def public(address: Address) -> bool:
    return address.is_global


def allowing(private: bool = False, networks: Iterable[str] = ()) -> Callable[[Address], bool]:
    """Which addresses may be reached: public ones; every one with ``private``; else also those in
    ``networks`` (CIDR blocks a user named, e.g. a feed server on this machine: 127.0.0.1/32)."""
    if private:
        return lambda _address: True
    blocks = [ipaddress.ip_network(n, strict=False) for n in networks]
    return lambda address: address.is_global or any(address in block for block in blocks)


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, as the system resolver gives them."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def fetch(url: str, *, user_agent: str, max_bytes: int, allowed: Callable[[Address], bool] = public,
          resolver: Resolver = resolve, deadline_s: float = DEADLINE_S, types: tuple[str, ...] = PAGE_TYPES,
          accept: str = PAGE_ACCEPT, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET ``url`` (following redirects, each checked) for a body of one of ``types``. With
    ``etag``/``last_modified`` (a previous answer's validators) the request is conditional and a
    "not modified" answer comes back as status 304 with an empty body."""
    deadline = time.monotonic() + deadline_s
    target = url
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        parts = _parse(target)
        address = _checked_address(parts, allowed, resolver)
        response = _send("GET", parts, address, user_agent, deadline, headers)
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            target = urljoin(target, response.headers["Location"])
            response.release_conn()
            continue
        try:
            if response.status == 304 and (etag or last_modified):
                return Fetched(b"", "", None, target, 304, etag, last_modified)
            return _read(response, target, max_bytes, deadline, types)
        finally:
            response.release_conn()
    raise FetchFailed("the URL redirects too many times")


def post_json(url: str, body: bytes, *, user_agent: str, allowed: Callable[[Address], bool] = public,
              resolver: Resolver = resolve, deadline_s: float = DEADLINE_S) -> int:
    """POST a JSON body to ``url`` (a webhook) with the same checks as ``fetch``; redirects are not
    followed. Returns the answer's status; an unreachable target raises FetchFailed."""
    deadline = time.monotonic() + deadline_s
    parts = _parse(url)
    address = _checked_address(parts, allowed, resolver)
    response = _send("POST", parts, address, user_agent, deadline,
                     {"Content-Type": "application/json", "Accept": "*/*"}, body)
    try:
        return response.status
    finally:
        response.release_conn()


def _parse(url: str) -> urllib3.util.Url:
    """The URL as the connecting library reads it, or a refusal where readings could differ."""
    if not isinstance(url, str) or any(c in url for c in "\\@ \t\r\n") or any(ord(c) < 32 or ord(c) == 127 for c in url):
        # "http://127.0.0.1:5099\@8.8.8.8/": one parser sees 8.8.8.8, another connects to 127.0.0.1
        raise Invalid("'url' must be a plain http(s) URL (no user name, backslash or spaces)")
    try:
        parts = urllib3.util.parse_url(url)
    except LocationParseError:
        raise Invalid("'url' is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.host or parts.auth:
        raise Invalid("'url' must be an http(s) URL")
    return parts


def _checked_address(parts: urllib3.util.Url, allowed: Callable[[Address], bool], resolver: Resolver) -> str:
    """The one address this fetch will connect to: every address the name has must be allowed
    (a name that also points into the local network is refused), and the first is used."""
    host = parts.host.strip("[]")
    try:
        found = [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host, parts.port or 80)]
    except (OSError, UnicodeError, ValueError):
        raise FetchFailed(UNREACHABLE) from None
    if not found or not all(allowed(a) for a in found):
        raise FetchFailed(UNREACHABLE)
    return str(found[0])


def _send(method: str, parts: urllib3.util.Url, address: str, user_agent: str, deadline: float,
          headers: dict[str, str], body: bytes | None = None):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed(UNREACHABLE)
    timeout = urllib3.Timeout(connect=min(remaining, READ_TIMEOUT_S), read=min(remaining, READ_TIMEOUT_S))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        # Connect to the checked address; the certificate is checked against the name asked for.
        pool = urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1,
                                           server_hostname=parts.host, assert_hostname=parts.host,
                                           cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    host_header = parts.host if parts.port in (None, 80 if parts.scheme == "http" else 443) else f"{parts.host}:{port}"
    try:
        return pool.urlopen(method, parts.request_uri, body=body, redirect=False, retries=False,
                            preload_content=False,
                            headers={"Host": host_header, "User-Agent": user_agent,
                                     "Accept-Encoding": "gzip, deflate", **headers})
    except (HTTPError, OSError):
        raise FetchFailed(UNREACHABLE) from None


def _read(response, url: str, max_bytes: int, deadline: float, types: tuple[str, ...]) -> Fetched:
    if response.status >= 400:
        raise FetchFailed(f"fetching the URL gave HTTP {response.status}")
    header = response.headers.get("Content-Type", "")
    content_type = header.split(";")[0].strip().lower()
    if content_type not in types:
        wanted = "a text or HTML page" if types == PAGE_TYPES else "one of " + ", ".join(t for t in types if t)
        raise Unsupported(f"the URL is {content_type[:60]}, not {wanted}")
    body = bytearray()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchTimedOut(f"the page did not arrive within {DEADLINE_S:.0f} s")
            sock = getattr(response.connection, "sock", None)
            if sock is not None:
                sock.settimeout(min(remaining, READ_TIMEOUT_S))  # no read may outlast the deadline
            chunk = response.read1(65536)  # what has arrived, not a full 64 KB a drip would hold back
            if not chunk:
                break
            body.extend(chunk)
            if len(body) > max_bytes:
                raise TooLarge(f"the page is larger than {max_bytes:,} bytes")
    except (TimeoutError, ReadTimeoutError):
        raise FetchTimedOut(f"the page did not arrive within {DEADLINE_S:.0f} s") from None
    except (HTTPError, OSError):
        raise FetchFailed(UNREACHABLE) from None
    charset = None
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return Fetched(bytes(body), content_type, charset, url, response.status,
                   response.headers.get("ETag"), response.headers.get("Last-Modified"))
