"""Who may read and write.

- Writes (POST to the API or the form) need the configured token: ``Authorization: Bearer <token>``
  on the API, a login (``/login``) on the web pages. With no token configured, only clients on
  this machine (loopback) may write, which is the default: the server binds to 127.0.0.1.
- Reads are open unless ``INCIDENT_MAP_READS_NEED_TOKEN=1``.
- Every form post carries a CSRF token tied to the session.
A missing token is 401, a wrong one 403; nothing is changed either way.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
from pathlib import Path

from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for

from service.errors import AppError, Forbidden, Invalid, TooManyAttempts, Unauthorized

bp = Blueprint("access", __name__)

_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_PUBLIC = {"api.healthz", "access.login", "access.logout", "static", "vendor.leaflet", "vendor.markercluster"}


def secret_key(instance_path: str) -> str:
    """The session signing key: generated once, kept in instance/secret_key (mode 600)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def _client() -> str:
    return request.remote_addr or ""


def _loopback() -> bool:
    try:
        return ipaddress.ip_address(_client()).is_loopback
    except ValueError:
        return False


def _token_ok(given: str) -> bool:
    token = current_app.config["API_TOKEN"]
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def signed_in_how() -> str:
    """How the current writer was let in, for the record of who changed what."""
    if _bearer() is not None and _token_ok(_bearer()):
        return "token"
    if _signed_in():
        return "login"
    return "local" if _loopback() else "open"


def _token_id(token: str) -> str:
    """A fingerprint of the token a session was opened with: a new token ends every session."""
    return hashlib.sha256(f"incident-map session {token}".encode()).hexdigest()[:32]


def _signed_in() -> bool:
    """A sign-in still good: made with today's token, and not signed out since (a copy of the
    cookie taken before signing out is worth nothing)."""
    token, sid = current_app.config["API_TOKEN"], session.get("sid")
    return bool(session.get("signed_in") and token and sid and session.get("token_id") == _token_id(token)
                and not current_app.extensions["incident_map"].store.session_revoked(sid))


class FailureLimiter:
    """At most ``limit`` failed sign-ins or wrong tokens per client address per ``window``
    seconds; past that, 429 until the oldest failure leaves the window."""

    def __init__(self, limit: int = 10, window: float = 60.0):
        self.limit, self.window = limit, window
        self._failures: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        with self._lock:
            recent = self._recent(client)
            if len(recent) >= self.limit:
                wait = int(self.window - (time.monotonic() - recent[0])) + 1
                raise TooManyAttempts(f"too many failed attempts from this address; try again in {wait} s")

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())

    def _recent(self, client: str) -> collections.deque:
        recent = self._failures.setdefault(client, collections.deque())
        while recent and time.monotonic() - recent[0] > self.window:
            recent.popleft()
        if not recent and len(self._failures) > 10_000:
            self._failures = {k: v for k, v in self._failures.items() if v}  # forget quiet addresses
            self._failures[client] = recent
        return recent


def _limiter() -> FailureLimiter:
    return current_app.extensions["incident_map_failures"]


def _csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return bool(sent) and hmac.compare_digest(sent.encode(), session.get("csrf", "").encode())


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check(write: bool) -> None:
    config = current_app.config
    if not write and not config["READS_NEED_TOKEN"]:
        return
    if not config["API_TOKEN"]:
        if write and not _loopback():
            raise Forbidden("writes from other machines need a token: set INCIDENT_MAP_API_TOKEN on the server")
        return
    bearer = _bearer()
    if bearer is not None:
        _limiter().check(_client())
        if not _token_ok(bearer):
            _limiter().failed(_client())
            raise Forbidden("wrong token")
        return
    if _signed_in():
        return
    raise Unauthorized("this needs the API token: send 'Authorization: Bearer <token>' or sign in at /login")


def _same_site_request() -> bool:
    """Did a write come from this site's own pages (or from no browser at all)? Browsers say
    where a request comes from (Sec-Fetch-Site, else Origin); a page of another site, or of
    another port of this host, must not write with the user's cookie or loopback address. A
    client that sends neither is not a browser acting for someone."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == request.host_url.rstrip("/")
    return True


def register(app: Flask) -> None:
    @app.before_request
    def guard():
        write = request.method in _WRITE_METHODS
        if write and _bearer() is None and not _same_site_request():
            # Multipart and plain form bodies need no CORS preflight: the check is the Origin.
            raise Forbidden("this request came from another site's page; writes are only taken from this "
                            "site's own pages or with the API token")
        if request.endpoint in _PUBLIC or request.endpoint is None:
            return None
        try:
            _check(write)
        except AppError as exc:
            if not write and request.accept_mimetypes.accept_html and not request.path.startswith(("/api/", "/layers")):
                return redirect(url_for("access.login", next=request.full_path))
            raise exc
        # Web forms must carry the session's CSRF token too. (API clients are checked by origin above.)
        if write and not request.path.startswith("/api/") and _bearer() is None:
            if not _csrf_ok():
                raise Invalid("the form has expired or did not come from this site; reload the page and try again")
        return None

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.extensions["incident_map_failures"] = FailureLimiter()

    @app.context_processor
    def sign_in_state():
        signed_in = bool(app.config["API_TOKEN"]) and _signed_in()
        return {"needs_sign_in": bool(app.config["API_TOKEN"]) and not signed_in, "signed_in": signed_in}


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        _limiter().check(_client())
        if not _csrf_ok():
            error = "The form has expired; try again."
        elif _token_ok(request.form.get("token", "")):
            session.clear()
            session["signed_in"] = True
            session["sid"] = secrets.token_urlsafe(16)
            session["token_id"] = _token_id(current_app.config["API_TOKEN"])
            name = request.form.get("name", "").strip()[:100]
            if name:
                session["name"] = name
            return redirect(_local_target(request.args.get("next", "")) or url_for("pages.index"))
        else:
            _limiter().failed(_client())
            error = "That is not the token." if current_app.config["API_TOKEN"] else "No token is configured on this server."
    return render_template("login.html", error=error), 401 if error else 200


def _local_target(target: str) -> str | None:
    """A path on this site to go back to after signing in, or None: no other host, and nothing a
    browser would read differently ("/\t/host/x" becomes "//host/x" once the tab is dropped)."""
    if not target.startswith("/") or any(ord(c) < 33 or c in "\\" or ord(c) == 127 for c in target):
        return None
    return None if target.startswith("//") else target


@bp.post("/logout")
def logout():
    if not _csrf_ok():
        raise Invalid("the form has expired or did not come from this site; reload the page and try again")
    if session.get("sid"):
        current_app.extensions["incident_map"].store.revoke_session(session["sid"])
    session.clear()
    return redirect(url_for("pages.index"))

