"""Geoparsing throughput in one process, next to the bare spaCy NER on the same texts.

Usage: python bench/geoparse_rate.py ../shared/eval/lgl.jsonl [--articles 300] [--rounds 3]

This machine is shared, and spaCy's speed drifts by a third from minute to minute, so a rate
alone says little. Each round times, on the same articles and in the same process:
- ``naive``: en_core_web_sm with its shared tok2vec and NER (the parse of the naive pipeline in
  the issue: spaCy entities, then a lookup);
- ``ner``: the tokenizer and the NER alone (its own tok2vec): the least any spaCy-sm geoparser pays;
- ``geoparse``: ``Pipeline.toponyms_many``, everything ``flask geoparse`` does after start-up
  (NER, gazetteer rulers, mentions, resolution).
They alternate within a round; the medians over rounds are reported, with our share of the time
that is not the NER's. Offline; start-up is not counted (``make eval`` reports it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def first_texts(corpus: Path, most: int) -> list[str]:
    """The texts of the first ``most`` articles of a JSON lines corpus."""
    with open(corpus, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()][:most]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = first_texts(args.corpus, args.articles)

    import spacy

    from app import create_app
    from web.services import services

    app = create_app()
    with app.app_context():
        pipeline = services().pipeline
        unused = ["tagger", "parser", "attribute_ruler", "lemmatizer"]
        naive = spacy.load(app.config["SPACY_MODEL"], exclude=unused)
        ner = spacy.load(app.config["SPACY_MODEL"], exclude=[*unused, "tok2vec"])
        runs = {"naive": lambda: list(naive.pipe(texts, batch_size=16)),
                "ner": lambda: list(ner.pipe(texts, batch_size=16)),
                "geoparse": lambda: list(pipeline.toponyms_many(texts))}
        list(pipeline.toponyms_many(texts[:5]))  # warm up
        timings: dict[str, list[float]] = {name: [] for name in runs}
        for n in range(1, args.rounds + 1):
            for name, run in runs.items():
                started = time.monotonic()
                run()
                timings[name].append(time.monotonic() - started)
            print(f"round {n}/{args.rounds}: " + ", ".join(
                f"{name} {len(texts) / t[-1]:.1f} articles/s" for name, t in timings.items()), file=sys.stderr, flush=True)
    median = {name: statistics.median(t) for name, t in timings.items()}
    rate = {name: len(texts) / t for name, t in median.items()}
    print(f"\n{len(texts)} articles of {args.corpus.name}, median of {args.rounds} rounds (articles/s):")
    print("| spaCy tok2vec + NER (naive parse) | spaCy NER alone | geoparse, running | geoparse time beyond the NER |")
    print("|---|---|---|---|")
    print(f"| {rate['naive']:.1f} | {rate['ner']:.1f} | {rate['geoparse']:.1f} "
          f"| {max(median['geoparse'] - median['ner'], 0) / median['geoparse']:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
