"""Progress lines for long commands: count, rate and ETA, at most about once a second."""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None, label: str, stream=None, every_s: float = 1.0) -> Iterator[T]:
    stream = stream or sys.stderr
    started = last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= every_s or done == total:
            last = now
            rate = done / max(now - started, 1e-9)
            eta = f", ETA {(total - done) / rate:.0f} s" if total and rate > 0 and done < total else ""
            of = f"/{total}" if total else ""
            print(f"{label}: {done}{of} ({rate:.1f}/s{eta})", file=stream, flush=True)
    if done == 0:
        print(f"{label}: nothing to do", file=stream, flush=True)
