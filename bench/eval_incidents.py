"""Score ``flask --app app extract`` against hand-annotated incidents.

Usage: python bench/eval_incidents.py [--verbose] [ANNOTATED.jsonl ...]
(default: tests/data/incidents_eval.jsonl plus the seed article with tests/data/seed_gold.json)

A gold incident is found when a predicted incident (not an aggregate) of the same category lies
near the gold place: within 50 km of a point, in the same country for a country-level report,
within 500 km of a sea's point. Each prediction is used once. For found incidents: dated right
when the gold day falls in the predicted date at its precision (where the gold has a day); toll right when fatalities
equal (where the gold has them). "place right" counts gold incidents with a prediction at the right
place whatever its category; "category right" is the share of those whose category is right too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.model import DateMention  # noqa: E402
from geo.gazetteer import distance_km  # noqa: E402

DEFAULT = [ROOT / "tests" / "data" / "incidents_eval.jsonl"]
SEED_GOLD = ROOT / "tests" / "data" / "seed_gold.json"


def load(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    if paths == DEFAULT and SEED_GOLD.exists():
        seed = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
        source = (ROOT / seed.pop("source")).resolve()
        if source.exists():
            records.append({**seed, "text": source.read_text(encoding="utf-8")})
    return records


def near(gold: dict, pred: dict) -> bool:
    if gold["level"] == "country":
        return pred.get("country") == gold["country"]
    limit = 500 if gold["level"] == "sea" else 50
    return distance_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"]) <= limit


def date_fits(pred: dict, gold_day: str) -> bool:
    """The predicted date is right when the gold day falls in it, at the precision the text gave
    ("last week" is right for any day of that week)."""
    if not pred.get("date"):
        return False
    lo, hi = DateMention(dt.date.fromisoformat(pred["date"]), pred.get("date_precision") or 1, "").interval()
    return lo <= dt.date.fromisoformat(gold_day) <= hi


def match(golds: list[dict], preds: list[dict], same_category: bool) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in golds:
        for k, p in enumerate(preds):
            if k in used or (same_category and p["category"] != g["category"]) or not near(g, p):
                continue
            pairs.append((g, p))
            used.add(k)
            break
    return pairs


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT
    records = load(paths)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": r.get("published")}) + "\n"
                               for r in records), encoding="utf-8")
        env = {**os.environ, "INCIDENT_MAP_ONLINE_GEOCODER": ""}
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "extract", str(src), str(out)],
                       cwd=ROOT, env=env, check=True)
        predicted = {r["id"]: [i for i in r["incidents"] if not i.get("aggregate")]
                     for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    n_gold = n_pred = found = placed = dated = dated_total = toll = toll_total = 0
    for r in records:
        golds, preds = r["incidents"], predicted.get(r["id"], [])
        n_gold += len(golds)
        n_pred += len(preds)
        pairs = match(golds, preds, same_category=True)
        found += len(pairs)
        placed += len(match(golds, preds, same_category=False))
        for g, p in pairs:
            if g.get("date"):
                dated_total += 1
                dated += date_fits(p, g["date"])
            if "fatalities" in g:
                toll_total += 1
                toll += p.get("fatalities") == g["fatalities"]
        if verbose:
            matched = {id(g) for g, _ in pairs}
            for g in golds:
                if id(g) not in matched:
                    print(f"  missed {r['id']}: {g['category']} at {g['place']} {g.get('date', '')}")
            for g, p in pairs:
                if g.get("date") and not date_fits(p, g["date"]) or "fatalities" in g and p.get("fatalities") != g["fatalities"]:
                    print(f"  wrong {r['id']} {g['place']}: date {p.get('date')} vs {g.get('date')}, "
                          f"killed {p.get('fatalities')} vs {g.get('fatalities')}")
            for p in preds:
                if not any(p is q for _, q in pairs):
                    print(f"  extra {r['id']}: {p['category']} at {p['place']} ({p['place_resolved']}) {p.get('date')}")
    pct = lambda a, b: f"{a / b:.0%} ({a}/{b})" if b else "n/a"  # noqa: E731
    print()
    print("| texts | gold incidents | found (recall) | precision | place right | category right (where placed) "
          "| dated right | toll right |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(records)} | {n_gold} | {pct(found, n_gold)} | {pct(found, n_pred)} | {pct(placed, n_gold)} "
          f"| {pct(found, placed)} | {pct(dated, dated_total)} | {pct(toll, toll_total)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
