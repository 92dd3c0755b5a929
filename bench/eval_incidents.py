"""Score ``flask --app app extract`` against hand-annotated incidents, file by file.

Usage: python bench/eval_incidents.py [--verbose] [--half dev|check] [ANNOTATED.jsonl ...]
(default: ../shared/eval/incidents_dev_*.jsonl, real news excerpts, then our own short texts
tests/data/incidents_eval.jsonl and the seed article with tests/data/seed_gold.json, kept as
regression sets)

The scoring is the team's convention for held-out real news (../shared/eval/README.md):
- predictions that are drawn (not aggregates) are matched one-to-one to gold incidents, main
  ones first (a maximum matching, so the order of predictions does not matter), then background
  ones; a match needs an allowed category (``category`` or one of ``also_ok``) and the place
  within the gold level's reach: a point 50 km, a region 150 km, a country the same country, a
  sea 500 km;
- recall: main gold incidents matched; precision: drawn predictions matched to any gold incident;
- place: main gold incidents with a prediction at the right place whatever its category (also
  one-to-one); category: of those, the share whose category is allowed;
- of matched main incidents: date exact (the same day; where the gold gives a date), killed and
  injured equal (null where the text gives none counts as a value), actor 1 the same actor
  (``same_actor``: the names agree once normalised, or name the same row of the actor table).

Control: the GeoVirus articles (``../shared/eval/geovirus.jsonl``: outbreak and health news, with
hardly any war in them) are read too, and every incident drawn there is counted: deaths from
disease, accidents and disasters are nobody's attack, and a reader of a general news feed should
not see them on the map (``--control none`` skips it).

``--half dev`` scores the even-numbered articles of each file (0, 2, 4, ...), ``--half check``
the odd-numbered ones: rules are developed on one half and must hold on the other.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import distance_km  # noqa: E402

SHARED = Path(os.environ.get("INCIDENT_MAP_SHARED", ROOT.parent / "shared"))
OWN = ROOT / "tests" / "data" / "incidents_eval.jsonl"
SEED_GOLD = ROOT / "tests" / "data" / "seed_gold.json"
ACTORS_CSV = ROOT / "extract" / "data" / "actors.csv"
REACH_KM = {"point": 50, "region": 150, "sea": 500}


CONTROL = SHARED / "eval" / "geovirus.jsonl"


def default_paths() -> list[Path]:
    return sorted((SHARED / "eval").glob("incidents_dev_*.jsonl")) + [OWN, SEED_GOLD]


def load(path: Path) -> list[dict]:
    if path == SEED_GOLD:
        seed = json.loads(path.read_text(encoding="utf-8"))
        source = (ROOT / seed.pop("source")).resolve()
        return [{**seed, "text": source.read_text(encoding="utf-8")}] if source.exists() else []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# -- matching --------------------------------------------------------------------------------

def near(gold: dict, pred: dict) -> bool:
    if gold["level"] == "country":
        return pred.get("country") == gold["country"]
    return distance_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"]) <= REACH_KM[gold["level"]]


def allowed(gold: dict, pred: dict) -> bool:
    return pred["category"] == gold["category"] or pred["category"] in gold.get("also_ok", [])


def _closeness(gold: dict, pred: dict) -> float:
    """How good a reading of a gold incident a prediction that may match it is: the same day first,
    then the nearest (so that fields are scored on the prediction that is the event)."""
    same_day = bool(gold.get("date")) and pred.get("date") == gold["date"]
    far = 0.0 if gold["level"] == "country" else distance_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])
    return (0.0 if same_day else 1000.0) + min(far, 999.0)


def max_matching(golds: list[dict], preds: list[dict], ok, taken: set[int]) -> dict[int, int]:
    """gold index -> prediction index: a one-to-one matching with as many pairs as can be, and
    among those the closest in all (Hungarian assignment; a pair that may not match costs more
    than all the others together, so no matching that gives up a pair can be cheaper)."""
    free = [k for k in range(len(preds)) if k not in taken]
    if not golds or not free:
        return {}
    n = max(len(golds), len(free))
    never = 2000.0 * (n + 1)
    cost = [[never] * n for _ in range(n)]
    for g, gold in enumerate(golds):
        for j, k in enumerate(free):
            if ok(gold, preds[k]):
                cost[g][j] = _closeness(gold, preds[k])
    return {g: free[j] for g, j in _assign(cost).items() if g < len(golds) and j < len(free)
            and cost[g][j] < never}


def _assign(cost: list[list[float]]) -> dict[int, int]:
    """Row -> column of a least-cost assignment of a square matrix (the Hungarian method with
    potentials, O(n^3))."""
    n = len(cost)
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    owner, way = [0] * (n + 1), [0] * (n + 1)  # column -> row (1-based; 0 is none)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        least, used = [float("inf")] * (n + 1), [False] * (n + 1)
        while owner[col]:
            used[col] = True
            r, delta, nxt = owner[col], float("inf"), 0
            for j in range(1, n + 1):
                if not used[j]:
                    c = cost[r - 1][j - 1] - u[r] - v[j]
                    if c < least[j]:
                        least[j], way[j] = c, col
                    if least[j] < delta:
                        delta, nxt = least[j], j
            for j in range(n + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    return {owner[j] - 1: j - 1 for j in range(1, n + 1) if owner[j]}


# -- actors ----------------------------------------------------------------------------------

def _actor_rows() -> dict[str, str]:
    """lower-case alias or name -> the actor table's name."""
    rows: dict[str, str] = {}
    with open(ACTORS_CSV, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            for alias in [row["name"], *row["aliases"].split("|")]:
                if alias.strip():
                    rows.setdefault(alias.strip().lower(), row["name"])
    return rows


_ROWS = _actor_rows()
_UNKNOWN = re.compile(r"^(unidentified|unknown|unclaimed)\b")


def _state_rows() -> dict[str, str]:
    """lower-case "nigerian military", "sudan's army", "nigeria" -> "Nigeria": a state's forces by
    the words the extractor reads them by (extract.actors.force_phrases)."""
    from extract.actors import force_phrases
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer(Path(os.environ.get("INCIDENT_MAP_GAZETTEER", ROOT / "instance" / "gazetteer.sqlite")))
    names, peoples = gazetteer.state_words()
    rows: dict[str, str] = {}
    for state in names:
        for word in [*names[state], *peoples.get(state, [])]:
            rows[word.lower()] = state
            rows.update((phrase, state) for phrase in force_phrases(word.lower()))
    return rows


_STATES = _state_rows()


def _actor_key(name: str | None) -> str | None:
    if not name:
        return None
    core = re.sub(r"\(.*?\)", "", name).strip().lower()
    if _UNKNOWN.match(core) or core in ("militants", "gunmen", "unknown"):
        return "?unknown"
    core = re.sub(r"^the\s+", "", core)
    return _ROWS.get(core) or _STATES.get(core) or core


def same_actor(gold: str | None, pred: str | None) -> bool:
    """Gold "Islamic State (suspected)" is predicted "Islamic State"; an unidentified group is
    predicted as unknown (no actor, or an unidentified one)."""
    g, p = _actor_key(gold), _actor_key(pred)
    if g == "?unknown":
        return p in (None, "?unknown")
    return g is not None and p is not None and (g == p or _ROWS.get(g) == p or g == _ROWS.get(p))


# -- scoring ---------------------------------------------------------------------------------

@dataclass
class Tally:
    texts: int = 0
    gold: int = 0
    drawn: int = 0
    found: int = 0
    true_drawn: int = 0
    placed: int = 0
    counts: dict = field(default_factory=lambda: {k: [0, 0] for k in ("date", "killed", "injured", "actor1")})

    def add(self, other: "Tally") -> None:
        for k in ("texts", "gold", "drawn", "found", "true_drawn", "placed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k, (a, b) in other.counts.items():
            self.counts[k][0] += a
            self.counts[k][1] += b

    def row(self, name: str) -> str:
        pct = lambda a, b: f"{a / b:.0%} ({a}/{b})" if b else "n/a"  # noqa: E731
        c = self.counts
        return (f"| {name} | {self.texts} | {self.gold} | {pct(self.found, self.gold)} | {pct(self.true_drawn, self.drawn)} "
                f"| {pct(self.placed, self.gold)} | {pct(self.found, self.placed)} | {pct(*c['date'])} "
                f"| {pct(*c['killed'])} | {pct(*c['injured'])} | {pct(*c['actor1'])} |")


HEADER = ("| file | texts | main incidents | recall | precision | place | category (where placed) | date exact "
          "| killed | injured | actor 1 |\n|---|---|---|---|---|---|---|---|---|---|---|")


def score(record: dict, preds: list[dict], log: list[str]) -> Tally:
    golds = [dict(g, level=g.get("level", "point")) for g in record["incidents"]]
    main = [g for g in golds if not g.get("background")]
    background = [g for g in golds if g.get("background")]
    t = Tally(texts=1, gold=len(main), drawn=len(preds))
    pairs = max_matching(main, preds, lambda g, p: allowed(g, p) and near(g, p), set())
    rest = max_matching(background, preds, lambda g, p: allowed(g, p) and near(g, p), set(pairs.values()))
    t.found, t.true_drawn = len(pairs), len(pairs) + len(rest)
    t.placed = len(max_matching(main, preds, near, set()))
    rid = record["id"]
    for g, k in pairs.items():
        gold, pred = main[g], preds[k]
        # A field the annotation leaves out (our own short texts code no actors) is not scored.
        checks = {}
        if gold.get("date"):
            checks["date"] = pred.get("date") == gold["date"]
        if "fatalities" in gold:
            checks["killed"] = pred.get("fatalities") == gold["fatalities"]
        if "injured" in gold:
            checks["injured"] = pred.get("injured") == gold["injured"]
        if "actor1" in gold:
            checks["actor1"] = same_actor(gold["actor1"], pred.get("actor1"))
        for key, ok in checks.items():
            t.counts[key][0] += ok
            t.counts[key][1] += 1
        wrong = [f"{key} {_pv(pred, key)} vs {_gv(gold, key)}" for key, ok in checks.items() if not ok]
        if wrong:
            log.append(f"  wrong   {rid} {gold['place']}: " + "; ".join(wrong))
    for g, gold in enumerate(main):
        if g not in pairs:
            log.append(f"  missed  {rid}: {gold['category']} at {gold['place']} ({gold['level']}) {gold.get('date')}")
    used = set(pairs.values()) | set(rest.values())
    for k, p in enumerate(preds):
        if k not in used:
            log.append(f"  extra   {rid}: {p['category']} at {p['place']} ({p['place_resolved']}, {p.get('country')}) "
                       f"{p.get('date')} | {p['sentence'][:90]}")
    return t


def _pv(pred: dict, key: str):
    return pred.get({"killed": "fatalities"}.get(key, key))


def _gv(gold: dict, key: str):
    return gold.get({"killed": "fatalities"}.get(key, key))


def predict(records: list[dict]) -> dict[str, list[dict]]:
    """Drawn predictions per record id, through the command the team scores."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": r.get("published")}) + "\n"
                               for r in records), encoding="utf-8")
        env = {**os.environ, "INCIDENT_MAP_ONLINE_GEOCODER": ""}
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "extract", str(src), str(out)],
                       cwd=ROOT, env=env, check=True)
        return {r["id"]: [i for i in r["incidents"] if not i.get("aggregate")]
                for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every miss, extra and wrong field")
    parser.add_argument("--half", choices=("dev", "check"), help="only the even (dev) or odd (check) articles")
    parser.add_argument("--control", default=str(CONTROL),
                        help="articles with no war in them, where every drawn incident is spurious ('none': skip)")
    args = parser.parse_args(argv)
    files = {path: load(path) for path in (args.files or default_paths()) if path.exists()}
    if args.half:
        keep = 0 if args.half == "dev" else 1
        files = {p: [r for n, r in enumerate(rs) if n % 2 == keep] for p, rs in files.items()}
    records = [r for rs in files.values() for r in rs]
    control = load(Path(args.control)) if args.control != "none" and Path(args.control).exists() else []
    predicted = predict(records + [{"id": f"control:{r['id']}", "text": r["text"]} for r in control])
    print(HEADER)
    total = Tally()
    real = {"dev": Tally(), "check": Tally()}  # the even and the odd articles of the real-news sets
    for path, rs in files.items():
        tally, log = Tally(), []
        is_real = path.parent.resolve() == (SHARED / "eval").resolve()
        for n, r in enumerate(rs):
            one = score(r, predicted.get(r["id"], []), log)
            tally.add(one)
            if is_real and not args.half:
                real["dev" if n % 2 == 0 else "check"].add(one)
        print(tally.row(path.stem))
        total.add(tally)
        if args.verbose and log:
            print("\n".join(log), file=sys.stderr)
    both = Tally()
    for half, tally in real.items():
        both.add(tally)
        if tally.texts:
            print(tally.row(f"real news, {half} half"))
    if both.texts:
        print(both.row("real news, all"))
    print(total.row("all"))
    if control:
        drawn = [(r["id"], i) for r in control for i in predicted.get(f"control:{r['id']}", [])]
        print(f"\ncontrol, {Path(args.control).name} ({len(control)} articles of outbreak and health news): "
              f"{len(drawn)} incidents drawn, {100 * len(drawn) / len(control):.0f} per 100 articles")
        if args.verbose:
            for rid, i in drawn:
                print(f"  control {rid}: {i['category']} at {i.get('place')} | {i.get('sentence', '')[:100]}",
                      file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
