"""Long articles read in the background: the request that brings one is answered at once (202,
with the job's URL), and no request thread is held for the minutes a 2 MB text takes.

One worker reads the queued articles one after the other (the pipeline reads one piece of text at
a time anyway); the web threads stay free for readers and for short articles, which are read
inline between the long one's pieces. Jobs live in the process: a restart forgets the queue (an
article is stored whole or not at all, so nothing is half written, and posting it again is safe).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections import OrderedDict
from typing import Callable

log = logging.getLogger("incident_map")

KEEP_FINISHED = 1000  # finished jobs remembered for their status URL


class Jobs:
    def __init__(self, keep: int = KEEP_FINISHED):
        self._queue: queue.Queue = queue.Queue()
        self._jobs: OrderedDict[int, dict] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._keep = keep
        self._worker: threading.Thread | None = None

    def submit(self, work: Callable[[], dict]) -> int:
        """Queue ``work`` (which returns the job's result fields); returns the job's id."""
        with self._lock:
            job_id = next(self._ids)
            self._jobs[job_id] = {"id": job_id, "status": "queued"}
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="incident-map-jobs", daemon=True)
                self._worker.start()
        self._queue.put((job_id, work))
        return job_id

    def status(self, job_id: int) -> dict | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return dict(job) if job is not None else None

    def _set(self, job_id: int, **fields) -> None:
        with self._lock:
            self._jobs[job_id].update(fields)
            finished = [k for k, j in self._jobs.items() if j["status"] in ("done", "failed")]
            for old in finished[:-self._keep] if len(finished) > self._keep else []:
                del self._jobs[old]

    def _run(self) -> None:
        while True:
            job_id, work = self._queue.get()
            self._set(job_id, status="running")
            try:
                self._set(job_id, status="done", **work())
            except Exception as exc:  # the job's error is its status; the worker lives on
                log.exception("job %s failed", job_id)
                self._set(job_id, status="failed", error=getattr(exc, "message", None) or "internal error; the server "
                                                                                         "log has the details")
