"""Relation coding: sentence by sentence, actor mentions joined by a cue become coded relations.

For each sentence the coder turns actor mentions into slots and finds cues (:mod:`kg.extract.lexicon`).
Each cue's frame says where its actors are:

- verb: the actor group before the verb (coordination "X and Y", aux verbs and adverbs skipped)
  and the group after it (prepositions and determiners skipped); passive "X was attacked by Y";
  "X and Y met" pairs a coordinated subject; pronouns ("it", "they") resolve to a recent actor.
- noun: a possessor ("X's visit", "X and Y's meeting", "their ties"), a compound modifier
  ("the Russian-Pakistani partnership"), or a prepositional argument ("talks between X and Y",
  "visit to Y", "the trip that X paid to Y").
- establish: who decided, and the institution (a known organisation or a new capitalised name).
- member: "X is a member of Y", "X joined Y".

"their", "the two sides", "both countries", "one another" refer to the pair of states the sentence
names, else to the article's two most mentioned states. Leaders named with their title
("President Putin") give a leadership relation to the state they lead on the article's date.

How a relation was found sets its confidence (documented in the README):

=====================================================  ==========
explicit verb with both actors in the sentence           0.85
noun cue with possessor, compound or prepositional actor 0.80
decision to establish an institution; membership         0.80
leader named with title                                  0.90
an actor found through "their", a pronoun, "the two"   -0.15
generic cue ("ties", "partnership", "deal", "summit")   -0.10
=====================================================  ==========
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kg.extract.gazetteer import Mention
from kg.extract.lexicon import COOPERATION_NOUNS, MODIFIERS, Cue, lexicon
from kg.extract.modality import REPORTING, Modality
from kg.extract.text import Token, sentence_spans, tokens

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer
    from kg.extract.mentions import LocalEntity

CONFIDENCE = {
    "verb": 0.85,
    "noun": 0.80,
    "establish": 0.80,
    "member": 0.80,
    "leader": 0.90,
    "cooccurrence": 0.60,
}
INDIRECT_PENALTY = 0.15
WEAK_PENALTY = 0.10

_SKIP_BEFORE_VERB = {
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "been",
    "be",
    "being",
    "also",
    "not",
    "n't",
    "never",
    "jointly",
    "reportedly",
    "recently",
    "already",
    "still",
    "further",
    "then",
    "later",
    "finally",
    "formally",
    "officially",
    "today",
    "yesterday",
    "again",
    "both",
    "now",
    "soon",
    "perhaps",
    "likely",
    "eventually",
    "possibly",
    "even",
    "ever",
    "to",
    "repeatedly",
    "strongly",
    "publicly",
    "fully",
    "first",
    "once",
    "together",
    "itself",
    "themselves",
    "all",
}
_SKIP_AFTER = {
    "with",
    "to",
    "in",
    "on",
    "at",
    "for",
    "against",
    "into",
    "from",
    "by",
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "new",
    "fresh",
    "formal",
    "official",
    "fellow",
    "neighbouring",
    "neighboring",
    "counterpart",
    "counterparts",
    "visiting",
    "alongside",
    "upon",
    "between",
    "among",
    "leaders",
    "of",
    "top",
    "senior",
    "close",
    "longtime",
    "long-time",
    "ally",
    "allies",
    "relations",
    "ties",
    "relationship",
    "both",
    "deal",
    "deals",
    "agreement",
    "agreements",
    "treaty",
    "accord",
    "pact",
    "memorandum",
    "terrorist",
    "scourge",
    "terrorism",
    "threat",
    "menace",
    "ideology",
    "poisonous",
    "vile",
    "brutal",
    "organisation",
    "organization",
    "barbaric",
    "horrific",
    "so-called",
    "further",
    "latest",
    "this",
    "these",
    "attack",
    "attacks",
    "“",
    "”",
    '"',
    "‘",
    "’",
}
_WELCOME = {"welcomed", "welcomes", "welcome", "welcoming"}
_OBJECT_CONTROL = {
    "urged",
    "urge",
    "urges",
    "called",
    "asked",
    "asks",
    "pressed",
    "press",
    "encouraged",
    "told",
    "requested",
    "invited",
    "allowed",
    "helped",
    "help",
}
_STANCES = {"supports", "opposes", "providesAidTo"}
_ATTACK_ADJECTIVES = {
    "escalating",
    "continued",
    "continuing",
    "repeated",
    "indiscriminate",
    "deliberate",
    "multiple",
    "suicide",
    "terrorist",
    "deadly",
    "coordinated",
    "brutal",
    "barbaric",
    "horrific",
    "heinous",
    "cowardly",
    "vicious",
    "chemical",
    "car",
    "bomb",
    "rocket",
    "missile",
    "mortar",
}
_PREMODIFIERS = _ATTACK_ADJECTIVES | {
    "joint",
    "first",
    "latest",
    "bilateral",
    "strategic",
    "new",
    "fresh",
    "growing",
    "deep",
    "deeper",
    "close",
    "closer",
    "historic",
    "long-standing",
    "longstanding",
    "fast-moving",
    "formal",
    "official",
    "recent",
    "planned",
    "proposed",
    "mutual",
    "multilateral",
    "trilateral",
    "ongoing",
    "old",
    "cold",
    "comprehensive",
    "broad",
    "broader",
    "strong",
    "stronger",
    "two-day",
    "three-day",
    "landmark",
    "much-needed",
    "more",
    "further",
    "expanded",
    "enhanced",
    "important",
    "key",
    "high-level",
    "all-weather",
    "special",
    "state",
    "informal",
    "reciprocal",
    "successful",
    "productive",
    "inaugural",
    "annual",
    "so-called",
    "“",
    "”",
    '"',
    "active",
}
_MODIFIED_HEADS = {
    "sanctions",
    "listings",
    "co-operation",
    "cooperation",
    "relations",
    "ties",
    "relationship",
    "summit",
    "talks",
    "border",
    "crisis",
    "conflict",
    "war",
    "issue",
    "situation",
    "policy",
    "strategy",
    "programme",
    "program",
    "deal",
    "agreement",
    "partnership",
    "dialogue",
    "council",
    "counterparts",
    "officials",
    "authorities",
    "diplomats",
    "troops",
    "citizens",
    "nationals",
    "embassy",
    "ambassador",
    "envoy",
    "territory",
    "province",
    "region",
    "town",
    "city",
    "capital",
}
_PREPOSITIONS = ("between", "with", "to", "against", "on", "of", "by", "among", "for", "in")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "any", "every", "some"}
_POSSESSIVE_MARKS = {"'s", "’", "'"}
_SECURITY_TOPICS = re.compile(r"^(terror\w*|counter-?terror\w*|extremis\w*|insurgen\w*|militan\w*)$")
_PERSON_NOUNS = {"leaders", "presidents", "ministers", "premiers", "heads", "men", "women", "counterparts"}
_PAIR_REFERENCE = re.compile(r"\b(?:their|they|them|theirs|both|two|each other|one another)\b", re.IGNORECASE)
_PAIR_WORDS = {"their", "they", "them", "theirs"}
_PAIR_PHRASES = (
    ("the", "two", "sides"),
    ("both", "sides"),
    ("both", "countries"),
    ("the", "two", "countries"),
    ("the", "two", "nations"),
    ("both", "nations"),
    ("the", "two", "states"),
    ("the", "two", "great", "powers"),
    ("these", "two", "great", "powers"),
    ("the", "two", "governments"),
    ("both", "governments"),
    ("each", "other"),
    ("one", "another"),
    ("the", "two", "neighbours"),
    ("the", "two", "neighbors"),
    ("the", "two", "leaders"),
    ("the", "two"),
)
_SINGLE_PRONOUNS = {"it", "its", "he", "his", "she", "her"}
_LIGHT_NOUNS = {
    "efforts",
    "effort",
    "decision",
    "plans",
    "plan",
    "agreement",
    "bid",
    "move",
    "commitment",
    "desire",
    "intention",
    "willingness",
    "attempts",
    "moves",
    "push",
}
_LIGHT_VERBS = {
    "expand",
    "deepen",
    "strengthen",
    "boost",
    "enhance",
    "develop",
    "intensify",
    "broaden",
    "build",
    "forge",
    "promote",
    "increase",
    "improve",
    "upgrade",
    "advance",
    "bolster",
    "consolidate",
    "diversify",
    "elevate",
    "revive",
    "restore",
    "resume",
}
_CLAUSE_BREAKS = {
    ";",
    ":",
    "—",
    "–",
    "but",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "however",
    "that",
}
_TITLES = re.compile(
    r"^(?:the\s+)?(?:[A-Z][a-z]+\s+)?(President|Prime Minister|Premier|Chancellor|King|Queen|Emir|Amir|"
    r"Sultan|Supreme Leader|Secretary[- ]General|General Secretary|Crown Prince|Vice President|"
    r"Foreign Minister|Foreign Secretary|Defence Minister|Defense Minister|Defence Secretary|"
    r"Secretary of State|Chairman|Speaker)\b"
)
_LEADER_TITLES = {
    "President",
    "Prime Minister",
    "Premier",
    "Chancellor",
    "King",
    "Queen",
    "Emir",
    "Amir",
    "Sultan",
    "Supreme Leader",
    "Secretary-General",
    "Secretary General",
    "General Secretary",
    "Crown Prince",
}
_ESTABLISH_VERBS = {"establish", "create", "set", "form", "launch", "build", "established", "created"}
_NAME_WORD = re.compile(r"^[A-Z][\w'’-]*$")


@dataclass(frozen=True, slots=True)
class Slot:
    """An actor in a sentence: a mention, or an actor found indirectly (``begin`` is None)."""

    key: str
    begin: int | None = None
    end: int | None = None
    kind: str | None = None
    label: str | None = None  # for new institutions not in the gazetteer
    referred: bool = False  # found through "their"/"the two" although its mention is known

    @property
    def direct(self) -> bool:
        return self.begin is not None and not self.referred


@dataclass(frozen=True, slots=True)
class CodedRelation:
    """A relation the coder found; the extractor turns it into a :class:`kg.model.Claim`."""

    subject: Slot
    relation: str
    object: Slot
    cameo: str
    modality: str
    confidence: float
    begin: int
    end: int
    method: str
    speaker: Slot | None = None
    jointly_with: tuple[Slot, ...] = ()
    place: Slot | None = None
    event_label: str | None = None


@dataclass
class _Item:
    begin: int
    end: int
    lower: str
    text: str
    mention: Mention | None = None

    @property
    def actor(self) -> bool:
        return self.mention is not None


@dataclass
class ArticleContext:
    """What the coder knows about the whole article."""

    text: str
    gazetteer: Gazetteer
    on: date | None
    mentions: list[Mention]
    local: dict[str, LocalEntity] = field(default_factory=dict)
    pair: tuple[str, ...] = ()
    previous: list[Slot] = field(default_factory=list)

    def state(self, key: str) -> str | None:
        local = self.local.get(key)
        return local.country if local else self.gazetteer.state_of(key)

    def kind(self, key: str) -> str | None:
        local = self.local.get(key)
        return local.kind if local else self.gazetteer.kind(key)


def salient_pair(ctx: ArticleContext) -> tuple[str, ...]:
    """The article's two most mentioned states, in order of first mention: what "the two sides" means."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in ctx.mentions:
        if ctx.kind(m.key) in ("Country", "City") or m.via == "demonym":
            state = ctx.state(m.key)
            if state:
                counts[state] += 1
                first.setdefault(state, m.begin)
    top = [k for k, _ in counts.most_common(2)]
    return tuple(sorted(top, key=lambda k: first[k])) if len(top) == 2 else ()


