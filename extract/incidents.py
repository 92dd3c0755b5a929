"""From a parsed article to incident records, one per event mention, using the dependency parse.

For every event word (a trigger: "drone strike", "attacked", "target ships") we read, within
its own phrase first and then within the clause that governs it:
- where: place mentions attached by a locative preposition ("in eastern Baghdad", "off Aden"),
  never those that only modify a noun ("U.S. troops", "Iran-backed", "Houthis in Yemen" as the subject);
- when: date expressions, resolved against the publication date;
- who: the agent (subject, "by X", "U.S. airstrikes") and the target (object, "on X");
- the toll: counts of killed and injured attached to the event or to a kill verb inside it.
Places joined by "and" ("in Iraq and Syria") split the mention into one incident per place.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Callable, ContextManager, Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from . import lexicon as lx
from .lexicon import Category
from .actors import GENERIC_ACTOR, STATE_FORCES, Actor, ActorIndex, group_names
from .dates import DateResolver
from .harm import harmless, is_animal
from .mentions import MentionFinder, PlaceKind
from .article import OPENING_CHARS, find_dateline, headline_end
from .model import Article, DateMention, Extraction, Incident, Mention, Site
from .quantities import ADDED, FIGURE, LARGE_TOLL, ONE_NAMED, VAGUE, figure_kind, injured_kind, parse_count

_PLACE_NOUNS = {"city", "capital", "town", "village", "province", "governorate", "district", "region", "area",
                "outskirts", "suburb", "suburbs", "port", "coast", "border", "state", "county", "quarter",
                "centre", "center", "heart", "downtown", "street", "road", "highway",
                # divisions of other countries: "the territory of Beni", "Bucha municipality"
                "territory", "municipality", "commune", "neighbourhood", "neighborhood", "oblast", "prefecture",
                "township", "subdistrict", "sector"}
_PERSON_NOUNS = {"leader", "commander", "soldier", "civilian", "man", "woman", "child", "person", "member",
                 "official", "fighter", "militant", "officer", "journalist", "worker", "guard", "policeman",
                 "chief", "boy", "girl", "resident", "student", "servicemember", "contractor", "sailor",
                 "gunman", "assailant", "attacker", "bomber", "driver", "pilot", "doctor", "nurse", "farmer",
                 "teenager", "shepherd", "fisherman", "paramedic", "policewoman", "national", "citizen",
                 "employee", "villager", "passenger"}
# Place mentions need the NER (which has its own tok2vec) and the rulers; not the shared tok2vec,
# the tagger, parser, attribute ruler or lemmatizer.
_NOT_FOR_PLACES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_MODALS = {"would", "will", "could", "might", "may", "should", "can", "'d", "'ll"}


@dataclass
class _Doc:
    """A parsed article with its lookups, shared by the per-trigger readers."""

    doc: Doc
    text: str  # the original text (the parse may have run on a re-cased headline)
    published: dt.date | None
    mentions: dict[int, Mention]  # token index of the mention's root -> mention
    mention_of: dict[int, Mention]  # any token index inside a mention -> mention
    actors: dict[int, Actor]  # any token index inside an actor alias -> actor
    dates: dict[int, Span] = field(default_factory=dict)  # any token index inside a DATE entity -> entity
    # the words for states ("turkish", "turkey", "russians" -> "Turkey", "Russia"): ActorIndex's
    index: ActorIndex | None = None
    root_of: dict[int, int] = field(default_factory=dict)  # id() of a mention in ``mentions`` -> its root's index

    def root(self, m: Mention) -> Token | None:
        """The root token of a mention of ``mentions`` (None for one the parse does not hold)."""
        i = self.root_of.get(id(m))
        return self.doc[i] if i is not None else None


class IncidentExtractor:
    def __init__(self, nlp, actors: ActorIndex | None = None, dates: DateResolver | None = None,
                 place_kind: PlaceKind | None = None):
        """``place_kind`` tells what a gazetteer knows a name as (see ``extract.mentions``)."""
        self.nlp = nlp
        self.actors = actors or ActorIndex(nlp)
        self.dates = dates or DateResolver()
        self.finder = MentionFinder(place_kind, groups=group_names())

    # -- public ---------------------------------------------------------------------------
    def parse(self, article: Article) -> Iterator[tuple[int, Doc]]:
        """The article's document parsed piece by piece (at most ``CHUNK_CHARS`` each: spaCy needs
        about 1 GB per 100,000 characters), each with its offset in the document. Lazy: a piece
        is parsed when it is asked for, and can be let go before the next one is."""
        for start, text in chunks(for_parsing(article.document)):
            yield start, self.nlp(text)

    def parse_many(self, articles: list[Article], batch_size: int = 16) -> list[list[tuple[int, Doc]]]:
        """The pieces of each article's document parsed together in batches (``nlp.pipe``: faster
        than one by one), for ``extract``'s ``docs``; the same parses as ``parse``."""
        pieces = [chunks(for_parsing(a.document)) for a in articles]
        docs = iter(list(self.nlp.pipe((text for parts in pieces for _, text in parts), batch_size=batch_size)))
        return [[(start, next(docs)) for start, _ in parts] for parts in pieces]

    def parse_for_places(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[list[tuple[int, Doc]]]:
        """Parse only as far as place mentions need (no parser, no lemmatizer): for geoparsing many texts."""
        pieces = [chunks(truecase_headline(t)) for t in texts]
        flat = (text for parts in pieces for _, text in parts)
        with self.nlp.select_pipes(disable=[p for p in _NOT_FOR_PLACES if p in self.nlp.pipe_names]):
            docs = iter(list(self.nlp.pipe(flat, batch_size=batch_size)))
        for parts in pieces:
            yield [(start, next(docs)) for start, _ in parts]

    def mentions(self, docs: list[tuple[int, Doc]], text: str) -> list[Mention]:
        """Place mentions of a parsed document, with offsets into ``text`` (the unparsed document)."""
        out = []
        for start, doc in docs:
            piece = text[start:start + _length(doc)]
            out += [_shift(m, start) for m in self.finder.find(doc, piece)]
        return out

    def extract(self, article: Article, docs: Iterable[tuple[int, Doc]] | None = None,
                guard: Callable[[], ContextManager] = nullcontext) -> Extraction:
        """Place and event mentions of an article, read one piece at a time (a long text never
        holds more than one parsed piece). ``guard``: held while each piece is parsed and read
        (the pipeline's lock), let go between pieces so that other articles are not kept waiting
        behind a long one."""
        docs = iter(docs if docs is not None else self.parse(article))
        text = article.document
        dateline = find_dateline(text, article.published, lambda name: self.finder.place_kind(name) in ("city", "region"),
                                 headline_end(text))
        # "on Sunday" is read against the day the report was filed, where the dateline gives it
        reference = dateline.date.date if dateline is not None and dateline.date is not None else article.published
        mentions: list[Mention] = []
        incidents: list[Incident] = []
        sites: list[Site] = []
        opening: list[tuple[int, DateMention]] = []
        while True:
            with guard():
                start, doc = next(docs, (None, None))
                if doc is None:
                    break
                piece = text[start:start + _length(doc)]
                if start == 0:
                    opening = self._days(doc, piece, reference, headline_end(text))
                # "KYIV, Ukraine (AP) — Russian missiles struck": the dateline's "Ukraine" is no actor
                quiet = range(dateline.start - start, dateline.through - start) if dateline is not None else range(0)
                piece_mentions, piece_incidents, piece_sites = self._extract_piece(doc, piece, reference, quiet)
            del doc
            mentions += [_shift(m, start) for m in piece_mentions]
            sites += [Site(x.nouns, _shift(x.mention, start)) for x in piece_sites]
            incidents += [replace(i, trigger_start=i.trigger_start + start, sentence_start=i.sentence_start + start,
                                  places=[_shift(m, start) for m in i.places],
                                  evidence={k: (a + start, b + start) for k, (a, b) in i.evidence.items()})
                          for i in piece_incidents]
        if dateline is not None and dateline.date is not None:
            opening.append((dateline.start, dateline.date))  # after the body's own days
        if dateline is not None and not any(m.start == dateline.start for m in mentions):
            # "Srinagar: Five persons were injured ...": the place the report was filed from, though
            # the NER saw no name there
            mentions = sorted(mentions + [Mention(dateline.place, dateline.start, dateline.end, "GPE")],
                              key=lambda m: m.start)
        return Extraction(mentions, incidents, opening, dateline, sites)

    def _days(self, doc: Doc, text: str, reference: dt.date | None, headline: int) -> list[tuple[int, DateMention]]:
        """The days named in the opening of the document (not weeks or months), with their offsets,
        those that date something done first ("On July 21, coalition forces conducted ..."), then
        those of a report ("the ministry said on Monday"), then those of a clause that times
        something else by another event (``_subordinate``), then the headline's; a date standing on
        a line of its own ("July 22, 2016", "Published ...") is the page's, not the story's."""
        days = []
        for ent in doc.ents:
            if ent.start_char >= OPENING_CHARS or not _names_a_day(ent):
                continue
            verb = next((a for a in ent.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is None or any(c.dep_ == "nsubj" and c.lemma_.lower() == "toll" for c in verb.children):
                continue  # ("the toll rose to seven today": the day of a count, not of the story)
            day = self.dates.resolve(text[ent.start_char:ent.end_char], reference)
            if day is not None and day.precision == 1:
                rank = 2 if ent.start_char < headline else 1 if verb.lemma_.lower() in lx.REPORTING_VERBS \
                    or _day_of_saying(ent) else 1.5 if _subordinate(verb) else 0
                days.append((rank, ent.start_char, day))
        return [(offset, day) for _, offset, day in sorted(days, key=lambda d: (d[0], d[1]))]

    def _extract_piece(self, doc: Doc, text: str, published: dt.date | None,
                       quiet: range = range(0)) -> tuple[list[Mention], list[Incident], list[Site]]:
        """``quiet``: offsets in the piece (a dateline's) where no actor is named."""
        mentions = self.finder.find(doc, text, descriptive=True)
        ctx = _Doc(doc, text, published, {}, {}, {}, index=self.actors)
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or m.label == "NORP":
                continue  # "Palestinians were killed": the people, not where it happened
            ctx.mentions[span.root.i] = m
            ctx.root_of[id(m)] = span.root.i
            for t in span:
                ctx.mention_of[t.i] = m
        for actor in self.actors.find(doc):
            if actor.span.start_char in quiet:
                continue
            for t in actor.span:
                ctx.actors[t.i] = actor
        for ent in doc.ents:
            if _names_a_day(ent):
                ctx.dates.update((i, ent) for i in range(ent.start, ent.end))
        incidents: list[Incident] = []
        for sent in doc.sents:
            triggers = [t for t in sent if _is_trigger(t)]
            events = [t for t in triggers if not _absorbed(t, triggers)]
            for t in events:
                incidents.extend(self._read(ctx, sent, t, [o for o in events if o != t]))
        sites = [site for i, m in ctx.mentions.items() if (site := _site(doc[i], m)) is not None]
        return mentions, incidents, sites

    # -- one trigger ----------------------------------------------------------------------
    def _read(self, ctx: _Doc, sent: Span, trig: Token, others: list[Token]) -> list[Incident]:
        if _irrealis(trig):
            return []
        blocked = set()
        for o in others:
            if not _is_ancestor(o, trig):
                blocked.update(t.i for t in o.subtree)
        own = [t for t in trig.subtree if t.i not in blocked]
        clause = _clause_scope(trig, blocked)
        ended = _clause_scope(trig, blocked, ended=True)
        if _timed_against(trig):
            # "The attack came days ahead of a meeting in Indonesia": the rest of the clause is the
            # other event's (its place, its day), however the parser hung it
            clause = ended = own
        # The subject's own places say where the actor is, not the event ("Houthis in Yemen target ...").
        subject = {x.i for c in trig.children if c.dep_ == "nsubj" for x in c.subtree}
        # (but where the subject names no actor, it is the victims, and their place the event's:
        # "protestors in Momand Dara district ... killing 19", as the parser may read it)
        victims = [t for t in own if t.i in subject] if not any(
            c.i in ctx.actors for c in trig.children if c.dep_ == "nsubj") else []
        # ... nor do the subjects' places of a clause of its own under it ("killed 26 in the east
        # as the authorities in Kinshasa demanded ...": where those others are)
        beside = {x.i for c in own if c.dep_ in ("advcl", "ccomp") and c.head == trig
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and not _is_ancestor(s, trig)
                  for x in s.subtree}
        # ... nor any place of what others are said to say beside it ("nine soldiers were killed,
        # as the French commander said an operation on the Burkina Faso border went on")
        # (the parser may hang "as" on the saying as a preposition, the saying on the event as a conjunct)
        beside |= {x.i for c in own if c.dep_ in ("advcl", "conj") and c.head == trig
                   and c.lemma_.lower() in lx.REPORTING_VERBS and any(g.dep_ == "nsubj" for g in c.children)
                   and any(g.dep_ in ("mark", "prep") and g.lower_ in ("as", "while") and g.i < c.i for g in c.children)
                   for x in c.subtree}
        # ... nor what a clause on it times it against ("the attack, which comes ahead of the
        # anniversary of its intervention in Yemen": where that other thing was), in any scope
        timed = {x.i for c in trig.children if c.dep_ in ("relcl", "acl") and c.lemma_.lower() == "come"
                 and any(g.lower_ in _TIMED_AGAINST for g in c.children) for x in c.subtree}
        groups = (_place_groups(ctx, [t for t in own if t.i not in subject | beside | timed], trig)
                  or _place_groups(ctx, [t for t in clause if t.i not in timed], trig)
                  or _place_groups(ctx, [t for t in ended if t.i not in timed], trig)
                  or _place_groups(ctx, victims, trig) or _fronted_place(ctx, sent))
        groups = [_with_container(ctx, g) for g in groups]
        date, date_span = self._date(ctx, own, trig) or self._date(ctx, clause, trig) \
            or self._date(ctx, ended, trig) or self._anchored_date(ctx, trig) \
            or self._fronted_date(ctx, sent, trig) or (None, None)
        # "nine were killed by the strikes in Kharkiv while two others were killed in Krasnohrad":
        # the other place's toll, of the same strikes
        cause = _side_cause(trig)
        event_word = cause if cause is not None else trig
        actor1, actor2, target_kind, claimed, target_word = _actors(ctx, event_word)
        own_ids = {x.i for x in own}
        # A toll word past another event word is that event's: "the bombing came a week after
        # another air strike, killing 20" (20 is the other strike's toll)
        # ... and so is the toll of a verb another event word is the subject of: "Hezbollah fired
        # rockets after an Israeli strike on the village killed two fighters"
        mine = {x.i for x in trig.subtree}
        theirs = {x.i for o in others if o.dep_ in ("nsubj", "nsubjpass") and o.head.lemma_.lower() in _TOLL_OF
                  and o.head != trig for x in o.head.subtree if x.i not in mine}
        # (nor is the toll of the clause an event answered hangs from: "killing 25 fighters, in
        # retaliation for a rocket attack that killed a contractor")
        answered = _answered(trig)
        toll_scope = [t for t in own if t.i not in theirs]
        if not answered:
            toll_scope += [t for t in clause if t.i not in own_ids and t.i not in theirs and not any(
                min(t.i, trig.i) < o.i < max(t.i, trig.i) and not _is_ancestor(o, trig) for o in others)]
        fatalities, injured, toll_spans, added, victims = _toll(trig, toll_scope)
        evidence = {"trigger": (trig.idx, trig.idx + len(trig)), **toll_spans}
        if date_span:
            evidence["date"] = date_span
        for key, actor in (("actor1", actor1), ("actor2", actor2)):
            if actor is not None:
                evidence[key] = (actor.span.start_char, actor.span.end_char)
        sub_type = _sub_type(event_word)
        if sub_type == lx.AIR and event_word.lemma_.lower() == "raid" \
                and (actor1 is None or actor1.kind != "state") and not _by_air(event_word):
            # "a raid on an army camp", "herders on camels raided the village": by air only where
            # the words or a state's forces say so
            sub_type = lx.ATTACK
        if trig.lemma_.lower() in lx.TOLL_VERBS and any(c.dep_ == "nsubj" and c.lemma_.lower() in _FIGHTING
                                                       for c in trig.children):
            sub_type = lx.CLASH  # "heavy fighting killed at least a dozen": a battle's toll
        category = _categorize(event_word, sub_type, actor1, actor2, target_kind)
        # Only a named agent makes the category sure; a target ("a base", "a ship") makes it a guess.
        category_sure = actor1 is not None
        aggregate = _is_aggregate(trig, own + clause, fatalities, date) or (
            (trig.tag_ == "NNS" or trig.lemma_.lower() == "toll") and date is None and (fatalities or 0) >= LARGE_TOLL)
        # ("12,000 killed in attacks", "the actual death toll was nearing 5,000": a war's, not a day's)
        generic = (trig.tag_ == "NNS" and (date is None or date.precision >= 3) and fatalities is None
                   and injured is None and (not _definite(trig) or _told_as_cause(trig, sent.root)))
        # ("attacks on bases and raids into towns"; "a blockade in retaliation for the rebel attacks")
        if _conjoined(ctx, groups):
            # "a drone attack on the Kharkiv and Dnipro regions, injuring six": the toll is the
            # whole's, not each place's (and "12 were killed in Ghor, Helmand and Badakhshan
            # provinces", told by its toll alone, is a total over the places)
            aggregate = aggregate or category is None and (fatalities or injured) is not None
            fatalities = injured = None
            for key in ("fatalities", "injured"):
                evidence.pop(key, None)
        sentence = ctx.text[sent.start_char:sent.end_char].strip()
        earlier = _earlier_by(trig)
        base = dict(category=category, sub_type=sub_type, trigger=ctx.text[trig.idx:trig.idx + len(trig)],
                    trigger_start=trig.idx, sentence=sentence, sentence_start=sent.start_char, date=date,
                    actor1=actor1.name if actor1 else None, actor2=actor2.name if actor2 else None,
                    fatalities=fatalities, injured=injured, aggregate=aggregate, category_sure=category_sure,
                    evidence=evidence, definite=trig.pos_ != "VERB" and (_definite(trig) or trig.dep_ == "attr"),
                    distinct=_distinct(trig) and trig.dep_ != "attr" or category is not None and earlier is not None,
                    earlier=earlier is not None or _remembered(trig) or answered,
                    days_before=_days_before(earlier),
                    claimed=claimed, strikes_counted=aggregate and _counted_strikes(trig), generic=generic and not aggregate,
                    target=target_word.lemma_.lower() if target_word is not None and target_word.pos_ == "NOUN" else None,
                    toll_kinds={k: _added(_kind_of(ctx.text, evidence[k], sentence, k), k in added)
                                for k in ("fatalities", "injured") if k in evidence},
                    toll_victims={k: v for k, v in victims.items() if k in evidence})
        confidence = 0.4 + 0.1 * bool(date) + 0.1 * bool(actor1) + 0.05 * bool(actor2) + 0.05 * (fatalities is not None)
        parts = _including(ctx, own + clause)
        if parts:
            # "strikes across Gaza killed 40, including 12 in Nuseirat and eight in Khan Younis":
            # an event at each place with its own count; the whole is their sum
            told = {id(m) for _, _, m, _ in parts}
            wider = [g for g in groups if not any(id(m) in told for m in g)]
            out = [Incident(**{**base, "aggregate": True}, places=g, confidence=round(confidence, 2))
                   for g in (wider or [[]])]
            for field_name, n, m, noun in parts:
                span = (noun.left_edge.idx, noun.idx + len(noun))
                values = {"fatalities": None, "injured": None, field_name: n}
                out.append(Incident(**{**base, **values, "evidence": {**evidence, field_name: span},
                                       "toll_kinds": {field_name: figure_kind(ctx.text[span[0]:span[1]], sentence)},
                                       "toll_victims": _victims(field_name, noun)},
                                    places=[m], confidence=round(confidence + 0.2, 2)))
            return out
        if not groups:
            return [Incident(**base, places=[], confidence=round(confidence, 2))]
        out = [Incident(**base, places=g, confidence=round(confidence + 0.2, 2)) for g in groups]
        toll_field = "fatalities" if fatalities is not None and injured is None else \
            "injured" if injured is not None and fatalities is None else None
        own_counts = [_count_at(ctx, g) for g in groups] if toll_field and len(groups) > 1 else []
        rest_spans: dict[str, tuple[int, int]] = {}
        wheres = [_count_where(ctx, g) for g in groups] if toll_field == "fatalities" and len(groups) > 1 else []
        if sum(c is not None for c in own_counts) <= 1 and sum(w is not None for w in wheres) == 1:
            # "struck in Kunduz, leaving 15 soldiers dead, and in Farah province, where they killed
            # four policemen": the place told with its own dead has them; the others the rest
            k = next(j for j, w in enumerate(wheres) if w is not None)
            n, noun, told = wheres[k]
            rest, _, rest_spans, _, _ = _toll(trig, [t for t in toll_scope if t.i not in told])
            own_counts = [(n, noun) if j == k else (rest, None) for j in range(len(groups))]
        if sum(c is not None for c in own_counts) > 1:
            # "killed six Taliban in Ghor, two insurgents in Badakhshan and four others in Helmand":
            # each place its own count
            for k, found in enumerate(own_counts):
                if found is not None:
                    n, noun = found
                    span = (noun.left_edge.idx, noun.idx + len(noun)) if noun is not None \
                        else rest_spans.get(toll_field)
                    if span is None:
                        out[k] = replace(out[k], **{toll_field: None})
                        continue
                    out[k] = replace(out[k], **{toll_field: n}, evidence={**out[k].evidence, toll_field: span},
                                     toll_kinds={**out[k].toll_kinds,
                                                 toll_field: figure_kind(ctx.text[span[0]:span[1]], sentence)},
                                     toll_victims=_victims(toll_field, noun))
        return out

    def _fronted_date(self, ctx: _Doc, sent: Span, trig: Token) -> tuple[DateMention, tuple[int, int]] | None:
        """"On Sunday, in Northwest province, a homemade bomb injured seven": the day a sentence
        opens with, before a comma, is its event's, however the parser hung it."""
        ent = ctx.dates.get(sent.start + (sent[0].lower_ in ("on", "in", "last", "early", "late")))
        if ent is None or ent.end >= trig.i or ent.end >= len(ctx.doc) or ctx.doc[ent.end].text != ",":
            return None
        if any(t.lemma_.lower() in lx.REPORTING_VERBS for t in ctx.doc[ent.end:trig.i]):
            return None  # "On Tuesday, the UN said it verified the killings of 115": the day of the saying
        resolved = self.dates.resolve(ctx.text[ent.start_char:ent.end_char], ctx.published)
        return (resolved, (ent.start_char, ent.end_char)) if resolved else None

    def _anchored_date(self, ctx: _Doc, trig: Token) -> tuple[DateMention, tuple[int, int]] | None:
        """"The agency had called in May for the centre to be evacuated after a projectile landed
        nearby, injuring two": an event told in a clause of "after" (or "before", "when") under
        a dated one is of about that day (not of the story's)."""
        v = _event_verb(trig)
        anchored = False
        while v is not None and v.dep_ == "advcl":
            anchored = anchored or any(c.dep_ == "mark" and c.lower_ in ("after", "before", "when") for c in v.children)
            v = v.head
            if v.lemma_.lower() in lx.REPORTING_VERBS:
                return None
            if not anchored:
                continue
            for c in v.children:
                words = [c] if c.dep_ == "npadvmod" else [p for p in c.children if p.dep_ == "pobj"] \
                    if c.dep_ == "prep" and c.lower_ in ("in", "on", "during", "at") else []
                ent = next((ctx.dates[w.i] for w in words if w.i in ctx.dates), None)
                resolved = self.dates.resolve(ctx.text[ent.start_char:ent.end_char], ctx.published) if ent else None
                if resolved:
                    return resolved, (ent.start_char, ent.end_char)
        return None

    def _day_told_before(self, ctx: _Doc, ent: Span) -> DateMention | None:
        """"On that day", "later the same day": the day the text named last, in this sentence or
        the one before."""
        first = ent.sent.start if ent.sent.start == 0 else ctx.doc[ent.sent.start - 1].sent.start
        for before in reversed([e for e in ctx.doc.ents if first <= e.start and e.end <= ent.start]):
            if before.label_ == "DATE" and not _THAT_DAY.search(before.text):
                day = self.dates.resolve(ctx.text[before.start_char:before.end_char], ctx.published)
                return day if day is not None and day.precision == 1 else None
        return None

    def _date(self, ctx: _Doc, scope: list[Token], trig: Token) -> tuple[DateMention, tuple[int, int]] | None:
        # The day a clause hangs from comes first: "since January 2019, when twin bombings before
        # Sunday service killed 20" (not that Sunday)
        when = _event_verb(trig)
        if when is not None and when.dep_ == "advcl" and when.tag_ == "VBG":
            when = when.head  # "September 18, when militants broke into a camp in Uri, killing 18"
        if when is not None and when.dep_ == "relcl" and any(c.lower_ == "when" for c in when.children):
            ent = ctx.dates.get(when.head.i)  # "Oct. 7, when Hamas-led fighters attacked Israel": that day's
            said = ctx.text[ent.start_char:ent.end_char] if ent else ""
            resolved = self.dates.resolve(re.sub(r"^(?:between|from)\s+", "", said, flags=re.IGNORECASE),
                                          ctx.published) if ent else None
            if resolved:
                return resolved, (ent.start_char, ent.end_char)
        seen = set()
        overnight = said_day = None
        for t in scope:
            if t.lower_ == "overnight" and t.i not in ctx.dates and ctx.published and _dates_event(t, trig):
                overnight = t
            ent = ctx.dates.get(t.i)
            if not ent or ent.start in seen:
                continue
            seen.add(ent.start)
            head = ent.root.head
            if head.lower_ in ("since", "until", "before", "by", "ahead", "after"):
                continue  # a boundary of a period, not the day of the event
            if any(a.lower_ == "since" or a.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since"
                                                                    for c in a.children)
                   for a in _path_up(ent.root, trig)):
                continue  # ("the deadliest air strike since the military seized power in a February 2021 coup")
            if not _dates_event(ent.root, trig):
                continue
            if trig.lemma_.lower() == "toll" and (not _is_ancestor(trig, ent.root) or head.lower_ == "on"):
                # "the toll rose to seven today", "the death toll on Saturday rose to 62": the day of
                # the count ("Sunday's toll" is the event's)
                continue
            text = ctx.text[ent.start_char:ent.end_char]
            resolved = self._day_told_before(ctx, ent) if _THAT_DAY.search(text) else \
                self.dates.resolve(text, ctx.published)
            if resolved and _day_of_saying(ent):
                # "the military said on Thursday it had killed 24 militants in an airstrike on
                # Wednesday": the parser may hang the saying's day on the event; a later day wins
                said_day = said_day or (resolved, (ent.start_char, ent.end_char))
            elif resolved:
                return resolved, (ent.start_char, ent.end_char)
        if said_day:
            return said_day
        if overnight is not None:
            # "struck Kharkiv overnight", with no day named: the night that ends on the day of the
            # report (live blogs and wires code it to that day)
            return DateMention(ctx.published, 1, overnight.text), (overnight.idx, overnight.idx + len(overnight))
        return None


# -- helpers -------------------------------------------------------------------------------


def _subordinate(verb: Token) -> bool:
    """Is the verb's clause one that times another thing by it, not one told or reported: "at the
    same hour that the United States killed a general on Friday", "the first clash since the army
    seized the town on Monday"? Its day is another event's, less telling of the story's than a
    report's. (Not "after": "the move comes after rebels attacked tankers on Wednesday" tells the
    story's event; nor "when" or "while", which tell the event itself.)"""
    return verb.dep_ in ("ccomp", "advcl", "relcl", "acl") and verb.head.lemma_.lower() not in lx.REPORTING_VERBS \
        and any(c.dep_ == "mark" and c.lower_ in ("that", "since") for c in verb.children)


# A day named by the one told before it.
_THAT_DAY = re.compile(r"\b(?:that|the same) day\b", re.IGNORECASE)
# Times of day that name the day too: "last night" (the day before the report), "this morning".
_DAY_TIME = re.compile(r"\b(?:last night|yesterday|tonight|this (?:morning|afternoon|evening))\b", re.IGNORECASE)


def _names_a_day(ent: Span) -> bool:
    """A date, or a time that says which day ("Wednesday night", "late last night" are TIMEs)."""
    return ent.label_ == "DATE" or ent.label_ == "TIME" and (
        any(t.lower_ in lx.WEEKDAYS for t in ent) or _DAY_TIME.search(ent.text) is not None)


def _event_verb(trig: Token) -> Token | None:
    """The verb that tells the event: the trigger, or the verb it hangs from ("a strike killed")."""
    return trig if trig.pos_ == "VERB" else trig.head if trig.head.pos_ == "VERB" else None


def _told_as_cause(trig: Token, top: Token) -> bool:
    """Is the event below ``top`` as what came before it ("following the attack, the government
    yesterday banned ...", "imposed a blockade in November in retaliation for the attacks")?"""
    for x in (trig, *trig.ancestors):
        if x == top:
            return False
        if x.dep_ == "prep" and (x.lower_ in ("after", "following", "since")
                                 or x.lower_ in ("for", "to") and x.head.lemma_.lower() in _ANSWERS):
            return True
    return False


_ANSWERS = {"retaliation", "response", "revenge", "reprisal", "reaction"}
_REVENGE = {"retaliation", "revenge", "reprisal"}  # (answers by force, to what was done before)


def _day_of_saying(ent: Span) -> bool:
    """A day straight after a reporting verb: "said on Thursday (that) ...", "told AFP Monday"."""
    doc = ent.doc
    k = ent.start - 1
    if k >= 0 and doc[k].lower_ == "on":
        k -= 1
    named = k
    while named >= 0 and doc[named].ent_type_ in ("ORG", "PERSON"):
        named -= 1  # "told Al Jazeera on Monday"
    if named < k and named >= 0 and doc[named].lemma_.lower() == "tell":
        k = named
    return k >= 0 and doc[k].lemma_.lower() in lx.REPORTING_VERBS and doc[k].pos_ in ("VERB", "AUX")


def _dates_event(word: Token, trig: Token) -> bool:
    """Does a date word date this event, not the report of it ("said on Thursday") or something
    said of a place or a person ("a town seized last month")? The first verb above the date
    decides; a date inside the event's own phrase ("the strike Wednesday evening") dates it."""
    if word.head.lower_ == "of" and word.head.head.lower_ == "as":
        return False  # "as of this morning, 25 dead": when the count stood, not when they died
    for a in word.ancestors:
        if a == trig:
            return True
        saying = lx.REPORTING_VERBS if a.pos_ in ("VERB", "AUX") else lx.SAYING_NOUNS if a.pos_ == "NOUN" else ()
        if a.lemma_.lower() in saying:
            return False  # (also "confirming the attack in a statement on Thursday": the day of the saying)
        if _is_ancestor(a, trig):
            return not _told_as_cause(trig, a)
        if a.pos_ in ("VERB", "AUX"):
            if a.dep_ in ("relcl", "acl", "advcl", "ccomp") and a.head != trig and not _is_ancestor(trig, a):
                # "Ras al-Ain, which saw fighting when Ankara launched an offensive last month" (but "a
                # blast targeting a convoy that killed eight on May 3" is the blast's)
                return False
    return True


# Longest piece of text given to spaCy at once: its parser and NER need about 1 GB of memory per
# 100,000 characters, and it refuses more than 1,000,000. A news article fits in one piece; a long
# text is read a piece at a time, each taking the pipeline for about a second.
CHUNK_CHARS = 20_000


def _length(doc: Doc) -> int:
    """len(doc.text) without building the text (Doc.text joins every token anew)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``limit`` characters, at a line break, else after a
    full stop, else at a space, in the second half of the window. Returns (offset, piece) pairs."""
    out, start = [], 0
    while len(text) - start > limit:
        window_start, window_end = start + limit // 2, start + limit
        cut = text.rfind("\n", window_start, window_end)
        if cut == -1:
            cut = text.rfind(". ", window_start, window_end)
            cut = cut + 1 if cut != -1 else -1
        if cut == -1:
            cut = text.rfind(" ", window_start, window_end)
        if cut == -1:
            cut = window_end
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _shift(m: Mention, offset: int) -> Mention:
    return replace(m, start=m.start + offset, end=m.end + offset) if offset else m


_FUNCTION_WORDS = {"in", "on", "at", "of", "for", "after", "near", "to", "with", "by", "as", "and", "the", "a",
                   "an", "from", "over", "into", "off", "amid", "against", "before", "during", "or"}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def for_parsing(text: str) -> str:
    """The text as the parser reads it for events: its headline in sentence case, typographic
    apostrophes as plain ones (the models learnt from text written with the plain one: "on
    Azerbaijan’s Ganja city" is read as one person's name, "Azerbaijan's Ganja" as a country and
    its town). Same length, so offsets are unchanged. (Geoparsing alone keeps them: there the
    NER reads more possessives of people and shops as places, "McDonald's", "Hope's Wings", and
    LGL's F1 drops 0.002.)"""
    return truecase_headline(text).translate(_PLAIN_APOSTROPHES)


_PLAIN_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def truecase_headline(text: str) -> str:
    """Lower-case Title Case words of a headline that the body writes in lower case.

    "US Drone Strike Kills Leader In Baghdad" parses badly; "US drone strike kills leader in
    Baghdad" parses well. Same length, so offsets are unchanged.
    """
    first, sep, rest = text.partition("\n")
    words = first.split()
    if not rest or len(words) < 3 or sum(w[:1].isupper() for w in words) < 0.6 * len(words):
        return text
    body = {_stem(w.strip(".,;:!?“”\"'()")) for w in rest.split() if w[:1].islower()}
    fixed = []
    for i, w in enumerate(first.split(" ")):
        core = w.strip(".,;:!?“”\"'()")
        lower = core.lower()
        if i > 0 and core[:1].isupper() and not core.isupper() and (_stem(lower) in body or lower in _FUNCTION_WORDS):
            w = w.replace(core, core.lower(), 1)
        fixed.append(w)
    return " ".join(fixed) + sep + rest


def _there_was(t: Token) -> bool:
    """"There was an incident at the church": said to have happened, as "the incident" is."""
    return t.dep_ == "attr" and t.head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in t.head.children)


def _is_trigger(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if harmless(t):
        return False  # "died of cholera", "a heart attack", "the car struck a tree"
    if _toll_word(t):
        return True  # "nine people are dead", "the death toll stood at 43": a toll to give an event
    if t.pos_ in ("NOUN", "PROPN") and (lemma in lx.TRIGGER_NOUNS or t.lower_ in lx.TRIGGER_NOUNS):
        if lemma in lx.ANAPHOR_ONLY and not _definite(t) and not _there_was(t):
            return False  # "an incident" introduces nothing; "the incident" names the event told
        return not (t.dep_ == "compound" and t.head.lemma_.lower() in lx.TRIGGER_NOUNS)
    if t.pos_ == "NOUN" and t.lower_ == "fire" and t.dep_ == "dobj" and t.head.lemma_.lower() in ("open", "set"):
        return True  # "gunmen opened fire on worshippers", "settlers set fire to houses"
    if _bare_claim(t):
        return True
    if t.pos_ == "VERB" and t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "VBZ" \
            and t.lower_.removesuffix("s") in lx.TRIGGER_NOUNS:
        return True  # "The cruise missile strikes on Vinnytsia ... were", a plural noun the tagger read as a verb
    if t.pos_ == "VERB" and t.dep_ != "amod":  # "shelled peanuts", "the targeted killing" are no events
        if lemma in lx.TOLL_VERBS:
            return True
        objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma == "launch":  # "launched drones", "launched tens of missiles"
            return any(c.lemma_.lower() in lx.WEAPON_OBJECTS or c.lower_ in VAGUE and any(
                p.lemma_.lower() in lx.WEAPON_OBJECTS for p in _of_objects(c)) for c in objects)
        if lemma == "fire":  # "fired rockets", "rockets were fired" (not "fired the county manager")
            return any((c.lemma_.lower() in lx.FIRED_OBJECTS or c.ent_type_ != "PERSON" and c.pos_ != "PRON"
                        and c.lemma_.lower() not in lx.DISMISSED)
                       and not any(x.lower_ in lx.CROWD_CONTROL for x in c.subtree)  # ("fired tear gas")
                       for c in objects)
        if lemma == "shoot":  # "shot down a drone", "shot dead two policemen"
            return any(c.dep_ in ("prt", "acomp", "oprd", "advmod") and c.lower_ in ("down", "dead") for c in t.children)
        if lemma == "gun":
            return any(c.dep_ == "prt" and c.lower_ == "down" for c in t.children)
        if lemma == "blow":  # "a bomber blew himself up"
            return any(c.dep_ == "prt" and c.lower_ == "up" for c in t.children)
        if lemma in lx.WEAPON_SUBJECT_VERBS:
            return any(c.dep_ == "nsubj" and _is_weapon(c) for c in t.children)
        if lemma in lx.INTERCEPT_VERBS:
            # "intercepted and destroyed a missile": the object the two verbs share
            shared = [c for v in t.children if v.dep_ == "conj" and v.pos_ == "VERB" for c in v.children if c.dep_ == "dobj"]
            return any(_is_weapon(c) for c in objects + shared)
        if lemma in lx.TERRITORY_VERBS:
            return any(c.ent_type_ in ("GPE", "LOC", "FAC") or c.lemma_.lower() in lx.TERRITORY_OBJECTS for c in objects)
        if lemma == "fight":  # a battle: armed sides fight each other, not for a cause or against an illness
            sides = [c for c in t.children if c.dep_ == "nsubj"]
            sides += [x for s in sides for x in s.conjuncts] + objects
            sides += [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("with", "against")
                      for p in c.children if p.dep_ == "pobj"]
            causes = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "for" and not any(
                p.lemma_.lower() in _DURATIONS for p in c.children)]  # "for their rights", not "for three days"
            return sum(_armed_side(x) for x in sides) >= 2 and not causes and not any(
                c.dep_ in ("xcomp", "ccomp") for c in t.children)
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in lx.NATURAL_FORCES for c in t.children) or (
                t.dep_ == "relcl" and t.head.lemma_.lower() in lx.NATURAL_FORCES):
            return False  # "the earthquake that hit southern Turkey"
        if lemma in ("explode", "detonate") and not objects:
            subjects = [c for c in (t.head if t.dep_ == "conj" else t).children if c.dep_ == "nsubj"]
            return all(s.lemma_.lower() in lx.EXPLOSIVE_SUBJECTS or s.lower_ in lx.EXPLOSIVE_SUBJECTS or _is_weapon(s)
                       for s in subjects)  # "a device detonated", not "the toads exploded"
        if lemma == "strike" and not objects and any(c.dep_ == "nsubj" and (_armed_side(c) or _is_weapon(c))
                                                      for c in t.children):
            # "the Taliban struck Thursday in Kunduz", "militants struck again", "three jets struck
            # at a concert" (not "a quake struck")
            return True
        if lemma in lx.TRIGGER_VERBS:
            # "hit", "target", "fire" are events only with something hit: an object or a passive subject.
            return bool(objects) or lemma in ("attack", "bomb", "shell", "ambush", "clash", "raid", "storm")
    return False


