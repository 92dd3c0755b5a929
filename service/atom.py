"""Incidents as an Atom 1.0 feed with GeoRSS points: what a feed reader, QGIS or another
incident-map follows. One entry per incident, newest added first, with the sentence that reports
it, its toll and a link to its source. Built with ElementTree, which escapes every text (article
text stays text)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Callable

ATOM = "http://www.w3.org/2005/Atom"
GEORSS = "http://www.georss.org/georss"
ET.register_namespace("", ATOM)
ET.register_namespace("georss", GEORSS)

DEFAULT_ENTRIES = 100
MOST_ENTRIES = 1000


def _el(parent, tag: str, text: str | None = None, ns: str = ATOM, **attrs) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = _clean(text)
    return node


def _clean(text) -> str:
    # XML 1.0 cannot carry most control characters; an article may (they are dropped)
    return "".join(c for c in str(text) if c in "\t\n\r" or ord(c) >= 32)


def title_of(record: dict) -> str:
    what = (record.get("sub_type") or record.get("category") or "incident").replace("_", " ")
    where = record.get("place_resolved") or record.get("place")
    title = what[:1].upper() + what[1:] + (f" in {where}" if where else "")
    tolls = [f"{record[k]} {label}" for k, label in (("fatalities", "killed"), ("injured", "injured"))
             if record.get(k)]
    return title + (f": {', '.join(tolls)}" if tolls else "")


def feed(records: list[dict], *, title: str, self_url: str, page_url: str,
         incident_url: Callable[[int], str], now: str) -> bytes:
    """The records (newest first) as an Atom document. ``incident_url(id)``: the incident on the
    map; ``page_url``: the map with the same filters; ``now``: when there are no entries."""
    root = ET.Element(f"{{{ATOM}}}feed")
    _el(root, "id", self_url)
    _el(root, "title", title)
    _el(root, "updated", max((r.get("added") or now for r in records), default=now))
    _el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(root, "link", rel="alternate", type="text/html", href=page_url)
    _el(_el(root, "author"), "name", "incident-map")
    _el(root, "generator", "incident-map")
    for record in records:
        entry = _el(root, "entry")
        link = incident_url(record["id"])
        _el(entry, "id", link)
        _el(entry, "title", title_of(record))
        _el(entry, "updated", record.get("added") or now)
        _el(entry, "published", record.get("added") or now)
        _el(entry, "link", rel="alternate", type="text/html", href=link)
        if record.get("source_url"):
            _el(entry, "link", rel="related", href=record["source_url"], title=record.get("source_title"))
        _el(entry, "category", term=record.get("category"))
        lines = [record.get("sentence") or ""]
        facts = [f"{label}: {record[k]}" for k, label in (("date", "Date"), ("actor1", "By"), ("actor2", "Against"),
                                                            ("place_resolved", "Place"), ("country", "Country"))
                 if record.get(k)]
        lines.append("; ".join(facts))
        if record.get("source_title"):
            lines.append(f"Source: {record['source_title']}")
        _el(entry, "summary", "\n".join(line for line in lines if line), type="text")
        if record.get("lat") is not None and record.get("lon") is not None:
            _el(entry, "point", f"{record['lat']:.5f} {record['lon']:.5f}", ns=GEORSS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