def _items(clean: str, begin: int, end: int, mentions: list[Mention]) -> list[_Item]:
    toks: list[Token] = tokens(clean, begin, end)
    items: list[_Item] = []
    mi = 0
    ms = [m for m in mentions if m.begin >= begin and m.end <= end]
    for tok in toks:
        while mi < len(ms) and ms[mi].end <= tok.begin:
            mi += 1
        overlapping = [m for m in ms[mi:] if m.begin < tok.end and m.end > tok.begin]
        if not overlapping:
            items.append(_Item(tok.begin, tok.end, tok.lower, tok.text))
            continue
        for m in overlapping:
            if not items or items[-1].mention is not m:
                items.append(_Item(m.begin, m.end, "", clean[m.begin : m.end], m))
        # text of the token outside mentions ("-" between compounds, "pro-") is dropped
    return items


class _Sentence:
    def __init__(self, ctx: ArticleContext, clean: str, begin: int, end: int) -> None:
        self.ctx = ctx
        self.clean = clean
        self.begin, self.end = begin, end
        self.items = self._appositions(_items(clean, begin, end, ctx.mentions))
        self.words = [it.lower if not it.actor else "<actor>" for it in self.items]
        self.out: list[CodedRelation] = []
        self.year = ctx.on.year if ctx.on else None
        self.speaker = self._speaker()
        self.local_pair = self._local_pair()
        self.covered: set[int] = set()

    # ---- actor groups ------------------------------------------------------------------

    def _appositions(self, items: list[_Item]) -> list[_Item]:
        """ "the Iraqi Foreign Minister, Ibrahim al-Jaafari," is one person: the named one."""
        out: list[_Item] = []
        i = 0
        while i < len(items):
            a = items[i]
            b = items[i + 2] if i + 2 < len(items) else None
            if (
                b is not None
                and a.mention is not None
                and b.mention is not None
                and a.mention.via in ("leader", "role")
                and items[i + 1].lower == ","
                and b.mention.via == "name"
                and self.ctx.kind(b.mention.key) == "Person"
            ):
                merged = Mention(a.begin, b.end, b.mention.key, "name")
                out.append(_Item(a.begin, b.end, "", self.clean[a.begin : b.end], merged))
                i += 3
                continue
            out.append(a)
            i += 1
        return out

    def clause_subject(self, c: int) -> tuple[list[Slot], int]:
        """The first actor group of the clause that holds ``c`` (its grammatical subject, mostly)."""
        for j in range(self._clause_start(c), c):
            if self.items[j].actor and self.ctx.kind(self.key(j)) not in ("City", "Place", "Facility"):
                return [self.slot(g) for g in self.group_starting(j)], j
        return [], c

    def key(self, i: int) -> str:
        """The entity key of the actor item ``i``."""
        mention = self.items[i].mention
        assert mention is not None
        return mention.key

    def slot(self, i: int) -> Slot:
        it = self.items[i]
        assert it.mention is not None
        return Slot(it.mention.key, it.begin, it.end)

    def joined(self, a: int, b: int) -> bool:
        """Whether actors at items a < b are coordinated or compounded."""
        between = self.words[a + 1 : b]
        if not between:
            gap = self.clean[self.items[a].end : self.items[b].begin]
            return gap.strip() in ("", "-", "–", "—", "/")
        return all(w in (",", "and", "&", "the", "-", "–", "/") for w in between) and len(between) <= 3

    def group_ending(self, i: int) -> tuple[int, list[int]]:
        """Actor items coordinated with the actor at ``i``, scanning left; returns (first index, items)."""
        group = [i]
        j = i - 1
        while j >= 0:
            if self.items[j].actor and self.joined(j, group[0]):
                group.insert(0, j)
            elif self.words[j] not in (",", "and", "&", "the", "-", "–", "/", "'s"):
                break
            j -= 1
        return group[0], group

    def group_starting(self, i: int) -> list[int]:
        group = [i]
        j = i + 1
        while j < len(self.items):
            if self.items[j].actor and self.joined(group[-1], j):
                group.append(j)
            elif self.words[j] not in (",", "and", "&", "the", "-", "–", "/"):
                break
            j += 1
        return group

    def _local_pair(self) -> list[int]:
        """The first coordinated group of two or more actors in the sentence."""
        for i, it in enumerate(self.items):
            if it.actor:
                group = self.group_starting(i)
                if len({self.key(g) for g in group}) >= 2:
                    return group
        return []

    def pair_slots(self, before: int) -> list[Slot]:
        """The two actors "their", "the two sides" or "both countries" at ``before`` refer to: a
        pair the sentence named, else the article's two main states; "the two leaders" are the
        two people last named."""
        if _PERSON_NOUNS.intersection(self.words[max(0, before - 1) : before + 4]):
            return self._person_pair(before)
        local = [g for g in self.local_pair if g < before]
        if len(local) >= 2:
            return [Slot(s.key, s.begin, s.end, referred=True) for s in (self.slot(g) for g in local)]
        return [Slot(k) for k in self.ctx.pair]

    def _person_pair(self, before: int) -> list[Slot]:
        people: dict[str, Slot] = {}
        for i in range(before - 1, -1, -1):
            if self.items[i].actor and self.ctx.kind(self.key(i)) == "Person":
                people.setdefault(self.key(i), Slot(self.key(i)))
        for slot in reversed(self.ctx.previous):
            if self.ctx.kind(slot.key) == "Person":
                people.setdefault(slot.key, Slot(slot.key))
        pair = list(people.values())[:2]
        return pair[::-1] if len(pair) == 2 else []

    def pronoun_slot(self, i: int, word: str, exclude: set[str]) -> Slot | None:
        """The actor a single pronoun at ``i`` refers to: the nearest earlier actor of a fitting kind."""
        person = word in ("he", "his", "she", "her")
        for j in range(i - 1, -1, -1):
            it = self.items[j]
            if it.mention and it.mention.key not in exclude:
                kind = self.ctx.kind(it.mention.key)
                if kind not in ("Place", "City") and (kind == "Person") == person:
                    return Slot(it.mention.key)
        for slot in reversed(self.ctx.previous):
            kind = self.ctx.kind(slot.key)
            if slot.key not in exclude and kind not in ("Place", "City") and (kind == "Person") == person:
                return Slot(slot.key)
        return None

    def antecedent(self, j: int, exclude: set[str]) -> Slot | None:
        """The actor a relative pronoun at ``j`` stands for: the actor right before it, or the
        owner of the noun phrase before it ("ISIL's attacks in Hasaka, which ..."); none when the
        noun before it is not an actor ("bombings that ...")."""
        i = j - 1
        while i >= 0 and self.words[i] in (",", "—"):
            i -= 1
        if (
            i >= 0
            and self.items[i].actor
            and self.key(i) not in exclude
            and self.ctx.kind(self.key(i)) not in ("City", "Place", "Facility")
        ):
            return self.slot(i)
        for k in range(i, -1, -1):
            if self.items[k].actor and self.words[k + 1 : k + 2] == ["'s"] and self.key(k) not in exclude:
                return self.slot(k)
        return None

    def pair_phrase_at(self, j: int) -> int:
        """Length of a pair phrase ("the two sides") ending at item ``j``, else 0."""
        for phrase in _PAIR_PHRASES:
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(self.words[j - n + 1 : j + 1]) == phrase:
                return n
        return 0

    # ---- the subject and the object of a verb ------------------------------------------

    def left_actors(self, c: int, exclude: set[str]) -> tuple[list[Slot], int]:
        """Actors before the cue at ``c`` and the index where they start (or ``c``)."""
        j = c - 1
        steps = 0
        while j >= 0 and steps < 8:
            w = self.words[j]
            if self.items[j].actor:
                first, group = self.group_ending(j)
                return [self.slot(g) for g in group], first
            n = self.pair_phrase_at(j)
            if n or w in _PAIR_WORDS:
                return self.pair_slots(j), j - max(n, 1) + 1
            if w in _SINGLE_PRONOUNS:
                found = self.pronoun_slot(j, w, exclude)
                return ([found] if found else []), j
            if w in ("which", "who", "that") and j > 0:  # "ISIL's attacks, which targeted ..."
                found = self.antecedent(j, exclude)
                return ([found] if found else []), j
            if w in _SKIP_BEFORE_VERB or w.endswith("ly") or w == "'s":
                j -= 1
                steps += 1
                continue
            break
        return [], c

    def right_actors(self, c: int, limit: int = 6, *, locative: bool = True) -> tuple[list[Slot], int]:
        """Actors after the cue ending at ``c`` and the index where they end (or ``c``).

        With ``locative`` False (attitudes: condemn, welcome), "in/at X" is where, not whom.
        """
        j = c + 1
        steps = 0
        if tuple(self.words[j : j + 4]) == ("in", "the", "strongest", "terms"):
            j += 4
        lex = lexicon()
        while j < len(self.items) and steps < limit:
            if not locative and self.words[j] in ("in", "at", "across", "near"):
                break
            if self.words[j] == "and" and j + 1 < len(self.words) and lex.at(self.words, j + 1):
                j += 2  # "targeted and killed X"
                continue
            if self.items[j].actor:
                group = self.group_starting(j)
                after = self.words[group[-1] + 1] if group[-1] + 1 < len(self.words) else ""
                if after in _MODIFIED_HEADS:  # "new Syria sanctions", "UK-France co-operation"
                    return [], c
                return [self.slot(g) for g in group], group[-1]
            n = 0
            for phrase in _PAIR_PHRASES:
                if tuple(self.words[j : j + len(phrase)]) == phrase:
                    n = len(phrase)
                    break
            if n:
                return self.pair_slots(j), j + n - 1
            if self.words[j] in _SKIP_AFTER or (self.words[j] and self.words[j][0].isdigit()):
                j += 1
                steps += 1
                continue
            break
        return [], c

    # ---- the frames -----------------------------------------------------------------------

    def code(self) -> list[CodedRelation]:
        lex = lexicon()
        i = 0
        while i < len(self.items):
            if self.items[i].actor or self.words[i] not in lex.by_first:
                i += 1
                continue
            cue = lex.at(self.words, i)
            if cue is None:
                i += 1
                continue
            end = i + len(cue.words) - 1
            frame = getattr(self, f"_frame_{cue.frame}")
            frame(cue, i, end)
            self.covered.update(range(i, end + 1))
            i = end + 1
        self._leaders()
        return self.out

    def _frame_verb(self, cue: Cue, c: int, e: int) -> None:
        passive = (
            c > 0
            and self.words[c - 1] in ("was", "were", "been", "being", "is", "are")
            and e + 1 < len(self.words)
            and self.words[e + 1] == "by"
        )
        symmetric = self._symmetric(cue.relation)
        reciprocal = self._reciprocal(e)
        if symmetric and reciprocal:  # "X and Y are partnering with one another"
            _found, first = self.left_actors(c, set())
            self._pairs(cue, cue.relation, self.pair_slots(c), c, e, min(first, c), e + reciprocal, "verb")
            return
        attitude = cue.relation in ("opposes", "supports")
        objects, last = self.right_actors(e, locative=not attitude)
        subjects, first = self.left_actors(c, {s.key for s in objects})
        if self._purpose(c):
            subjects, first = self._purpose_subjects(c, {s.key for s in objects}, subjects, first)
        if not subjects:
            subjects, first = self._implicit_subject(c, e, {s.key for s in objects})
        agents, agents_end = self._agents(e)
        if agents:  # "killed at the hands of X"
            subjects, objects = agents, subjects
            last = max(last, agents_end)
        elif passive:
            subjects, objects = objects, subjects
        if not objects and len(subjects) >= 2 and (symmetric or cue.symmetric_alt):
            relation = cue.relation if symmetric else str(cue.symmetric_alt)
            self._pairs(cue, relation, subjects, c, e, first, last, "verb")
            return
        if cue.words[0] in _WELCOME and self._hosting(objects, last):
            cue = Cue(cue.words, "hosts", "043", cue.frame, cue.source)  # "welcomed Raisi to Beijing"
        for s in subjects:
            for o in objects:
                self._emit(cue, cue.relation, s, o, c, e, first, last, "verb")

    def _hosting(self, objects: list[Slot], last: int) -> bool:
        """Whether persons are welcomed to a place (hosting), not a decision welcomed (support)."""
        after = self.words[last + 1 : last + 3]
        return (
            bool(objects)
            and all(self.ctx.kind(o.key) == "Person" for o in objects)
            and (after[:1] in (["to"], ["in"], ["at"]) and len(after) == 2 and after[1] == "<actor>")
        )

    def _purpose(self, c: int) -> bool:
        """Whether the cue at ``c`` is the verb of a purpose infinitive: "... to (degrade and) defeat"."""
        j = c - 1
        while j >= 1 and self.words[j] in ("degrade", "and", "ultimately", "eventually", "help", ","):
            j -= 1
        return j >= 0 and self.words[j] == "to"

    def _purpose_subjects(
        self, c: int, exclude: set[str], subjects: list[Slot], first: int
    ) -> tuple[list[Slot], int]:
        """ "The UK stands by Iraq to defeat Daesh": the infinitive's agents are the clause's actors
        (both the UK and Iraq); after "urged/asked X to" only X."""
        start = self._clause_start(c)
        found: dict[str, Slot] = {s.key: s for s in subjects}
        j = c - 1
        while j >= start:
            if self.words[j] in _OBJECT_CONTROL:
                return subjects, first
            if self.items[j].actor and self.key(j) not in exclude:
                kind = self.ctx.kind(self.key(j))
                if kind not in ("City", "Place", "Facility"):
                    found.setdefault(self.key(j), self.slot(j))
                    first = min(first, j)
            j -= 1
        return list(found.values()), first

    def _agents(self, e: int) -> tuple[list[Slot], int]:
        """The agent named by "at the hands of X" right after a verb, and where it ends."""
        phrase = ("at", "the", "hands", "of")
        k = e + 1 + len(phrase)
        if tuple(self.words[e + 1 : k]) == phrase and k < len(self.items) and self.items[k].actor:
            group = self.group_starting(k)
            return [self.slot(g) for g in group], group[-1]
        return [], e

    def _reciprocal(self, e: int) -> int:
        """Length of "each other", "one another" or "together" right after item ``e``, else 0."""
        for phrase in (("each", "other"), ("one", "another"), ("together",)):
            if tuple(self.words[e + 1 : e + 1 + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _implicit_subject(self, c: int, e: int, exclude: set[str]) -> tuple[list[Slot], int]:
        """Subjects not before the verb: "prioritizing **its** relations with Y" (the possessive
        refers back to the subject), "Y's strategy for containing Z" (the strategy's owner)."""
        if e + 1 < len(self.words) and self.words[e + 1] in ("its", "their"):
            w = self.words[e + 1]
            if w == "their":
                return self.pair_slots(e + 1), c
            found = self.pronoun_slot(c, w, exclude)
            return ([found] if found else []), c
        j = c - 1
        while j >= 0 and self.words[j] in ("“", "”", '"', "‘", "’"):
            j -= 1
        if (
            j >= 1
            and self.words[j] in ("for", "of", "to", "at")
            and self.words[j - 1]
            in (
                "strategy",
                "policy",
                "plan",
                "plans",
                "efforts",
                "effort",
                "bid",
                "campaign",
                "doctrine",
                "approach",
                "aimed",
                "designed",
            )
        ):
            owners, first = self.possessors(j - 1)
            return owners, first
        return [], c

    def _frame_noun(self, cue: Cue, c: int, e: int) -> None:
        relation, cameo, weak = cue.relation, cue.cameo, cue.weak
        if cue.words[-1] in COOPERATION_NOUNS and len(cue.words) == 1:
            return  # generic "ties"/"partnership" handled with modifiers below
        self._noun(cue, relation, cameo, weak, c, e)

    def _noun(
        self, cue: Cue, relation: str, cameo: str, weak: bool, c: int, e: int, phrase_start: int | None = None
    ) -> None:
        holders, start = self.possessors(c)
        ends_in_prep = cue.words[-1] in _PREPOSITIONS and e > c
        after, last = self.noun_arguments(e - 1 if ends_in_prep else e, relation)
        method = "noun"
        if not holders and not after and self._symmetric(relation):
            group, group_start = self.clause_subject(c)  # "Russia and China have a partnership"
            if len(group) >= 2:
                holders, start = group, group_start
        if not holders and not after and not weak:
            holders, start = self.clause_pair(c)
            method = "cooccurrence"
        directed = not self._symmetric(relation)
        variant = Cue(cue.words, relation, cameo, cue.frame, cue.source, weak)
        p_start = min(start, phrase_start if phrase_start is not None else c)
        if directed:
            subjects = holders or after.get("by", []) or after.get("of", [])
            if not subjects and relation in _STANCES:  # "the US remains steadfast in support of X"
                subjects, start = self.clause_subject(c)
                p_start = min(p_start, start)
                holders = subjects
            objects = (
                after.get("to", [])
                or after.get("against", [])
                or after.get("on", [])
                or after.get("with", [])
                or after.get("for", [])
                or after.get("in", [])
                or (after.get("of", []) if holders else [])  # "its condemnation of X"
            )
            if not subjects and after.get("between"):
                subjects, objects = after["between"][:1], after["between"][1:2]
            if not objects and method == "cooccurrence" and len(subjects) == 2:
                subjects, objects = subjects[:1], subjects[1:]
            for s in subjects:
                for o in objects:
                    self._emit(variant, relation, s, o, c, e, p_start, last, method, phrase=p_start)
            return
        participants = (
            holders
            + after.get("between", [])
            + after.get("with", [])
            + after.get("of", [])
            + after.get("among", [])
        )
        self._pairs(variant, relation, participants, c, e, p_start, last, method, phrase=p_start)

    def possessors(self, c: int) -> tuple[list[Slot], int]:
        """Actors that own or modify the noun at ``c``: "X's", "their", "the X-Y", "X and Y's".

        Scans left over adjectives and relation modifiers ("joint military", "political and
        military"); a determiner ("the") ends the noun phrase.
        """
        j = c - 1
        while j >= 0:
            w = self.words[j]
            if self.items[j].actor:
                key = self.items[j].mention.key  # type: ignore[union-attr]
                if self.ctx.kind(key) == "Place" and j > 0:  # "the Indo-Pacific strategy"
                    j -= 1
                    continue
                first, group = self.group_ending(j)
                return [self.slot(g) for g in group], first
            if w in _POSSESSIVE_MARKS:
                j -= 1
                continue
            n = self.pair_phrase_at(j)
            if n or w in ("their", "theirs"):
                return self.pair_slots(j), j - max(n, 1) + 1
            if w in ("its", "his", "her"):
                found = self.pronoun_slot(j, w, set())
                return ([found] if found else []), j
            if (
                w in ("and", ",")
                and j > 0
                and (self.words[j - 1] in MODIFIERS or self.words[j - 1] in _PREMODIFIERS)
            ):
                j -= 1
                continue
            if (
                w in _PREMODIFIERS
                or w in MODIFIERS
                or w.endswith("-era")
                or re.match(r"^\d{4}s?$", w)
                or w.endswith("-level")
                or w.endswith("-old")
            ):
                j -= 1
                continue
            if (
                w in _LIGHT_VERBS
                and j >= 2
                and self.words[j - 1] == "to"
                and self.words[j - 2] in _LIGHT_NOUNS
            ):
                j -= 3
                continue
            if w in _LIGHT_VERBS:
                j -= 1
                continue
            break
        return [], c

    def clause_pair(self, c: int) -> tuple[list[Slot], int]:
        """The pair a clause refers to with "their" or "the two sides" before ``c`` (co-occurrence),
        and where that reference starts."""
        for j in range(c - 1, self._clause_start(c) - 1, -1):
            n = self.pair_phrase_at(j)
            if self.words[j] in ("their", "they", "theirs") or n:
                return [Slot(s.key) for s in self.pair_slots(j)], j - max(n, 1) + 1
        return [], c

    def noun_arguments(self, e: int, relation: str) -> tuple[dict[str, list[Slot]], int]:
        """Prepositional actors right after a noun cue: "between X and Y", "to Y", "of X to Y"."""
        found: dict[str, list[Slot]] = {}
        last = e
        j = e + 1
        if j < len(self.words) and self.words[j] in ("that", "which") and relation == "visits":
            return self._relative_trip(j)
        while j < len(self.words) and self.words[j] in _PREPOSITIONS:
            prep = self.words[j]
            k = j + 1
            while k < len(self.words) and self.words[k] in _DETERMINERS | {"its", "their", "both", "two"}:
                k += 1
            n = self.pair_phrase_at(k - 1) if k > j + 1 else 0
            if k < len(self.items) and self.items[k].actor:
                group = self.group_starting(k)
                found.setdefault(prep, [self.slot(g) for g in group])
                last = group[-1]
                j = group[-1] + 1
            elif n or (k < len(self.words) and self.words[k] in ("sides", "countries", "nations")):
                found.setdefault(prep, self.pair_slots(k))
                last = k
                j = k + 1
            else:
                break
        return found, last

    def _relative_trip(self, j: int) -> tuple[dict[str, list[Slot]], int]:
        """ "the trip that X paid to Y": X is the visitor, Y the place."""
        found: dict[str, list[Slot]] = {}
        last = j
        for k in range(j + 1, min(len(self.items), j + 10)):
            if self.items[k].actor and "of" not in found:
                found["of"] = [self.slot(k)]
                last = k
            elif (
                self.words[k] == "to"
                and "of" in found
                and k + 1 < len(self.items)
                and self.items[k + 1].actor
            ):
                found["to"] = [self.slot(k + 1)]
                return found, k + 1
        return found, last

    def _frame_establish(self, cue: Cue, c: int, e: int) -> None:
        founders, first = self.left_actors(c, set())
        if not founders:
            founders, first = self.possessors(c)
        institution, last = self._institution(e)
        if institution is None or not founders:
            return
        subject, partners = founders[0], tuple(founders[1:])
        self._emit(
            cue,
            "agreesToEstablish",
            subject,
            institution,
            c,
            e,
            first,
            last,
            "establish",
            jointly_with=partners,
        )

    def _institution(self, e: int) -> tuple[Slot | None, int]:
        j = e + 1
        while j < len(self.words) and self.words[j] in ("a", "an", "the", "new", "joint", "up"):
            j += 1
        if j < len(self.items) and self.items[j].actor:
            key = self.items[j].mention.key  # type: ignore[union-attr]
            if self.ctx.kind(key) not in ("Country", "Person", "City", "Place"):
                return self.slot(j), j
            return None, e
        k = j
        while (
            k < len(self.items)
            and not self.items[k].actor
            and (
                _NAME_WORD.match(self.items[k].text)
                or (
                    self.words[k] in ("of", "for", "on", "and")
                    and k + 1 < len(self.items)
                    and _NAME_WORD.match(self.items[k + 1].text)
                )
            )
        ):
            k += 1
        if k - j >= 2:
            begin, end = self.items[j].begin, self.items[k - 1].end
            label = self.clean[begin:end]
            return Slot(_slug(label), begin, end, "Organization", label), k - 1
        return None, e

    def _frame_member(self, cue: Cue, c: int, e: int) -> None:
        organisations, last = self.right_actors(e, limit=3)
        organisations = [
            o
            for o in organisations
            if self.ctx.kind(o.key)
            in ("IntergovernmentalOrganization", "Organization", "MilitaryOrganization", "ArmedGroup")
        ]
        members, first = self.left_actors(c, {o.key for o in organisations})
        for m in members:
            for o in organisations[:1]:
                self._emit(cue, "memberOf", m, o, c, e, first, last, "member")

    def _leaders(self) -> None:
        """ "President Putin": the named person leads the state whose office that title is on the date."""
        for i, it in enumerate(self.items):
            if it.mention is None or self.ctx.kind(it.mention.key) != "Person":
                continue
            m = _TITLES.match(it.text)
            if not m or m.group(1) not in _LEADER_TITLES:
                continue
            led = self._led_by(it.mention.key, m.group(1))
            if led:
                cue = Cue((m.group(1).lower(),), "leaderOf", "", "leader")
                self._emit(cue, "leaderOf", self.slot(i), Slot(led), i, i, i, i, "leader")

    def _led_by(self, person: str, title: str) -> str | None:
        record = self.ctx.gazetteer.get(person)
        if record is None:
            return None
        on = self.ctx.on
        for office in record.offices:
            if office.title.lower().replace("-", " ") != title.lower().replace("-", " "):
                continue
            if on and ((office.start and office.start > on) or (office.end and office.end < on)):
                continue
            return office.country or office.organization
        return None

    # ---- modifiers of cooperation nouns ---------------------------------------------------

    def modified_nouns(self) -> None:
        """ "joint military ties", "political and military cooperation", "economic ... realms"."""
        for i, w in enumerate(self.words):
            if w not in COOPERATION_NOUNS or i in self.covered:
                continue
            mods: list[tuple[str, str]] = []
            j = i - 1
            while (
                j >= 0
                and i - j <= 6
                and (
                    self.words[j] in MODIFIERS
                    or self.words[j] in _PREMODIFIERS
                    or (self.words[j] in ("and", ",") and j > 0 and self.words[j - 1] in MODIFIERS)
                )
            ):
                if self.words[j] in MODIFIERS:
                    mods.append(MODIFIERS[self.words[j]])
                j -= 1
            generic = not mods
            if generic:
                if w not in ("ties", "relations", "cooperation", "co-operation", "partnership"):
                    continue
                mods = [("strategicPartnerOf", "050") if w == "partnership" else ("cooperatesWith", "050")]
            for relation, cameo in dict.fromkeys(mods):
                cue = Cue((w,), relation, cameo, "noun", "kg", weak=generic)
                self._noun(cue, relation, cameo, generic, i, i, phrase_start=j + 1)

    def security_topics(self) -> None:
        """A pair acting jointly against terrorism or extremism: security cooperation (co-occurrence)."""
        for i, w in enumerate(self.words):
            if _SECURITY_TOPICS.match(w):
                pair, start = self.clause_pair(i)
                if len(pair) == 2 and any(x in self.words[start:i] for x in ("joint", "together", "efforts")):
                    cue = Cue((w,), "cooperatesOnSecurityWith", "062", "noun", "kg")
                    self._emit(
                        cue, "cooperatesOnSecurityWith", pair[0], pair[1], i, i, start, i, "cooccurrence"
                    )
                    return

    # ---- emitting --------------------------------------------------------------------------

    def _symmetric(self, relation: str) -> bool:
        from kg.vocab import relations

        rel = relations().get(relation)
        return bool(rel and rel.symmetric)

    def _pairs(
        self,
        cue: Cue,
        relation: str,
        participants: list[Slot],
        c: int,
        e: int,
        first: int,
        last: int,
        method: str,
        phrase: int | None = None,
    ) -> None:
        unique: dict[str, Slot] = {}
        for p in participants:
            unique.setdefault(self._actor_key(p, relation, "subject").key, p)
        slots = list(unique.values())
        for i, a in enumerate(slots):
            for b in slots[i + 1 :]:
                self._emit(cue, relation, a, b, c, e, first, last, method, phrase=phrase)

    def _actor_key(self, slot: Slot, relation: str, role: str) -> Slot:
        """Capitals stand for their state except as the place of a visit; demonyms are states."""
        kind = slot.kind or self.ctx.kind(slot.key)
        if kind == "City" and not (relation == "visits" and role == "object"):
            state = self.ctx.state(slot.key)
            if state:
                return Slot(state, slot.begin, slot.end)
        return slot

    def _emit(
        self,
        cue: Cue,
        relation: str,
        s: Slot,
        o: Slot,
        c: int,
        e: int,
        first: int,
        last: int,
        method: str,
        *,
        jointly_with: tuple[Slot, ...] = (),
        phrase: int | None = None,
    ) -> None:
        s = self._actor_key(s, relation, "subject")
        o = self._actor_key(o, relation, "object")
        if relation == "supports" and self.ctx.kind(o.key) in ("MilitaryOrganization", "ArmedGroup"):
            relation, cue = "providesAidTo", Cue(cue.words, "providesAidTo", "074", cue.frame, cue.source)
        if s.key == o.key or self.ctx.kind(s.key) in ("City", "Place", "Facility"):
            return  # places do not act (capitals acting stand for their state: see _actor_key)
        if relation not in ("visits", "attacks", "inConflictWith") and self.ctx.kind(o.key) == "Place":
            return
        clause = self._clause_start(c)
        mod = Modality.of(
            self.words,
            cue=c,
            clause=clause,
            phrase=phrase if phrase is not None else c,
            year=self.year,
            quoted=self._quoted(c, e),
            speaker=self.speaker is not None and self.speaker.key not in (s.key, o.key),
            clause_end=self._clause_end(e),
        )
        confidence = CONFIDENCE[method]
        if not (s.direct and o.direct) and method not in ("leader", "cooccurrence"):
            confidence -= INDIRECT_PENALTY
        if cue.weak:
            confidence -= WEAK_PENALTY
        lo = min(first, c)
        hi = max(last, e)
        if method in ("verb", "noun", "establish"):
            self.covered.update(range(lo, hi + 1))
        begin, end = self.items[lo].begin, self.items[hi].end
        if end - begin > 400:
            begin, end = self.items[c].begin, self.items[e].end
        place, event = self._venue(cue, relation, e)
        cameo = "044" if relation == "meets" and event else cue.cameo
        self.out.append(
            CodedRelation(
                s,
                relation,
                o,
                cameo,
                mod.name,
                round(max(0.3, min(0.95, confidence)), 2),
                begin,
                end,
                f"{method}:{' '.join(cue.words)}",
                speaker=self.speaker if mod.name == "reported" and mod.marker == "speaker" else None,
                jointly_with=jointly_with,
                place=place,
                event_label=event,
            )
        )

    def _venue(self, cue: Cue, relation: str, e: int) -> tuple[Slot | None, str | None]:
        """For meetings: "at the SCO Summit in Bishkek" gives the place and the event."""
        if relation not in ("meets", "negotiatesWith", "communicatesWith"):
            return None, None
        place: Slot | None = None
        event: str | None = None
        for j in range(e + 1, min(len(self.items), e + 16)):
            it = self.items[j]
            nxt = j + 1
            while nxt < len(self.items) and (
                self.words[nxt] in ("(", ")")
                or (self.items[nxt].actor and it.actor and self.key(nxt) == self.key(j))
            ):
                nxt += 1
            if (
                it.mention
                and self.ctx.kind(it.mention.key) in ("IntergovernmentalOrganization",)
                and nxt < len(self.words)
                and self.words[nxt] == "summit"
                and event is None
            ):
                org = self.ctx.gazetteer.get(it.mention.key)
                event = org.label if org else it.text
            elif it.mention and self.ctx.kind(it.mention.key) == "City" and place is None:
                place = self.slot(j)
            elif self.words[j] in (".", ";"):
                break
        if event:
            acronym = re.sub(r"[^A-Z]", "", event) if len(event) > 12 else event
            place_record = self.ctx.gazetteer.get(place.key) if place else None
            where = place_record.label if place_record else None
            year = f" {self.year}" if self.year else ""
            event = f"{acronym} Summit{year}" + (f" ({where})" if where else "")
        return place, event

    def _clause_start(self, c: int) -> int:
        """Where the clause that holds ``c`` starts (at most 40 items back)."""
        for j in range(c - 1, max(-1, c - 41), -1):
            if self.words[j] in _CLAUSE_BREAKS:
                return j + 1
        return max(0, c - 40)

    def _clause_end(self, c: int) -> int:
        """Where the clause that holds ``c`` ends (at most 40 items on)."""
        for j in range(c + 1, min(len(self.words), c + 41)):
            if self.words[j] in _CLAUSE_BREAKS or self.words[j] in (".", ",", "which", "who"):
                return j
        return min(len(self.words), c + 41)

    def _quoted(self, c: int, e: int) -> bool:
        before = self.clean[max(self.begin, self.items[c].begin - 2) : self.items[c].begin]
        after = self.clean[self.items[e].end : min(self.end, self.items[e].end + 6)]
        return any(q in before for q in '“"‘') and any(q in after for q in '”"’')

    def _speaker(self) -> Slot | None:
        """The actor the sentence attributes its content to ("X said", "according to X")."""
        for i, w in enumerate(self.words):
            if (
                w == "according"
                and i + 2 < len(self.items)
                and self.words[i + 1] == "to"
                and self.items[i + 2].actor
            ):
                return self.slot(i + 2)
            if w in REPORTING and w != "according":
                for j in (i - 1, i - 2):
                    if j >= 0 and self.items[j].actor:
                        return self.slot(j)
                if (
                    i + 1 < len(self.items)
                    and self.items[i + 1].actor
                    and i > 0
                    and self.words[i - 1] in (",", "”", '"')
                ):
                    return self.slot(i + 1)
        return None

    def actors(self) -> list[Slot]:
        return [self.slot(i) for i, it in enumerate(self.items) if it.actor]


def _slug(label: str) -> str:
    from kg.iris import slug

    return slug(label)


def code_relations(
    text: str,
    clean: str,
    gazetteer: Gazetteer,
    on: date | None,
    mentions: list[Mention],
    local: dict[str, LocalEntity] | None = None,
) -> list[CodedRelation]:
    """Every relation the coder finds in an article's text (``clean`` is its clean view)."""
    ctx = ArticleContext(text, gazetteer, on, mentions, local or {})
    ctx.pair = salient_pair(ctx)
    out: list[CodedRelation] = []
    starts = [m.begin for m in mentions]
    for begin, end in sentence_spans(clean):
        i = bisect.bisect_left(starts, begin)
        has_actor = i < len(starts) and starts[i] < end
        if not has_actor and not _PAIR_REFERENCE.search(clean, begin, end):
            continue  # no actor and no "their"/"the two sides": nothing to code
        sentence = _Sentence(ctx, clean, begin, end)
        sentence.code()
        sentence.modified_nouns()
        sentence.security_topics()
        out.extend(sentence.out)
        actors = sentence.actors()
        if actors:
            ctx.previous = actors
    return out
