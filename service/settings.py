"""Every setting, declared once with its type, default and meaning, read from ``INCIDENT_MAP_*``
environment variables and checked when the app starts: a wrong value stops it with the variable's
name and what is wrong, instead of surfacing later as a crash or a silently ignored setting.
README's configuration table lists them."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, field_validator

from extract.nlp import DEFAULT_MODEL

MB = 1024 * 1024
PREFIX = "INCIDENT_MAP_"


class SettingsError(ValueError):
    """A setting with a value it cannot take (the message names the variable)."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Where articles and incidents are kept: a SQLite file ("" = instance/incidents.sqlite), or a
    # PostgreSQL database with PostGIS, "postgresql://user@host:port/name" (store/pg.py).
    DATABASE: str = ""
    # Gazetteer index, built from packaged data on first use ("" = instance/gazetteer.sqlite).
    GAZETTEER: str = ""
    # spaCy model package name (the official en_core_web_sm works too).
    SPACY_MODEL: str = DEFAULT_MODEL
    # Largest article text accepted, in UTF-8 bytes.
    MAX_TEXT_BYTES: PositiveInt = 2 * MB
    # Articles longer than this (UTF-8 bytes) posted on the web are read in the background: 202
    # and a job URL (service/jobs.py). Reading takes about a second per 20,000 characters.
    JOB_BYTES: PositiveInt = 100_000
    # The map page loads every incident its filters match and clusters them in the browser up to
    # this many; above it, it asks the server for what each view needs as the user pans and
    # zooms: the incidents when the view holds at most VIEW_POINTS_MOST, else counts per grid cell.
    WHOLE_MAP_MOST: PositiveInt = 20_000
    VIEW_POINTS_MOST: PositiveInt = 5_000
    # The base map shown first: "" (offline: outlines and place names) or "osm" (OpenStreetMap tiles, online).
    TILES: Literal["", "osm"] = ""
    # Online geocoder asked for names the gazetteer lacks: "" (none) or "nominatim".
    ONLINE_GEOCODER: Literal["", "nominatim"] = ""
    USER_AGENT: str = "incident-map/0.1 (offline-first incident mapper)"
    # Token for writes ("Authorization: Bearer ..." on the API, a login on the web form). Without
    # one, only clients on this machine (loopback) may write.
    API_TOKEN: str = ""
    # Reads (map, layers) need the token too.
    READS_NEED_TOKEN: bool = False
    # Fetching article URLs may reach loopback/private addresses (off: a shared server must not be
    # a proxy into its own network).
    FETCH_PRIVATE: bool = False
    # Or only these non-public networks, as CIDR blocks ("127.0.0.1/32,10.1.0.0/16"): a feed or a
    # webhook receiver on this machine or the LAN, without opening the rest of it.
    FETCH_ALLOW: list[str] = []
    # Feed subscriptions (service/feeds.py): a feed's polling interval unless one is given, in
    # seconds; the newest items read per poll; the largest feed document accepted, in bytes.
    FEED_INTERVAL: int = Field(default=900, ge=60, le=86_400)
    FEED_ITEMS_MOST: int = Field(default=50, ge=1, le=1000)
    FEED_BYTES_MOST: PositiveInt = 5 * MB
    # ``make serve`` and ``make run`` also poll the feeds in the background (``flask watch`` does it
    # in a process of its own); with no feed added, nothing is fetched.
    WATCH: bool = True
    # Waitress (``make serve``): connections held at once, and seconds before an idle one is
    # closed (web/serve.py says why the defaults differ from waitress's 100 and 120).
    CONNECTION_LIMIT: PositiveInt = 1000
    CHANNEL_TIMEOUT: PositiveInt = 30
    # Signs the session cookie (login, CSRF token); generated once under instance/ if unset.
    SECRET_KEY: str | None = None
    # Host names the server answers to (Flask's TRUSTED_HOSTS): a request naming another is
    # refused, so a DNS-rebinding page cannot reach the loopback server by a name of its own.
    # Serving to other machines: list the names they use ("maps.example.org,10.0.0.5").
    TRUSTED_HOSTS: list[str] = Field(default=["localhost", "127.0.0.1", "::1", "[::1]"],
                                     json_schema_extra={"env": "ALLOWED_HOSTS"})

    @field_validator("TRUSTED_HOSTS", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        return [h.strip() for h in value.split(",") if h.strip()] if isinstance(value, str) else value

    @field_validator("FETCH_ALLOW", mode="before")
    @classmethod
    def _networks(cls, value):
        blocks = [h.strip() for h in value.split(",") if h.strip()] if isinstance(value, str) else value
        for block in blocks:
            try:
                ipaddress.ip_network(block, strict=False)
            except ValueError:
                raise ValueError(f"{block[:40]!r} is not a network like 127.0.0.1/32 or 10.0.0.0/8") from None
        return blocks

    @field_validator("READS_NEED_TOKEN", "FETCH_PRIVATE", "WATCH", mode="before")
    @classmethod
    def _switch(cls, value):
        return {"": False, "0": False, "1": True}.get(value, value) if isinstance(value, str) else value

    @classmethod
    def variable(cls, name: str) -> str:
        extra = cls.model_fields[name].json_schema_extra or {}
        return PREFIX + extra.get("env", name)

    @classmethod
    def from_env(cls, instance_path: str, env: os._Environ | dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        given = {name: env[cls.variable(name)] for name in cls.model_fields if cls.variable(name) in env}
        if not given.get("SECRET_KEY"):
            given.pop("SECRET_KEY", None)
        instance = Path(instance_path)
        given.setdefault("DATABASE", str(instance / "incidents.sqlite"))
        given.setdefault("GAZETTEER", str(instance / "gazetteer.sqlite"))
        try:
            return cls(**given)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = str(first["loc"][0])
            raise SettingsError(f"{cls.variable(name)}={str(first.get('input'))[:60]!r}: {first['msg']}") from None

    def flask_config(self) -> dict:
        """The Flask config keys: the settings, and the request size that follows from them (the
        text, JSON escaping of it: up to 6x for \\uXXXX, and the other fields)."""
        return {**self.model_dump(), "MAX_CONTENT_LENGTH": 6 * self.MAX_TEXT_BYTES + 64 * 1024}
