"""The command line, run as separate processes the way a user runs it."""

from __future__ import annotations

import json

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
