"""Who may read and write.

- Writes (POST to the API or the form) need the configured token: ``Authorization: Bearer <token>``
  on the API, a login (``/login``) on the web pages. With no token configured, only clients on
  this machine (loopback) may write, which is the default: the server binds to 127.0.0.1.
- Reads are open unless ``INCIDENT_MAP_READS_NEED_TOKEN=1``.
- Every form post carries a CSRF token tied to the session.
A missing token is 401, a wrong one 403; nothing is changed either way.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from pathlib import Path

from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for

from .validate import BadInput

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


def _loopback() -> bool:
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
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
    if session.get("signed_in"):
        return "login"
    return "local" if _loopback() else "open"


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
            raise BadInput("writes from other machines need a token: set INCIDENT_MAP_API_TOKEN on the server", 403)
        return
    bearer = _bearer()
    if bearer is not None:
        if not _token_ok(bearer):
            raise BadInput("wrong token", 403)
        return
    if session.get("signed_in"):
        return
    raise BadInput("this needs the API token: send 'Authorization: Bearer <token>' or sign in at /login", 401)


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
            raise BadInput("this request came from another site's page; writes are only taken from this "
                           "site's own pages or with the API token", 403)
        if request.endpoint in _PUBLIC or request.endpoint is None:
            return None
        try:
            _check(write)
        except BadInput as exc:
            if not write and request.accept_mimetypes.accept_html and not request.path.startswith(("/api/", "/layers")):
                return redirect(url_for("access.login", next=request.full_path))
            raise exc
        # Web forms must carry the session's CSRF token too. (API clients are checked by origin above.)
        if write and not request.path.startswith("/api/") and _bearer() is None:
            if not _csrf_ok():
                raise BadInput("the form has expired or did not come from this site; reload the page and try again", 400)
        return None

    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.context_processor
    def sign_in_state():
        return {"needs_sign_in": bool(app.config["API_TOKEN"]) and not session.get("signed_in")}


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        if not _csrf_ok():
            error = "The form has expired; try again."
        elif _token_ok(request.form.get("token", "")):
            session.clear()
            session["signed_in"] = True
            name = request.form.get("name", "").strip()[:100]
            if name:
                session["name"] = name
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("pages.index"))
        else:
            error = "That is not the token." if current_app.config["API_TOKEN"] else "No token is configured on this server."
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    if not _csrf_ok():
        raise BadInput("the form has expired or did not come from this site; reload the page and try again", 400)
    session.clear()
    return redirect(url_for("pages.index"))