_DURATIONS = {"minute", "hour", "day", "night", "week", "month", "while"}
# Words for a battle as the killer: "fighting killed a dozen", "clashes left six dead".
_FIGHTING = {"fighting", "clash", "battle", "firefight", "gunfight", "shootout", "gunbattle", "skirmish"}


def _armed_side(noun: Token) -> bool:
    """"troops", "Islamic State fighters", "the police", "Hezbollah": one side of a battle."""
    return noun.lemma_.lower() in lx.ARMED_NOUNS or noun.lower_ in lx.ARMED_NOUNS or noun.ent_type_ in ("NORP", "ORG")


def _is_weapon(noun: Token) -> bool:
    """"rockets", "three Katyusha rockets", "ATACMS missile systems", "a drone"."""
    words = {noun.lemma_.lower(), *(c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod"))}
    return bool(words & (lx.WEAPON_OBJECTS | lx.AIRCRAFT))


# Determiners and modifiers that make an event noun name an event already told, or another one.
_DEFINITE_DETS = {"the", "this", "that", "these", "those"}
_DISTINCT_WORDS = {"another", "second", "third", "separate", "other", "earlier", "previous", "first", "fresh",
                   "new", "similar", "latter", "former"}
# ... of them, those that name the story's own event when definite
_NEWS_WORDS = {"fresh", "new"}
# ... of them, those that set an event apart from the one told, not a part of it ("the first attack")
_OTHER_WORDS = {"another", "separate", "other", "earlier", "previous", "similar", "different"}


def _definite(t: Token) -> bool:
    """"the attack", "Thursday's strike", "the latest bombing" (not "an attack", "attacks")."""
    for c in t.children:
        if c.dep_ == "det" and c.lower_ in _DEFINITE_DETS:
            return True
        if c.dep_ == "poss" and (c.ent_type_ in ("DATE", "TIME") or c.lower_ in ("its", "their")):
            return True
    return False


def _distinct(t: Token) -> bool:
    """"another attack", "a second strike", "the first attack", "forces also hit a school",
    "separately, an airstrike killed two", "in a separate attack" (but "the new death toll" is
    the same event's)."""
    if t.lemma_.lower() == "toll":
        return False
    marks = {c.lower_ for c in t.children if c.lower_ in _DISTINCT_WORDS and c.dep_ in ("det", "amod", "advmod")}
    if marks - _NEWS_WORDS or marks and not _definite(t):
        return True  # ("the fresh clash", "the new attack": the story's own event, told again)
    verb = t if t.pos_ == "VERB" else t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if verb is not None and any(c.dep_ == "advmod" and c.lower_ in ("separately", "elsewhere", "meanwhile")
                                for c in verb.children):
        return True
    if t.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "one" and any(
            g.lower_ in _OTHER_WORDS and g.dep_ in ("det", "amod") for g in c.children) for c in t.children):
        return True  # "the latest airstrike comes after a similar one killed 52": that other one
    if verb is not None and verb.lemma_.lower() not in lx.TOLL_VERBS and any(
            c.dep_ == "advmod" and c.lower_ == "later" and _opens(c)  # (or of its "on Friday")
            for c in [*verb.children, *(g for p in verb.children if p.dep_ in ("prep", "npadvmod") for g in p.children)]):
        # "Later on Friday, an insurgent group attacked Nangade town itself", "Later Sunday night,
        # four rockets exploded": the next event of the day
        return True
    if verb is not None and any(c.dep_ == "prep" and c.lower_ == "in" and any(
            p.dep_ == "pobj" and any(w.lower_ in _OTHER_WORDS and w.dep_ in ("det", "amod") for w in p.children)
            for p in c.children) for c in verb.children):
        return True  # "In a separate incident, a mortar shell fell on a house" (not "In the first attack, ...")
    # (but "three policemen were also injured" adds to the event's toll)
    return t.pos_ == "VERB" and t.lemma_.lower() not in lx.TOLL_VERBS \
        and any(c.dep_ == "advmod" and c.lower_ == "also" for c in t.children)


def _bare_claim(t: Token) -> bool:
    """"The Islamic State claimed responsibility, its news agency said": a claim of the event just
    told, which the sentence does not name ("claimed responsibility for the attack" names it)."""
    return t.lemma_.lower() == "responsibility" and t.dep_ == "dobj" and t.head.lemma_.lower() in lx.CLAIM_VERBS \
        and not any(c.dep_ == "prep" for c in t.children) and not any(c.dep_ == "prep" for c in t.head.children)


def _opens(t: Token) -> bool:
    """Does ``t`` open its sentence (the parser may run a paragraph into the one before)?"""
    return t.i == t.sent.start or t.doc[t.i - 1].is_space or t.doc[t.i - 1].text in (".", "!", "?")


def _side_clause(t: Token) -> bool:
    """"... while two others were killed in Krasnohrad": a clause of its own beside the main one."""
    return t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in t.children) \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)


