"""Progress of long commands (tqdm): count, rate and time left, refreshed at most once a second."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

T = TypeVar("T")

_FORMAT = "{desc}: {n_fmt}/{total_fmt} ({rate_fmt}, ETA {remaining})"


def progress(items: Iterable[T], total: int | None, label: str, stream=None, every_s: float = 1.0) -> Iterator[T]:
    stream = stream or sys.stderr
    if total == 0:
        print(f"{label}: nothing to do", file=stream, flush=True)
        return
    yield from tqdm(items, total=total, desc=label, file=stream, mininterval=every_s, unit="",
                    bar_format=_FORMAT if total else "{desc}: {n_fmt} ({rate_fmt})", dynamic_ncols=False)
