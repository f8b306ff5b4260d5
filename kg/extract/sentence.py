"""One sentence as the relation coder sees it: words and actor mentions, and how to find the actors
a cue is about (coordinated groups, possessors, prepositional arguments, pronouns, "their" and
"the two sides", relative pronouns, appositions, clause boundaries, speakers)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from kg.extract import words
from kg.extract.gazetteer import Mention
from kg.extract.lexicon import MODIFIERS, lexicon
from kg.extract.modality import REPORTING
from kg.extract.text import Token, tokens

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer
    from kg.extract.mentions import LocalEntity


#: Prepositions of place before an actor's name ('attacks **in** Baghdad').
_LOCATIVE = frozenset(("in", "on", "at", "near", "across", "around", "outside", "inside", "into"))
_PLACE_KINDS = frozenset(("City", "Place", "Facility", "Country"))
_REPRESENTATIVES = frozenset(
    (
        "delegates delegation delegations envoys heads leaders leadership members ministers officials "
        "representatives spokesman spokesperson spokeswoman"
    ).split()
)
_REPRESENTATIVE_ADJECTIVES = frozenset(
    "defence defense finance foreign military senior top trade economy interior".split()
)
#: Words between an actor's name and the noun of its forces ('Coalition **military** forces').
_FORCE_MODIFIERS = frozenset(
    (
        "air allied armed government ground military naval partner partnered pro-government security special"
    ).split()
)
#: Adjectives inside a coordination of actors ('the UK, **the wider** Global Coalition and Iraq').
_ADJUNCTS = frozenset(("wider", "broader", "other", "entire", "whole"))
_COORDINATION_FILLERS = frozenset((",", "and", "&", "the", "-", "–", "/")) | _ADJUNCTS
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_AUXILIARIES = frozenset(("was", "were", "been", "being", "is", "are", "be", "get", "got"))


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


@dataclass(slots=True)
class Item:
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
    """The article's two most mentioned states, in order of first mention: what "the two sides" means;
    none when the second is named once, or less than a quarter as often as the first."""
    counts = ctx.gazetteer.states_named(ctx.mentions)
    top = counts.most_common(2)
    if len(top) < 2 or top[1][1] < 2 or top[1][1] * 4 < top[0][1]:
        return ()  # no second state that the article is about: "they" is no pair of states
    order = list(counts)  # in the order of first mention
    return tuple(sorted((k for k, _ in top), key=order.index))


def items_of(clean: str, begin: int, end: int, mentions: list[Mention]) -> list[Item]:
    toks: list[Token] = tokens(clean, begin, end)
    items: list[Item] = []
    mi = 0
    lo = bisect.bisect_left(mentions, begin, key=lambda m: m.begin)  # mentions are sorted by begin
    hi = bisect.bisect_left(mentions, end, key=lambda m: m.begin)
    ms = [m for m in mentions[lo:hi] if m.end <= end]
    n = len(ms)
    for tok in toks:
        while mi < n and ms[mi].end <= tok.begin:
            mi += 1
        if mi == n or ms[mi].begin >= tok.end:  # most tokens: no mention here (sorted by begin)
            items.append(Item(tok.begin, tok.end, tok.lower, tok.text))
            continue
        overlapping = []
        for m in ms[mi:]:
            if m.begin >= tok.end:  # sorted by begin: no later mention overlaps the token
                break
            if m.end > tok.begin:
                overlapping.append(m)
        if not overlapping:
            items.append(Item(tok.begin, tok.end, tok.lower, tok.text))
            continue
        for m in overlapping:
            if not items or items[-1].mention is not m:
                items.append(Item(m.begin, m.end, "", clean[m.begin : m.end], m))
        # text of the token outside mentions ("-" between compounds, "pro-") is dropped, but for a
        # compound participle ("US-backed", "Iran-sponsored"), which keeps its participle
        suffix = _COMPOUND_PARTICIPLE.match(clean, overlapping[-1].end, tok.end)
        if suffix and suffix.end() == tok.end:
            b = suffix.start(1)
            items.append(Item(b, tok.end, "-" + suffix.group(1).lower(), clean[b : tok.end]))
    return items


#: The participle of a compound whose first part is an actor ('US-**backed** forces').
_COMPOUND_PARTICIPLE = re.compile(
    r"[-–‑](backed|sponsored|supported|funded|armed|aligned|allied)", re.IGNORECASE
)


#: Finite verbs and auxiliaries that start a clause's predicate after its subject.
_FINITE = frozenset(
    "would will could can may might should must shall did does do had has have is are was were".split()
)
_OPENING = {'"', "'", "\u201c", "\u2018"}
_CLOSING = {'"', "'", "\u201d", "\u2019"}


def _unquote(items: list[Item]) -> list[Item]:
    """Drops the quotation marks around one actor ('"Israel" met Egypt'): a name in quotes is
    still the subject or object (a cue in quotes is reported, found from the text itself)."""
    if not any(it.lower in _OPENING for it in items):
        return items
    drop: set[int] = set()
    for i in range(len(items) - 2):
        if items[i].lower in _OPENING and items[i + 1].actor and items[i + 2].lower in _CLOSING:
            drop.update((i, i + 2))
    return [it for i, it in enumerate(items) if i not in drop] if drop else items


_NP_WORDS = {"its", "their", "his", "her", "our", "my", "own", "full", "strong", "continued", "firm"}
_PRONOUNS = {"i", "we", "our", "us", "my", "he", "she", "it", "they", "its", "their", "his", "her"}

_REPORTED_CONTENT = {"news", "announcement", "reports", "report", "that", "today's", "today’s"}


class Sentence:
    """Items (words and actor mentions) of one sentence, and the ways to find actors among them."""

    def __init__(self, ctx: ArticleContext, clean: str, begin: int, end: int) -> None:
        self.ctx = ctx
        self.clean = clean
        self.begin, self.end = begin, end
        self.items = _unquote(self._appositions(items_of(clean, begin, end, ctx.mentions)))
        self.words = [it.lower if not it.actor else "<actor>" for it in self.items]
        self.year = ctx.on.year if ctx.on else None
        self.speakers: set[str] = set()
        self.reported = not REPORTING.isdisjoint(self.words) and any(
            # "X said", "officials said that"; not "an attack claimed by X"
            w in REPORTING
            and not (w == "claimed" and self.words[i + 1 : i + 2] in (["by"], ["responsibility"]))
            for i, w in enumerate(self.words)
        )
        self.speaker = self._speaker()
        if self.speaker is not None:
            self.speakers.add(self.speaker.key)
        self.local_pair = self._local_pair()
        self.covered: set[int] = set()

    def _appositions(self, items: list[Item]) -> list[Item]:
        """ "the Iraqi Foreign Minister, Ibrahim al-Jaafari," and "Finnish President Sauli Niinistö"
        (a title mention right before a name) are one person: the named one."""
        out: list[Item] = []
        i = 0
        while i < len(items):
            a = items[i]
            if a.mention is None:  # most items: a word, not an actor
                out.append(a)
                i += 1
                continue
            nxt = items[i + 1] if i + 1 < len(items) else None
            if (
                nxt is not None
                and a.mention is not None
                and nxt.mention is not None
                and nxt.mention.via == "name"
                and self.ctx.kind(nxt.mention.key) == "Person"
                and not self.clean[a.end : nxt.begin].strip()
            ):
                merged = Mention(a.begin, nxt.end, nxt.mention.key, "name")
                out.append(Item(a.begin, nxt.end, "", self.clean[a.begin : nxt.end], merged))
                i += 2
                continue
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
                out.append(Item(a.begin, b.end, "", self.clean[a.begin : b.end], merged))
                i += 3
                continue
            out.append(a)
            i += 1
        return out

    def clause_subject(self, c: int, *, past_reporters: bool = True) -> tuple[list[Slot], int]:
        """The first actor group of the clause that holds ``c`` (its grammatical subject, mostly).

        With ``past_reporters``, a group that reports a clause ("X claims Y flies arms ...") is
        not the subject of what it reports; without, it is (the parties of "X and Y said the
        pact ...")."""
        j = self._clause_start(c)
        while j < c:
            if self.items[j].actor and self.ctx.kind(self.key(j)) not in ("City", "Place", "Facility"):
                group = self.group_starting(j)
                nxt = group[-1] + 1
                if (
                    past_reporters
                    and nxt + 1 < c
                    and self.words[nxt] in REPORTING
                    and self.words[nxt + 1] not in ("in", "at", "during", "on", "after", "before", ",", "to")
                    and not all(  # "X announced their own support for Y": X's support
                        w in words.DETERMINERS or w in words.PREMODIFIERS or w in _NP_WORDS
                        for w in self.words[nxt + 1 : c]
                    )
                ):
                    j = nxt + 1  # "X claims Y flies arms in support of Z": Y (unknown here), not X
                    continue
                return [self.slot(g) for g in group], j
            j += 1
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
        if not between:  # "Russian-Pakistani", "US/UK": a compound; a mere space is not coordination
            gap = self.clean[self.items[a].end : self.items[b].begin]
            return gap.strip() in ("-", "–", "—", "/")
        if "and" not in between and {self.items[a].text.lower(), self.items[b].text.lower()} & _PRONOUNS:
            return False  # "On behalf of X and Y, I congratulate": a comma before "I" ends a phrase
        return all(w in _COORDINATION_FILLERS for w in between) and len(between) <= 3

    def group_ending(self, i: int) -> tuple[int, list[int]]:
        """Actor items coordinated with the actor at ``i``, scanning left; returns (first index, items)."""
        group = [i]
        j = i - 1
        while j >= 0:
            if self.items[j].actor and self.joined(j, group[0]):
                group.insert(0, j)
            elif self.words[j] not in _COORDINATION_FILLERS and self.words[j] != "'s":
                break
            j -= 1
        for k in range(len(group) - 2, -1, -1):
            if self._source(group[k]):  # "According to Lavrov, Russia and China ...": not Lavrov
                group = group[k + 1 :]
                break
        if not self._coordinated(group):
            return group[-1], group[-1:]  # "According to CNN, Turkey has ...": Turkey
        return group[0], group

    def _object_group(self, group: list[int]) -> list[int]:
        """A coordination after a verb whose last conjunct is followed by a verb of its own starts a
        new clause there ("X had defeated ISIS and Turkey would move ...": Turkey is no object)."""
        if len(group) < 2:
            return group
        k = group[-1] + 1
        if k < len(self.words) and (self.words[k] in _FINITE or self._verb_at(k)):
            return group[:-1]
        return group

    def _verb_at(self, k: int) -> bool:
        cue = lexicon().at(self.words, k)
        return cue is not None and cue.frame != "noun" and not self.items[k].actor

    def _before_np(self, first: int) -> int:
        k = first - 1
        while k >= 0 and self.words[k] in ("the", "a", "an"):
            k -= 1
        return k

    def _verb_ends_at(self, k: int) -> bool:
        """Whether a verb cue ends at word ``k`` ("met", "signed a deal with")."""
        if k < 0 or self.items[k].actor:
            return False
        lex = lexicon()
        for start in range(max(0, k - 3), k + 1):
            cue = lex.at(self.words, start)
            if cue is not None and cue.frame != "noun" and start + len(cue.words) - 1 == k:
                return True
        return False

    def _source(self, j: int) -> bool:
        """Whether the actor at ``j`` is the source of "according to X", not a party."""
        if j >= 1 and self.words[j - 1] == "the":
            j -= 1
        return j >= 2 and self.words[j - 1] == "to" and self.words[j - 2] == "according"

    def group_starting(self, i: int) -> list[int]:
        if self._source(i):
            return [i]
        group = [i]
        j = i + 1
        resume = -1  # the comma that closes an apposition after the last member
        while j < len(self.items):
            skip = self._apposition_end(j)
            if skip:  # "X, led by Prime Minister A, and Y"
                j = resume = skip
                continue
            if self.items[j].actor and (
                self.joined(group[-1], j)
                if resume < 0
                else all(w in (",", "and", "&", "the") for w in self.words[resume:j]) and j - resume <= 3
            ):
                group.append(j)
                resume = -1
            elif self.words[j] not in _COORDINATION_FILLERS:
                break
            j += 1
        return group if self._coordinated(group) else group[:1]

    def _coordinated(self, group: list[int]) -> bool:
        """Whether a group of actors is a coordination: commas alone ("In France, Trump ...")
        are not; a compound ("Russian-Pakistani") or a conjunction somewhere ("X, Y and Z") is."""
        if len(group) < 2:
            return True
        for a, b in pairwise(group):
            between = set(self.words[a + 1 : b])
            if (
                not between
                or between & {"and", "&", "/", "-", "–"}
                or not between <= {",", "the", *_ADJUNCTS}
            ):
                return True
        return False

    def _apposition_end(self, j: int) -> int:
        """After an actor, the end of an apposition ", led by A," at ``j`` (the index of the comma
        that closes it), else 0."""
        if (
            j + 4 < len(self.items)
            and self.words[j] == ","
            and self.words[j + 1] in ("led", "represented", "headed", "chaired")
            and self.words[j + 2] == "by"
            and self.items[j + 3].actor
            and self.words[j + 4] == ","
        ):
            return j + 4
        return 0

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
        nouns = self.words[max(0, before - 1) : before + 4]
        if words.PERSON_NOUNS.intersection(nouns):
            return self._person_pair(before)
        local = [g for g in self.local_pair if g < before]
        if len(local) >= 2:
            slots = [Slot(s.key, s.begin, s.end, referred=True) for s in (self.slot(g) for g in local)]
            if words.STATE_NOUNS.intersection(nouns):  # "Modi and Xi ... the two neighbours": the states
                states = [self.ctx.state(s.key) for s in slots]
                if all(states) and len(set(states)) == len(states):
                    return [Slot(str(state)) for state in states]
            return slots
        return [Slot(k) for k in self.ctx.pair]

    def by_of_participle(self, k: int) -> bool:
        """Whether word ``k`` is the "by" of a participle that no auxiliary makes a passive verb
        ("rebels **backed by** X", "a meeting, **convened by** X,"; not "X **was backed by** Y")."""
        return (
            k >= 1
            and self.words[k] == "by"
            and self.words[k - 1].endswith("ed")
            and (k < 2 or self.words[k - 2] not in _AUXILIARIES)
        )

    def _in_a_name(self, i: int) -> bool:
        """Whether the actor at ``i`` starts a longer capitalised name ("the U.S.-Iraq Strategic
        Framework Agreement"), not a weekday or month."""
        if i + 1 >= len(self.items):
            return False
        nxt = self.items[i + 1]
        return (
            not nxt.actor
            and nxt.text.isalpha()
            and nxt.text[:1].isupper()
            and nxt.lower not in words.MONTHS
            and nxt.lower not in _WEEKDAYS
            and self.clean[self.items[i].end : nxt.begin] == " "
        )

    def modifier(self, i: int) -> bool:
        """Whether the demonym at item ``i`` modifies the noun after it ("Saudi diplomatic
        missions"): it then names neither the subject nor the object."""
        it = self.items[i]
        if it.mention is not None and re.match(r"[-–][a-z]", self.clean[it.end : it.end + 2]):
            return True  # "Tanzanian-born", "Saudi-led", "US-based"
        if it.mention is None or it.mention.via != "demonym" or i + 1 >= len(self.items):
            return False
        nxt = self.items[i + 1]
        return (
            not nxt.actor
            and nxt.text.isalpha()
            and nxt.text.islower()
            and nxt.lower not in words.FUNCTION_WORDS
        )

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
                    return Slot(it.mention.key, it.begin, it.end, referred=True)  # the antecedent's span
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
        if i >= 1 and self.items[i].actor and self.words[i - 1] in ("in", "at", "near", "across", "inside"):
            i -= 2  # "attacks in Syria which ...": the attacks, not Syria
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
        for phrase in words.PAIR_PHRASES:
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(self.words[j - n + 1 : j + 1]) == phrase:
                return n
        return 0

    def left_actors(self, c: int, exclude: set[str]) -> tuple[list[Slot], int]:
        """Actors before the cue at ``c`` and the index where they start (or ``c``)."""
        j = c - 1
        steps = 0
        while j >= 0 and steps < 8:
            w = self.words[j]
            if self.items[j].actor:
                first, group = self.group_ending(j)
                if len(group) >= 2 and self._verb_ends_at(self._before_np(first)):
                    # "X did not meet Y, and Z met W": Y is the object of the first verb, not a subject
                    first, group = group[-1], group[-1:]
                if self.by_of_participle(first - 1):
                    # "rebels backed by Turkey attacked ...": Turkey is the backer, not the attacker
                    j = first - 3
                    steps += 1
                    continue
                if (
                    first > 0
                    and self.words[first - 1] in _LOCATIVE
                    and all(self.ctx.kind(self.key(g)) in _PLACE_KINDS for g in group)
                ):  # "attacks in Baghdad killed ...": Baghdad is where, not who
                    j = first - 2
                    steps += 1
                    continue
                return [self.slot(g) for g in group], first
            if w == "," and steps == 0:
                k = self._parenthetical_start(j)
                if k is not None:  # "the YPG, backed by the US, captured ...": skip the aside
                    j = k - 1
                    steps += 1
                    continue
            if w in words.ATTACK_NOUNS and j > 0:  # "the ISIL attacks (in X) killed Y": the attackers
                j -= 1
                if self.numeric(j) or self.words[j] in words.QUANTITIES:  # "X's four airstrikes"
                    j -= 1
                steps += 1
                continue
            n = self.pair_phrase_at(j)
            if n or w in words.PAIR_WORDS:
                return self.pair_slots(j), j - max(n, 1) + 1
            if w in words.SINGLE_PRONOUNS:
                found = self.pronoun_slot(j, w, exclude)
                return ([found] if found else []), j
            if w in ("which", "who", "that") and j > 0:  # "ISIL's attacks, which targeted ..."
                found = self.antecedent(j, exclude)
                return ([found] if found else []), j
            if w in words.ACTOR_HEADS and j > 0:  # "Syrian opposition forces", "Coalition military forces"
                k = j - 1
                while k > 0 and j - k <= 2 and self.words[k] in _FORCE_MODIFIERS:
                    k -= 1
                if self.items[k].actor:
                    j = k
                    steps += 1
                    continue
            if w in words.SKIP_BEFORE_VERB or w.endswith("ly") or w == "'s":
                j -= 1
                steps += 1
                continue
            break
        return [], c

    def _representatives_of(self, j: int) -> int:
        """Length of "[adjectives] ministers|officials|representatives... of [the]" at ``j``
        (the people who act for the actor after it), else 0."""
        k = j
        while (
            k < len(self.words)
            and k - j < 5
            and (self.words[k] in _REPRESENTATIVE_ADJECTIVES or self.words[k] in ("and", ","))
        ):
            k += 1
        if (
            k + 1 < len(self.words)
            and self.words[k] in _REPRESENTATIVES
            and self.words[k + 1] == "of"
            and (k == j or self.words[j] in _REPRESENTATIVE_ADJECTIVES)
        ):
            return k + 2 - j
        return 0

    def _parenthetical_start(self, close: int) -> int | None:
        """The comma opening a parenthetical aside that ends with the comma at ``close``: a
        participle ("backed by the US"), a relative clause ("which is backed by ...") or a
        time adjunct ("on Monday"). None when there is none."""
        for k in range(close - 1, max(-1, close - 12), -1):
            if self.words[k] in (".", ";", ":"):
                return None
            if self.words[k] == ",":
                opener = self.words[k + 1] if k + 1 < close else ""
                if (
                    (
                        opener.endswith(("ed", "ing"))
                        or opener in ("which", "who", "whose", "led", "along", "together", "a", "an", "the")
                        or opener in ("on", "in", "last", "earlier", "this")
                    )
                    and k > 0
                    and (self.items[k - 1].actor or self.words[k - 1] in words.ACTOR_HEADS)
                ):
                    return k
                return None
        return None

    def right_actors(self, c: int, limit: int = 6, *, locative: bool = True) -> tuple[list[Slot], int]:
        """Actors after the cue ending at ``c`` and the index where they end (or ``c``).

        With ``locative`` False (attitudes: condemn, welcome), "in/at X" is where, not whom.
        """
        j = c + 1
        steps = 0
        rep_start: int | None = None
        if tuple(self.words[j : j + 4]) == ("in", "the", "strongest", "terms"):
            j += 4
        lex = lexicon()
        while j < len(self.items) and steps < limit:
            if not locative and self.words[j] in ("in", "at", "across", "near"):
                break
            if not locative and self.words[j] in _REPORTED_CONTENT:  # "welcome the news that X ..."
                j += 1
                continue
            if not locative and self.words[j] in words.RELATION_NOUNS:
                break  # "welcomes the agreement between X and Y": the agreement, not X
            if self.words[j] == "and" and j + 1 < len(self.words) and lex.at(self.words, j + 1):
                j += 2  # "targeted and killed X"
                continue
            if self.items[j].actor and self.items[j].text.lower() in words.POSSESSIVE_PRONOUNS:
                j += 1  # "thank our ally Turkey": "our" is a determiner
                steps += 1
                continue
            rep = self._representatives_of(j)
            if rep:  # "foreign and defense ministers of the Coalition": the Coalition's people
                rep_start = j if rep_start is None else rep_start
                j += rep
                steps += 1
                continue
            if (
                self.words[j] in ("and", ",")
                and j > c + 1
                and self.words[j - 1] in words.INSTITUTION_ADJECTIVES
                and j + 1 < len(self.words)
                and self.words[j + 1] in words.INSTITUTION_ADJECTIVES
            ):
                j += 1  # "national and provincial Iraqi officials"
                steps += 1
                continue
            if self.items[j].actor:
                group = self._object_group(self.group_starting(j))
                after = self.words[group[-1] + 1] if group[-1] + 1 < len(self.words) else ""
                after2 = self.words[group[-1] + 2] if group[-1] + 2 < len(self.words) else ""
                if after in words.TRADE_HEADS or (
                    not locative
                    and (
                        after in words.OWNED_HEADS
                        or (after2 in words.OWNED_HEADS and after.isalpha() and after.islower())
                    )
                ):  # "condemned the North Korean (missile) test", "tariffs on Chinese goods": the state
                    return [self.slot(g) for g in group], group[-1]  # "supports Iraqi sovereignty"
                if after in words.MODIFIED_HEADS or self.modifier(group[-1]):
                    return [], c  # "new Syria sanctions", "Saudi diplomatic missions"
                if (
                    j - 1 > c  # a preposition after the cue, not part of it ("arrived in")
                    and self.words[j - 1] in ("in", "at", "near")
                    and self.ctx.kind(self.key(j)) in ("City", "Place", "Facility", "Country")
                ):
                    return [], c  # "agreed in Beijing", "met in Singapore": where, not with whom
                examples, end = self.examples_after(group[-1] + 1)
                slots = [self.slot(g) for g in group + examples]
                if rep_start is not None and slots[0].begin is not None:  # the span names the people
                    slots[0] = replace(slots[0], begin=self.items[rep_start].begin)
                return slots, end if examples else group[-1]
            examples, end = self.examples_after(j + 1) if self.words[j].isalpha() else ([], j)
            if examples:  # "civilian infrastructure such as hospitals, schools and markets"
                return [self.slot(g) for g in examples], end
            n = 0
            for phrase in words.PAIR_PHRASES:
                if tuple(self.words[j : j + len(phrase)]) == phrase:
                    n = len(phrase)
                    break
            if n:
                if self.words[j] in ("each", "one"):
                    return [], c  # "help each other": the subjects themselves, not a pair named before
                return self.pair_slots(j), j + n - 1
            if (
                self.words[j] in words.SKIP_AFTER
                or self.words[j] in words.QUANTITIES
                or self.words[j] in words.INSTITUTION_ADJECTIVES
                or self.numeric(j)
            ):
                # quantities do not count against the limit: "killed at least 40 members of the X"
                if not (self.words[j] in words.QUANTITIES or self.numeric(j)):
                    steps += 1
                j += 1
                continue
            break
        return [], c

    def examples_after(self, k: int) -> tuple[list[int], int]:
        """Actor items that a noun phrase ending before ``k`` is extended by: "civilians,
        including children", "infrastructure such as hospitals and schools"; and where they end."""
        if k < len(self.words) and self.words[k] == ",":
            k += 1
        for marker in words.EXAMPLE_MARKERS:
            n = len(marker)
            if tuple(self.words[k : k + n]) == marker:
                m = k + n
                while m < len(self.words) and self.words[m] in words.DETERMINERS:
                    m += 1
                if m < len(self.items) and self.items[m].actor:
                    group = self.group_starting(m)
                    return group, group[-1]
        return [], k

    def numeric(self, j: int) -> bool:
        """Whether item ``j`` is part of a number: "70", "8,000" (three tokens), "2.5"."""
        w = self.words[j]
        if w[:1].isdigit():
            return True
        return (
            w in (",", ".")
            and 0 < j < len(self.words) - 1
            and self.words[j - 1][:1].isdigit()
            and self.words[j + 1][:1].isdigit()
        )

    def event_agents(self, c: int, exclude: set[str], *, adjunct: bool = True) -> tuple[list[Slot], int]:
        """The agents of an event noun at ``c`` that has no possessor: the subject of its light
        verb ("the coalition has launched almost 8,000 strikes against X"); when the noun is an
        adjunct, the actor it is attached to ("support for Iraq in the fight against Y") or, with
        ``adjunct``, the subject of its clause ("X raised it in a call with Y")."""
        j = c - 1
        while j >= 0 and (
            self.words[j] in words.DETERMINERS
            or self.words[j] in words.PREMODIFIERS
            or self.words[j] in words.QUANTITIES
            or self.words[j] in words.MONEY
            or self.words[j] in ("of", "series", "wave", "number", "further", "new")
            or self.numeric(j)
            or (self.words[j] == "in" and j > 0 and self.words[j - 1] in words.MONEY)  # "$100 million in aid"
            or (self.words[j] == "once" and j > 0 and self.words[j - 1] == "at")  # "cease at once airstrikes"
            or (self.words[j] == "at" and self.words[j + 1] == "once")
        ):
            j -= 1
        if j >= 0 and self.words[j] in words.PARTICLES:
            j -= 1
        if j >= 0 and self.words[j] in words.EVENT_VERBS:
            return self.left_actors(j, exclude)
        if j >= 0 and j < c - 1 and self.words[j] in words.ADJUNCT_PREPOSITIONS:
            if j >= 1 and self.items[j - 1].actor and self.key(j - 1) not in exclude:
                first, group = self.group_ending(j - 1)
                return [self.slot(g) for g in group], first
            if adjunct:
                return self.clause_subject(c)
        return [], c

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
            if w in words.POSSESSIVE_MARKS:
                j -= 1
                continue
            n = self.pair_phrase_at(j)
            if n or w in ("their", "theirs"):
                return self.pair_slots(j), j - max(n, 1) + 1
            if w in ("its", "his", "her"):
                found = self.pronoun_slot(j, w, set())
                return ([found] if found else []), j
            if w == "whose":  # "ISIL, whose acts of terror in Europe"
                found = self.antecedent(j, set())
                return ([found] if found else []), j
            if (
                w in ("and", ",")
                and j > 0
                and (self.words[j - 1] in MODIFIERS or self.words[j - 1] in words.PREMODIFIERS)
            ):
                j -= 1
                continue
            if (
                w in words.PREMODIFIERS
                or w in MODIFIERS
                or w.endswith("-era")
                or re.match(r"^\d{4}s?$", w)
                or w.endswith("-level")
                or w.endswith("-old")
            ):
                j -= 1
                continue
            if (
                w in words.LIGHT_VERBS
                and j >= 2
                and self.words[j - 1] == "to"
                and self.words[j - 2] in words.LIGHT_NOUNS
            ):
                j -= 3
                continue
            if w in words.LIGHT_VERBS:
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
        j = self._skip_participle(j)  # "the agreement reached yesterday between X and Y"
        if relation == "attacks":
            j = self._skip_instrument(j)  # "strikes using fighter aircraft against X"
        while j < len(self.words) and self.words[j] in words.PREPOSITIONS:
            prep = self.words[j]
            k = j + 1
            while k < len(self.words) and (
                self.words[k] in words.DETERMINERS
                or self.words[k] in words.INSTITUTION_ADJECTIVES
                or self.words[k] in ("its", "their", "both", "two")
                or (self.words[k] in words.DIRECTIONS and relation == "attacks")  # "into northern Syria"
            ):
                k += 1
            n = self.pair_phrase_at(k - 1) if k > j + 1 else 0
            if n and k < len(self.items) and self._qualified(k):
                n = 0  # "between the two Post-Soviet states": a description the article's pair may not fit
            if prep == "at" and relation != "attacks":
                break  # "at X" is where a meeting is; an attack at X is on X
            if k < len(self.items) and self.items[k].actor:
                group = self.group_starting(k)
                head = self.words[group[-1] + 1] if group[-1] + 1 < len(self.words) else ""
                if head in words.MODIFIED_HEADS or self.modifier(group[-1]) or self._in_a_name(group[-1]):
                    break  # "in support of the U.S.-Iraq Strategic Framework Agreement"
                found.setdefault(prep, [self.slot(g) for g in group])
                last = group[-1]
                j = group[-1] + 1
            elif (
                k + 2 < len(self.items)
                and self.words[k] in ("sides", "countries", "nations", "states")
                and self.words[k + 1] == "of"
                and self.items[k + 2].actor
            ):  # "between the nations of Armenia and Azerbaijan"
                group = self.group_starting(k + 2)
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

    def _qualified(self, k: int) -> bool:
        """Whether item ``k``, after "the two", is a capitalised word that is no actor ("Baltic")."""
        it = self.items[k]
        return not it.actor and it.text[:1].isupper() and any(c.isalpha() for c in it.text)

    def _skip_instrument(self, j: int) -> int:
        """Past "using <weapons>" (or "coordinated with and in support of X using <weapons>")
        after an attack noun, to the "against" of its target."""
        if j >= len(self.words):
            return j
        instrument = self.words[j] in ("using", "with", "by")
        if not instrument and not (self.words[j].endswith("ed") and self.words[j] not in words.PREPOSITIONS):
            return j
        for k in range(j + 1, min(len(self.words), j + 24)):
            if self.words[k] == "against" or (self.words[k] == "on" and instrument):
                return k
            if self.words[k] in (".", ";", ":") or (self.items[k].actor and instrument):
                return j
        return j

    def _skip_participle(self, j: int) -> int:
        """Past a participle and time phrase after a noun: "reached yesterday", "signed on 2
        December", "announced last week"; ``j`` itself when there is none."""
        k = j
        if k < len(self.words) and self.words[k] in words.NOUN_PARTICIPLES:
            k += 1
        start = k
        while k < len(self.words) and (
            self.words[k] in words.TIME_WORDS
            or (self.words[k] == "on" and k + 1 < len(self.words) and self._date_word(k + 1))
            or self._date_word(k)
        ):
            k += 1
        return k if k > j and (k > start or self.words[j] in words.NOUN_PARTICIPLES) else j

    def _date_word(self, k: int) -> bool:
        w = self.words[k]
        return w in words.MONTHS or (w[:1].isdigit() and len(w) <= 4) or w in ("st", "nd", "rd", "th")

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

    def _clause_start(self, c: int) -> int:
        """Where the clause that holds ``c`` starts (at most 40 items back)."""
        for j in range(c - 1, max(-1, c - 41), -1):
            if self.words[j] in words.CLAUSE_BREAKS:
                return j + 1
        return max(0, c - 40)

    def _clause_end(self, c: int) -> int:
        """Where the clause that holds ``c`` ends (at most 40 items on)."""
        for j in range(c + 1, min(len(self.words), c + 41)):
            if self.words[j] in words.CLAUSE_BREAKS or self.words[j] in (".", ",", "which", "who"):
                return j
        return min(len(self.words), c + 41)

    def _quoted(self, c: int, e: int) -> bool:
        before = self.clean[max(self.begin, self.items[c].begin - 2) : self.items[c].begin]
        after = self.clean[self.items[e].end : min(self.end, self.items[e].end + 6)]
        return any(q in before for q in '“"‘') and any(q in after for q in '”"’')

    def _speaker(self) -> Slot | None:
        """The actor the sentence attributes its content to ("X said", "according to X"); all the
        speakers of "A, B and C announced" go to ``speakers``."""
        for i, w in enumerate(self.words):
            if w == "according" and i + 2 < len(self.items) and self.words[i + 1] == "to":
                src = i + 3 if self.words[i + 2] == "the" else i + 2  # "according to the Kremlin"
                if src < len(self.items) and self.items[src].actor and self._can_speak(src):
                    return self.slot(src)
            if w in REPORTING and w != "according":
                candidates = [i - 1, i - 2]
                if i > 1 and self.words[i - 1] == ",":
                    k = self._parenthetical_start(i - 1)  # "X, a coalition spokesman, said"
                    if k is not None:
                        candidates.insert(0, k - 1)
                for j in candidates:
                    if j >= 0 and self.items[j].actor and self._can_speak(j):
                        _first, group = self.group_ending(j)
                        self.speakers = {self.key(g) for g in group}
                        return self.slot(j)
                if (
                    i + 1 < len(self.items)
                    and self.items[i + 1].actor
                    and i > 0
                    and self.words[i - 1] in (",", "”", '"')
                    and self._can_speak(i + 1)
                ):
                    return self.slot(i + 1)
        return None

    def _can_speak(self, i: int) -> bool:
        """Only actors speak: "officials in California said" is not California speaking."""
        return self.ctx.kind(self.key(i)) not in ("City", "Place", "Facility")

    def actors(self) -> list[Slot]:
        return [self.slot(i) for i, it in enumerate(self.items) if it.actor]
