"""Fill a store with many synthetic incidents, for benchmarks of the map and the API.

    python bench/seed_store.py instance/bench-50k.sqlite --incidents 50000
    python bench/seed_store.py postgresql://postgres@127.0.0.1:5433/incident_map --incidents 50000

Incidents are spread over real gazetteer towns of the Middle East, North Africa and Ukraine
(weighted by population), over two years, with the categories, sub-types, actors and tolls the
pipeline produces. The text of each synthetic article says it is synthetic. Deterministic (seeded).
Like a batch ingest (`flask ingest`), it ends by computing the map's first totals for the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import is_postgres, open_store  # noqa: E402
from store.cached import CachedStore  # noqa: E402
from service.progress import progress  # noqa: E402
from service.views import warm  # noqa: E402

COUNTRIES = ("IQ", "SY", "YE", "LB", "IL", "PS", "JO", "SA", "IR", "LY", "SD", "UA", "SO", "ML")
KINDS = [  # (category, sub-type, actors, weight)
    ("strike", "Air/drone strike", ["United States", "Israel", "Russia", "Saudi-led coalition", "Turkey"], 5),
    ("strike", "Shelling/artillery/missile attack", ["Russia", "Israel", "Iran", "Ukraine"], 4),
    ("attack", "Attack", ["Militants", "Islamic State", "Houthis", "Al-Shabaab"], 3),
    ("attack", "Remote explosive/landmine/IED", ["Militants", "Islamic State"], 2),
    ("attack", "Suicide bomb", ["Islamic State", "Al-Shabaab"], 1),
    ("clash", "Armed clash", ["Syrian Democratic Forces", "Rapid Support Forces", "Hamas", "Hezbollah"], 3),
    ("other", "Disrupted weapons use", ["Israel", "United States"], 1),
]


def towns(gazetteer: Path) -> list[tuple[str, str, float, float, int, int]]:
    db = sqlite3.connect(gazetteer)
    rows = db.execute(
        f"SELECT name, country, lat, lon, geonameid, population FROM places WHERE kind = 'city' AND population >= 5000 "
        f"AND country IN ({','.join('?' * len(COUNTRIES))})", COUNTRIES).fetchall()
    db.close()
    if not rows:
        raise SystemExit(f"no towns in {gazetteer}: build it first (make gazetteer)")
    return rows


def records(n: int, places: list, rng: random.Random, start: dt.date, days: int):
    weights = [p[5] ** 0.5 for p in places]
    kinds = [k for k in KINDS for _ in range(k[3])]
    for chosen in rng.choices(places, weights=weights, k=n):
        name, country, lat, lon, geonameid, _ = chosen
        category, sub_type, actors, _ = rng.choice(kinds)
        killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20]) if rng.random() < 0.7 else None
        yield {
            "category": category, "sub_type": sub_type,
            "date": (start + dt.timedelta(days=rng.randrange(days))).isoformat(), "date_precision": 1,
            "place": name, "place_resolved": name, "country": country, "geo_precision": 1,
            "lat": round(lat + rng.uniform(-0.02, 0.02), 5), "lon": round(lon + rng.uniform(-0.02, 0.02), 5),
            "geonameid": geonameid, "feature_class": "P", "actor1": rng.choice(actors),
            "actor2": None, "fatalities": killed, "injured": None,
            "sentence": f"Synthetic {sub_type.lower()} in {name} for benchmarks.",
            "confidence": round(rng.uniform(0.5, 0.95), 2), "aggregate": False,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a SQLite file to create, or a postgresql:// URL")
    parser.add_argument("--incidents", type=int, default=50_000)
    parser.add_argument("--per-article", type=int, default=25)
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "instance" / "gazetteer.sqlite")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not is_postgres(args.database) and Path(args.database).exists():
        raise SystemExit(f"{args.database} exists; remove it or choose another path")
    rng = random.Random(args.seed)
    store = open_store(args.database)
    store.init()
    places = towns(args.gazetteer)
    all_records = list(records(args.incidents, places, rng, dt.date(2023, 1, 1), 730))
    started = time.perf_counter()
    starts = range(0, len(all_records), args.per_article)
    for i in progress(starts, len(starts), "articles"):
        batch = all_records[i:i + args.per_article]
        store.add_article(f"Synthetic article {i // args.per_article} of {args.incidents} incidents (seed {args.seed}).",
                          f"Synthetic {i // args.per_article}", None, None, batch)
    print(f"{args.database}: {len(all_records):,} incidents in {time.perf_counter() - started:.1f} s")
    # as `flask ingest` ends: the unfiltered map's slow totals computed and kept in the store
    started = time.perf_counter()
    warm(CachedStore(store))
    print(f"the map's first totals computed in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
