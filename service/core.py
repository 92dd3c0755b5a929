"""What the web app, the CLI and the benchmarks share: the store, the pipeline, ingesting and
reading again one article. No web framework here: the settings come in as a mapping."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping

from extract.model import Article
from geo.dedupe import MergePolicy
from geo.gazetteer import Gazetteer, ensure_gazetteer
from geo.geocoders import online_fallback
from geo.pipeline import Pipeline, Reading
from store.base import IncidentStore
from store import open_store
from store.cached import CachedStore
from store.query import IncidentQuery

from .errors import NotFound
from .feeds import Feeds
from .jobs import Jobs
from .watch import Watches


MERGE = MergePolicy()  # one event, one record across articles (geo/dedupe.py)


@dataclass
class Ingested:
    article_id: int
    created: bool
    incidents: list[dict]


class Services:
    """Per-app services. The pipeline (spaCy + gazetteer, ~1 s to load) is built on first use."""

    def __init__(self, config: Mapping):
        self.config = config  # the settings (service/settings.py): DATABASE, GAZETTEER, SPACY_MODEL, JOB_BYTES ...
        self.store: IncidentStore = CachedStore(open_store(config["DATABASE"]))
        self._pipeline: Pipeline | None = None
        self._gazetteer: Gazetteer | None = None
        self._outlines: bytes | None = None
        self._outlines_gz: bytes | None = None
        self._lock = threading.Lock()
        self.jobs = Jobs()
        self.feeds = Feeds(self.store, self.ingest, config)
        self.watches = Watches(self.store, config)

    @property
    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                path = ensure_gazetteer(Path(self.config["GAZETTEER"]))
                fallback = online_fallback(self.config["ONLINE_GEOCODER"], self.config["USER_AGENT"])
                self._pipeline = Pipeline(Gazetteer(path), self.config["SPACY_MODEL"], fallback)
            return self._pipeline

    def use_pipeline(self, pipeline: Pipeline) -> None:
        """Share an already loaded pipeline (tests and batch jobs that build several apps)."""
        with self._lock:
            self._pipeline = pipeline

    def country_outlines(self) -> bytes:
        """The outline layer as GeoJSON bytes, built once per process (it changes only with the
        gazetteer), coordinates rounded to 0.001 degrees (~100 m) to keep it small."""
        with self._lock:
            if self._outlines is not None:
                return self._outlines
        encoded = json.dumps(_rounded(self.gazetteer().country_outlines()), separators=(",", ":")).encode()
        with self._lock:
            if self._outlines is None:  # (another request may have built it meanwhile)
                self._outlines = encoded
            return self._outlines

    def country_outlines_gzip(self) -> bytes:
        with self._lock:
            cached = self._outlines_gz
        if cached is None:
            cached = gzip.compress(self.country_outlines(), compresslevel=9)
            with self._lock:
                self._outlines_gz = cached
        return cached

    def gazetteer(self) -> Gazetteer:
        """The gazetteer alone: the outlines, place search and corrections need it, not spaCy, so
        they do not load the pipeline."""
        with self._lock:
            if self._pipeline is not None:
                return self._pipeline.gazetteer
            if self._gazetteer is None:
                self._gazetteer = Gazetteer(ensure_gazetteer(Path(self.config["GAZETTEER"])))
            return self._gazetteer

    def ingest(self, article: Article, reading: Reading | None = None) -> Ingested:
        """Read an article and store it with its incidents; the same text again changes nothing.
        ``reading``: the article already read (``ingest_many``)."""
        existing = self.store.find_article(article.text)
        if existing is None:
            reading = reading or self.pipeline.read(article)
            records = [i.properties() for i in reading.incidents]
            places = [asdict(p) for p in reading.places]
            existing, created = self.store.add_article(article.text, article.title, article.url, article.published,
                                                       records, MERGE, places)
            if created:
                return Ingested(existing, True, self._incidents_of(existing))
        return Ingested(existing, False, self._incidents_of(existing))

    def ingest_many(self, articles: list[Article]) -> list[Ingested]:
        """``ingest`` of each article, those not yet stored read together (``Pipeline.read_many``);
        each is stored in its own transaction."""
        new = [a for a in articles if self.store.find_article(a.text) is None]
        readings = dict(zip(map(id, new), self.pipeline.read_many(new))) if new else {}
        return [self.ingest(a, readings.get(id(a))) for a in articles]

    def reads_later(self, article: Article) -> bool:
        """Is the article long enough to be read in the background (service/jobs.py), and not stored
        already (that one is answered at once)?"""
        return len(article.document.encode("utf-8")) > self.config["JOB_BYTES"] \
            and self.store.find_article(article.text) is None

    def ingest_later(self, article: Article) -> int:
        """Queue a long article to be read and stored; returns the job's id."""
        return self.jobs.submit(lambda: asdict(self.ingest(article)))

    def reprocess(self, article_id: int) -> dict[str, int]:
        """Read a stored article again with the current pipeline; analysts' corrections stay."""
        stored = self.store.article(article_id)
        if stored is None:
            raise NotFound(f"no article {article_id}")
        article = Article(stored.text, stored.title, stored.url,
                          dt.date.fromisoformat(stored.published) if stored.published else None)
        reading = self.pipeline.read(article)
        return self.store.replace_reading(article_id, [i.properties() for i in reading.incidents],
                                          [asdict(p) for p in reading.places], MERGE)

    def _incidents_of(self, article_id: int) -> list[dict]:
        return self.store.incidents(IncidentQuery(article_id=article_id, include_aggregates=True, status="all"))


def _rounded(obj):
    if isinstance(obj, float):
        return round(obj, 3)
    if isinstance(obj, (list, tuple)):
        return [_rounded(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj
