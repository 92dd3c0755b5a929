"""``flask --app app <command>``: ingest files, geoparse and extract JSON Lines, build the gazetteer."""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
from dataclasses import asdict
from pathlib import Path

import click
from spacy.util import minibatch
from flask import Flask
from flask.cli import with_appcontext

from extract.model import Article
from geo.gazetteer import ensure_gazetteer
from service import batch, views
from service.errors import AppError, Invalid, NotFound
from service.progress import progress
from service.settings import Settings
from service.validate import parse_published
from service.watcher import Watcher
from store import shown

from .services import services

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _ingest_file(path: Path, published: dt.date | None, url: str | None) -> str:
    svc = services()
    try:
        text, title = batch.article_file(path, svc.config["MAX_TEXT_BYTES"])
    except Invalid as exc:
        raise Invalid(f"{path}: {exc.message}") from None
    result = svc.ingest(Article(text=text, title=title, url=url, published=published))
    return _stored(path, result.article_id, result.created, sum(1 for i in result.incidents if not i["aggregate"]))


def _stored(source, article_id: int, created: bool, incidents: int) -> str:
    state = "added" if created else "already stored"
    return f"{source}: article {article_id} {state}, {incidents} incident{'s' if incidents != 1 else ''}"


def _ingest_parallel(sources: list[Path], published: dt.date | None, workers: int, scheduler: str | None) -> None:
    items = list(batch.records(list(sources), published))
    settings = {name: services().config[name] for name in Settings.model_fields}
    bar = progress(range(len(items)), len(items), "articles")
    ticks = iter(bar)
    failed = 0

    def done(outcome: batch.Outcome) -> None:
        nonlocal failed
        next(ticks, None)
        if outcome.error:
            failed += 1
            click.echo(f"{outcome.source}: not stored: {outcome.error}", err=True)
        else:
            click.echo(_stored(outcome.source, outcome.article_id, outcome.created, outcome.incidents))

    batch.ingest_all(items, settings, workers=workers, scheduler=scheduler, on_done=done)
    next(ticks, None)  # (closes the progress line)
    if failed:
        raise click.ClickException(f"{failed} of {len(items)} articles not stored")


def _jsonl(path: Path):
    try:
        for _, record in batch.json_lines(path):
            yield record
    except Invalid as exc:
        raise click.ClickException(exc.message) from None


