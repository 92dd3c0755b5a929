"""All settings, read from the environment once, with their defaults. README lists them."""

from __future__ import annotations

import os
from pathlib import Path

from extract.nlp import DEFAULT_MODEL

MB = 1024 * 1024


def settings_from_env(instance_path: str, env: os._Environ | dict | None = None) -> dict:
    """Flask config keys from ``INCIDENT_MAP_*`` environment variables."""
    env = os.environ if env is None else env
    instance = Path(instance_path)
    max_text = int(env.get("INCIDENT_MAP_MAX_TEXT_BYTES", 2 * MB))
    return {
        # SQLite file of articles and incidents.
        "DATABASE": env.get("INCIDENT_MAP_DATABASE", str(instance / "incidents.sqlite")),
        # Gazetteer index, built from packaged data on first use.
        "GAZETTEER": env.get("INCIDENT_MAP_GAZETTEER", str(instance / "gazetteer.sqlite")),
        # spaCy model package name (the official en_core_web_sm works too).
        "SPACY_MODEL": env.get("INCIDENT_MAP_SPACY_MODEL", DEFAULT_MODEL),
        # Largest article text accepted, in UTF-8 bytes.
        "MAX_TEXT_BYTES": max_text,
        # Articles longer than this (UTF-8 bytes) posted on the web are read in the background: 202
        # and a job URL (service/jobs.py). Reading takes about a second per 20,000 characters.
        "JOB_BYTES": int(env.get("INCIDENT_MAP_JOB_BYTES", 100_000)),
        # Request bodies: the text, JSON escaping of it (up to 6x for \uXXXX), and the other fields.
        "MAX_CONTENT_LENGTH": 6 * max_text + 64 * 1024,
        # Online base map: "" (none: offline country outlines only) or "osm" (OpenStreetMap tiles).
        "TILES": env.get("INCIDENT_MAP_TILES", ""),
        # Online geocoder asked for names the gazetteer lacks: "" (none) or "nominatim".
        "ONLINE_GEOCODER": env.get("INCIDENT_MAP_ONLINE_GEOCODER", ""),
        "USER_AGENT": env.get("INCIDENT_MAP_USER_AGENT", "incident-map/0.1 (offline-first incident mapper)"),
        # Token for writes ("Authorization: Bearer ..." on the API, a login on the web form). Without
        # one, only clients on this machine (loopback) may write.
        "API_TOKEN": env.get("INCIDENT_MAP_API_TOKEN", ""),
        # "1": reads (map, layers) need the token too.
        "READS_NEED_TOKEN": env.get("INCIDENT_MAP_READS_NEED_TOKEN", "0") == "1",
        # "1": fetching article URLs may reach loopback/private addresses (off: a shared server
        # must not be a proxy into its own network).
        "FETCH_PRIVATE": env.get("INCIDENT_MAP_FETCH_PRIVATE", "0") == "1",
        # Waitress (``make serve``): connections held at once, and seconds before an idle one is
        # closed (web/serve.py says why the defaults differ from waitress's 100 and 120).
        "CONNECTION_LIMIT": int(env.get("INCIDENT_MAP_CONNECTION_LIMIT", 1000)),
        "CHANNEL_TIMEOUT": int(env.get("INCIDENT_MAP_CHANNEL_TIMEOUT", 30)),
        # Signs the session cookie (login, CSRF token); generated once under instance/ if unset.
        "SECRET_KEY": env.get("INCIDENT_MAP_SECRET_KEY") or None,
        # Host names the server answers to (Flask's TRUSTED_HOSTS): a request naming another is
        # refused, so a DNS-rebinding page cannot reach the loopback server by a name of its own.
        # Serving to other machines: list the names they use ("maps.example.org,10.0.0.5").
        "TRUSTED_HOSTS": [h.strip() for h in env.get("INCIDENT_MAP_ALLOWED_HOSTS",
                                                      "localhost,127.0.0.1,::1,[::1]").split(",") if h.strip()],
    }
