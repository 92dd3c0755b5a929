"""The application's services (``service.core``) as the web app holds them, one per app."""

from __future__ import annotations

from flask import current_app

from service.core import Services


def services() -> Services:
    return current_app.extensions["incident_map"]
