"""Reading an archive on several cores or machines: articles partitioned into a ``dask.bag``, each
Dask worker reading its partitions with a pipeline it loads once, every article stored in its own
transaction (so a run killed half way and started again stores nothing twice: an article's text
is its identity in the store).

The default is a ``LocalCluster`` of N processes on this machine; ``scheduler`` names a Dask
distributed scheduler (``tcp://host:8786``) whose workers can import this project and reach the
same store (a PostgreSQL URL, or a SQLite file on a shared disk).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from extract.model import Article

from .errors import AppError, Invalid
from .feeds import url_list
from .sources import article_from_url, reachable
from .validate import check_text, parse_published

# Articles per partition (at most): large enough that scheduling costs nothing beside reading
# them (an article takes ~0.1 s), small enough that the cores share the work to the end.
PARTITION = 16


@dataclass(frozen=True)
class Outcome:
    source: str  # "file.jsonl:12" or "dir/a.txt"
    article_id: int | None
    created: bool
    incidents: int
    error: str | None = None


def article_file(path: Path, max_bytes: int) -> tuple[str, str | None]:
    """(text, title) of a plain-text article; a short first line without a full stop is its title."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"not UTF-8 text (byte {exc.start})") from None
    text = check_text(text, max_bytes)
    first, _, rest = text.strip().partition("\n")
    title = first.strip() if rest.strip() and len(first) <= 200 and not first.rstrip().endswith(".") else None
    return text, title


def json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) of each non-blank line of a JSON lines file of ``{"text", ...}`` objects."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise Invalid(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise Invalid(f"{path}:{n}: each line must be an object with a 'text' string")
            yield n, record


URL_LISTS = (".urls",)  # files of article URLs, one per line: each page is fetched by a worker


def records(sources: list[Path], published: dt.date | None) -> Iterator[dict]:
    """{"source", "text", "title"?, "url"?, "published"?} of every article: JSON lines files
    (``{"text", ...}`` each), lists of URLs (``.urls``: one per line, each page fetched and
    reduced to its article), plain-text files, and the .txt files of directories."""
    day = published and published.isoformat()
    for path in sources:
        if path.is_dir():
            yield from records(sorted(path.glob("*.txt")), published)
        elif path.suffix == ".jsonl":
            for n, record in json_lines(path):
                yield {"published": day, **record, "source": f"{path}:{n}"}
        elif path.suffix in URL_LISTS:
            try:
                listed = url_list(path.read_bytes())
            except AppError as exc:
                raise Invalid(f"{path}: {exc.message}") from None
            for n, url in listed:
                yield {"source": f"{path}:{n}", "fetch": url, "published": day}
        else:
            yield {"source": str(path), "file": str(path), "published": day}


def _read(record: Mapping, config: Mapping) -> Article:
    max_bytes = config["MAX_TEXT_BYTES"]
    if "fetch" in record:  # (with the same address checks and limits as a user's "fetch this URL")
        return article_from_url(record["fetch"], {"published": record.get("published")}, max_bytes,
                                config["USER_AGENT"], reachable(config))
    if "file" in record:
        text, title = article_file(Path(record["file"]), max_bytes)
    else:
        text, title = check_text(record["text"], max_bytes), record.get("title")
    return Article(text=text, title=title, url=record.get("url"), published=parse_published(record.get("published")))


def _services(worker, config: Mapping):
    """The worker's services (its pipeline, a few seconds to load), made once and kept on it."""
    from .core import Services

    services = getattr(worker, "incident_map", None)
    if services is None:
        services = worker.incident_map = Services(config)
        services.pipeline  # (the pipeline loaded now, not on the first article)
    return services


def _load(config: Mapping, dask_worker) -> None:
    _services(dask_worker, config)


def ingest_partition(batch: list[dict], config: Mapping) -> list[Outcome]:
    """In a worker: read and store a partition's articles."""
    from distributed import get_worker

    services = _services(get_worker(), config)
    out: list[Outcome] = []
    readable: list[tuple[str, Article]] = []
    for record in batch:
        try:
            readable.append((record["source"], _read(record, config)))
        except (AppError, OSError) as exc:  # one bad article is reported, the others go on
            out.append(Outcome(record["source"], None, False, 0, getattr(exc, "message", str(exc))))
    # (parsed together, through nlp.pipe: faster than one by one)
    for (source, _), result in zip(readable, services.ingest_many([a for _, a in readable])):
        shown = sum(1 for i in result.incidents if not i["aggregate"])
        out.append(Outcome(source, result.article_id, result.created, shown))
    return out


def ingest_all(items: list[dict], config: Mapping, workers: int = 2, scheduler: str | None = None,
               on_done=lambda outcome: None, on_ready=lambda: None) -> list[Outcome]:
    """Read and store every article on a Dask cluster (a local one of ``workers`` processes
    unless ``scheduler`` is given); ``on_ready`` is called once every worker has its pipeline
    loaded, ``on_done`` hears of each article as its partition ends."""
    import dask.bag as db
    from distributed import Client, LocalCluster, as_completed

    config = dict(config)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            cores = workers if cluster is not None else max(len(client.scheduler_info()["workers"]), 1)
            client.run(_load, config)  # (each worker's pipeline, all at once; a worker that joins later loads its own)
            on_ready()
            # (a few partitions per worker at least, so that a short run uses them all)
            parts = max(1, min(len(items), max(cores * 4, -(-len(items) // PARTITION))))
            bag = db.from_sequence(items, npartitions=parts)
            futures = client.compute(bag.map_partitions(ingest_partition, config).to_delayed())
            outcomes = []
            for future in as_completed(futures):
                for outcome in future.result():
                    on_done(outcome)
                    outcomes.append(outcome)
            return outcomes
    finally:
        if cluster is not None:
            cluster.close()