def _count_lines(path: Path) -> int:
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    @with_appcontext
    def init_db():
        """Create the store (an empty SQLite file under instance/) if it is missing."""
        services().store.init()
        click.echo(f"store ready: {shown(services().config['DATABASE'])}")

    @app.cli.command("ingest")
    @click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    @click.option("--published", help="Publication date of the articles, YYYY-MM-DD.")
    @click.option("--url", help="Source URL (when ingesting one file).")
    @click.option("--workers", type=click.IntRange(1, 256),
                  help="Read on a local Dask cluster of this many processes (also takes .jsonl files and directories).")
    @click.option("--scheduler", help="Read on this Dask distributed cluster (tcp://host:8786) instead.")
    @with_appcontext
    def ingest(files, published, url, workers, scheduler):
        """Read plain-text articles (one per file) and store their incidents; with --workers or
        --scheduler, also JSON lines files ({"text", "title"?, "url"?, "published"?} each), lists
        of article URLs (.urls: one per line, each page fetched) and directories of .txt files,
        in parallel (service/batch.py)."""
        try:
            date = parse_published(published, "--published")
            services().store.init()
            if workers or scheduler:
                try:
                    _ingest_parallel(files, date, workers or 2, scheduler)
                finally:
                    views.warm(services().store)  # (the map's first totals, kept for the server)
                return
            for path in files:
                if path.is_dir() or path.suffix in (".jsonl", *batch.URL_LISTS):  # (not one article's text)
                    kind = "a directory" if path.is_dir() else "JSON lines" if path.suffix == ".jsonl" else "a URL list"
                    raise Invalid(f"{path}: {kind}; use --workers N to read directories, .jsonl and .urls files")
                click.echo(_ingest_file(path, date, url))
            views.warm(services().store)
        except AppError as exc:
            raise click.ClickException(exc.message) from None

    @app.cli.command("load-samples")
    @click.option("--force", is_flag=True, help="Ingest even if the store already has articles.")
    @with_appcontext
    def load_samples(force):
        """Load the bundled sample articles into an empty store."""
        store = services().store
        store.init()
        if store.count_articles() and not force:
            click.echo(f"store has {store.count_articles()} articles; samples not loaded (use --force)")
            return
        with open(SAMPLES / "manifest.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in progress(rows, len(rows), "samples"):
            click.echo(_ingest_file(SAMPLES / row["file"], parse_published(row["published"]), row["url"] or None))

    @app.cli.command("reprocess")
    @click.option("--article", "article_ids", type=int, multiple=True, help="Only this article (repeatable).")
    @with_appcontext
    def reprocess(article_ids):
        """Read stored articles again with the current pipeline (after an upgrade). Incidents an
        analyst corrected or rejected keep every value; other outlets' reports stay merged."""
        svc = services()
        svc.store.init()
        ids = list(article_ids) or svc.store.article_ids()
        totals = {"updated": 0, "kept": 0, "removed": 0, "added": 0}
        for article_id in progress(ids, len(ids), "reprocess"):
            try:
                counts = svc.reprocess(article_id)
            except NotFound as exc:
                raise click.ClickException(exc.message) from None
            for k, v in counts.items():
                totals[k] += v
        click.echo("incidents: " + ", ".join(f"{v} {k}" for k, v in totals.items()))

    @app.cli.command("geoparse")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    @with_appcontext
    def geoparse(source, target):
        """Find and resolve every place name: {"id", "text"} lines -> {"id", "toponyms"} lines."""
        pipeline = services().pipeline
        total = _count_lines(source)
        with open(target, "w", encoding="utf-8") as out:
            for chunk in minibatch(progress(_jsonl(source), total, "geoparse"), size=32):
                for record, toponyms in zip(chunk, pipeline.toponyms_many(r["text"] for r in chunk)):
                    out.write(json.dumps({"id": record.get("id"), "toponyms": [asdict(t) for t in toponyms]},
                                         ensure_ascii=False) + "\n")

    @app.cli.command("extract")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    @with_appcontext
    def extract(source, target):
        """Incidents of each article: {"id", "text", "published"?} lines -> {"id", "incidents"} lines."""
        pipeline = services().pipeline
        total = _count_lines(source)
        with open(target, "w", encoding="utf-8") as out:
            for n, record in enumerate(progress(_jsonl(source), total, "extract"), 1):
                try:
                    published = parse_published(record.get("published"))
                except AppError as exc:
                    raise click.ClickException(f"{source}:{n}: {exc.message}") from None
                article = Article(text=record["text"], title=record.get("title"), url=record.get("url"),
                                  published=published)
                incidents = [{"id": k, "article_id": record.get("id"), "source_url": article.url, **i.properties()}
                             for k, i in enumerate(pipeline.incidents(article), 1)]
                out.write(json.dumps({"id": record.get("id"), "incidents": incidents}, ensure_ascii=False) + "\n")

    @app.cli.group("feeds")
    def feeds():
        """Feed subscriptions (RSS, Atom or a list of URLs), polled by ``flask watch``."""

    @feeds.command("add")
    @click.argument("url")
    @click.option("--interval", type=int, help="Seconds between polls (60-86400; default INCIDENT_MAP_FEED_INTERVAL).")
    @with_appcontext
    def feeds_add(url, interval):
        """Subscribe to a feed; nothing is fetched until the watcher runs."""
        try:
            svc = services()
            svc.store.init()
            feed, created = svc.feeds.add(url, interval)
        except AppError as exc:
            raise click.ClickException(exc.message) from None
        state = "added" if created else "already subscribed"
        click.echo(f"feed {feed['id']} {state}: {feed['url']} every {feed['interval_s']} s")

    @feeds.command("list")
    @with_appcontext
    def feeds_list():
        """Every feed with how its polling goes."""
        svc = services()
        svc.store.init()
        for feed in svc.feeds.list():
            error = f"; last error {feed['last_error_at']}: {feed['last_error']}" if feed["last_error"] else ""
            click.echo(f"{feed['id']}\t{feed['url']}\tevery {feed['interval_s']} s\t{feed['state']}\t"
                       f"last success {feed['last_success_at'] or 'never'}\t{feed['items_seen']} items, "
                       f"{feed['articles_added']} articles, {feed['incidents_found']} incidents{error}")

    @feeds.command("remove")
    @click.argument("feed_id", type=int)
    @with_appcontext
    def feeds_remove(feed_id):
        """Unsubscribe (articles already read stay)."""
        try:
            services().feeds.remove(feed_id)
        except AppError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"feed {feed_id} removed")

    @app.cli.command("watch")
    @click.option("--once", is_flag=True, help="Poll every feed once, post what watch areas found, and exit.")
    @with_appcontext
    def watch(once):
        """Poll the feeds on their intervals, read new items, post watch areas' new incidents."""
        svc = services()
        svc.store.init()
        watcher = Watcher(svc)
        if not once:
            click.echo("watching the feeds (Ctrl-C stops)")
            stop = threading.Event()
            try:
                watcher.run(stop)
            except KeyboardInterrupt:
                stop.set()
            return
        done = watcher.run_once(every=True)
        for poll in done.polls:
            if poll.error:
                click.echo(f"feed {poll.feed_id} {poll.url}: failed: {poll.error}", err=True)
                continue
            click.echo(f"feed {poll.feed_id} {poll.url}: {poll.state}, {poll.items_seen} new items, "
                       f"{poll.articles_added} articles added, {poll.incidents_found} incidents")
            for problem in poll.item_errors:
                click.echo(f"  not read: {problem}", err=True)
        click.echo(f"watch areas: {done.found} new incidents found, {done.delivered} posted")

    @app.cli.group("gazetteer")
    def gazetteer():
        """The offline gazetteer index."""

    @gazetteer.command("build")
    @click.option("--force", is_flag=True, help="Rebuild even if the index is current.")
    @with_appcontext
    def build(force):
        """Build the gazetteer index from the packaged GeoNames and Natural Earth data."""
        path = ensure_gazetteer(Path(services().config["GAZETTEER"]), progress=click.echo, force=force)
        click.echo(f"gazetteer: {path}")