def _side_cause(t: Token) -> Token | None:
    """The event word of the main clause a side clause's toll belongs to ("killed by the strikes")."""
    if t.lemma_.lower() not in lx.TOLL_VERBS or not _side_clause(t):
        return None
    for c in t.head.children:
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in"):
            cause = next((x for x in c.children if x.dep_ == "pobj"), None)
            if cause is not None and cause.pos_ == "NOUN" and _is_trigger(cause):
                return cause
    return None


# What a toll follows from: "deaths after an airstrike", "casualties in the shelling".
_CAUSE_PREPOSITIONS = {"after", "following", "in", "from", "during"}


def _absorbed(t: Token, triggers: list[Token]) -> bool:
    """A kill verb inside an event phrase, or a verb whose subject/object is the event noun, is part of it."""
    lemma = t.lemma_.lower()
    if t.pos_ == "VERB" and t.dep_ in ("relcl", "acl") and t.head in triggers and t.head.pos_ == "NOUN":
        return True  # "an attack during which a convoy was hit at Kumbo", "the strike that hit a school"
    if t.pos_ == "VERB" and t.dep_ == "ccomp" and t.head.dep_ == "relcl" and t.head.lemma_.lower() in lx.REPORTING_VERBS \
            and t.head.head in triggers and t.head.head.pos_ == "NOUN":
        return True  # "an Israeli attack on July 2 which it said targeted an area south of Tartus"
    if t.pos_ == "VERB":
        for c in t.children:
            if c in triggers and c.pos_ in ("NOUN", "PROPN") and c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                return True
        # "killed in the strike", "killed by shelling": the toll belongs to the event.
        if lemma in lx.TOLL_VERBS and any(o != t and o.pos_ != "VERB" and _is_ancestor(t, o) and
                                          o.head.dep_ in ("prep", "agent") and o.head.head == t for o in triggers):
            return True
    if lemma in lx.TOLL_VERBS or t.lower_ == "killing" or _toll_word(t):
        if any(o != t and _is_ancestor(o, t) and o.lemma_.lower() not in lx.TOLL_VERBS for o in triggers):
            return True
        if _toll_word(t) and t.head.pos_ in ("VERB", "AUX") and any(
                c in triggers and c != t and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in t.head.children):
            return True  # "the attack caused no casualties", "the attack left 10 dead": the attack's toll
        if _toll_word(t) and t.dep_ in ("dobj", "nsubjpass") and any(
                p.dep_ == "prep" and p.lower_ in _CAUSE_PREPOSITIONS and any(o in triggers and o.dep_ == "pobj" for o in p.children)
                for p in t.head.children):
            return True  # "officials confirmed 29 deaths after an airstrike": the airstrike's toll
        if t.dep_ == "acl" and t.head.like_num and t.head.dep_ == "conj" and t.head.head in triggers:
            return True  # "13,000 have been killed and 30,000 injured": one toll (the parser's "30,000 injured")
        if _side_clause(t):
            return False  # "... while two others were killed in Krasnohrad": another place's toll
        # "An airstrike destroyed a building, killing seven", "attacks took place, leaving seven
        # people dead": the toll of the subject's event.
        clause = t
        for hop in range(2):
            # ("dead" is the object's complement of "leaving"; a said-clause is another's)
            links = ("advcl", "conj", "xcomp") + (("oprd", "ccomp") if hop == 0 and _toll_word(t) else ())
            if clause.dep_ not in links or clause.head.pos_ != "VERB" or _another_time(clause):
                break
            clause = clause.head
            if clause in triggers or any(c in triggers and c.dep_ in ("nsubj", "dobj") for c in clause.children):
                return True
    return False


def _is_ancestor(a: Token, b: Token) -> bool:
    return a == b or any(x == a for x in b.ancestors)


