"""What the web app and the CLI share: the store, the pipeline, and ingesting one article."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from extract.model import Article
from geo.dedupe import merged_fields, same_event
from geo.gazetteer import Gazetteer, ensure_gazetteer
from geo.geocoders import online_fallback
from geo.pipeline import Pipeline
from store.db import Store


@dataclass
class Ingested:
    article_id: int
    created: bool
    incidents: list[dict]


class Services:
    """Per-app services. The pipeline (spaCy + gazetteer, ~1 s to load) is built on first use."""

    def __init__(self, app: Flask):
        self.config = app.config
        self.store = Store(Path(app.config["DATABASE"]))
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

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

    def gazetteer(self) -> Gazetteer:
        return self.pipeline.gazetteer

    def ingest(self, article: Article) -> Ingested:
        """Read an article and store it with its incidents; the same text again changes nothing."""
        existing = self.store.find_article(article.text)
        if existing is None:
            records = [i.properties() for i in self.pipeline.incidents(article)]
            existing, created = self.store.add_article(article.text, article.title, article.url,
                                                       article.published, records, (same_event, merged_fields))
            if created:
                return Ingested(existing, True, self.store.incidents(article_id=existing, include_aggregates=True))
        return Ingested(existing, False, self.store.incidents(article_id=existing, include_aggregates=True))


def services() -> Services:
    return current_app.extensions["incident_map"]
