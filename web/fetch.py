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
from typing import Callable
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


@dataclass(frozen=True)
class Fetched:
    body: bytes
    content_type: str  # "text/html", without parameters
    charset: str | None
    url: str  # after redirects


def public(address: Address) -> bool:
    return address.is_global


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, as the system resolver gives them."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def fetch(url: str, *, user_agent: str, max_bytes: int, allowed: Callable[[Address], bool] = public,
          resolver: Resolver = resolve, deadline_s: float = DEADLINE_S) -> Fetched:
    deadline = time.monotonic() + deadline_s
    target = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = _parse(target)
        address = _checked_address(parts, allowed, resolver)
        response = _get(parts, address, user_agent, deadline)
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            target = urljoin(target, response.headers["Location"])
            response.release_conn()
            continue
        try:
            return _read(response, target, max_bytes, deadline)
        finally:
            response.release_conn()
    raise FetchFailed("the URL redirects too many times")


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


def _get(parts: urllib3.util.Url, address: str, user_agent: str, deadline: float):
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
        return pool.urlopen("GET", parts.request_uri, redirect=False, retries=False, preload_content=False,
                            headers={"Host": host_header, "User-Agent": user_agent,
                                     "Accept": "text/html, text/plain;q=0.9", "Accept-Encoding": "gzip, deflate"})
    except (HTTPError, OSError):
        raise FetchFailed(UNREACHABLE) from None


def _read(response, url: str, max_bytes: int, deadline: float) -> Fetched:
    if response.status >= 400:
        raise FetchFailed(f"fetching the URL gave HTTP {response.status}")
    header = response.headers.get("Content-Type", "")
    content_type = header.split(";")[0].strip().lower()
    if content_type not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        raise Unsupported(f"the URL is {content_type[:60]}, not a text or HTML page")
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
    return Fetched(bytes(body), content_type, charset, url)