def _clause_scope(trig: Token, blocked: set[int], ended: bool = False) -> list[Token]:
    """The governing clause of an event noun that is an object, less its subject. ``ended``: the
    clause a participle ends ("attackers struck again on Friday evening, killing seven"), where
    the trigger is one."""
    t = trig.head if trig.dep_ in ("nsubj", "nsubjpass") else trig
    if ended:
        if trig.dep_ != "advcl" or trig.tag_ != "VBG" or any(c.dep_.startswith("nsubj") for c in trig.children) \
                or trig.head.dep_ not in ("ROOT", "conj"):
            return []  # (a participle under a clause of a clause is too often misattached)
        t = trig.head
    hit = False  # "the detachment in Soum province was the target of an attack": the subject is what was hit
    while t.head != t and (t.dep_ in ("pobj", "dobj", "prep", "appos", "conj", "compound", "attr")
                           or t.dep_ == "acomp" and t.lemma_.lower() in _ANSWERING):
        hit = hit or t.dep_ == "attr" and t.lemma_.lower() in ("target", "scene")
        t = t.head
    if t == trig or t.pos_ not in ("VERB", "AUX"):
        return []
    if trig.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() not in lx.EVENT_PREDICATES:
        return []  # "Wednesday's attack followed airstrikes in Iraq": the places are not the attack's
    subj = set() if hit else {x.i for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and not _is_ancestor(c, trig)
                              for x in c.subtree}
    # A clause of its own under the verb tells something else: "the attack took place as
    # negotiators met in Doha".
    other = {x.i for c in t.children if c.dep_ in ("advcl", "ccomp", "relcl") and not _is_ancestor(c, trig)
             and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
             and (not any(g.dep_ in ("mark", "advmod") and g.lower_ in ("when", "after") for g in c.children)
                  or _another_time(c))  # ("the attacks came days after militants bombed a rally in X")
             for x in c.subtree}  # (but "nine are dead after gunmen burst into a bar in X" is about the dead)
    return [x for x in t.subtree if x.i not in blocked and x.i not in subj and x.i not in other]


# "were believed to be responsible for the killing of 20 people ... a fortnight ago": the clause
# of who is to answer for an event is about it
_ANSWERING = {"responsible", "accountable", "behind"}


def _accepted_place(tok: Token, trig: Token, actor_word: bool = False) -> bool:
    """Is this mention root attached as the place of something (not as a modifier)?
    ``actor_word``: the mention is also an actor's name ("U.S.", "Israel")."""
    dep, head = tok.dep_, tok.head
    if any(a.dep_ == "prep" and a.lower_ == "from" for a in _path_up(tok, trig)):
        return False  # "missiles launched from a submarine in the Black Sea": where they came from
    if trig in tok.ancestors and _told_as_cause(tok, trig):
        return False  # "struck Damascus in response to an offensive on Sweida": where its cause was
    if dep == "pobj":
        prep = head.lower_
        if prep in lx.LOCATIVE_PREPOSITIONS or prep == "to" and head.head.lower_ in lx.NEAR_WORDS:
            return True  # ("close to Iraq's capital")
        if prep == "against" and tok.lemma_.lower() in _PLACE_NOUNS:
            return True  # "an attack by gunmen against Seytenga commune": the place it was aimed at
        if prep == "of" and head.head == trig and trig.lemma_.lower() in _OF_A_PLACE:
            return True  # "the shelling of Kherson"
        if prep == "of" and head.head.lemma_.lower() in lx.PART_NOUNS | lx.FACILITY_NOUNS and head.head.dep_ == "pobj" \
                and head.head.head.lower_ in lx.LOCATIVE_PREPOSITIONS:
            return True  # "in a different part of the province", "a market of the Saada province"
        noun = head.head
        # ("launched from the governorate of Saada": where it came from, not where it hit)
        return prep == "of" and noun.lemma_.lower() in _PLACE_NOUNS | lx.AREA_QUALIFIERS \
            and not (noun.dep_ == "pobj" and noun.head.lower_ == "from")
    if dep in ("compound", "nmod") and head == trig and trig.pos_ in ("NOUN", "PROPN") and tok.ent_type_ != "NORP" \
            and not actor_word:
        return True  # "the Jit attack", "the Kabul bombing", "a Mali attack" (not "a US drone strike")
    if dep in ("dobj", "nsubjpass") and (head == trig or (trig.dep_ == "nsubj" and trig.head == head)):
        return True  # "struck Baghdad", "a rocket attack hit Erbil airport"
    if dep in ("appos", "compound", "nmod", "npadvmod", "poss") and head.pos_ in ("NOUN", "PROPN"):
        noun = head.lemma_.lower()
        if noun == "border" and head.dep_ == "pobj" and head.head.lower_ in _TOWARDS:
            return False  # "in Mandera county near the Somalia border": the other side, named to say where
        # "in the capital Sanaa", "on the Abqaiq oil plant", "outside Kabul's airport": the place of a
        # place noun that is itself placed
        if actor_word and dep in ("compound", "nmod") and (noun in lx.FACILITY_NOUNS or any(
                c.dep_ == "prep" and c.lower_ in lx.LOCATIVE_PREPOSITIONS
                and any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in c.children) for c in head.children)):
            # "an attack on a US base in Iraq": whose base it is; "in Iraq" says where ("struck the
            # US facility": whose, wherever it is; "Israel's air base" may be in Israel)
            return False
        if noun in _PLACE_NOUNS | lx.FACILITY_NOUNS:
            # ("at Iraq's Ain Assad air base housing US troops", the tagger taking "housing" for a
            # noun: the base's phrase is where the whole compound is)
            whole = head
            while whole.dep_ == "compound" and whole.head.pos_ == "NOUN" and whole.head.i > whole.i:
                whole = whole.head
            if _accepted_place(whole, trig) or whole.dep_ == "dobj":
                return True
    return False


def _path_up(tok: Token, top: Token) -> list[Token]:
    """The words from ``tok``'s head up to ``top`` (all its ancestors where ``top`` is not one)."""
    path = []
    for a in tok.ancestors:
        if a == top:
            break
        path.append(a)
    return path


# "near the Somalia border", "close to the border with Mali": the other side named to say where.
_TOWARDS = {"near", "along", "toward", "towards", "to"}
# Events whose "of" names the place they hit ("the shelling of Kherson"; not "the attack of the
# Houthis", whose "of" may be the attacker).
_OF_A_PLACE = {"shelling", "bombing", "bombardment", "siege", "storming"}


def _site(tok: Token, mention: Mention) -> Site | None:
    """"the prison site in the northern city of Saada", "a market in Kramatorsk": the kind of
    target a place is named as the place of (climbing "the city of" and the like)."""
    x = tok
    for _ in range(4):
        if x.dep_ != "pobj" or x.head.dep_ != "prep" or x.head.head.pos_ != "NOUN":
            return None
        noun = x.head.head
        kinds = {noun.lemma_.lower()} | {c.lemma_.lower() for c in noun.children if c.dep_ == "compound"}
        if kinds & lx.FACILITY_NOUNS:
            return Site(frozenset(kinds), mention)
        if noun.lemma_.lower() not in _PLACE_NOUNS:
            return None
        x = noun
    return None


def _place_groups(ctx: _Doc, scope: list[Token], trig: Token) -> list[list[Mention]]:
    """Accepted places in scope; a place joined by "and"/"or" to another starts a new group."""
    in_scope = {t.i for t in scope}
    groups: list[list[Mention]] = []
    group_of: dict[int, int] = {}
    for t in scope:
        m = ctx.mentions.get(t.i)
        if m is None:
            continue
        if _accepted_place(t, trig, actor_word=t.i in ctx.actors):
            # "at Ain al-Asad air base in western Iraq": a place inside another place's phrase joins it
            outer = next((group_of[r] for r in group_of if _within_phrase(ctx.doc[r], t)), None)
            if outer is None:
                groups.append([m])
                outer = len(groups) - 1
            else:
                groups[outer].append(m)
            group_of[t.i] = outer
            continue
        # follow conj/appos back to an accepted mention
        link = t
        while link.dep_ in ("conj", "appos") and link.head.i in in_scope:
            link = link.head
            if link.i in group_of:
                if (t.dep_ == "conj" and t.head.i == link.i or (t.dep_ == "conj" and t.head.i in group_of)) \
                        and not _on_a_border(link) and not _division_after_comma(ctx, link, t, m):
                    groups.append([m])
                    group_of[t.i] = len(groups) - 1
                else:
                    groups[group_of[link.i]].append(m)
                    group_of[t.i] = group_of[link.i]
                break
        else:
            if link is not t and link.pos_ == "PROPN" and link.i not in ctx.mentions and _accepted_place(link, trig):
                # "happened in Sitio Lambayong, Barangay Kagay, Maimbung": names the index lacks, in
                # the place's position, and after them the town it has that they lie in
                groups.append([m])
                group_of[t.i] = len(groups) - 1
    # "the town of Cinar, south of Diyarbakir": a place named only to locate another is part of
    # that place's group, not a place of its own
    kept: list[list[Mention]] = []
    for g in groups:
        if kept and all(m.qualifier in ("off", "near") for m in g) and not _conjoined(ctx, [kept[-1], g]):
            kept[-1] = kept[-1] + g  # (also "a base in Kupwara town near the Line of Control")
        elif kept and (hit := _CONTAINED.match(ctx.text, max(m.end for m in kept[-1]))
                       or _IN_PART_OF.match(ctx.text, max(m.end for m in kept[-1]))) and hit.end() >= g[0].start:
            kept[-1] = kept[-1] + g  # "at Nassoumbou, also in Soum province": where the one before lies
        else:
            kept.append(g)
    return kept


def _division_after_comma(ctx: _Doc, first: Token, t: Token, m: Mention) -> bool:
    """"in Dutse, Kaduna State": a division named after a place and a comma, with no "and" or
    "or" between, is where that place lies (the parser reads a conjunct), not a place of its own
    (but "Terter, Aghdam and Barda districts" are three of a kind)."""
    between = ctx.doc[first.i + 1:t.i]
    word = _division_word(m.text)
    before = ctx.mentions.get(first.i)
    return word is not None and (before is None or _division_word(before.text) != word) \
        and any(w.text == "," for w in between) and not any(w.dep_ == "cc" for w in between)


def _division_word(text: str) -> str | None:
    """The division noun in a place's name ("district" of "Terter district"), in lower case."""
    found = _DIVISION_WORD.search(text)
    return found.group().strip().lower() if found else None


def _on_a_border(t: Token) -> bool:
    """"near the border of Mali and Burkina Faso", "the frontier between A and B": one place, on
    the line between the two, not an event in each."""
    return t.dep_ == "pobj" and t.head.lower_ in ("of", "between") and t.head.head.lemma_.lower() in _BORDERS


_BORDERS = {"border", "frontier", "boundary", "borderland"}


# "al-Jabal al-Safar in the north of the capital Cairo": the part of a larger place a place lies in.
_IN_PART_OF = re.compile(r"\s+in\s+the\s+(?:far\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|"
                         r"south-?west|centre|center|outskirts|suburbs)\s+of\s+(?:the\s+)?(?:\w+\s+)?", re.IGNORECASE)


# "in Sambtenga, in Loroum province", "Los Tizatlanes, a village in the municipality of
# Tumbiscatío": what follows a place name to say which larger place it lies in.
_CONTAINED = re.compile(r",\s+(?:(?:also\s+)?in|(?:an?|the)\s+(?:small\s+|remote\s+)?(?:town|village|city|hamlet|locality|"
                        r"settlement|community|area)\s+(?:in|of))\s+(?:the\s+)?(?:\w+\s+of\s+)?", re.IGNORECASE)


# "the village of Kuldana of the Gali district": "of the" / "in the" before a division; "the
# Dansadau emirate of Northwest Nigeria's Zamfara State": the division after its country's name.
_OF_DIVISION = re.compile(r"\s+(?:of|in)\s+the\s+", re.IGNORECASE)
_OF_COUNTRYS_DIVISION = re.compile(r"\s+(?:of|in)\s+(?:(?:the\s+)?[\w-]+\s+)?[A-Z][\w-]*['’]s\s+")
_DIVISION_WORD = re.compile(r"\s*\b(?:district|province|region|county|governorate|oblast|municipality|state|"
                            r"township|prefecture|department|raion|rayon)\b", re.IGNORECASE)


def _with_container(ctx: _Doc, group: list[Mention]) -> list[Mention]:
    """The group, and after its last place the larger place the text says it lies in: where the
    gazetteer lacks a village, the event is placed near its district (geo.locate)."""
    last = max(group, key=lambda m: m.end)
    hit = _CONTAINED.match(ctx.text, last.end)
    division_only = hit is None
    hit = hit or _OF_DIVISION.match(ctx.text, last.end) or _OF_COUNTRYS_DIVISION.match(ctx.text, last.end)
    if hit is None:
        return group
    container = next((m for m in ctx.mentions.values() if m.start == hit.end()), None) \
        or next((m for m in ctx.mentions.values() if hit.start() < m.start <= hit.end()), None)
    if container is not None and division_only and not (
            _DIVISION_WORD.search(container.text) or _DIVISION_WORD.match(ctx.text, container.end)):
        return group  # "the market of the city", "the people of the Donbas": no division named
    if container is None or any(m.start == container.start for m in group):
        return group
    return [*group, container]


def _fronted_place(ctx: _Doc, sent: Span) -> list[list[Mention]]:
    """"Near Hit, two strikes destroyed a mortar cache": a place set before the clause, as
    military statements and round-ups do, is where the sentence's events are."""
    tokens = [t for t in sent if not (t.is_punct or t.is_space) or t.text == ","][:12]
    if len(tokens) > 3 and tokens[0].lower_ == "on" and tokens[1].ent_type_ == "DATE":
        # "On Sunday, in Northwest province, a bomb ...": past the day
        comma = next((k for k, t in enumerate(tokens) if t.text == ","), None)
        tokens = tokens[comma + 1:] if comma is not None else tokens
    tokens = tokens[:8]
    if len(tokens) < 3:
        return []
    opener = tokens[0]
    for k, t in enumerate(tokens[1:4], 1):
        m = ctx.mention_of.get(t.i)
        if m is None:
            continue
        after = next((x for x in tokens[k:] if ctx.mention_of.get(x.i) is not m), None)
        if after is not None and after.text == "," and (opener.lower_ in lx.LOCATIVE_PREPOSITIONS or m.qualifier):
            return [[m]]
        return []
    # the NER's "Near Abu Kamal": the mention itself opens the sentence, its preposition stripped
    m = ctx.mention_of.get(opener.i) or (ctx.mention_of.get(tokens[1].i) if opener.text in ("Near", "Outside") else None)
    if m is not None and m.qualifier in lx.NEAR_QUALIFIERS:
        after = next((x for x in tokens if x.idx >= m.end), None)
        if after is not None and after.text == ",":
            return [[m]]
    return []


def _including(ctx: _Doc, scope: list[Token]) -> list[tuple[str, int, Mention, Token]]:
    """The parts of a toll by place: "killed 40 people, including 12 in Nuseirat and eight in Khan
    Younis" -> [("fatalities", 12, Nuseirat, "12"), ("fatalities", 8, Khan Younis, "eight")]; none
    unless two or more places are told so."""
    out = []
    for inc in scope:
        if inc.lower_ != "including" or inc.dep_ != "prep":
            continue
        verb = inc.head if inc.head.pos_ == "VERB" else inc.head.head
        field_name = _TOLL_OF.get(verb.lemma_.lower())
        first = next((c for c in inc.children if c.dep_ == "pobj"), None)
        if field_name is None or first is None:
            continue
        for item in [first, *first.conjuncts]:
            n = _count(item)
            where = next((c for c in item.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "near")), None)
            place = next((ctx.mention_of[x.i] for x in where.subtree if x.i in ctx.mention_of), None) if where else None
            if n is not None and place is not None:
                out.append((field_name, n, place, item))
    return out if len(out) > 1 else []


