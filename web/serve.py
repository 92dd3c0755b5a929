"""``python -m web.serve``: the app under waitress, a real multi-threaded WSGI server, with the
limits a server reachable from other machines needs (``make serve`` runs it).

Waitress accepts 100 connections by default: 110 clients that trickle their requests in a byte at
a time hold them all and nobody else gets in ("slowloris"). Connections cost little in waitress's
event loop (only a finished request takes a thread), so the limit is raised, and idle ones are
closed sooner.
"""

from __future__ import annotations

import argparse
import threading

import waitress

from app import create_app
from service import views
from service.watcher import start_in_background


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    app = create_app()
    services = app.extensions["incident_map"]
    # the map's first totals, computed (and kept) now rather than when the first visitor asks
    threading.Thread(target=views.warm, args=(services.store,), name="warm-totals", daemon=True).start()
    if app.config["WATCH"]:  # the feeds polled in this process (nothing is fetched until one is added)
        start_in_background(services)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                   connection_limit=app.config["CONNECTION_LIMIT"], channel_timeout=app.config["CHANNEL_TIMEOUT"],
                   ident="incident-map")


if __name__ == "__main__":
    main()
