"""The watcher: polls the feeds that are due, finds watch areas' new incidents, posts them to
webhooks, then sleeps until the next thing is due (``flask watch``, or a thread of ``make serve``).

Several watchers may share one store (a feed is claimed before it is polled); one that crashes
mid-round loses nothing but that round.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from .feeds import Poll, utcnow

log = logging.getLogger("incident_map.watcher")

WAKE_MOST_S = 10.0  # new incidents posted on the web reach watch areas within this


@dataclass
class Round:
    polls: list[Poll]
    found: int  # incidents newly found in watch areas
    delivered: int  # incidents posted to webhooks


class Watcher:
    def __init__(self, services):
        self.feeds = services.feeds
        self.watches = services.watches
        self.store = services.store

    def run_once(self, every: bool = False) -> Round:
        """One round: the feeds that are due (``every``: all of them), then the watch areas."""
        polls = self.feeds.poll_due(every)
        found = self.watches.find_new()
        return Round(polls, found, self.watches.deliver())

    def run(self, stop: threading.Event, wake_most_s: float = WAKE_MOST_S) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # (a store that is down, say: try again next round)
                log.exception("watcher round failed")
            stop.wait(self._wait_s(wake_most_s))

    def _wait_s(self, most: float) -> float:
        try:
            due = [t for t in (self.store.next_feed_poll(), self.store.next_delivery()) if t]
        except Exception:
            return most
        now = utcnow()
        waits = [(dt.datetime.fromisoformat(t) - now).total_seconds() for t in due]
        return max(0.5, min([most, *waits]))


def start_in_background(services) -> threading.Event:
    """Run a watcher in a daemon thread (``make serve``); set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=Watcher(services).run, args=(stop,), name="watcher", daemon=True).start()
    return stop