def _count_at(ctx: _Doc, group: list[Mention]) -> tuple[int, Token] | None:
    """The count of the people a place is said of: "two insurgents in Jurm district" -> 2."""
    t = ctx.root(group[0])
    if t is None:
        return None
    while t.dep_ in ("compound", "pobj", "prep", "conj") and t.head != t:
        if t.dep_ == "prep" and t.lower_ in ("in", "at") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            n = _count(t.head)
            return (n, t.head) if n is not None else None
        t = t.head
    return None


def _count_where(ctx: _Doc, group: list[Mention]) -> tuple[int, Token, set[int]] | None:
    """The dead a clause on the place counts ("in Farah province, where they killed four
    policemen" -> 4), and the words of that clause."""
    root = ctx.root(group[0])
    if root is None:
        return None
    for c in root.children:
        if c.dep_ == "relcl" and _TOLL_OF.get(c.lemma_.lower()) == "fatalities" \
                and any(w.lower_ == "where" for w in c.children):
            victim = next((v for v in c.children if v.dep_ in ("dobj", "nsubjpass")), None)
            n = _count(victim) if victim is not None else None
            if n is not None:
                return n, victim, {x.i for x in c.subtree}
    return None


def _conjoined(ctx: _Doc, groups: list[list[Mention]]) -> bool:
    """Are the places listed together ("the Kharkiv and Dnipro regions", "in Iraq and Syria")?"""
    return len(groups) > 1 and any((root := ctx.root(g[0])) is not None and root.dep_ == "conj" for g in groups)


def _within_phrase(place: Token, t: Token) -> bool:
    """Is ``t`` attached inside the noun phrase that ``place`` names or modifies?"""
    anchors = [place.head if place.dep_ in ("compound", "appos", "nmod", "poss") else place]
    if place.dep_ == "pobj" and place.head.head.pos_ in ("NOUN", "PROPN"):
        anchors.append(place.head.head)  # "a convoy at al-Tanf in southern Syria": both say where the convoy was
    if t in anchors:
        return True  # "Syria's Deir Ezzor province": the province is what "Syria's" modifies
    for a in t.ancestors:
        if a in anchors:
            return True
        if a.dep_ == "acl" and a.lemma_.lower() in _LOCATING_VERBS:
            continue  # "the city of Kurakhove, located in Ukraine's Donetsk region"
        if a.pos_ in ("VERB", "AUX") or a.dep_ == "conj":
            return False
    return False


_LOCATING_VERBS = {"locate", "situate", "base", "lie", "sit"}


def _subject(t: Token) -> Token | None:
    # the nearest before the verb first: "KYIV, Ukraine (AP) — Russian missiles struck" has the
    # dateline parsed as a subject too
    for c in sorted(t.children, key=lambda c: (c.i > t.i, -c.i if c.i < t.i else c.i)):
        if c.dep_ in ("nsubj", "agent"):
            own = c.lower_ in ("it", "they", "we") or any(
                g.dep_ == "poss" and g.lower_ in ("its", "their", "our") for g in c.children)
            if own and t.dep_ == "ccomp" and t.head.lemma_.lower() in lx.REPORTING_VERBS:
                # "The PKK said it had killed 15 troops", "Hamas said its fighters ambushed": who
                # "it" is, the one who said so
                speaker = next((x for x in t.head.children if x.dep_ == "nsubj"), None)
                return speaker if speaker is not None else c
            first = c.left_edge
            before = next((x for x in t.children if x.dep_ == "nsubj" and x.right_edge.i in (first.i - 2, first.i - 1)
                           and x.i < c.i), None)
            if before is not None and first.lower_ in ("a", "an") and t.doc[first.i - 1].text == ",":
                # "Rebels from the ADF, an Islamist group ..., carried out": an apposition read as a subject
                return before
            return c
    if t.dep_ == "pcomp" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in _ACCUSING_VERBS:
        # "the US accused Kataib Hezbollah of carrying out the strike": the accused did it
        return _accused(t.head.head)
    if t.dep_ == "conj" and t.head.lemma_.lower() in _ACCUSING_VERBS | lx.BLAME_VERBS:
        return None  # "the US accused the militia of a strike ..., and injured four": the parser's conjunct
    if any(c.dep_ == "nsubjpass" for c in t.children) or t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children):
        return None  # "the army found 50 bodies after the village was attacked": a clause of its own, no doer named
    if t.dep_ in ("xcomp", "pcomp", "advcl", "conj", "acl") and t.head != t:
        h = t.head.head if t.dep_ == "pcomp" else t.head
        return _subject(h) if h.pos_ in ("VERB", "AUX") else None
    return None


# Verbs whose object is said to have done what their "of" names: "accused X of carrying out".
_ACCUSING_VERBS = {"accuse", "suspect", "charge"}


def _accused(verb: Token) -> Token | None:
    """Whom an accusing verb names: its object ("accused the militia of ...")."""
    return next((c for c in verb.children if c.dep_ == "dobj"), None) if verb.lemma_.lower() in _ACCUSING_VERBS else None


def _actor_in(ctx: _Doc, root: Token | None) -> Actor | None:
    """The actor named by a phrase: its head word if that is an alias, else the nearest alias in it,
    skipping adjectival parts ("Iran-backed", "Iran's") that name someone else."""
    if root is None:
        return None
    if root.i in ctx.actors:
        actor = ctx.actors[root.i]
        if actor.name not in _UNNAMED:
            return actor
        # "Kataib Hezbollah fighters", "ISIS militants", "gunmen believed to belong to Islamic
        # State", "a drone operated by the RSF": the named group, not just "fighters"
        named = [ctx.actors[c.i] for c in root.children if c.dep_ in ("compound", "amod", "nmod") and c.i in ctx.actors]
        # "Militants of the Kurdistan Workers Party", "fighters from Islamic State", "militants with the ADF"
        named += [ctx.actors[y.i] for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "with")
                  for x in c.children if x.dep_ == "pobj"
                  for y in [x, *(g for g in x.children if g.dep_ in ("compound", "amod"))] if y.i in ctx.actors]
        # ("fighters from the M23 rebel group": the group's name is a word of its phrase)
        named += [a for a in (_actor_by(ctx, c) for c in root.children if c.dep_ in ("acl", "relcl")) if a]
        return next((a for a in named if a.name not in _UNNAMED), actor)
    by = _actor_by(ctx, next((c for c in root.children if c.dep_ in ("acl", "relcl")), None))
    if by is not None:
        return by  # "a drone operated by the RSF", "rockets fired by ISIS militants"
    best = None
    for t in root.subtree:
        if t.i not in ctx.actors:
            continue
        place = ctx.mention_of.get(t.i)
        if place is not None and any(a.dep_ == "prep" and a.lower_ in lx.LOCATIVE_PREPOSITIONS for a in t.ancestors
                                     if _is_ancestor(root, a)):
            continue  # "a building in Damascus": a place, not the government in Damascus
        path = [a for a in t.ancestors if _is_ancestor(root, a)]
        if any(a.dep_ in ("amod", "npadvmod", "poss", "relcl", "acl") for a in [t, *path] if a != root):
            if not (t.dep_ == "compound" and t.head == root):
                continue
        if any(a.dep_ == "prep" and a.lower_ in ("including", "among") for a in path):
            continue  # "several others, including a U.S. service member": who was hurt
        depth = len(path)
        if best is None or depth < best[0]:
            # ("bombings by Islamic State militants": the group the militants are named by)
            best = (depth, _actor_in(ctx, t) if t != root else ctx.actors[t.i])
    return best[1] if best else None


_UNNAMED = {GENERIC_ACTOR, STATE_FORCES}
# Verbs of a modifier clause whose agent owns the thing modified: "a drone operated by the RSF".
_OWNING_VERBS = {"operate", "fire", "launch", "fly", "send", "deploy", "carry", "plant", "own", "pilot"}


def _agent_of(ctx: _Doc, verb: Token) -> Actor | None:
    """The actor a verb's "by" names: "operated by X", "claimed by X", "carried out by X"."""
    for c in verb.children:
        if c.dep_ == "agent":
            found = _actor_after(ctx, c)
            if found is not None:
                return found
    return None


def _actor_after(ctx: _Doc, prep: Token) -> Actor | None:
    """The actor a preposition names: "by X", "on X", "to X"."""
    return _actor_in(ctx, next((x for x in prep.children if x.dep_ == "pobj"), None))


def _actor_by(ctx: _Doc, clause: Token | None) -> Actor | None:
    """The actor of "operated by X", "fired by X", "believed to belong to X", "calling itself X"
    under ``clause``."""
    if clause is None:
        return None
    if clause.lemma_.lower() in _OWNING_VERBS:
        found = _agent_of(ctx, clause)
        if found is not None:
            return found
    if clause.lemma_.lower() in ("call", "name", "know"):
        # "a group calling itself Saraya Awliya al-Dam", "a militia known as X": the name it goes by
        return next((ctx.actors[x.i] for x in clause.subtree if x.i in ctx.actors
                     and ctx.actors[x.i].name not in _UNNAMED), None)
    for t in clause.subtree:  # "believed to belong to Islamic State"
        if t.lemma_.lower() in ("belong", "link", "affiliate", "loyal") and t.i + 1 < len(t.doc):
            for x in t.subtree:
                if x.i in ctx.actors and ctx.actors[x.i].name not in _UNNAMED:
                    return ctx.actors[x.i]
    return None


