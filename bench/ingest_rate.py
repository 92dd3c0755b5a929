"""Ingest throughput: one process, and a local Dask cluster of 1 and 2 worker processes.

Usage: python bench/ingest_rate.py ../shared/eval/lgl.jsonl [--articles 400]    (make bench-ingest)

On the same articles (news texts; only their speed is measured), each into a fresh SQLite store:
- ``spaCy``: the full spaCy pipeline (tagger, parser, NER ...) alone, ``nlp.pipe``: what reading
  an article costs at least;
- ``one process``: ``Services.ingest`` article by article, as ``flask ingest`` does (the pipeline
  loaded first, not counted); and ``Services.ingest_many`` 16 at a time, parsed together through
  ``nlp.pipe``, as a worker reads a partition;
- ``N workers``: ``flask ingest --workers N`` (``service/batch.py``), wall time from the start of
  the cluster to the last article stored, start-up and each worker's pipeline load included; and
  the same run from the moment every worker had its pipeline loaded ("running"): what adding a
  worker does for an archive, where the start-up of a few seconds is paid once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.geoparse_rate import first_texts  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args(argv)
    texts = first_texts(args.corpus, args.articles)

    from extract.model import Article
    from service import batch
    from service.core import Services
    from service.settings import Settings

    rates = {}
    running = {}  # the worker runs once every worker had its pipeline
    with tempfile.TemporaryDirectory() as tmp:
        def settings(name: str) -> dict:
            return {**Settings.from_env(str(ROOT / "instance")).model_dump(), "DATABASE": str(Path(tmp) / f"{name}.sqlite")}

        services = Services(settings("one"))
        services.store.init()
        nlp = services.pipeline.extractor.nlp
        list(nlp.pipe(texts[:5]))  # warm up
        started = time.monotonic()
        list(nlp.pipe(texts, batch_size=16))
        rates["spaCy full pipeline, nlp.pipe"] = len(texts) / (time.monotonic() - started)
        started = time.monotonic()
        for text in texts:
            services.ingest(Article(text=text))
        rates["one process (flask ingest)"] = len(texts) / (time.monotonic() - started)
        together = Services(settings("together"))
        together.use_pipeline(services.pipeline)
        together.store.init()
        started = time.monotonic()
        for i in range(0, len(texts), batch.PARTITION):  # as a worker reads a partition
            together.ingest_many([Article(text=t) for t in texts[i:i + batch.PARTITION]])
        rates["one process, read 16 at a time (ingest_many)"] = len(texts) / (time.monotonic() - started)
        items = [{"source": str(k), "text": t} for k, t in enumerate(texts)]
        for workers in (1, 2):
            config = settings(f"w{workers}")
            Services(config).store.init()
            ready = []
            started = time.monotonic()
            outcomes = batch.ingest_all(items, config, workers=workers, on_ready=lambda: ready.append(time.monotonic()))
            ended = time.monotonic()
            assert len(outcomes) == len(texts) and not any(o.error for o in outcomes)
            name = f"{workers} worker{'s' if workers > 1 else ''} (ingest --workers {workers})"
            rates[name] = len(texts) / (ended - started)
            running[name] = len(texts) / (ended - ready[0])
            print(f"{workers} workers done", file=sys.stderr, flush=True)
    spacy_rate = rates["spaCy full pipeline, nlp.pipe"]
    one_worker = rates["1 worker (ingest --workers 1)"]
    one_running = running["1 worker (ingest --workers 1)"]
    print(f"\n{len(texts)} articles of {args.corpus.name}, SQLite store, this machine:\n")
    print("| run | articles/s | beside spaCy alone | beside 1 worker | running: articles/s | running: beside 1 worker |")
    print("|---|---|---|---|---|---|")
    for name, rate in rates.items():
        after = f"{running[name]:.1f} | {running[name] / one_running:.2f}x" if name in running else "— | —"
        print(f"| {name} | {rate:.1f} | {rate / spacy_rate:.2f}x | {rate / one_worker:.2f}x | {after} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
