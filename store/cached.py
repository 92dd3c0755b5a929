"""A store whose totals are remembered: the map's counts, days, facets and grid cells over
millions of incidents take a second or more to compute and change only when something is
written, so each is kept, per query, until the store's version (raised by every write
transaction, also another process's) moves on.

A total that took long to compute (over ``SLOW_S``: a store of hundreds of thousands of
incidents) is not computed again while a reader waits after every write: for up to ``STALE_S``
after it was computed it is answered as it stood, and computed again in the background. Totals
of a small store are always exact. A slow total is also kept in the store with its version
(``store/kept.py``): a server started again over an unchanged store answers from it at once.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from .base import IncidentStore

log = logging.getLogger("incident_map.store")

# The reads remembered: aggregates over many rows whose answers are small.
CACHED = ("summary", "facets", "day_counts", "grid", "count", "category_counts", "extent")
SLOW_S = 0.5
STALE_S = 60.0


@dataclass(frozen=True)
class _Kept:
    version: int
    value: Any
    took: float  # seconds it took to compute
    at: float  # when it was computed (time.monotonic)


class CachedStore:
    """``store.base.IncidentStore`` around another one; ``CACHED`` reads are kept (``most`` of
    them, the least recently used dropped first), every other call goes straight through."""

    _OWN = ("inner", "most", "stale_s", "_kept", "_lock", "_refreshing")

    def __init__(self, store: IncidentStore, most: int = 128, stale_s: float = STALE_S):
        self.inner = store
        self.most = most
        self.stale_s = stale_s
        self._kept: OrderedDict[tuple, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self._refreshing: set[tuple] = set()

    def __setattr__(self, name: str, value) -> None:
        # (settings of the store itself, a pool's wait say, are the inner store's)
        if name in self._OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.inner, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self.inner, name)

    def __getattr__(self, name: str):
        attribute = getattr(self.inner, name)
        if name not in CACHED:
            return attribute

        def remembered(*args, **kwargs):
            key = (name, args, tuple(sorted(kwargs.items())))
            version = self.inner.version()
            with self._lock:
                kept = self._kept.get(key)
                if kept is not None:
                    self._kept.move_to_end(key)
            if kept is None:
                kept = self._kept_before(key, version)  # (by this process before a restart, or another)
            if kept is not None and kept.version == version:
                return copy.deepcopy(kept.value)  # (the caller may change its copy)
            if kept is not None and kept.took > SLOW_S and time.monotonic() - kept.at < self.stale_s:
                self._refresh(key, version, lambda: attribute(*args, **kwargs))
                return copy.deepcopy(kept.value)
            return copy.deepcopy(self._compute(key, version, lambda: attribute(*args, **kwargs)))

        return remembered

    def _compute(self, key: tuple, version: int, compute) -> Any:
        started = time.monotonic()
        value = compute()
        now = time.monotonic()
        self._remember(key, _Kept(version, value, now - started, now))
        if now - started > SLOW_S:
            self._keep(key, version, value, now - started)
        return value

    def _remember(self, key: tuple, kept: _Kept) -> None:
        with self._lock:
            self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self.most:
                self._kept.popitem(last=False)

    def _keep(self, key: tuple, version: int, value: Any, took: float) -> None:
        """A slow total kept in the store too, for the next process (a failure only loses that)."""
        keep = getattr(self.inner, "keep_total", None)
        if keep is None:
            return
        try:
            keep(repr(key), version, json.dumps(value), took)
        except Exception:  # (a read-only or busy store, a value JSON cannot hold: computed again next time)
            log.warning("could not keep a slow total for the next start", exc_info=True)

    def _kept_before(self, key: tuple, version: int) -> _Kept | None:
        kept = getattr(self.inner, "kept_total", None)
        try:
            found = kept(repr(key), version) if kept is not None else None
        except Exception:
            log.warning("could not read the kept totals", exc_info=True)
            return None
        if found is None:
            return None
        entry = _Kept(version, json.loads(found[0]), found[1], time.monotonic())
        self._remember(key, entry)
        return entry

    def _refresh(self, key: tuple, version: int, compute) -> None:
        """Compute a stale total again in the background, once at a time per total."""
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def run() -> None:
            try:
                self._compute(key, version, compute)
            finally:
                with self._lock:
                    self._refreshing.discard(key)

        threading.Thread(target=run, name="store-totals", daemon=True).start()