def _actors(ctx: _Doc, trig: Token) -> tuple[Actor | None, Actor | None, str | None, bool, Token | None]:
    """(agent, target, target kind, claimed, target word): who acted, on whom, whether the target
    is military/shipping, whether the agent is named apart from the event (a claim, a blame), and
    the word for what was hit."""
    agent = target = None
    target_head = None
    claimed = False
    if trig.pos_ == "VERB":
        subj = _subject(trig)
        if subj is not None and subj.dep_ == "agent":
            subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
        if subj is not None and any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in lx.TOLL_VERBS
                                    for c in subj.children):
            # a headline's "12 Egyptian soldiers killed as militants attack checkpoint", parsed with
            # the soldiers as the subject of "attack": the killed are the victims, not the attackers
            victims, subj = subj, None
        elif subj is not None and subj.head == trig and subj.dep_ == "nsubj" and trig.lemma_.lower() in lx.TOLL_VERBS \
                and _passive_of_the_dead(trig) and not any(c.dep_ == "dobj" for c in trig.children):
            # "... and 1 US service member injured": a list's or a headline's participle, whose
            # subject is the hurt, not who hurt them
            victims, subj = subj, None
        else:
            victims = None
        agent = _actor_in(ctx, subj)
        if agent is None and subj is not None and subj.dep_ == "nsubj":
            agent = _country_acting(ctx, subj)  # "Turkey shelled villages", "Pakistan struck ..."
        if agent is None and subj is not None and subj.lemma_.lower() in _STATE_MADE:
            agent = _state_word_actor(ctx, subj)  # "Russian missiles hit Kharkiv" (not "Iraqi protesters attacked")
        obj = next((c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")), None)
        aimed = obj is not None and obj.dep_ == "dobj" and obj.lemma_.lower() in lx.FIRED_OBJECTS
        if obj is None or aimed:
            # (fighting is "with" the other side: "troops clashed with the rebels"; what a weapon
            # was fired at is the target: "fired a missile at a cargo ship")
            sides = ("on", "against", "at", "with") if _fighting(trig) else ("on", "against", "at")
            prep = next((c for c in (*trig.children, *(obj.children if aimed else ()))
                         if c.dep_ == "prep" and c.lower_ in sides), None)
            at = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            obj = at if at is not None or not aimed else obj
        target, target_head = _actor_in(ctx, obj), obj
        if target is None and victims is not None:
            target, target_head = _actor_in(ctx, victims), victims
        agent = agent or _agent_of(ctx, trig)
    else:
        for c in trig.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and (c.i in ctx.actors or any(
                    g.dep_ in ("compound", "amod") and g.i in ctx.actors for g in c.children)):
                # "a Russian strike", "an army drone strike" (army -> drone -> strike)
                agent = ctx.actors.get(c.i) or next(ctx.actors[g.i] for g in c.children if g.i in ctx.actors)
            elif c.dep_ == "prep" and c.lower_ == "by" and (agent is None or agent.name in _UNNAMED):
                # ("a terrorist attack by the ADF": the one named, who the text says did it)
                whom = next((x for x in c.children if x.dep_ == "pobj"), None)
                by = _actor_after(ctx, c) or _country_acting(ctx, whom)  # (a country's name: "by Armenia")
                claimed = by is not None and by.name not in _UNNAMED and trig.tag_ == "NN"
                agent = by or agent
            elif c.dep_ == "acl" and agent is None and c.lemma_.lower() in lx.AGENT_VERBS | lx.CLAIM_VERBS:
                agent = _agent_of(ctx, c)  # "a blast claimed by Islamic State", "an ambush carried out by X"
                claimed = agent is not None
            elif c.dep_ == "acl" and agent is None and c.lemma_.lower() in lx.BLAME_VERBS:
                # "another attack blamed on the ADF rebels"
                on = next((x for x in c.children if x.dep_ == "prep" and x.lower_ in ("on", "to")), None)
                agent = _actor_after(ctx, on) if on is not None else None
                claimed = agent is not None
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "of"):
                pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if c.lower_ != "of" or trig.lemma_.lower() in ("killing", "massacre"):
                    target, target_head = _actor_in(ctx, pobj), pobj
            elif c.dep_ == "prep" and c.lower_ in ("with", "between") and _fighting(trig):
                # "clashes with the rebels"; "fighting between the army and the rebels"
                pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
                other = next((x for x in pobj.children if x.dep_ == "conj"), None) if pobj is not None else None
                if c.lower_ == "between" and other is not None:
                    agent = agent or _actor_in(ctx, pobj)
                    pobj = other
                target, target_head = _actor_in(ctx, pobj), pobj
        verb = _governing_verb(trig)
        if trig.dep_ == "nsubjpass" and trig.head.lemma_.lower() in lx.BLAME_VERBS:
            verb = trig.head  # "the attack was blamed on the Grand Grif gang"
        claims = verb is not None and _claims_it(verb)
        if agent is None and verb is not None and verb.lemma_.lower() in lx.BLAME_VERBS:
            # "the ministry blamed the attack on the YPG", "attributed the bombing to Boko Haram",
            # "officials blamed the Taliban for the attack"
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "to"):
                    agent = _actor_after(ctx, c)
                elif c.dep_ == "dobj" and trig.dep_ == "pobj" and trig.head.lower_ == "for":
                    agent = _actor_in(ctx, c)
            claimed = agent is not None
        elif agent is None and verb is not None and (accused := _accused(verb)) is not None \
                and any(c.dep_ == "prep" and c.lower_ == "of" and _is_ancestor(c, trig)
                        for c in (*verb.children, *accused.children)):
            # "officials suspect the Islamic State of responsibility for the bombings", "accused the
            # militia of the attack" (the parser may hang the "of" on the accused): the accused did it
            agent = _actor_in(ctx, accused)
            claimed = agent is not None
        elif agent is None and verb is not None and trig.dep_ == "pobj" and trig.head.lower_ in ("in", "during") \
                and verb.lemma_.lower() in _TOLL_OF and trig.head.head == verb and not _passive_of_the_dead(verb):
            # "Boko Haram kill 6 civilians in suicide bombing attack" (not "Egypt soldiers killed in
            # attack": a headline's passive, whose subject is the dead)
            agent = _actor_in(ctx, _subject(verb))
        elif verb is not None and (agent is None or agent.name in _UNNAMED and claims) \
                and (trig.dep_ == "dobj" or verb.lemma_.lower() in lx.AGENT_VERBS or claims) \
                and verb.lemma_.lower() not in lx.REPORTING_VERBS - lx.CLAIM_VERBS | _BODIES_FOUND | lx.REACTION_VERBS:
            # "militants carried out an attack", "X claimed the attack" (not "officials of the
            # government reported the attack, blaming the rebels": who told it; nor "the army
            # found 50 bodies": who found them); who claims "the terrorist attack" names its doer
            found = _actor_in(ctx, _subject(verb)) if not _none_of(_subject(verb)) else None
            if found is None and verb.lemma_.lower() in lx.AGENT_VERBS - lx.CLAIM_VERBS:
                found = _country_acting(ctx, _subject(verb), people=True)  # "Turkey launched airstrikes"
            claimed = found is not None and claims
            agent = found or agent
        elif agent is None and verb is not None and trig.dep_ == "dobj" and verb.lemma_.lower() == "announce" \
                and (named := _actor_in(ctx, _subject(verb))) is not None and named.kind == "non-state" \
                and named.name not in _UNNAMED:
            # "Yemen's Houthi rebels announced a strike deep in Emirati territory": an armed group
            # announcing an attack claims it (not "police announced the attack", who told of it)
            agent, claimed = named, True
        elif agent is None and verb is not None and trig.dep_ == "dobj":
            # ("officials reported the attack, blaming Haftar's forces": the blamed did it)
            blaming = next((c for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in lx.BLAME_VERBS), None)
            agent = _actor_in(ctx, next((c for c in blaming.children if c.dep_ == "dobj"), None)) \
                if blaming is not None else None
            claimed = agent is not None
        if agent is None and target is not None and _fighting(trig) and verb is not None and trig.dep_ == "pobj" \
                and trig.head.lower_ in ("in", "during") and verb.lemma_.lower() in _TOLL_OF and _passive_of_the_dead(verb):
            # "four Abu Sayyaf militants were killed in an encounter with government troops": the
            # dead were the other side of the fight
            dead = _actor_in(ctx, next((c for c in verb.children if c.dep_ == "nsubjpass"), None))
            if dead is not None and dead.name not in _UNNAMED and dead.name != target.name:
                agent = dead
        be = None  # of "X is behind the attack", "X is responsible for the attack"
        if trig.dep_ == "pobj" and trig.head.lower_ == "behind":
            be = trig.head.head
        elif trig.dep_ == "pobj" and trig.head.lower_ == "for" and trig.head.head.lower_ == "responsible" \
                and trig.head.head.dep_ == "acomp":
            be = trig.head.head.head  # "Haftar's forces are reported to be responsible for the attack"
        if agent is None and be is not None and be.lemma_ == "be":
            # "Al-Shabaab is believed to be behind this attack", "the group was behind the bombing"
            who = next((c for c in be.children if c.dep_ == "nsubj"), None)
            if who is None and be.dep_ == "xcomp":  # ("is believed to be behind": the believed one)
                who = next((c for c in be.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            agent = _actor_in(ctx, who)
            claimed = agent is not None
        if agent is None and trig.dep_ == "nsubjpass" and trig.head.lemma_.lower() in lx.AGENT_VERBS | lx.CLAIM_VERBS:
            # "the attack was claimed by Islamic State", "the strike was carried out by a Haftar warplane"
            agent = _agent_of(ctx, trig.head)
            claimed = agent is not None and trig.head.lemma_.lower() in lx.CLAIM_VERBS
        if agent is None and trig.dep_ == "nsubj" and trig.head.dep_ == "ccomp" \
                and trig.head.head.lemma_.lower() in lx.CLAIM_VERBS:
            # "IS claimed a suicide attack that police said killed 13", read as a claim of a clause
            agent = _actor_in(ctx, _subject(trig.head.head))
            claimed = agent is not None
        if agent is None:
            agent = _state_word_actor(ctx, trig)  # "a Turkish bombardment", "Ethiopia air strike"
        if agent is None and trig.dep_ == "nsubj" and trig.head.pos_ == "VERB":
            for c in trig.children:
                if c.dep_ == "compound" and c.i in ctx.actors:
                    agent = ctx.actors[c.i]
    if agent is None or agent.name in _UNNAMED:
        # "the regional government blamed the Oromo Liberation Army, saying the rebels attacked ..."
        blame = next((a for a in trig.ancestors if a.lemma_.lower() in lx.BLAME_VERBS), None)
        named = _actor_in(ctx, next((c for c in blame.children if c.dep_ == "dobj"), None)) if blame is not None else None
        if named is not None and named.name not in _UNNAMED:
            agent, claimed = named, True
    kind = None
    if target_head is not None:
        lemma = target_head.lemma_.lower()
        if lemma in lx.SHIPPING_TARGETS:
            kind = "shipping"
        elif lemma in lx.MILITARY_TARGETS:
            kind = "military"
    return agent, target, kind, claimed, target_head


def _passive_of_the_dead(verb: Token) -> bool:
    """"Egypt soldiers killed in attack": a participle whose subject is the dead (not "it had
    killed 15 troops", nor "were killed by the military", whose agent is named)."""
    if verb.tag_ != "VBN" or _perfect(verb):
        return False
    subject = _subject(verb)
    return subject is None or subject.dep_ != "agent"


def _perfect(verb: Token) -> bool:
    """"had killed", "have been killed": told as done by now (a running total, an active past)."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _fighting(trig: Token) -> bool:
    """Is the trigger two sides fighting ("clash", "firefight"), whose other side comes after "with"?"""
    lemma = trig.lemma_.lower()
    return (lx.TRIGGER_NOUNS.get(lemma) if trig.pos_ != "VERB" else lx.TRIGGER_VERBS.get(lemma)) == lx.CLASH \
        and lemma not in lx.TERRITORY_VERBS


# Subjects a state's word before them makes that state's: its weapons and its events.
_STATE_MADE = lx.AIRCRAFT | lx.WEAPON_OBJECTS | set(lx.TRIGGER_NOUNS)
# Words before a weapon or an event that say a state made it without naming the state ("regime
# barrel bombs", "government shelling"): the state where it happened.
_UNNAMED_STATE_WORDS = {"government", "regime"}


def _none_of(subject: Token | None) -> bool:
    """"Neither Syria nor Iran acknowledged the attack": a subject that says nobody did it."""
    return subject is not None and any(c.lower_ in ("neither", "no") and c.dep_ in ("det", "preconj")
                                       for c in subject.children)


def _country_acting(ctx: _Doc, subject: Token | None, people: bool = False) -> Actor | None:
    """The state a country's name stands for as the active subject of an attack: "Turkey launched
    airstrikes", "Pakistan struck hideouts" (the whole subject is the name: not "a town in Turkey");
    with ``people``, also its people's word ("Russians launch a missile strike": who launches a
    strike is a state's forces, where "Palestinians attacked" may be anyone); and the one an
    event is "by" ("the missile strike on Barda by Armenia")."""
    if subject is None or subject.ent_type_ not in ("GPE", "NORP") or not (
            subject.dep_ == "nsubj" or subject.dep_ == "pobj" and subject.head.lower_ == "by"):
        return None
    ent = next((e for e in subject.doc.ents if e.start <= subject.i < e.end), None)
    if ent is None or ent.root != subject:
        return None
    if ent.label_ == "NORP":
        state = ctx.index.peoples_plural.get(ent.text.lower()) if people else None
    else:
        state = ctx.index.state_names.get(ent.text.lower().removeprefix("the "))
    return Actor(state, "state", ent) if state is not None else None


def _state_word_actor(ctx: _Doc, noun: Token | None) -> Actor | None:
    """The state a people's or country's word before a weapon or an event names: "a Turkish
    bombardment", "Russian missiles hit", "Ethiopia air strike"."""
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in noun.children:
        if c.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        key = c.lower_.removesuffix("'s")
        if key in _UNNAMED_STATE_WORDS:
            return Actor(STATE_FORCES, "state", noun.doc[c.i:c.i + 1])  # "a government air strike in Marawi"
        if key in ctx.index.state_words:
            return Actor(ctx.index.state_words[key], "state", noun.doc[c.i:c.i + 1])
        actor = ctx.actors.get(c.i)
        if actor is not None and actor.kind == "state" and actor.span.end - actor.span.start == 1:
            return actor  # "Russian missiles" (a state's word that is also an alias)
    return None


def _claims_it(verb: Token) -> bool:
    """"claimed the attack", "took responsibility for the attack": its subject says it did it."""
    lemma = verb.lemma_.lower()
    return lemma in lx.CLAIM_VERBS or lemma in lx.RESPONSIBILITY_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "responsibility" for c in verb.children)


def _governing_verb(trig: Token) -> Token | None:
    t = trig
    while t.dep_ in ("pobj", "dobj", "prep", "conj") and t.head != t:
        t = t.head
        if t.pos_ == "VERB":
            return t
    return None


def _sub_type(trig: Token) -> str:
    lemma = trig.lemma_.lower()
    if lemma == "shoot":  # "shot down two drones" is an interception, "shot dead" a shooting
        if not any(c.lower_ == "down" for c in trig.children):
            return lx.ATTACK
        lemma = "down"
    base = lx.TRIGGER_NOUNS.get(lemma) or lx.TRIGGER_VERBS.get(lemma) or lx.ATTACK
    if base == lx.DISRUPTED:
        # "downed four missiles" is an interception; "shot down an airliner" an attack with a missile
        brought_down = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
        return lx.SHELLING if any(c.lemma_.lower() in lx.MANNED_AIRCRAFT for c in brought_down) else base
    words = [c for c in trig.children if c.dep_ in ("compound", "amod", "nmod", "prep", "nsubj", "nsubjpass")
             or c.dep_ == "dobj" and c.lemma_.lower() in lx.WEAPON_OBJECTS]  # "attacked a car" is no car bomb
    if trig.dep_ == "dobj" and trig.head.pos_ == "VERB":
        words += [c for c in trig.head.children if c.dep_ == "nsubj"]  # "a missile struck the ship"
    words += [m for c in words if c.dep_ == "nsubj" for m in c.children if m.dep_ in ("compound", "amod")]  # "a suicide bomber"
    words += [g for c in words if c.dep_ == "prep" and c.lower_ == "with" for g in c.children]
    for c in words:
        sub = lx.SUB_TYPE_MODIFIERS.get(c.lemma_.lower()) or lx.SUB_TYPE_MODIFIERS.get(c.lower_)
        if sub:
            return sub
    return base


def _by_air(trig: Token) -> bool:
    """"an air raid", "a drone strike", "an aerial raid": the event word's own modifiers say by air."""
    return any(c.dep_ in ("compound", "amod", "nmod") and lx.SUB_TYPE_MODIFIERS.get(c.lemma_.lower()) == lx.AIR
               for c in trig.children) or any(c.lower_ in ("air", "aerial") for c in trig.lefts)


def _categorize(trig: Token, sub_type: str, agent: Actor | None, target: Actor | None, target_kind: str | None) -> str | None:
    """strike: by a state's forces; attack: by a non-state armed group; clash: fighting.

    With the agent unnamed, an air/drone or artillery strike on a non-state target reads as a
    strike; anything aimed at a state's forces, bases or ships reads as an attack.
    """
    if sub_type == lx.DISRUPTED:
        return Category.OTHER
    if sub_type == lx.CLASH:
        return Category.CLASH
    lemma = trig.lemma_.lower()
    if agent is not None and (lemma in lx.TOLL_VERBS or _toll_word(trig)):
        return Category.STRIKE if agent.kind == "state" else Category.ATTACK  # "Israel said it killed a commander"
    if agent is not None:
        if agent.kind != "state":
            return Category.ATTACK
        # A state's ground assault on an armed side is fighting ("security forces attacked Maoists");
        # its air, missile and artillery fire (and "a Russian attack on Kurakhove", which is that)
        # is a strike.
        ground = sub_type not in (lx.AIR, lx.SHELLING) and lemma not in ("strike", "airstrike", "bomb", "bombing")
        armed_target = target is not None and target.kind == "non-state" and target.name != GENERIC_ACTOR
        return Category.CLASH if ground and (lemma in _GROUND_ASSAULTS or armed_target) else Category.STRIKE
    if target_kind in ("military", "shipping") or (target is not None and target.kind == "state"):
        return Category.ATTACK
    if lemma in lx.TOLL_VERBS or trig.lower_ == "killing" or _toll_word(trig):
        return None  # only a toll: it joins whatever event it belongs to
    if _fired_by_armed_groups(trig):
        return Category.ATTACK
    if sub_type in (lx.AIR, lx.SHELLING) or (sub_type not in (lx.IED, lx.SUICIDE)
                                             and lemma in ("strike", "airstrike", "bombing", "bomb", "hit")):
        return Category.STRIKE
    return Category.ATTACK


def _fired_by_armed_groups(trig: Token) -> bool:
    """Rockets and mortars whose firer goes unnamed ("three Katyusha rockets fell into the base",
    "a rocket was launched from Gaza"): the weapons of armed groups, not of an air force."""
    words = [trig, *(c for c in trig.children if c.dep_ in ("compound", "amod", "nsubj", "nsubjpass", "dobj"))]
    words += [g for w in words[1:] for g in w.children if g.dep_ in ("compound", "amod")]
    return any(w.lemma_.lower() in lx.ARMED_GROUP_WEAPONS for w in words)


_GROUND_ASSAULTS = {"assault", "storm", "ambush", "raid", "offensive", "encounter"}


def _phrase(t: Token) -> str:
    """The words of ``t``'s subtree as written ("twenty-four", not "twenty - four", a range)."""
    return t.doc[t.left_edge.i:t.right_edge.i + 1].text


def _count(noun: Token) -> int | None:
    """The number of people a noun phrase counts: "three members", "dozens more", "a senior leader"."""
    for c in noun.children:
        if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.lower_ in VAGUE):
            value = parse_count(_phrase(c))
            if value is not None:
                return value
        if c.dep_ == "compound" and c.i == noun.i - 1 and (c.pos_ == "NOUN" or c.like_num):
            # "three security force men", the number hung on the compound's first word; a number
            # tagged a name at a line's start ("Thirteen people")
            value = parse_count(c.text) if c.like_num else _count(c)
            if value is not None:
                return value
    if noun.like_num and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.dep_ == "pobj" and any(x.dep_ == "poss" and (x.lower_ in _KIN_OWNERS or p.lemma_.lower() in _KIN)
                                     for x in p.children)
            for p in c.children) for c in noun.children):
        # "they killed four of my children", "two of an old man's daughters were killed": a
        # family's dead, among the event's
        return None
    if noun.like_num or noun.lower_ in VAGUE:
        # the words up to the number: "more than 90", "at least 9 (killed ...)", "dozens (more)"
        # (not "the": "among the 25 injured")
        words = [x.text for x in noun.subtree if x.i <= noun.i and x.dep_ != "prep" and not _is_after_prep(x, noun)
                 and not (x.dep_ == "det" and x.lower_ in ("the", "these", "those"))]
        return parse_count(" ".join(words))
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or noun.lower_ in ("nobody", "none", "no-one"):
        return 0  # "no American or Iraqi personnel were killed", "no one was killed"
    if noun.lemma_.lower() in _PERSON_NOUNS and noun.tag_ == "NN":
        if any(c.dep_ == "det" and c.lower_ in ("a", "an", "the", "one", "another") for c in noun.children):
            return 1
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.like_num:
        return _count(noun.head.head)
    if noun.lower_ == "total" and not _perfect(noun.head):
        # "killing a total of 20 people" (not "a total of 12 have been killed": a running total)
        counted = next(iter(_of_objects(noun)), None)
        return _count(counted) if counted is not None else None
    return None


def _perpetrators(noun: Token) -> bool:
    """Does the phrase count those who carried out an attack ("two attackers", "two of the five gunmen")?"""
    if noun.like_num:
        noun = next(iter(_of_objects(noun)), noun)
    return noun.lemma_.lower() in _PERPETRATOR_NOUNS


def _of_objects(t: Token) -> list[Token]:
    """What the word's "of" names: "tens of missiles" -> [missiles], "two of the gunmen" -> [gunmen]."""
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]


_PERPETRATOR_NOUNS = {"attacker", "assailant", "bomber", "gunman", "gunmen", "hijacker", "raider", "terrorist"}


# Owners whose dead are a part of an event's, told by a witness ("four of my sons", "two of her children")
_KIN_OWNERS = {"my", "his", "her", "our", "your"}
_KIN = {"child", "son", "daughter", "brother", "sister", "relative", "grandchild", "nephew", "niece",
        "cousin", "wife", "husband", "parent"}


