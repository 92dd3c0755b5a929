"""Normalising place names so that spelling variants meet in the gazetteer index."""

import functools
import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_DROP = re.compile(r"[.'\"()]")
_SPACE = re.compile(r"[\s\-_/,]+")
_LEADING_ARTICLE = re.compile(r"^the ")


@functools.lru_cache(maxsize=131072)  # resolution asks for the same candidates' names again and again
def normalize(name: str) -> str:
    """Lower-case, strip accents, punctuation and a leading article.

    "the Red Sea" -> "red sea", "U.S." -> "us", "Kata'ib" -> "kataib", "al-Tanf" -> "al tanf".
    """
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _SPACE.sub(" ", _DROP.sub("", text)).strip()
    return _LEADING_ARTICLE.sub("", text)


_INDEXABLE = re.compile(r"^[a-z0-9' ]+$")


def is_indexable(key: str) -> bool:
    """Only Latin-script keys are indexed: the pipeline reads English text."""
    return 1 < len(key) <= 60 and bool(_INDEXABLE.match(key)) and not key.isdigit()
