"""What can go wrong with a request, as types: each says what kind of failure it is, and its
message exactly what was wrong. ``web.errors`` gives each type its HTTP status, in one place; the
CLI prints the message."""

from __future__ import annotations


class AppError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(AppError):
    """A value that is malformed or out of bounds."""


class NotFound(AppError):
    """No such article, incident, layer, job ..."""


class TooLarge(AppError):
    """More than a limit allows: bytes, features, vertices."""


class Unsupported(AppError):
    """A kind of input not taken: a binary file, a format, a content type."""


class Unreadable(AppError):
    """Well-formed input with nothing in it to read: an HTML page with no article text."""


class FetchFailed(AppError):
    """A page that could not be fetched: unreachable, refused, not allowed, too many redirects."""


class FetchTimedOut(AppError):
    """A page still arriving when the deadline passed."""


class Unauthorized(AppError):
    """A write without the token or a sign-in."""


class Forbidden(AppError):
    """A write that the token or the form's origin does not allow."""


class TooManyAttempts(AppError):
    """Sign-in attempts beyond the limit from one address."""