def _is_after_prep(x: Token, root: Token) -> bool:
    return any(a.dep_ == "prep" for a in x.ancestors if _is_ancestor(root, a) and a != root)


_TOLL_OF = {**lx.TOLL_VERBS, **{v: "fatalities" for v in lx.KILLING_VERBS}}


def _toll(trig: Token, scope: list[Token]) -> tuple[int | None, int | None, dict[str, tuple[int, int]], set[str],
                                                    dict[str, str]]:
    """The dead and injured the trigger's clause counts, where each count is, which counts are
    told as more dead than those counted elsewhere ("two militants were also killed"), and whom
    each counts (the lemma of its noun, where it has one)."""
    found = {"fatalities": None, "injured": None}
    spans: dict[str, tuple[int, int]] = {}
    added: set[str] = set()
    whom: dict[str, str] = {}

    def take(field: str, n: int, noun: Token, also: bool = False) -> None:
        if found[field] is None or n > found[field]:
            found[field] = n
            whom.pop(field, None)
            whom.update(_victims(field, noun))
            # "three U.S. soldiers"; "one of its volunteers" whole (a part of a toll: quantities.figure_kind)
            last = noun.right_edge if noun.like_num and any(c.lower_ == "of" for c in noun.children) else noun
            spans[field] = (noun.left_edge.idx, last.idx + len(last))
            # (the attackers' own dead are besides their victims: "two of the attackers were killed")
            (added.add if also or _perpetrators(noun) else added.discard)(field)

    verbs = [t for t in scope if t.lemma_.lower() in _TOLL_OF and t.pos_ == "VERB" and not harmless(t)]
    if trig.head.lemma_.lower() in lx.TOLL_VERBS and trig.head not in verbs and trig.dep_ not in ("ccomp", "advcl", "xcomp"):
        verbs.append(trig.head)  # "Drone strike kills two"; "commander killed in the strike" (not a clause under it)
    if trig.dep_ == "pobj" and trig.head.head.lemma_.lower() in lx.TOLL_VERBS:
        verbs.append(trig.head.head)
    if trig.dep_ == "pobj" and trig.head.head.lemma_.lower() in _BODIES_FOUND:
        # "the bodies of nine people were found following an air raid"
        scope = scope + [c for c in trig.head.head.children if c.lemma_.lower() == "body" and c not in scope]
    for v in list(verbs):
        # the other half of "N were killed and M injured in the shelling", whichever half the
        # event is attached to (the parser often makes "M" a conjunct of "killed")
        up = v.head if v.dep_ == "conj" else v.head.head if v.dep_ == "acl" and v.head.like_num and v.head.dep_ == "conj" else None
        for w in [up, *(c for c in v.children if c.dep_ == "conj")]:
            if w is not None and w not in verbs and w.pos_ == "VERB" and w.lemma_.lower() in _TOLL_OF and not harmless(w):
                verbs.append(w)
    for t in [trig, *scope]:
        if _toll_word(t):
            for field, n, noun in _word_tolls(t):
                take(field, n, noun)
    counted: dict[int, int] = {}  # verb -> the dead it counts
    for v in verbs:
        field = _TOLL_OF[v.lemma_.lower()]
        fatally = field == "injured" and any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally")
                                             for c in v.children)
        if fatally:
            field = "fatalities"  # "fatally injuring two troops": two dead
        # "and 11 others wounded"; headlines' "At least 30 killed" (a participle with no auxiliary)
        passive = v.tag_ == "VBN" and (v.dep_ == "conj" or v.dep_ == "ROOT" and not any(c.dep_ == "aux" for c in v.children))
        victims = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "nsubj" and passive]
        if not victims and passive:
            # "and another 34 civilians, 16 of them women, were wounded": the parser hangs the
            # subject on the auxiliary
            victims = [c for a in v.children if a.dep_ in ("aux", "auxpass") for c in a.children
                       if c.dep_ in ("nsubj", "nsubjpass")]
        alone = False
        if field == "injured" and v.dep_ == "acl" and v.head.dep_ == "nsubj" \
                and v.head.head.lemma_.lower() in ("succumb", "die"):
            continue  # "five more people injured in the explosion succumbed to their wounds": dead now
        if v.dep_ == "acl" and not victims:
            victims, alone = [v.head], True  # "the commander killed in the strike"
        joined = []
        if v.lemma_.lower() == "die":
            victims = [c for c in v.children if c.dep_ == "nsubj"]
            if len(victims) > 1 and any(c.dep_ == "cc" for c in victims[0].children):
                # "280 passengers and 15 crew members died", the parser giving each its own subject
                victims, joined = victims[:1], victims[1:]
        if v.dep_ == "relcl" and any(c.lower_ in ("that", "who", "which") for c in victims):
            victims = [v.head]  # "85 people that were killed in the attack", "four people who died"
        if not victims and v.dep_ == "conj" and v.i > 0 and v.doc[v.i - 1].like_num:
            victims = [v.doc[v.i - 1]]  # "11 soldiers were killed and seven wounded"
        if not victims and v.tag_ == "VBN" and (v.dep_ in ("xcomp", "oprd") or v.dep_ == "ccomp"
                                                and v.head.lemma_.lower() == "leave"):
            # "20 people were reported killed", "left two injured", "leaving seven critically injured"
            victims = [c for c in v.head.children if c.dep_ in ("nsubjpass", "dobj")]
            # ("leaving 65 dead and over 120 wounded", parsed as "dead" and "120" left wounded: the
            # dead are not hurt, their conjunct is)
            victims = [x for c in victims for x in (c.conjuncts if c.lower_ == "dead" and field == "injured" else [c])]
        if not victims and v.dep_ == "conj" and v.tag_ == "VBN" and v.head.tag_ == "VBN" \
                and not any(c.dep_ in ("amod", "nummod") and (c.like_num or c.lower_ in VAGUE) for c in v.children):
            # "the assailant was shot and killed" (not "15 were killed and several wounded", the
            # parser hanging "several" on the participle)
            victims = [c for c in v.head.children if c.dep_ == "nsubjpass"]
        for noun in victims:
            n = _count(noun) if not is_animal(noun) else None
            if n is not None:
                # (not "left one injured and nine missing": the participle is one noun's)
                if not alone:
                    n = _with_conjuncts(noun, n) + sum(_count(j) or 0 for j in joined)
                if fatally and v.dep_ == "conj" and v.head.i in counted:
                    n += counted[v.head.i]  # "killing a police officer and fatally injuring two": three
                if field == "fatalities":
                    counted[v.i] = n
                # ("also" of the verb, or of the one it is joined to: "were also killed and six injured")
                # (of the dead only: "a further 16 were injured" after "11 were killed" are the
                # hurt other than the dead, not more hurt than some counted before)
                besides = field == "fatalities" and _besides(noun) \
                    and not any(_TOLL_OF[w.lemma_.lower()] != field and w.i < noun.i for w in verbs)
                take(field, n, noun, also=besides or any(c.dep_ == "advmod" and c.lower_ == "also" for c in (
                    *v.children, *(v.head.children if v.dep_ == "conj" else ()))))
    for t in [trig, *scope]:
        if _suffered(t) and (t == trig or t.head in scope):
            for noun in (c for c in t.head.children if c.dep_ == "nsubj"):
                n = _count(noun) if not is_animal(noun) else None
                if n is not None:
                    take("injured", _with_conjuncts(noun, n), noun)  # "six sustained injuries"
        if (hurt := _treated(t)) is not None and (t == trig or t.head.head in scope):
            take("injured", _with_conjuncts(hurt, _count(hurt)), hurt)  # "40 were admitted with wounds"
    # "caused the death of a policeman", "resulted in the deaths of three soldiers": the event's dead
    # (the verb's phrase is the event's when the event is its subject)
    caused = list(trig.head.subtree) if trig.dep_ == "nsubj" and trig.head.lemma_.lower() in _CAUSING else []
    for t in dict.fromkeys([*scope, *caused]):
        if t.lemma_.lower() == "death" and (
                t.dep_ == "dobj" and t.head.lemma_.lower() in _CAUSING
                or t.dep_ == "pobj" and t.head.lower_ in ("in", "to") and t.head.head.lemma_.lower() in _CAUSING):
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            for p in (of.children if of is not None else ()):
                n = _count(p) if p.dep_ == "pobj" else None
                if n is not None:
                    take("fatalities", _with_conjuncts(p, n), p)
    # "the killing of seven civilians and injury of three others" (the words in order: the parser
    # often hangs the second "of" on the first phrase)
    for t in [trig, *scope] if trig.lower_ in _HARM_OF else ():
        if t.lower_ not in _HARM_OF:
            continue
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is None or nxt.lower_ != "of":
            # ("the killing on Monday of 37 civilians")
            nxt = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if nxt is not None:
            for p in nxt.children:
                n = _count(p) if p.dep_ == "pobj" else None
                if n is not None:
                    take(_HARM_OF[t.lower_], n, p)
    return found["fatalities"], found["injured"], spans, added, whom


_CAUSING = {"cause", "leave", "result", "lead"}


def _besides(noun: Token) -> bool:
    """"another three died in hospital", "a further 12 were hurt": more besides those counted."""
    words = [c for x in (noun, *(c for c in noun.children if c.dep_ == "nummod")) for c in x.children]
    return any(c.lower_ in ("another", "additional", "further") and c.dep_ in ("det", "amod", "advmod")
               or c.lower_ == "more" and c.i > c.head.i for c in words)  # ("two more died", "24 more fighters")


def _with_conjuncts(noun: Token, n: int) -> int:
    """A count and the counts joined to it: "three doctors and a paramedic", "four U.S. service
    members and two Iraqi personnel" (not those of a breakdown: "34 civilians, 16 of them women
    and six minors")."""
    doc = noun.doc
    joined = []
    for c in (c for c in noun.conjuncts if c.i > noun.i):
        if any(doc[k].lower_ == "of" and doc[k + 1].lower_ in ("them", "whom") for k in range(noun.i, c.i)):
            break
        if c.lower_ not in VAGUE and not any(x.lower_ in VAGUE for x in c.children):
            joined.append(c)  # (not "18 Americans and scores of Afghans": a vague word is no figure)
    return n + sum(m for m in (_count(c) for c in joined) if m is not None)


def _victims(field: str, noun: Token | None) -> dict[str, str]:
    """Whom a count counts: {field: lemma} where the count has a noun ("56 worshippers"), else {}."""
    return {field: noun.lemma_.lower()} if noun is not None and noun.pos_ == "NOUN" else {}


def _kind_of(text: str, span: tuple[int, int], sentence: str, field: str) -> int:
    """How the count at ``span`` was given (extract.quantities.figure_kind, injured_kind)."""
    kind = figure_kind(text[span[0]:span[1]], sentence)
    return injured_kind(kind, text, span[0]) if field == "injured" else kind


def _added(kind: int, also: bool) -> int:
    """A figure told as more dead besides ("five civilians were also killed") is added to the
    event's toll; a vague word stays none ("several were also injured")."""
    return ADDED if also and kind in (FIGURE, ONE_NAMED) else kind


# Verbs whose subject took the injuries they name ("six policemen sustained injuries")
_SUFFER = {"sustain", "suffer", "receive"}
# Nouns of harm whose "of" counts its victims
_HARM_OF = {"killing": "fatalities", "injury": "injured", "wounding": "injured", "injuring": "injured"}


def _suffered(t: Token) -> bool:
    """"six policemen sustained injuries", "two soldiers suffered wounds"."""
    return t.dep_ == "dobj" and t.lemma_.lower() in ("injury", "wound") and t.head.lemma_.lower() in _SUFFER \
        and any(c.dep_ == "nsubj" and _count(c) for c in t.head.children)


def _treated(t: Token) -> Token | None:
    """"40 people were admitted with wounds", "hospitals treated 30 people for injuries": the
    counted hurt, if ``t`` is the wounds they were treated for."""
    if t.dep_ != "pobj" or t.lemma_.lower() not in ("injury", "wound") or t.head.lower_ not in ("for", "with"):
        return None
    verb = t.head.head
    if verb.lemma_.lower() not in _TREAT:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and _count(c)), None)


_TREAT = {"treat", "admit", "hospitalise", "hospitalize"}


def _toll_word(t: Token) -> bool:
    """Words other than verbs that carry a toll: "dead", "deaths", "the death toll", "no casualties",
    "sustained injuries", "treated for wounds"."""
    lemma = t.lemma_.lower()
    if _suffered(t) or _treated(t) is not None:
        return True
    if t.lower_ == "dead":
        return t.dep_ in ("acomp", "oprd", "amod", "xcomp", "appos") or t.pos_ == "NOUN" or _left_dead(t) \
            or t.dep_ == "ccomp" and any(c.dep_ == "nsubj" for c in t.children)  # "reported 55 people dead"
    if t.lower_ in ("injured", "wounded") and t.dep_ == "amod":
        return True  # "more than 60 injured people were treated"
    if lemma in ("death", "fatality", "injury"):
        return t.tag_ == "NNS" and any(c.dep_ == "nummod" for c in t.children) or _negated(t)
    if lemma == "toll":
        return t.pos_ == "NOUN"
    if lemma == "life" and t.head.lemma_.lower() in ("claim", "take", "cost"):
        return True  # "the attack claimed the lives of 12 people"
    if lemma == "body" and t.dep_ in ("nsubjpass", "dobj") and t.head.lemma_.lower() in _BODIES_FOUND:
        return True  # "the bodies of nine people were found", "police recovered five bodies"
    return lemma == "casualty" and _negated(t)


def _left_dead(t: Token) -> bool:
    """"leaving 15 soldiers dead", where the parser hangs "dead" as a preposition (or, with the
    count on "dead", as the object: "left at least nine civilian dead")."""
    return t.dep_ in ("prep", "dobj") and t.head.lemma_.lower() == "leave"


