"""Harm that is nobody's attack: deaths from illness, accidents and disasters, tolls of animals,
"heart attacks", cars that "strike" a tree.

News outside war reporting (local news, health news, a feed of everything an outlet publishes)
uses the event words of war for these; read as incidents they fill the map with disease and
traffic. Each check looks at the words that say what caused the harm, not at the topic.
"""
from spacy.tokens import Token

from . import lexicon as lx


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _names(noun: Token) -> set[str]:
    """The noun and its compounds and modifiers: "car accident", "bird flu strain", "cholera outbreak"."""
    return {_lemma(noun), noun.lower_, *(_lemma(c) for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))}


def _armed(noun: Token) -> bool:
    """A weapon anywhere in the phrase: "a car packed with explosives", "a vehicle bomb"."""
    return any(_lemma(x) in lx.WEAPON_OBJECTS or _lemma(x) in ("explosive", "bomb", "ied", "gunman", "gunmen")
               for x in noun.subtree)


def is_animal(noun: Token) -> bool:
    """"birds", "four geese", "dozens of chickens"."""
    if noun.pos_ == "NOUN" and _lemma(noun) in lx.ANIMALS:
        return True
    return (noun.like_num or noun.pos_ == "NOUN") and any(
        is_animal(p) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
        if p.dep_ == "pobj")


def _cause(noun: Token) -> bool:
    """"cholera", "a car accident", "the flu strain", "as a result of the illness"."""
    if bool(_names(noun) & lx.HARMLESS_CAUSES) and not _armed(noun):
        return True
    return any(_cause(p) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ in ("pobj", "pcomp"))


def _fell_ill(v: Token) -> bool:
    """"infected", "sickened", "fell ill", "after contracting the virus"."""
    return any(_lemma(x) in lx.HARMLESS_VERBS or x.dep_ == "acomp" and _lemma(x) in ("ill", "sick")
               for x in v.subtree)


# Verbs of hitting, which a car, a storm or a disease does as well as a weapon.
_STRIKING = {"hit", "strike", "target", "pound", "batter", "lash", "rock", "slam"}
# Prepositions that give a cause of death: "died of", "killed in a crash", "due to", "after".
_CAUSE_PREPOSITIONS = {"of", "from", "in", "after", "due", "by", "with"}


def harmless(t: Token) -> bool:
    """Whether the event or toll word ``t`` tells harm nobody inflicted as an attack."""
    lemma = _lemma(t)
    if lemma in ("attack", "assault") and t.pos_ == "NOUN":
        return any(_lemma(c) in lx.HARMLESS_ATTACKS for c in t.children if c.dep_ in ("compound", "amod", "nmod"))
    if lemma == "toll" and t.pos_ == "NOUN":
        # "a toll increase", "the toll road": a fee; a death toll has a number or says whose
        return t.dep_ == "compound" or not (
            any(_lemma(c) in ("death", "casualty", "human") for c in t.children)
            or any(x.like_num for x in t.head.subtree))
    if lemma in ("dead", "death", "fatality") and t.pos_ in ("NOUN", "ADJ"):
        if t.dep_ in ("acomp", "oprd") and all(is_animal(s) for s in t.head.children
                                               if s.dep_ in ("nsubj", "nsubjpass")) and any(
                s.dep_ in ("nsubj", "nsubjpass") for s in t.head.children):
            return True  # "four geese were found dead"
        return any(_cause(p) for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                   for p in c.children if p.dep_ == "pobj")  # "deaths from cholera"
    if t.pos_ != "VERB":
        return False
    if t.dep_ in ("advcl", "conj") and t.head.pos_ == "VERB" and t.head.lemma_.lower() in ("hit", "strike") \
            and harmless(t.head):
        return True  # "the truck struck a tree, killing its driver"
    if lemma not in _STRIKING and lemma not in lx.TOLL_VERBS and lemma not in lx.KILLING_VERBS:
        return False  # (every verb of every sentence comes here: the rest is for these only)
    head = t.head if t.dep_ == "conj" else t  # "fell ill and died": the subject is the first verb's
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    if t.dep_ == "relcl" and all(s.lower_ in ("that", "which", "who") for s in subjects):
        subjects = [t.head]  # "the outbreak that killed 40"
    agents = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    sufferers = [c for c in t.children if c.dep_ in ("nsubjpass", "dobj")] + (subjects if lemma == "die" else [])
    if lemma in _STRIKING:
        return any(_lemma(s) in lx.HARMLESS_STRIKERS and not _armed(s) or _cause(s) for s in subjects + agents)
    if lemma in lx.TOLL_VERBS or lemma in lx.KILLING_VERBS:
        if sufferers and all(is_animal(s) for s in sufferers):
            return True  # "birds died", "seven million animals were slaughtered"
        if lemma != "die" and any(_cause(s) for s in subjects + agents):
            return True  # "the outbreak has killed 40", "killed by lightning"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in _CAUSE_PREPOSITIONS:
                for p in c.children:
                    if p.dep_ == "pobj" and _cause(p) or p.dep_ == "pcomp" and (_fell_ill(p) or _cause(p)):
                        return True  # "died of cholera", "killed in a car accident", "after contracting"
            if c.dep_ == "advcl" and _fell_ill(c):
                return True  # "died after they contracted the virus"
        # "ten infants have died and 6,000 others have been infected"; "fell ill and died"
        return any(_lemma(c) in lx.HARMLESS_VERBS or _fell_ill_only(c) for c in [*t.conjuncts])
    return False


def _fell_ill_only(v: Token) -> bool:
    return any(c.dep_ == "acomp" and _lemma(c) in ("ill", "sick") for c in v.children)
