"""The command line, run as separate processes the way a user runs it."""

from __future__ import annotations

import json
import sqlite3

from .conftest import SEED, flask_cli


def test_ingest_files(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text("Blast at Kirkuk market\nA car bomb exploded at a market in Kirkuk on Friday, "
                       "killing six people and wounding 15, police said.\n", encoding="utf-8")
    out = flask_cli(tmp_path, "ingest", str(article), "--published", "2023-07-22")
    assert "article 1 added, 1 incident" in out.stdout
    again = flask_cli(tmp_path, "ingest", str(article), "--published", "2023-07-22")
    assert "already stored" in again.stdout


def test_ingest_rejects_bad_input_with_one_line(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    r = flask_cli(tmp_path, "ingest", str(binary), check=False)
    assert r.returncode != 0
    assert "not UTF-8" in r.stderr and "Traceback" not in r.stderr
    r = flask_cli(tmp_path, "ingest", str(SEED), "--published", "07/02/2024", check=False)
    assert r.returncode != 0 and "not a date" in r.stderr and "Traceback" not in r.stderr


def test_geoparse_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    text = "Fighting spread from Aleppo to Idlib, and aid reached Amman in Jordan."
    src.write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    flask_cli(tmp_path, "geoparse", str(src), str(tmp_path / "out.jsonl"))
    (line,) = (tmp_path / "out.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["id"] == "a1"
    names = {t["name"]: t for t in record["toponyms"]}
    assert {"Aleppo", "Amman", "Jordan"} <= set(names)
    for t in record["toponyms"]:
        assert text[t["start"]:t["end"]] == t["name"]
        assert set(t) == {"start", "end", "name", "lat", "lon", "geonameid", "feature_class", "country", "score"}
    assert names["Jordan"]["country"] == "JO" and names["Jordan"]["feature_class"] == "A"


def test_extract_jsonl(tmp_path, seed_text):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "seed", "text": seed_text, "published": "2024-02-07"}) + "\n", encoding="utf-8")
    r = flask_cli(tmp_path, "extract", str(src), str(tmp_path / "out.jsonl"))
    assert "extract: 1/1" in r.stderr  # progress with rate
    record = json.loads((tmp_path / "out.jsonl").read_text())
    assert record["id"] == "seed"
    shown = [i for i in record["incidents"] if not i["aggregate"]]
    assert {"strike", "attack"} <= {i["category"] for i in shown}
    for i in shown:
        assert {"lat", "lon", "category", "date", "place", "country", "geo_precision", "sentence"} <= set(i)


def test_extract_reports_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\nnot json\n', encoding="utf-8")
    r = flask_cli(tmp_path, "extract", str(src), str(tmp_path / "out.jsonl"), check=False)
    assert r.returncode != 0 and ":2: not JSON" in r.stderr and "Traceback" not in r.stderr


def test_parallel_ingest_on_a_local_dask_cluster_stores_each_article_once(tmp_path):
    towns = ["Mosul", "Kirkuk", "Basra", "Erbil", "Aleppo", "Homs"]
    lines = tmp_path / "archive.jsonl"
    lines.write_text("".join(json.dumps({"id": k, "text": f"Gunmen attacked a checkpoint in {town} on Monday, "
                                         f"killing {k + 2} soldiers, police said.", "published": "2023-03-15"}) + "\n"
                             for k, town in enumerate(towns)), encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("A car bomb exploded at a market in Tikrit on Friday, killing six people.",
                                  encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")  # not an article: reported, the rest stored
    from tests.test_feeds import FeedSite

    site = FeedSite()  # a news site on loopback: a list of its pages is fetched by the workers
    pages = tmp_path / "pages.urls"
    pages.write_text(f"# two reports and a page that is gone\n{site.base}/news/kirkuk\n{site.base}/news/homs\n"
                     f"{site.base}/news/gone\n", encoding="utf-8")
    r = flask_cli(tmp_path, "ingest", "--workers", "2", str(lines), str(folder), str(pages), "--published",
                  "2023-07-22", check=False, env={"INCIDENT_MAP_FETCH_ALLOW": "127.0.0.1/32"})
    site.server.shutdown()
    assert r.returncode == 1 and "2 of 11 articles not stored" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.count(" added, 1 incident") == 9 and "b.txt: not stored: not UTF-8" in r.stderr
    assert "pages.urls:4: not stored: fetching the URL gave HTTP 404" in r.stderr
    assert site.hits["/news/kirkuk"] == site.hits["/news/homs"] == 1
    alone = flask_cli(tmp_path, "ingest", str(lines), check=False)  # (not taken for one article's text)
    assert alone.returncode != 0 and "use --workers" in alone.stderr and "Traceback" not in alone.stderr
    again = flask_cli(tmp_path, "ingest", "--workers", "2", str(lines), str(folder / "a.txt"))
    assert again.stdout.count("already stored") == 7  # a rerun (as after a killed run) adds nothing
    with sqlite3.connect(tmp_path / "incidents.sqlite") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 9
        assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 9