def _negated(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _word_tolls(t: Token) -> list[tuple[str, int, Token]]:
    """(field, count, where) of a toll word: "nine people are dead", "left 10 dead", "16 dead and
    10 injured", "eight deaths", "the death toll stood at 43 with 61 others wounded", "no casualties"."""
    lemma = t.lemma_.lower()
    if _negated(t):
        fields = {"casualty": ("fatalities", "injured"), "injury": ("injured",), "death": ("fatalities",),
                  "fatality": ("fatalities",)}.get(lemma, ())
        return [(f, 0, t) for f in fields]
    out: list[tuple[str, int, Token]] = []
    if t.lower_ == "dead":
        # the words that count the dead: "nine people (are dead)", "16 (dead)", "left 10 (dead)"
        counted, count = None, None
        if t.dep_ == "acomp":
            # ("two gunmen shot dead a senior officer": the shot, not the shooters)
            counted = next((c for c in t.head.children if c.dep_ == "dobj"), None) \
                or next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            count = _count(counted) if counted is not None else None
        if count is None and t.dep_ == "amod" and t.head.like_num:
            counted, count = t.head, parse_count(t.head.text)
        if count is None and t.dep_ == "ccomp":  # "the hospital reported 55 people dead"
            counted = next((c for c in t.children if c.dep_ == "nsubj"), None)
            count = _count(counted) if counted is not None else None
        if count is None and t.dep_ == "amod" and t.i > t.head.i and t.head.pos_ == "NOUN":
            # "leaving five officers and 12 militants dead": the dead are the whole list
            first = t.head
            while first.dep_ == "conj" and first.head.pos_ == "NOUN":
                first = first.head
            # (not "40 people dead and 80 injured": the injured are counted as such)
            counts = [_count(n) for n in (first, *first.conjuncts)
                      if n.i + 1 >= len(n.doc) or n.doc[n.i + 1].lower_ not in ("injured", "wounded", "hurt")]
            if counts and all(c is not None for c in counts):
                counted, count = first, sum(counts)
        if count is None:
            number = next((c for c in t.children if c.dep_ in ("nummod", "quantmod")), None)
            # "left 10 dead", "a police officer was shot dead"
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "nsubjpass")), None) \
                if t.dep_ in ("oprd", "xcomp") or _left_dead(t) else None
            counted = number if number is not None else obj
            count = parse_count(number.text) if number is not None else _count(obj) if obj is not None else None
        if count is not None:
            out.append(("fatalities", count, counted))
    elif t.lower_ in ("injured", "wounded"):
        count = _count(t.head)
        if count is not None and count > 0:
            out.append(("injured", count, t.head))
    elif lemma in ("death", "fatality", "injury"):
        number = next((c for c in t.children if c.dep_ == "nummod"), None)
        count = parse_count(_phrase(number)) if number is not None else None
        if count is not None:
            out.append(("injured" if lemma == "injury" else "fatalities", count, t))
    elif lemma == "life":  # "claimed the lives of 12 people", "claims life of SDF fighter"
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        victim = next((x for x in of.children if x.dep_ == "pobj"), None) if of is not None else None
        count = (_count(victim) or (1 if t.lower_ == "life" else None)) if victim is not None else None
        if count is not None:
            out.append(("fatalities", count, victim))
    elif lemma == "body":
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((x for x in of.children if x.dep_ == "pobj"), None) if of is not None else t
        count = _count(counted) if counted is not None else None
        if count is not None:
            out.append(("fatalities", count, counted))
    elif lemma == "toll":
        # "the death toll stood at 43", "... hits 23", "officials put the death toll at 23"
        verb = t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.head.pos_ in ("VERB", "AUX") else None
        near = [*(verb.children if verb is not None else ()), *t.children]
        numbers = [c for c in near if c.dep_ in ("attr", "dobj") and c.like_num]
        numbers += [n for c in near if c.dep_ in ("attr", "dobj") and not c.like_num  # "... has reached 10 people"
                    for n in c.children if n.dep_ == "nummod" and n.like_num]
        numbers += [p for c in near if c.dep_ == "prep" and c.lower_ in ("at", "to", "of")
                    for p in c.children if p.dep_ == "pobj" and p.like_num]
        numbers += [n for c in near if c.dep_ == "prep" and c.lower_ in ("at", "to")  # "... to at least 45 people"
                    for p in c.children if p.dep_ == "pobj" and not p.like_num
                    for n in p.children if n.dep_ == "nummod" and n.like_num]
        if numbers:
            count = parse_count(" ".join(x.text for x in numbers[0].subtree if x.like_num or x.lower_ in _HEDGE_WORDS))
            if count is not None:
                out.append(("fatalities", count, numbers[0]))
        for x in (verb.subtree if verb is not None else ()):  # "with 61 others wounded", "and 10 injured"
            if x.lemma_.lower() in ("injure", "wound") and x.dep_ != "nsubj":
                holder = next((c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                before = x.doc[x.i - 1] if x.i > 0 else None
                count = _count(holder) if holder is not None else (
                    parse_count(before.text) if before is not None and before.like_num else None)
                if count is not None:
                    out.append(("injured", count, x))
    return out


# Verbs of finding the dead: their bodies counted are the toll.
_BODIES_FOUND = {"find", "recover", "discover", "retrieve", "pull", "exhume", "dump"}
_SCALE_WORDS = {"dozen", "hundred", "thousand"}
_HEDGE_WORDS = {"more", "than", "at", "least", "over", "nearly", "about", "almost", "around"}


def _is_aggregate(trig: Token, scope: list[Token], fatalities: int | None = None,
                  date: DateMention | None = None) -> bool:
    """A summary of many events: "dozens of attacks", "two attacks since", "160 times", "repeatedly".
    Fighting that killed a few people on a given day is one event ("heavy fighting killed at least a
    dozen yesterday"); a war's toll is a total."""
    one_day = date is not None and date.precision == 1 and fatalities is not None and fatalities < LARGE_TOLL
    if trig.tag_ == "NNS":
        if any(c.dep_ in ("nummod", "quantmod") for c in trig.children):
            return True
        counted = [x for c in trig.lefts for x in c.subtree if x.ent_type_ in ("", "CARDINAL")]  # not "the Feb. 2 strikes"
        if any(x.like_num or x.lower_ in _SCALE_WORDS or x.lower_ in VAGUE for x in counted):
            return True  # "more than a dozen coordinated attacks", "several deadly attacks"
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and (trig.head.head.like_num or trig.head.head.lower_ in VAGUE
                                                                 or trig.head.head.lemma_.lower() in _SERIES):
            return True  # "dozens of attacks", "a series of bombings", "a number of rocket attacks"
    if trig.head.lemma_.lower() in lx.CAMPAIGN_HEADS and trig.dep_ in ("xcomp", "dobj", "pcomp", "ccomp"):
        return True  # "began targeting vessels"
    if trig.dep_ in ("ccomp", "xcomp") and any(c.lower_ == "since" and c.dep_ == "advmod" for c in trig.head.children):
        return True  # "the army has since claimed it killed 170 militants": what it did after, in all
    for t in scope:
        if t.lower_ in lx.HABITUAL_ADVERBS and t.head == trig:
            return True
        if t.ent_iob_ == "B" and t.ent_type_ == "DATE" and _PERIOD.search(_entity_text(t)) and _dates_event(t, trig) \
                and not _in_record(t, trig):
            return True  # "killed in recent weeks", "attacked this year", "over the past three days"
        if t.lower_ in ("time", "period") and t.dep_ == "pobj" and t.head.lower_ in _SPAN_PREPOSITIONS \
                and any(c.lower_ in ("that", "same") for c in t.children) and _dates_event(t, trig):
            return True  # "killed in attacks during that time", "over the same period": a stretch told before
        if t.lower_ == "since" and (t.head == trig or t.head == trig.head or _within_clause(t.head, trig)) \
                and not _in_record(t, trig):
            return True  # "killed since Monday", "9,000 killed and 21,000 injured since fighting erupted"
        if t.lower_ == "since" and not list(t.children) and trig.dep_ == "pobj" and t.head == trig.head.head:
            return True  # "213 have been killed in airstrikes since": since it began
        if t.lower_ == "far" and t.i > 0 and t.doc[t.i - 1].lower_ == "so" and _is_ancestor(trig.head, t) \
                and not (trig.tag_ == "NN" and trig.dep_ == "nsubj"):
            return True  # "killed so far this year" (not "an attack on the camp has killed 56 so far": its toll to date)
        if one_day and t.lemma_.lower() in lx.WARS and t.lemma_.lower() not in _WHOLE_WARS:
            continue
        if t.lemma_.lower() in lx.WARS and (t.dep_ in ("nsubj", "nsubjpass") and t.head == trig
                                            or t.dep_ == "pobj" and t.head.head == trig and (
                                                t.head.lower_ in ("during", "since", "throughout")
                                                or t.head.lower_ == "in" and t.lemma_.lower() in _WHOLE_WARS)):
            return True  # "the conflict has killed 20,000", "killed during Russia's invasion", "killed in the war"
    told = trig.head if trig.dep_ == "ccomp" and trig.head.lemma_.lower() in lx.REPORTING_VERBS else trig
    if told.dep_ in ("relcl", "acl") and told.head.lemma_.lower() in lx.WARS:
        return True  # "a war that has killed more than 20,000 people" ("a crackdown that a group says has killed")
    if trig.lemma_.lower() == "toll" and any(t.lemma_.lower() in lx.WARS for t in trig.subtree):
        return True  # "the death toll in the war", "the toll of the conflict"
    if _summed_toll(trig) or any(_summed_toll(c) for a in trig.ancestors for c in a.children if c.dep_ == "nsubj"):
        return True  # "the cumulative toll (of these attacks is 15 soldiers killed)": several events' together
    if date is None and trig.dep_ in ("nsubj", "dobj") and _plural_toll_taker(trig.head):
        return True  # "Israeli attacks on Gaza have taken the death toll to 144": all of them so far
    return any(t.lower_ == "times" and t.dep_ == "npadvmod" and t.head == trig
               and any(c.dep_ == "nummod" for c in t.children) for t in scope)  # "attacked the town 160 times"


def _plural_toll_taker(verb: Token) -> bool:
    """A verb whose subject is events in the plural and whose object is a toll ("attacks have
    taken the toll to 144")."""
    children = list(verb.children)
    return any(c.dep_ == "nsubj" and c.tag_ == "NNS" and c.lemma_.lower() in lx.TRIGGER_NOUNS for c in children) \
        and any(c.dep_ == "dobj" and c.lemma_.lower() == "toll" for c in children)


def _summed_toll(t: Token) -> bool:
    """"The cumulative toll", "the toll of these attacks": the sum of several events' tolls."""
    return t.lemma_.lower() == "toll" and (
        any(c.lower_ in _SUMMED for c in t.children if c.dep_ == "amod")
        or any(p.tag_ == "NNS" and p.lemma_.lower() in lx.TRIGGER_NOUNS
               for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children))


_SUMMED = {"cumulative", "combined", "overall", "total", "aggregate"}


# What an event told as coming "ahead of", "before", "after" or "amid" something is timed against.
_TIMED_AGAINST = {"ahead", "before", "after", "amid"}


def _timed_against(trig: Token) -> bool:
    """"The attack came days ahead of a meeting", "the strike comes before talks": an event told as
    the subject of "come", timed against something else."""
    return trig.dep_ == "nsubj" and trig.head.lemma_.lower() == "come" \
        and any(c.lower_ in _TIMED_AGAINST - {"after", "amid"} for c in trig.head.children)


def _earlier_by(trig: Token) -> Token | None:
    """"This comes days after twelve soldiers were killed in an ambush", "the strike came a week
    after an attack on the base", "killed 22, less than a week after gunmen killed 58": an event
    some time before the one told; the "after" that says so."""
    for a in (trig, *trig.ancestors):
        if a.lower_ == "after" and a.dep_ == "prep":
            after = a
        elif a.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in a.children):
            after = next(c for c in a.children if c.dep_ == "mark" and c.lower_ == "after")
        else:
            continue
        # (the event itself, or one the toll told there happened in: not "came a day after the UN
        # demanded an inquiry into the killings")
        lemma = a.lemma_.lower()
        told = trig.head == after or a == trig or (lemma in _TOLL_OF or lemma in lx.REPORTING_VERBS) \
            and _is_ancestor(a, trig)  # ("... after militants claimed a blast that killed 22")
        return after if told and _after_a_length(after) else None
    return None


def _answered(trig: Token) -> bool:
    """"retaliation for an Israeli strike in Syria", "in response to rocket fire": the event the one
    told answers, before it (not "said in response to the attack": the one told, whose response
    may be a word)."""
    answer = trig.head.head.lemma_.lower()
    return trig.dep_ == "pobj" and trig.head.lower_ in ("for", "to") and answer in _ANSWERS \
        and (answer in _REVENGE or not _definite(trig))


def _remembered(trig: Token) -> bool:
    """"Marines mark anniversary of Beirut bombing", "on the tenth anniversary of the attack": an
    event of years before, remembered."""
    return trig.dep_ == "pobj" and trig.head.lower_ == "of" \
        and trig.head.head.lemma_.lower() in ("anniversary", "memory")


def _days_before(after: Token | None) -> int | None:
    """How many days before the event told one told as earlier is: "a day after" 1, "two days
    after" 2, "a week after" 7 (None for "days after", "weeks after", "a month after")."""
    if after is None or after.i < 2:
        return None
    unit, number = after.doc[after.i - 1], after.doc[after.i - 2]
    days = {"day": 1, "week": 7}.get(unit.lemma_.lower())
    count = 1 if number.lower_ in ("a", "an") else parse_count(number.text) if number.like_num else None
    return days * count if days and count and days * count <= 14 else None


_LENGTHS = {"day", "week", "month", "year"}


def _another_time(clause: Token) -> bool:
    """"less than a week after gunmen killed 58 villagers": a clause of its own subject told as
    some time before (or after) the one it hangs from."""
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    # (or dated back in the clause itself: "comes after a similar one killed 52 about two weeks ago")
    return mark is not None and (_after_a_length(mark) or any(t.lower_ == "ago" for t in clause.subtree)) \
        and any(c.dep_.startswith("nsubj") for c in clause.children)


def _after_a_length(word: Token) -> bool:
    """Does a length of time come right before "after"/"before" ("days after", "a week before")?"""
    return word.i > 0 and word.doc[word.i - 1].lemma_.lower() in _LENGTHS


def _in_record(t: Token, trig: Token) -> bool:
    """"the deadliest ambush since 2010", "one of the deadliest ambushes in recent years", "the
    first such attack since May": a record the event sets, not a period it spans."""
    if any(x.tag_ == "JJS" for x in t.doc[max(t.i - 6, t.sent.start):t.i]):
        return True  # (however the parser hung the period: "the deadliest ambushes | in recent years")
    for a in t.ancestors:
        if a.tag_ == "JJS" or any(c.tag_ == "JJS" or c.lower_ == "first" for c in a.children):
            return True
        if a == trig:
            break
    return False


def _within_clause(t: Token, trig: Token, hops: int = 4) -> bool:
    """Is ``t`` a verb of the trigger's clause, reached from it through verbs and conjoined
    counts only ("killed and 21,000 injured since ...": not "the deadliest since ...", which
    says how the event compares)?"""
    while hops and t != trig and t.head != t and (t.pos_ in ("VERB", "AUX") or t.dep_ == "conj"):
        t, hops = t.head, hops - 1
    return t == trig


# Wars whose name after "killed in" means the whole of it ("killed in the fighting" may be one clash's).
_WHOLE_WARS = {"war", "conflict", "insurgency", "invasion", "uprising", "rebellion", "revolt", "crisis"}
_SPAN_PREPOSITIONS = {"during", "in", "over", "throughout", "within"}
# A time that is a stretch of days, not a day: what happened in it is a total.
_PERIOD = re.compile(r"\b(?:recent|past|last|previous|coming)\s+(?:\w+\s+)?(?:days|weeks|months|years)\b|"
                     r"^(?:this|the past|the last)\s+(?:year|month)$|^last\s+year$", re.IGNORECASE)


def _entity_text(first: Token) -> str:
    end = first.i + 1
    while end < len(first.doc) and first.doc[end].ent_iob_ == "I":
        end += 1
    return first.doc[first.i:end].text


def _counted_strikes(trig: Token) -> bool:
    """"seven strikes", "two airstrikes", "several airstrikes": a number of strikes (not of attacks,
    which are each an event)."""
    return trig.tag_ == "NNS" and trig.lemma_.lower() in ("strike", "airstrike", "raid") \
        and any(c.dep_ == "nummod" or c.dep_ == "amod" and c.lower_ in ("several", "multiple") for c in trig.children)


_SERIES = {"series", "wave", "spate", "string", "number", "campaign", "string", "flurry", "succession"}


def _irrealis(trig: Token) -> bool:
    """Future, hypothetical, avoided or negated events are not incidents, nor aims ("used drones to
    attack shipping")."""
    if trig.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
        # (but "used machetes to kill at least 12 civilians on Monday" tells the dead it counts)
        return not (trig.head.tag_ == "VBD" and trig.head.lemma_.lower() in ("use", "employ") and any(
            c.dep_ == "dobj" and _count(c) is not None for c in trig.children))
    if trig.pos_ == "VERB" and trig.dep_ == "conj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.head.children):
        return True  # "the ability to reach deep into Russia and strike its refineries"
    chain = [trig, *trig.ancestors][:4]
    for t in chain:
        if any(c.dep_ == "neg" for c in t.children) and t.pos_ == "VERB":
            return True
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in t.children):
            return True
        if t != trig and t.lemma_.lower() in lx.IRREALIS_HEADS:
            return True
        if t != trig and t.pos_ == "VERB" and trig.dep_ == "dobj" and t == trig.head and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return True  # "ordered every unit to end the bombardment": an aim, not an event told
        done = trig.head if trig.dep_ == "conj" else trig  # ("carries out bombings and gun attacks")
        if t != trig and done.dep_ == "dobj" and t == done.head and any(
                c.dep_ == "advmod" and c.lower_ in lx.HABITUAL_ADVERBS for c in t.children):
            return True  # "al-Shabab frequently carries out bombings in Mogadishu": what it does, no event
        if t.pos_ == "VERB" and t != trig:
            break
    return False
