"""Each kind of failure and the HTTP status it is answered with: the one place where the
application's typed errors (``service.errors``) and those of the layers below meet HTTP."""

from __future__ import annotations

from geo.compare import UnreadableLayer, UnsupportedLayer
from geo.schema import InvalidValue
from service import errors
from store.records import NotFound as StoredNotFound

STATUS: dict[type[Exception], int] = {
    errors.Invalid: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.Unreadable: 422,
    errors.TooManyAttempts: 429,
    errors.FetchFailed: 502,
    errors.FetchTimedOut: 504,
    InvalidValue: 400,
    UnsupportedLayer: 415,
    UnreadableLayer: 400,
    StoredNotFound: 404,
}
# The errors answered with their message (anything else is an internal error, logged, never shown).
KNOWN = tuple(STATUS)


def status_of(exc: Exception) -> int:
    """The status of the most specific type ``exc`` is (a subclass before its base)."""
    for kind in type(exc).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 500


def message_of(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)
