"""A store whose totals are remembered: the map's counts, days, facets and grid cells over
millions of incidents take a second or more to compute and change only when something is
written, so each is kept, per query, until the store's version (raised by every write
transaction, also another process's) moves on."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import Any

from .base import IncidentStore

# The reads remembered: aggregates over many rows whose answers are small.
CACHED = ("summary", "facets", "day_counts", "grid", "count", "category_counts", "extent")


class CachedStore:
    """``store.base.IncidentStore`` around another one; ``CACHED`` reads are kept (``most`` of
    them, the least recently used dropped first), every other call goes straight through."""

    def __init__(self, store: IncidentStore, most: int = 128):
        self.inner = store
        self.most = most
        self._kept: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    _OWN = ("inner", "most", "_kept", "_lock")

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
            key = (self.inner.version(), name, args, tuple(sorted(kwargs.items())))
            with self._lock:
                if key in self._kept:
                    self._kept.move_to_end(key)
                    return copy.deepcopy(self._kept[key])  # (the caller may change its copy)
            value = attribute(*args, **kwargs)
            with self._lock:
                self._kept[key] = value
                while len(self._kept) > self.most:
                    self._kept.popitem(last=False)
            return copy.deepcopy(value)

        return remembered
