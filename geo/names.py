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


# Arabic articles as news and GeoNames write them, assimilated or not: "al-Shughur", "ash Shughur".
_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ed", "er", "es", "ez", "en", "et"}
_DIGRAPHS = (("ph", "f"), ("dh", "d"), ("gh", "g"), ("q", "k"), ("j", "dj"))
_VOWELS = re.compile(r"[aeiouy]")


@functools.lru_cache(maxsize=131072)
def loose_key(key: str) -> str | None:
    """The consonants of a normalised name, without Arabic articles, for transliteration variants:
    "jisr al shughur" and "jisr ash shughur" -> "jsr shgr"; "ras al ain" and "ras al ayn" -> "rs 'n".
    None when too little is left to tell places apart (fewer than four consonants, or three in a
    name of several words)."""
    words = [w for w in key.split() if w not in _ARTICLES]
    out = []
    for word in words:
        for a, b in _DIGRAPHS:
            word = word.replace(a, b)
        word = word.replace("dj", "j")  # "Djibo" and "Jibo" alike
        core = word[0] + _VOWELS.sub("", word[1:]) if word else ""
        core = re.sub(r"(.)\1+", r"\1", core).rstrip("h") or core[:1]
        if core[:1] in "aeiouy":
            core = "'" + core[1:]  # "Ain", "Ayn" and "Ein" alike, but "Asad" is not "Said"
        if core:
            out.append(core)
    consonants = sum(len(w.lstrip("'")) for w in out)
    if consonants < 3 or (consonants < 4 and len(out) < 2):
        return None
    return " ".join(out)


def name_words(key: str) -> list[str]:
    """The words of a normalised name other than Arabic articles: "ain al asad" -> ["ain", "asad"]."""
    return [w for w in key.split() if w not in _ARTICLES]


@functools.lru_cache(maxsize=131072)
def soft_key(key: str) -> str | None:
    """A normalised name with doubled letters single, a final "h" dropped and Arabic articles
    left out: "raqqah" and "raqa" -> "raqa", "deir ez zor" -> "deir zor". For short names, which
    ``loose_key`` leaves alone."""
    words = [re.sub(r"(.)\1+", r"\1", w) for w in key.split() if w not in _ARTICLES]
    words = [w[:-1] if len(w) > 3 and w.endswith("h") and w[-2] in "aeiou" else w for w in words]
    out = " ".join(w for w in words if w)
    return "~" + out if len(out) >= 4 else None
