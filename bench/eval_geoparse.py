"""Score ``flask --app app geoparse`` on annotated corpora (JSON Lines with gold toponyms).

Usage: python bench/eval_geoparse.py ../shared/eval/lgl.jsonl ../shared/eval/geovirus.jsonl

Matching follows the corpora's README: a predicted toponym matches a gold one when their
character spans overlap (each used once); error is the great-circle distance; acc@161 is the
share of matched toponyms within 161 km; end-to-end acc@161 is the share of all gold toponyms
found and placed within 161 km. Runs offline: no online geocoder is configured.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import distance_km  # noqa: E402


def match(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in gold:
        for k, p in enumerate(predicted):
            if k not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                pairs.append((g, p))
                used.add(k)
                break
    return pairs


def read_jsonl(path: Path) -> list[dict]:
    # Iterate lines with "\n" only: str.splitlines() would also split at U+2028 inside strings.
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(corpus: Path, output: Path, half: int | None = None) -> dict:
    """``half``: 0 or 1 scores only the even or odd articles (in file order), so that a rule
    written from one half is checked on the other."""
    gold = {r["id"]: r["toponyms"] for k, r in enumerate(read_jsonl(corpus)) if half is None or k % 2 == half}
    pred = {r["id"]: r["toponyms"] for r in read_jsonl(output) if r["id"] in gold}
    n_gold = sum(len(t) for t in gold.values())
    n_pred = sum(len(t) for t in pred.values())
    errors = []
    for doc_id, toponyms in gold.items():
        for g, p in match(toponyms, pred.get(doc_id, [])):
            errors.append(distance_km(g["lat"], g["lon"], p["lat"], p["lon"]))
    matched = len(errors)
    within = sum(e <= 161 for e in errors)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    return {
        "articles": len(gold), "gold": n_gold, "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "acc161": within / matched if matched else 0.0,
        "median_km": statistics.median(errors) if errors else float("nan"),
        "end_to_end": within / n_gold if n_gold else 0.0,
    }


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    env = {**os.environ, "INCIDENT_MAP_ONLINE_GEOCODER": ""}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:

        def geoparse(source: Path, target: Path) -> float:
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "flask", "--app", "app", "geoparse", str(source), str(target)],
                           cwd=ROOT, env=env, check=True)
            return time.monotonic() - started

        # Start-up (imports, spaCy and its rulers, the gazetteer) measured on a one-line file, so
        # that the table can give the rate of a running process as well as that of a whole run.
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps({"id": "start-up", "text": "A strike hit Baghdad."}) + "\n", encoding="utf-8")
        startup = geoparse(one, Path(tmp) / "one.out.jsonl")
        for path in map(Path, paths):
            out = Path(tmp) / f"{path.stem}.out.jsonl"
            seconds = geoparse(path, out)
            result = score(path, out)
            result["rate"] = result["articles"] / seconds
            result["steady"] = result["articles"] / max(seconds - startup, 1e-6)
            result["halves"] = [score(path, out, half) for half in (0, 1)]
            rows.append((path.stem, result))
    print()
    print(f"start-up: {startup:.1f} s")
    print("| corpus | recognition P / R / F1 | acc@161 km (recognised) | median error | end-to-end acc@161 "
          "| articles/s (running; incl. start-up) |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} ({r['articles']} articles, {r['gold']:,} toponyms) | {r['precision']:.2f} / {r['recall']:.2f} / {r['f1']:.2f} "
              f"| {r['acc161']:.1%} | {r['median_km']:.0f} km | {r['end_to_end']:.1%} "
              f"| {r['steady']:.1f}; {r['rate']:.1f} |")
    # Each corpus is the other's unseen test (a rule written from LGL's errors is checked on
    # GeoVirus, and the reverse), and its halves each other's.
    print()
    print("| corpus half | recognition F1 | acc@161 km | end-to-end |")
    print("|---|---|---|---|")
    for name, r in rows:
        for label, h in zip(("even", "odd"), r["halves"]):
            print(f"| {name} {label} ({h['articles']} articles) | {h['f1']:.2f} | {h['acc161']:.1%} | {h['end_to_end']:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
