"""Web pages -> article text, title and publication date (trafilatura drops menus, ads, footers).

A page is parsed once, by a parser of this thread's own (trafilatura's module-wide parser is
shared behind a lock: one slow page would hold up every other), after a linear pass that cuts
tags with absurdly many attributes down to size (libxml2 checks each attribute against the
ones before it: a tag with 400,000 attributes takes it many minutes).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import threading
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HTMLParser, document_fromstring

MAX_ATTRIBUTES = 64  # per tag; real pages stay far below
_LONG_TAG = 4096  # characters of attributes below which a tag is left as it is
_TAG = re.compile(r"<([A-Za-z][^\s/>]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"""\s*[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_local = threading.local()


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    published: dt.date | None


def bounded(html: str) -> str:
    """``html`` with no tag longer than it needs to be: at most MAX_ATTRIBUTES attributes each."""
    def cut(match: re.Match) -> str:
        name, attributes = match.group(1), match.group(2)
        if len(attributes) <= _LONG_TAG:
            return match.group(0)
        kept = "".join(m.group(0) for _, m in zip(range(MAX_ATTRIBUTES), _ATTRIBUTE.finditer(attributes)))
        return f"<{name}{kept}>"
    return _TAG.sub(cut, html)


def _parser() -> HTMLParser:
    if not hasattr(_local, "parser"):
        _local.parser = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    return _local.parser


def page_text(html: str) -> PageText | None:
    """The main text of a page, or None when the page has no article text."""
    try:
        tree = document_fromstring(bounded(html), parser=_parser())
    except (etree.ParserError, ValueError):
        return None
    # Only dates the page states in its markup (meta tags, <time>): a "(c) 2024" footer is not one.
    found = find_date(tree, extensive_search=False, original_date=True)
    # trafilatura cleans the tree it is given in place: the metadata reader gets a copy, the text
    # reader the tree itself, last.
    meta = trafilatura.extract_metadata(copy.deepcopy(tree))
    text = trafilatura.extract(tree, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        return None
    published = dt.date.fromisoformat(found) if found else None
    return PageText(text.strip(), (meta.title if meta else None) or None, published)
