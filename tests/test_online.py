"""Online extras fail safe: the opt-in geopy fallback is rate-limited, cached and times out.

A small HTTP server on loopback answers like Nominatim's /search (no internet here or in CI);
the real geopy Nominatim client and our OnlineFallback talk to it over HTTP.
"""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.geocoders import Nominatim

from geo.geocoders import OnlineFallback
from geo.resolver import PlaceResolver
from tests.conftest import serve_in_thread


class _Nominatim(BaseHTTPRequestHandler):
    delay_s = 0.0
    hits: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        type(self).hits.append((time.monotonic(), query))
        time.sleep(type(self).delay_s)
        body = json.dumps([{"lat": "12.5", "lon": "45.5", "display_name": query, "place_id": 1}]).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout test)

    def log_message(self, *_):
        pass


@pytest.fixture
def nominatim():
    _Nominatim.hits = []
    _Nominatim.delay_s = 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    yield serve_in_thread(server)
    server.shutdown()
    server.server_close()


def client(server) -> Nominatim:
    return Nominatim(domain=f"127.0.0.1:{server.server_address[1]}", scheme="http", user_agent="incident-map-tests")


def test_rate_limited_and_cached(nominatim, gazetteer):
    online = OnlineFallback(client(nominatim), min_interval_s=1.0, timeout_s=5.0)
    resolver = PlaceResolver(gazetteer, fallback=online)
    first = resolver.resolve("Qwxyzzy Flats")
    assert first is not None and first.place.source.startswith("online")
    resolver.resolve("Zzyzx Wells")
    resolver.resolve("Qwxyzzy Flats")  # cached: no third request
    assert [q for _, q in _Nominatim.hits] == ["Qwxyzzy Flats", "Zzyzx Wells"]
    assert _Nominatim.hits[1][0] - _Nominatim.hits[0][0] >= 0.95  # at most one request a second
    assert resolver.resolve("Baghdad").place.source == "GeoNames cities500"  # offline names never go online
    assert len(_Nominatim.hits) == 2


def test_a_slow_service_times_out_and_the_offline_answer_stands(nominatim, gazetteer):
    _Nominatim.delay_s = 3.0
    online = OnlineFallback(client(nominatim), min_interval_s=0.0, timeout_s=0.5)
    started = time.monotonic()
    assert online.place("Qwxyzzy Flats") is None
    assert time.monotonic() - started < 2.5
