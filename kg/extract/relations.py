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
co-occurrence ("their ... arms sales"); co-belligerents  0.60
an actor found through "their", a pronoun, "the two"   -0.15
generic cue ("ties", "partnership", "deal", "summit")   -0.10
=====================================================  ==========
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kg.extract import words
from kg.extract.gazetteer import Mention
from kg.extract.lexicon import COOPERATION_NOUNS, MODIFIERS, Cue, lexicon
from kg.extract.modality import REPORTING, Modality, dated_in_the_past
from kg.extract.sentence import ArticleContext, Sentence, Slot, salient_pair
from kg.extract.text import sentence_spans
from kg.iris import slug
from kg.vocab import relations

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer
    from kg.extract.mentions import LocalEntity

#: Relations that a state does not have with itself (its leader and its army are the same state).
_BETWEEN_STATES = {
    "transfersArmsTo",
    "providesAidTo",
    "sanctions",
    "alignsWith",
    "strategicPartnerOf",
    "supports",
}

#: Relations that a noun may code by co-occurrence with "their" in its clause ("their strategic
#: relations into the much-needed economic realms", "could result in more arms sales").
_COOCCURRENCE = {
    "strategicPartnerOf",
    "cooperatesWith",
    "cooperatesDiplomaticallyWith",
    "cooperatesMilitarilyWith",
    "cooperatesEconomicallyWith",
    "cooperatesOnSecurityWith",
    "transfersArmsTo",
}

#: Relational nouns in apposition ("X, an ally of Y") -> relation, CAMEO code, direction: +1 when
#: the apposed actor X is the subject (X backs Y), -1 when Y is ("X, a proxy of Y": Y backs X).
_ROLE_NOUNS: dict[str, tuple[str, str, int]] = {
    **dict.fromkeys(("ally", "allies"), ("alliedWith", "062", 1)),
    **dict.fromkeys(("partner", "partners"), ("cooperatesWith", "050", 1)),
    **dict.fromkeys(
        ("backer", "backers", "supporter", "supporters", "sponsor", "sponsors", "patron"),
        ("supports", "051", 1),
    ),
    **dict.fromkeys(("proxy", "proxies", "client"), ("supports", "051", -1)),
    **dict.fromkeys(
        ("rival", "rivals", "arch-rival", "arch-enemy", "enemy", "enemies", "foe", "foes"),
        ("rivalOf", "16", 1),
    ),
}
_ROLE_ADJECTIVES = frozenset(
    (
        "biggest chief closest close key longtime long-time loyal main major military most old one regional "
        "staunch staunchest strategic strongest traditional important arch sworn bitter fierce"
    ).split()
)

#: Noun cues that are verbs after a modal, "to" or "did" ("Modi **will visit** Washington").
_ALSO_VERBS = frozenset({("visit",), ("visits",)})
_BEFORE_VERBS = frozenset("will would to may might could can shall should must did does do not also".split())

#: Nouns of a state's diplomats ("recalled its **ambassador** from Y").
_DIPLOMATS = frozenset("ambassador ambassadors envoy envoys diplomats diplomat emissary".split())
_DIPLOMAT_DETERMINERS = frozenset("its their his her all top".split())

#: Participles not ending in -ed/-en ("were shot", "was hit").
_IRREGULAR_PARTICIPLES = frozenset("shot hit struck fought met held led sent sold told".split())
#: Verbs of which a gerund phrase can be the subject ("defeating ISIL **will** take time").
_CLAUSE_VERBS = frozenset("will would is was remains remain requires takes took must has can".split())

#: Nouns after a name that make it an armed force ("Syrian opposition forces").
_ARMED_HEADS = frozenset("fighters forces militia militias militiamen rebels soldiers troops units".split())

#: Words between "aided by" and the helper ("aided by strong support from X").
_SUPPORT_WORDS = frozenset(
    "strong full vital close continued military air support backing assistance help from of the".split()
)

#: Compound participles after an actor ("US-backed") and the relation they code.
_COMPOUND_RELATIONS = {
    "-backed": ("supports", "051"),
    "-supported": ("supports", "051"),
    "-sponsored": ("supports", "051"),
    "-funded": ("providesAidTo", "071"),
    "-armed": ("transfersArmsTo", "072"),
    "-aligned": ("alignsWith", "050"),
    "-allied": ("alignsWith", "050"),
}

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


class Coder(Sentence):
    """Codes the relations of one sentence: finds cues and fills their frames."""

    def __init__(self, ctx: ArticleContext, clean: str, begin: int, end: int) -> None:
        super().__init__(ctx, clean, begin, end)
        self.out: list[CodedRelation] = []
        self.covered: set[int] = set()
        self.consumed: set[int] = set()  # words a frame used that are no cues of their own ("pushed X back")
        self.dated = dated_in_the_past(self.words, self.year)  # "In 1905, ...": the whole sentence
        self.sporty = not words.SPORTS.isdisjoint(self.words)  # a game may be what is "defeated"

    def code(self) -> list[CodedRelation]:
        lex = lexicon()
        i = 0
        while i < len(self.items):
            if self.items[i].actor or self.words[i] not in lex.by_first or i in self.consumed:
                i += 1
                continue
            cue = lex.at(self.words, i)
            if cue is None:
                i += 1
                continue
            end = i + len(cue.words) - 1
            if cue.frame == "noun" and len(cue.words) == 1 and cue.words[0] in COOPERATION_NOUNS:
                i += 1  # generic "partnership"/"ties": coded with their modifiers by modified_nouns
                continue
            if cue.frame == "verb" and cue.words[0] in words.NOUN_VERBS and self._nominal(i):
                cue = Cue(cue.words, cue.relation, cue.cameo, "noun", cue.source)  # "the ISIL attack"
            elif (
                cue.frame == "noun"
                and cue.words in _ALSO_VERBS
                and i > 0
                and self.words[i - 1] in _BEFORE_VERBS
            ):
                cue = Cue(cue.words, cue.relation, cue.cameo, "verb", cue.source)  # "Modi will visit X"
            frame = getattr(self, f"_frame_{cue.frame}")
            frame(cue, i, end)
            self.covered.update(range(i, end + 1))
            i = end + 1
        self._leaders()
        self._compound_participles()
        self._appositive_roles()
        return self.out

    def _appositive_roles(self) -> None:
        """Relational nouns in apposition: "Hezbollah, an ally of President Assad," (allies),
        "Iran, the main backer of the Houthis," (Iran supports them), "Russia's ally, the Syrian
        government," (allies)."""
        for i, w in enumerate(self.words):
            role = _ROLE_NOUNS.get(w)
            if role is None:
                continue
            relation, cameo, direction = role
            cue = Cue((w,), relation, cameo, "noun", "kg")
            j = i - 1  # left over adjectives and a determiner to the apposition's comma
            while j >= 0 and (self.words[j] in _ROLE_ADJECTIVES or self.words[j] in words.DETERMINERS):
                j -= 1
            if j >= 1 and self.words[j] == "," and self.items[j - 1].actor and i + 1 < len(self.words):
                if self.words[i + 1] not in ("of", "to"):
                    continue
                others, last = self.right_actors(i + 1, limit=3)
                first, group = self.group_ending(j - 1)
                for a in [self.slot(g) for g in group]:
                    for b in others:
                        s, o = (b, a) if direction < 0 else (a, b)
                        if not self._claimed(s.key, o.key, (relation,)):  # by the verb "ally", say
                            self._emit(cue, relation, s, o, i, i, first, last, "noun", background=True)
            elif j >= 1 and self.words[j] == "'s" and self.items[j - 1].actor:
                k = i + 1  # "Russia's ally, the Syrian government," / "Iran's ally Syria"
                if k < len(self.words) and self.words[k] == ",":
                    k += 1
                while k < len(self.words) and self.words[k] in words.DETERMINERS:
                    k += 1
                owner_first = self.group_ending(j - 1)[0]
                if k < len(self.items) and self.items[k].actor and not self.modifier(k):
                    other = self.slot(k)
                elif (  # "Saudi Arabia, Iran's regional rival, ..."
                    owner_first >= 2
                    and self.words[owner_first - 1] == ","
                    and self.items[owner_first - 2].actor
                ):
                    other, k = self.slot(owner_first - 2), owner_first - 2
                else:
                    continue
                owner = self.slot(j - 1)
                s, o = (owner, other) if direction < 0 else (other, owner)
                if not self._claimed(s.key, o.key, (relation,)):  # "Iran's ally Syria": the verb "ally" too
                    self._emit(cue, relation, s, o, i, i, min(j - 1, k), max(i, k), "noun", background=True)

    def _compound_participles(self) -> None:
        """ "the US-backed SDF", "Iran-backed Houthi rebels": the first actor backs the second."""
        for i, w in enumerate(self.words):
            found = _COMPOUND_RELATIONS.get(w)
            if found is None or i == 0 or not self.items[i - 1].actor:
                continue
            objects, last = self.right_actors(i, limit=3)
            if not objects:
                continue
            relation, cameo = found
            cue = Cue((w.lstrip("-"),), relation, cameo, "noun", "kg")
            first = self.group_ending(i - 1)[0]
            subjects = [self.slot(g) for g in self.group_ending(i - 1)[1]]
            for s in subjects:
                for o in objects:
                    self._emit(cue, relation, s, o, i, i, first, last, "noun")

    def _nominal(self, c: int) -> bool:
        """Whether the verb-or-noun cue at ``c`` is a noun: after a determiner or adjective ("the
        attack", "car bomb attacks"), or after a name that follows one ("the ISIL attack")."""
        j = c - 1
        if c + 1 < len(self.words) and self.words[c + 1] in ("in", "on", "at", "near", "against", "across"):
            return True  # "ISIL attacks in Baghdad killed 30": a noun
        if j >= 0 and self.numeric(j):
            return True  # "conducted 23 strikes"
        if j >= 0 and self.items[j].actor:
            j -= 1
            return j >= 0 and self.words[j] in words.DETERMINERS
        return j >= 0 and (
            self.words[j] in words.DETERMINERS
            or self.words[j] in words.PREMODIFIERS
            or self.words[j] in ("bomb", "'s", "its", "their", "his", "her")
        )

    def _frame_verb(self, cue: Cue, c: int, e: int) -> None:
        by_follows = e + 1 < len(self.words) and self.words[e + 1] == "by"
        passive = by_follows and c > 0 and self.words[c - 1] in ("was", "were", "been", "being", "is", "are")
        if by_follows and not passive and self._participle(c, e):
            self._participial(cue, c, e)  # "the SDF, backed by the US," / "rebels backed by Turkey"
            return
        if not by_follows and len(cue.words) == 1 and self._agentless_passive(c) and not self._agents(e)[0]:
            return  # "28 people were killed in Baghdad", "they are not informed": no agent named
        symmetric = self._symmetric(cue.relation)
        reciprocal = self._reciprocal(e)
        if symmetric and reciprocal:  # "X and Y are partnering with one another"
            _found, first = self.left_actors(c, set())
            self._pairs(cue, cue.relation, self.pair_slots(c), c, e, min(first, c), e + reciprocal, "verb")
            return
        attitude = cue.relation in ("opposes", "supports")
        objects, last = self.right_actors(e, locative=not attitude)
        if not objects and cue.relation in ("supports", "providesAidTo", "opposes"):
            objects, last = self._event_owner(e)  # "supported the re-taking by Iraqi forces of ..."
        subjects, first = self.left_actors(c, {s.key for s in objects})
        if self._purpose(c):
            subjects, first = self._purpose_subjects(c, {s.key for s in objects}, subjects, first)
        if not subjects:
            subjects, first = self._implicit_subject(c, e, {s.key for s in objects})
        if not subjects and not passive:
            subjects, first = self._claimed_by(c, first)  # "attacks, claimed by X, have killed Y"
        if not subjects and objects and self._subjectless_gerund(c):
            subjects, first = self._first_person(c, first)  # "defeating ISIL ... is a fight we must win"
        conj = c - 1
        while conj > 0 and self.words[conj] in (
            "already",
            "also",
            "have",
            "has",
            "had",
            "then",
            "will",
            "once",
            "again",
            "now",
            "later",
            "since",
        ):
            conj -= 1  # "... and have already supported"
        if (
            not subjects
            and conj > 0
            and self.words[conj] == "and"
            and objects
            and lexicon().at(self.words, conj - 1) is None  # not "targeted and killed": that verb's subject
        ):
            subjects, first = self.clause_subject(conj + 1)  # "X congratulated Y and thanked Z"
        if not symmetric and self._unnamed_pair(subjects):
            subjects = []  # "They would also kill X": "they" is no pair of states named before
        agents, agents_end = self._agents(e)
        if agents:  # "killed at the hands of X"
            subjects, objects = agents, subjects
            last = max(last, agents_end)
        elif passive:
            subjects, objects = objects, subjects
            if cue.cameo == "054" and not all(o.direct for o in objects):
                return  # "it has been recognized by UNESCO": a site, not a state, is recognised
        if (
            not objects
            and len(subjects) >= 2
            and (symmetric or cue.symmetric_alt)
            # "... and others to meet the needs of": not a meeting of them
            and not (cue.words[0] in ("meet", "meets", "met") and self.words[e + 1 : e + 2] == ["the"])
        ):
            relation = cue.relation if symmetric else str(cue.symmetric_alt)
            self._pairs(cue, relation, subjects, c, e, first, last, "verb")
            return
        if cue.words[0] in words.PROVIDE and not self._provided_with(last):
            return  # "provide X with support" is aid; "provide X" alone is not
        if cue.words[0] in words.WELCOME and self._hosting(objects, last):
            cue = Cue(cue.words, "hosts", "043", cue.frame, cue.source)  # "welcomed Raisi to Beijing"
        for s in subjects:
            for o in objects:
                self._emit(cue, cue.relation, s, o, c, e, first, last, "verb")
        if cue.relation in ("supports", "providesAidTo") and objects:
            self._against(cue, subjects, c, e, first, last)  # "supporting X against Y"
        if (
            cue.relation == "attacks"
            and objects
            and not (agents or passive)  # "killed at the hands of X and Y": not a joint act
            and len({s.key for s in subjects}) >= 2
            and all(s.direct for s in subjects)  # named, not "they"
        ):
            # "the UK, the Coalition and Iraq are committed to defeating ISIL": co-belligerents
            allies = Cue(cue.words, "cooperatesMilitarilyWith", "062", "verb", cue.source)
            self._pairs(allies, allies.relation, subjects, c, e, first, last, "cooccurrence")

    def _event_owner(self, e: int) -> tuple[list[Slot], int]:
        """The actor whose action the verb at ``e`` takes a stance on: "supported the re-taking
        by X of ...", "backs the efforts of X", "condemned the offensive by X"."""
        k = e + 1
        while k < len(self.words) and (
            self.words[k] in words.DETERMINERS or self.words[k] in words.PREMODIFIERS
        ):
            k += 1
        if not (k + 2 < len(self.items) and self.words[k] in words.OWNED_EVENTS):
            return [], e
        if self.words[k + 1] not in ("by", "of"):
            return [], e
        m = k + 2
        while m < len(self.words) and self.words[m] in words.DETERMINERS:
            m += 1
        if m < len(self.items) and self.items[m].actor and not self.modifier(m):
            group = self.group_starting(m)
            return [self.slot(g) for g in group], group[-1]
        return [], e

    def _agentless_passive(self, c: int) -> bool:
        """Whether the verb at ``c`` is a passive participle after a form of "be" ("were killed",
        "are not informed"); the caller has checked that no "by" agent follows."""
        w = self.words[c]
        if not (w.endswith(("ed", "en")) or w in _IRREGULAR_PARTICIPLES):
            return False
        j = c - 1
        while j >= 0 and (
            self.words[j] in ("not", "n't", "never", "also", "reportedly", "allegedly")
            or self.words[j].endswith("ly")
        ):
            j -= 1
        return j >= 0 and self.words[j] in ("is", "are", "was", "were", "been", "being", "be", "get", "got")

    def _subjectless_gerund(self, c: int) -> bool:
        """Whether the cue at ``c`` is a gerund opening a clause and the subject of the clause's
        verb ("Defeating ISIL will take time"; not "..., including aiding journalists")."""
        if not self.words[c].endswith("ing") or not (c == 0 or self.words[c - 1] in (",", ":", "“", '"')):
            return False
        for k in range(c + 1, min(len(self.words), c + 8)):
            if self.words[k] in _CLAUSE_VERBS:
                return True
            if self.words[k] in (",", ".", ";", "and", "but"):
                return False
        return False

    def _first_person(self, c: int, first: int) -> tuple[list[Slot], int]:
        """The speaker's "we"/"I" in the sentence: who a subjectless gerund in a statement is about."""
        for j, it in enumerate(self.items):
            if it.actor and it.text.lower() in ("we", "i", "us"):
                return [self.slot(j)], min(first, j)
        return [], first

    def _participle(self, c: int, e: int) -> bool:
        """Whether the verb cue at ``c``..``e`` is a past participle modifying the noun before it."""
        last = self.words[e]
        return (
            last.endswith("ed")
            and c > 0
            and (
                self.words[c - 1] in (",", "(", "–", "—")
                or self.items[c - 1].actor
                or self.words[c - 1] in words.ACTOR_HEADS
            )
        )

    def _participial(self, cue: Cue, c: int, e: int) -> None:
        """ "X, backed by Y, ...": Y backs X (a reduced passive relative clause)."""
        k = e + 1  # "aided by strong support from X": X
        while k + 1 < len(self.words) and self.words[k + 1] in _SUPPORT_WORDS:
            k += 1
        agents, last = self.right_actors(k, limit=4)
        if not agents:
            return
        before = c - 1 if self.words[c - 1] in (",", "(", "–", "—") else c
        final = self.words[c - 1] == "," and all(
            w not in (",", ";", "(", "–", "—") for w in self.words[last + 1 :]
        )
        if final:  # "X liberated Y from Z, aided by W.": a closing participle is about the clause's subject
            patients, first = self.clause_subject(c)
            patients = [p for p in patients if p.key not in {a.key for a in agents}]
        else:  # "the SDF, backed by the US, ...": the noun phrase before the aside
            patients, first = self.left_actors(before, {a.key for a in agents})
        for s in agents:
            for o in patients:
                self._emit(cue, cue.relation, s, o, c, e, first, last, "verb")

    def _claimed_by(self, c: int, first: int) -> tuple[list[Slot], int]:
        """The agent of an attack noun that is the subject of the verb at ``c``: "multiple attacks,
        also claimed by X, have killed Y", "a bombing carried out by X killed Y"."""
        start = self._clause_start(c)
        for j in range(c - 1, start, -1):
            if (
                self.words[j] == "by"
                and j + 1 < len(self.items)
                and self.items[j + 1].actor
                and self.words[j - 1] in ("claimed", "carried", "out", "perpetrated", "conducted")
                and any(w in words.ATTACK_NOUNS for w in self.words[max(start, j - 6) : j])
            ):
                group = self.group_ending(self.group_starting(j + 1)[-1])[1]
                return [self.slot(g) for g in group], j + 1
        return [], first

    def _against(self, cue: Cue, subjects: list[Slot], c: int, e: int, first: int, last: int) -> None:
        """ "X is supporting Y against Z": X opposes Z (and Y's fight is Y's to state)."""
        k = last + 1
        if k >= len(self.words) or self.words[k] != "against":
            return
        enemies, end = self.right_actors(k, limit=8)
        opposing = Cue(cue.words, "opposes", "110", "verb", cue.source)
        for s in subjects:
            for o in enemies:
                self._emit(opposing, "opposes", s, o, c, e, first, end, "verb")

    def _provided_with(self, last: int) -> bool:
        """Whether "with" and a noun of help follow the object ending at ``last``."""
        after = self.words[last + 1 : last + 8]
        return bool(after) and after[0] == "with" and bool(words.AID_NOUNS.intersection(after))

    def _politicians(self, s: Slot, o: Slot) -> bool:
        """Whether two actors are people or civilian organisations: their "attacks" are words."""
        kinds = {self.ctx.kind(s.key), self.ctx.kind(o.key)}
        return "Person" in kinds and kinds <= {"Person", "Organization", "Legislature", "Publisher"}

    def _unnamed_pair(self, slots: list[Slot]) -> bool:
        """Whether ``slots`` are the article's two main states found through "they"/"the two"."""
        return (
            len(slots) == 2
            and all(s.begin is None and not s.referred for s in slots)
            and tuple(s.key for s in slots) == self.ctx.pair
        )

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
        return self._purpose_to(c) >= 0

    def _purpose_to(self, c: int) -> int:
        """The index of the "to" of the purpose infinitive whose verb is at ``c``, else -1."""
        j = c - 1
        while j >= 1 and self.words[j] in ("degrade", "and", "ultimately", "eventually", "help", ","):
            j -= 1
        return j if j >= 0 and self.words[j] == "to" else -1

    def _purpose_subjects(
        self, c: int, exclude: set[str], subjects: list[Slot], first: int
    ) -> tuple[list[Slot], int]:
        """ "The UK stands by Iraq to defeat Daesh": the infinitive's agents are the clause's actors
        (both the UK and Iraq); after "urged/asked X to" only X; after a noun of intent ("the
        U.S. commitment to support", "Coalition efforts to defeat") its owner."""
        to = self._purpose_to(c)
        if to >= 1 and self.words[to - 1] in words.INTENT_NOUNS:
            owners, owners_start = self.possessors(to - 1)
            owners = [o for o in owners if o.key not in exclude]
            if owners and all(o.direct for o in owners):  # "its efforts": the clause's actors
                return owners, owners_start
        start = self._clause_start(c)
        found: dict[str, Slot] = {s.key: s for s in subjects if not self._where(s)}
        j = c - 1
        while j >= start:
            if self.words[j] in words.OBJECT_CONTROL:
                return subjects, first
            if (
                self.items[j].actor
                and self.key(j) not in exclude
                and (j == 0 or self.words[j - 1] not in ("to", "in", "at", "into", "from", "across"))
                and not self._source(j)  # "according to the Kremlin, X agreed to sign"
                and not self._names_something_else(j)
                and not self._agent_of_participle(j)
            ):  # "Blinken will travel to Iraq to discuss": Iraq is where, not who
                kind = self.ctx.kind(self.key(j))
                if kind not in ("City", "Place", "Facility"):
                    found.setdefault(self.key(j), self.slot(j))
                    first = min(first, j)
            j -= 1
        slots = list(found.values())
        full = [s for s in slots if not self._determiner_pronoun(s)]
        return (full or slots), first

    def _determiner_pronoun(self, slot: Slot) -> bool:
        """Whether ``slot`` is a possessive pronoun before a noun ("**our** partners")."""
        for j, it in enumerate(self.items):
            if it.begin == slot.begin and it.actor:
                return (
                    it.text.lower() in words.POSSESSIVE_PRONOUNS
                    and j + 1 < len(self.items)
                    and not self.items[j + 1].actor
                )
        return False

    def _agent_of_participle(self, j: int) -> bool:
        """Whether the actor at ``j`` is the agent of a participle ("a meeting, convened by X,")."""
        k = j - 1
        while k >= 0 and self.words[k] in words.DETERMINERS:
            k -= 1
        return self.by_of_participle(k)

    def _names_something_else(self, j: int) -> bool:
        """Whether the actor at ``j`` only modifies what follows it: "Iraq War veteran", "the US
        Libertarian Party", "Saudi diplomatic missions"."""
        after = self.words[j + 1] if j + 1 < len(self.words) else ""
        if after in words.OFFICIALS:  # "their French counterparts": France's people act for France
            return False
        return self.modifier(j) or after in words.MODIFIED_HEADS or self._in_a_name(j)

    def _where(self, slot: Slot) -> bool:
        """Whether a slot is the destination or place of a preposition: "came to Iraq"."""
        if slot.begin is None:
            return False
        for j, it in enumerate(self.items):
            if it.begin == slot.begin:
                return j > 0 and self.words[j - 1] in ("to", "in", "at", "into", "from", "across")
        return False

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
        if (
            e + 2 < len(self.words)
            and self.words[e + 1] in ("its", "their")
            and (  # "prioritizing its relations", not "contact their airlines"
                self.words[e + 2] in COOPERATION_NOUNS
                or self.words[e + 2] in words.RELATION_NOUNS
                or self.words[e + 2] in MODIFIERS
                or self.words[e + 2] in words.PREMODIFIERS
            )
        ):
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
        self._noun(cue, relation, cameo, weak, c, e)

    def _noun(
        self, cue: Cue, relation: str, cameo: str, weak: bool, c: int, e: int, phrase_start: int | None = None
    ) -> None:
        holders, start = self.possessors(c)
        ends_in_prep = cue.words[-1] in words.PREPOSITIONS and e > c
        after, last = self.noun_arguments(e - 1 if ends_in_prep else e, relation)
        method = "noun"
        if not holders and not after and self._symmetric(relation):
            group, group_start = self.clause_subject(
                c, past_reporters=False
            )  # "Russia and China have a partnership"
            if len(group) >= 2:
                holders, start = group, group_start
        if not holders and after and not after.get("by"):
            excluded = {s.key for slots in after.values() for s in slots}
            holders, start = self.event_agents(  # "X launched strikes against Y"
                c,
                excluded,
                adjunct=self._symmetric(relation) and "with" in after,  # "in a call with Y"
            )
        if not holders and not after and not weak and relation in _COOCCURRENCE:
            holders, start = self.clause_pair(c)
            method = "cooccurrence"
        directed = not self._symmetric(relation)
        variant = Cue(cue.words, relation, cameo, cue.frame, cue.source, weak)
        p_start = min(start, phrase_start if phrase_start is not None else c)
        if directed:
            if cue.words[-1] == "of" and ends_in_prep:  # "support of X", "the invasion of X": X is the object
                after = {"to": after.pop("of", []), **after}
            subjects = holders or after.get("by", []) or after.get("of", [])
            if not subjects and relation in words.STANCES:  # "the US remains steadfast in support of X"
                subjects, start = self.clause_subject(c)
                p_start = min(p_start, start)
                holders = subjects
            objects = (
                after.get("to", [])
                or after.get("against", [])
                or after.get("on", [])
                or after.get("with", [])
                or after.get("for", [])
                or (after.get("at", []) if relation == "attacks" else [])  # "the attack at a market"
                or (after.get("into", []) if relation == "attacks" else [])  # "an offensive into X"
                or [  # "attacks in Baghdad" are on the city; "air strikes in Syria" are not on Syria
                    o
                    for o in after.get("in", [])
                    if not (relation == "attacks" and self.ctx.kind(o.key) == "Country")
                ]
                or (after.get("of", []) if holders else [])  # "its condemnation of X"
            )
            if not subjects and after.get("between"):
                subjects, objects = after["between"][:1], after["between"][1:2]
            if subjects and not objects and relation == "attacks":
                objects, start = self._defenders(c, {s.key for s in subjects}, start)
                p_start = min(p_start, start)
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

    def _defenders(self, c: int, exclude: set[str], start: int) -> tuple[list[Slot], int]:
        """The target of an attack noun with its attacker named by "by": the subject of the verb
        that withstands it ("X repelled an attack by Y", "X came under attack by Y")."""
        j = c - 1
        while j >= 0 and (
            self.words[j] in words.DETERMINERS
            or self.words[j] in words.PREMODIFIERS
            or self.words[j] in words.QUANTITIES
            or self.numeric(j)
        ):
            j -= 1
        if j >= 0 and self.words[j] in words.DEFENCE_VERBS:
            found, first = self.left_actors(j - 1 if self.words[j] == "under" else j, exclude)
            return found, min(start, first)
        return [], start

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
                words.NAME_WORD.match(self.items[k].text)
                or (
                    self.words[k] in ("of", "for", "on", "and")
                    and k + 1 < len(self.items)
                    and words.NAME_WORD.match(self.items[k + 1].text)
                )
            )
        ):
            k += 1
        if k - j >= 2:
            begin, end = self.items[j].begin, self.items[k - 1].end
            label = self.clean[begin:end]
            return Slot(slug(label), begin, end, "Organization", label), k - 1
        return None, e

    def _frame_protect(self, cue: Cue, c: int, e: int) -> None:
        """ "X defends Y from Z": X opposes Z; without "from", nothing."""
        self._frame_liberate(cue, c, e)

    def _frame_liberate(self, cue: Cue, c: int, e: int) -> None:
        """ "X liberated the town of Y from Z (control)": X fights Z; without "from", nothing.
        Passive ("it was recaptured from Z") names no liberator."""
        if c > 0 and self.words[c - 1] in ("was", "were", "been", "being", "is", "are"):
            return
        for k in range(e + 1, min(len(self.items) - 1, e + 10)):
            if self.words[k] in (".", ";", "and", "but"):
                return
            if self.words[k] == "from":
                m = k + 1
                while m < len(self.words) and self.words[m] in words.DETERMINERS:
                    m += 1
                if m >= len(self.items) or not self.items[m].actor:
                    return
                group = self.group_starting(m)
                n = group[-1] + 1  # "from Assad's inhumanity and ISIL's savagery"
                while (
                    n + 3 < len(self.items)
                    and self.words[n] == "'s"
                    and self.words[n + 2] == "and"
                    and self.items[n + 3].actor
                ):
                    group.append(n + 3)
                    n += 4
                enemies = [self.slot(g) for g in group]
                subjects, first = self.left_actors(c, {s.key for s in enemies})
                if self._purpose(c):
                    subjects, first = self._purpose_subjects(c, {s.key for s in enemies}, subjects, first)
                for s in subjects:
                    for o in enemies:
                        self._emit(cue, cue.relation, s, o, c, e, first, m, "verb")
                return

    def _frame_fire(self, cue: Cue, c: int, e: int) -> None:
        """ "X fired rockets at Y", "X fired at Y": X attacks Y. Without a target, nothing ("fired
        the minister")."""
        k = e + 1
        armed = False
        while k < len(self.words) and k - e <= 8:
            w = self.words[k]
            if w in words.FIRE_TARGETS and (armed or k == e + 1):
                self._aimed(cue, cue.relation, c, e, k)
                return
            if w in words.MUNITIONS:
                armed = True
            elif not (w in words.DETERMINERS or w in words.QUANTITIES or self.numeric(k) or w.isalpha()):
                return
            if self.items[k].actor:
                return
            k += 1

    def _frame_recall(self, cue: Cue, c: int, e: int) -> None:
        """ "X recalled its ambassador from Y", "X withdrew its envoy to Y": X reduces relations
        with Y; without a diplomat, nothing ("withdrew from the treaty", "recalled that ...")."""
        k = e + 1
        while k < len(self.words) and k - e <= 5 and self.words[k] not in _DIPLOMATS:
            skippable = self.words[k] in words.DETERMINERS or self.words[k] in _DIPLOMAT_DETERMINERS
            if not skippable and not self.items[k].actor:
                return
            k += 1
        if k >= len(self.words) or self.words[k] not in _DIPLOMATS:
            # "recalled its Turkish ambassador": the diplomat's state is the other side
            return
        m = k + 1
        if m < len(self.words) and self.words[m] in ("from", "to", "in"):
            objects, last = self.right_actors(m, limit=3)
        else:
            group = [j for j in range(e + 1, k) if self.items[j].actor]
            objects, last = [self.slot(j) for j in group], k
        subjects, first = self.left_actors(c, {o.key for o in objects})
        for s in subjects:
            for o in objects:
                self._emit(cue, cue.relation, s, o, c, e, first, max(last, k), "verb")

    def _frame_give(self, cue: Cue, c: int, e: int) -> None:
        """ "X donated 1m vaccines to Y" (aid), "X invested $10bn in Y" (economic cooperation):
        the recipient after "to"/"in" within the clause."""
        target = "in" if cue.relation == "cooperatesEconomicallyWith" else "to"
        for k in range(e + 1, min(len(self.words), e + 10)):
            if self.words[k] == target:
                self._aimed(cue, cue.relation, c, e, k)
                return
            if self.items[k].actor or self.words[k] in (".", ";", ",", "and"):
                return

    def _frame_mediate(self, cue: Cue, c: int, e: int) -> None:
        """ "X mediated between Y and Z", "X brokered a ceasefire between Y and Z": X talks with
        each party (CAMEO 045); the parties' own agreement is the noun's ("ceasefire between")."""
        k = e + 1
        while k < len(self.words) and k - e <= 5 and self.words[k] != "between":
            if self.items[k].actor or self.words[k] in (".", ";", ","):
                return
            k += 1
        if k >= len(self.words) or self.words[k] != "between":
            return
        parties, last = self.right_actors(k, limit=3)
        subjects, first = self.left_actors(c, {p.key for p in parties})
        for s in subjects:
            for o in parties:
                self._emit(cue, cue.relation, s, o, c, e, first, last, "verb")

    def _frame_oust(self, cue: Cue, c: int, e: int) -> None:
        """ "X drove Y out of Z", "X pushed Y back": X attacks Y; without "out"/"back"/"from", nothing."""
        objects, last = self.right_actors(e, limit=3)
        if not objects or last + 1 >= len(self.words) or self.words[last + 1] not in ("out", "back", "from"):
            return
        if c > 0 and self.words[c - 1] in ("was", "were", "been", "being", "is", "are"):
            return
        self.consumed.add(last + 1)
        subjects, first = self.left_actors(c, {o.key for o in objects})
        for s in subjects:
            for o in objects:
                self._emit(cue, cue.relation, s, o, c, e, first, last + 1, "verb")

    def _frame_transfer(self, cue: Cue, c: int, e: int) -> None:
        """ "X sold F-16 fighter jets to Y", "X delivered weapons to Y": an arms transfer when the
        goods are weapons; other sales and deliveries are not coded."""
        k = e + 1
        armed = fired = False
        while k < len(self.words) and k - e <= 10:
            w = self.words[k]
            if w == "to" and armed:
                self._aimed(cue, cue.relation, c, e, k)
                return
            if w in ("against", "on") and fired:  # "delivered 24 munitions against X": an attack
                self._aimed(Cue(cue.words, "attacks", "195", "fire", cue.source), "attacks", c, e, k)
                return
            if w in words.MUNITIONS:
                fired = True
            if w in words.WEAPONS:
                armed = True
            elif w in (".", ";", ":") or (self.items[k].actor and not self.modifier(k)):
                return
            k += 1

    def _aimed(self, cue: Cue, relation: str, c: int, e: int, k: int) -> None:
        """Emit ``relation`` from the subjects of the verb at ``c`` to the actors after the
        preposition at ``k``."""
        objects, last = self.right_actors(k, locative=True)
        if not objects:
            return
        subjects, first = self.left_actors(c, {s.key for s in objects})
        if self._purpose(c):
            subjects, first = self._purpose_subjects(c, {s.key for s in objects}, subjects, first)
        passive = c > 0 and self.words[c - 1] in ("was", "were", "been", "being", "is", "are")
        if passive:
            return  # "rockets were fired at X": who fired them is not in the clause
        for s in subjects:
            for o in objects:
                self._emit(cue, relation, s, o, c, e, first, last, "verb")

    def _frame_member(self, cue: Cue, c: int, e: int) -> None:
        organisations, last = self.right_actors(e, limit=3)
        organisations = [
            o
            for o in organisations
            if self.ctx.kind(o.key)
            in ("IntergovernmentalOrganization", "Organization", "MilitaryOrganization", "ArmedGroup")
        ]
        members, first = self.left_actors(c, {o.key for o in organisations})
        if not organisations:
            self._joined_for_talks(cue, c, e, members, first)
            return
        for m in members:
            for o in organisations[:1]:
                self._emit(cue, "memberOf", m, o, c, e, first, last, "member")

    def _joined_for_talks(self, cue: Cue, c: int, e: int, members: list[Slot], first: int) -> None:
        """ "X joined Y and Z for talks": a meeting, not a membership."""
        if cue.words != ("joined",):
            return
        others, last = self.right_actors(e, limit=3)
        talks = {"talks", "meeting", "meetings", "discussions"}
        for k in range(last + 1, min(last + 6, len(self.words) - 2)):
            if self.words[k] in ("for", "in") and talks & set(self.words[k + 1 : k + 3]):
                meeting = Cue(cue.words, "meets", "040", "verb", cue.source)
                for s in members:
                    for o in others:
                        self._emit(meeting, "meets", s, o, c, e, first, last, "verb")
                return
            if self.words[k] in (".", ";", "to"):
                return

    def _sport(self, c: int, e: int) -> bool:
        """Whether the clause of a cue at ``c``..``e`` is about a game ("in a cricket match")."""
        return self.sporty and not words.SPORTS.isdisjoint(
            self.words[self._clause_start(c) : self._clause_end(e)]
        )

    def _leaders(self) -> None:
        """ "President Putin": the named person leads the state whose office that title is on the date."""
        for i, it in enumerate(self.items):
            if it.mention is None or self.ctx.kind(it.mention.key) != "Person":
                continue
            m = words.TITLES.match(it.text)
            if not m or m.group(1) not in words.LEADER_TITLES:
                continue
            before = self.words[max(0, i - 2) : i]
            if before[-1:] in (["former"], ["ex"], ["late"], ["then"], ["as"]) or before == ["was", "the"]:
                continue  # "the former President of Egypt", "served as President of France": someone else
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
                    or self.words[j] in words.PREMODIFIERS
                    or (self.words[j] in ("and", ",") and j > 0 and self.words[j - 1] in MODIFIERS)
                )
            ):
                if self.words[j] in MODIFIERS:
                    mods.append(MODIFIERS[self.words[j]])
                j -= 1
            if self._bad_relations(j, i):
                continue  # "poor relations", "ties ... have been strained": no cooperation
            generic = not mods
            if generic:
                if w not in ("ties", "relations", "cooperation", "co-operation", "partnership"):
                    continue
                mods = [("strategicPartnerOf", "050") if w == "partnership" else ("cooperatesWith", "050")]
            for relation, cameo in dict.fromkeys(mods):
                cue = Cue((w,), relation, cameo, "noun", "kg", weak=generic)
                self._noun(cue, relation, cameo, generic, i, i, phrase_start=j + 1)

    def _bad_relations(self, j: int, i: int) -> bool:
        """Whether the relations noun at ``i`` (its modifiers start after ``j``) is qualified as bad:
        before it ("poor", "deeply strained") or as the predicate of its clause ("relations between
        X and Y are tense", "ties have soured")."""
        if j >= 0 and self.words[j] in words.INTENSIFIERS:
            j -= 1
        if j >= 0 and self.words[j] in words.BAD_RELATIONS:
            return True
        end = self._clause_end(i)
        for k in range(i + 1, min(end, i + 12)):
            w = self.words[k]
            if w in words.BAD_RELATIONS and self.words[k - 1] in words.BAD_RELATIONS_LINKS:
                return True
        return False

    def security_topics(self) -> None:
        """A pair acting jointly against terrorism or extremism: security cooperation (co-occurrence)."""
        for i, w in enumerate(self.words):
            if words.SECURITY_TOPICS.match(w):
                pair, start = self.clause_pair(i)
                if len(pair) == 2 and any(x in self.words[start:i] for x in ("joint", "together", "efforts")):
                    cue = Cue((w,), "cooperatesOnSecurityWith", "062", "noun", "kg")
                    self._emit(
                        cue, "cooperatesOnSecurityWith", pair[0], pair[1], i, i, start, i, "cooccurrence"
                    )
                    return

    def _symmetric(self, relation: str) -> bool:
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
        """Capitals stand for their state except as the place of a visit or the target of an
        attack ("attacks on Aleppo" are on the city); demonyms are states."""
        kind = slot.kind or self.ctx.kind(slot.key)
        if kind == "City" and not (relation in ("visits", "attacks") and role == "object"):
            state = self.ctx.state(slot.key)
            if state:
                return Slot(state, slot.begin, slot.end)
        return slot

    def _own_state(self, s: Slot, o: Slot) -> bool:
        for a, b in ((s, o), (o, s)):
            if self.ctx.kind(b.key) == "Country" and a.key != b.key and self.ctx.state(a.key) == b.key:
                return True
        return False

    def _typed(self, relation: str, s: Slot, o: Slot, partners: tuple[Slot, ...]) -> bool:
        """Whether the relation's signature (kg:subjectClass, kg:objectClass) allows these actors."""
        rel = relations()[relation]
        object_kind = o.kind or self.ctx.kind(o.key) or "Entity"
        return all(
            rel.allows(a.kind or self.ctx.kind(a.key) or "Entity", object_kind) for a in (s, *partners)
        )

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
        background: bool = False,
    ) -> None:
        s = self._actor_key(s, relation, "subject")
        o = self._actor_key(o, relation, "object")
        if relation in ("supports", "providesAidTo") and (
            self.ctx.kind(o.key) in ("MilitaryOrganization", "ArmedGroup") or self._named_forces(o)
        ):
            # support and aid to forces or armed groups is military assistance
            relation, cue = "providesAidTo", Cue(cue.words, "providesAidTo", "074", cue.frame, cue.source)
        elif relation == "supports" and self._strikes_before(c):
            # "conducted 11 strikes in support of the government of Iraq": military assistance
            relation, cue = "providesAidTo", Cue(cue.words, "providesAidTo", "074", cue.frame, cue.source)
        elif relation == "supports" and self._in_a_war(last):
            # "support of Iraq in its fight against ISIL": on the same side of a war
            relation = "cooperatesMilitarilyWith"
            cue = Cue(cue.words, relation, "062", cue.frame, cue.source)
        if relation == "attacks" and cue.words[0] in words.VERBAL_ATTACKS and self._politicians(s, o):
            relation, cue = (
                "opposes",
                Cue(cue.words, "opposes", "111", cue.frame, cue.source),
            )  # "Biden attacked Trump"
        if relation in ("attacks", "inConflictWith", "opposes") and self._sport(c, e):
            return  # "Pakistan defeated India in a cricket match": a game, not a fight
        if s.key == o.key or self.ctx.kind(s.key) in ("City", "Place", "Facility"):
            return  # places do not act (capitals acting stand for their state: see _actor_key)
        if relation not in ("visits", "attacks", "inConflictWith") and self.ctx.kind(o.key) == "Place":
            return
        if not self._typed(relation, s, o, jointly_with):
            return  # ill-typed ("a partnership with a person"): not what the text asserts
        if (
            relation in _BETWEEN_STATES
            and self.ctx.state(s.key)
            and self.ctx.state(s.key) == self.ctx.state(o.key)
            and not (relation == "supports" and self.ctx.kind(s.key) == self.ctx.kind(o.key) == "Person")
        ):
            return  # a state does not arm, aid, sanction, support or align with itself (its people may)
        if relation not in ("leaderOf", "memberOf") and self._own_state(s, o):
            return  # "Netanyahu signed ... Israel": an actor and its own state are one side
        clause = self._clause_start(c)
        mod = Modality.of(
            self.words,
            cue=c,
            clause=c if background else clause,  # an apposition is the author's, whoever speaks
            phrase=phrase if phrase is not None else c,
            year=self.year,
            quoted=self._quoted(c, e),
            speaker=self.reported and not background and not self.speakers.intersection((s.key, o.key)),
            clause_end=self._clause_end(e),
        )
        if mod.name in ("asserted", "reported") and relation != "leaderOf" and self.dated is not None:
            mod = Modality("historical", self.dated)  # "In 1905, X mediated the treaty ..."
        if method == "leader":  # the title is how the text names the person, not a stated event
            if mod.name == "historical":
                return  # "Mubarak was the President of Egypt from 1981": not today's holder
            mod = Modality("asserted")
        if relation == "communicatesWith" and self._claimed(
            s.key, o.key, ("meets", "visits", "hosts", "negotiatesWith")
        ):
            return  # "X met Y to discuss ...": the discussion is the meeting, already claimed
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

    def _strikes_before(self, c: int) -> bool:
        """Whether the clause of the cue at ``c`` names attacks before it ("strikes ... in support of")."""
        start = self._clause_start(c)
        return any(w in words.ATTACK_NOUNS for w in self.words[start:c])

    def _in_a_war(self, last: int) -> bool:
        """Whether "in (the|their|its) fight/war/battle/campaign against|to defeat ..." follows ``last``."""
        k = last + 1
        if k < len(self.words) and self.words[k] == ",":
            k += 1
        if k >= len(self.words) or self.words[k] != "in":
            return False
        k += 1
        while k < len(self.words) and (
            self.words[k] in words.DETERMINERS or self.words[k] in words.POSSESSIVE_PRONOUNS
        ):
            k += 1
        return (
            k + 1 < len(self.words)
            and self.words[k] in ("fight", "war", "battle", "campaign", "struggle", "efforts")
            and self.words[k + 1] in ("against", "to")
        )

    def _named_forces(self, slot: Slot) -> bool:
        """Whether the mention of ``slot`` heads a noun of armed men ("Syrian opposition **forces**")."""
        if slot.begin is None:
            return False
        for j, it in enumerate(self.items):
            if it.begin == slot.begin:
                return j + 1 < len(self.words) and self.words[j + 1] in _ARMED_HEADS
        return False

    def _claimed(self, a: str, b: str, relations: tuple[str, ...]) -> bool:
        """Whether this sentence already claims one of ``relations`` between ``a`` and ``b``."""
        return any(r.relation in relations and {r.subject.key, r.object.key} == {a, b} for r in self.out)

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
    quote = _Quote()
    for begin, end in sentence_spans(clean):
        carried, opens = quote.advance(clean, begin, end)
        i = bisect.bisect_left(starts, begin)
        has_actor = i < len(starts) and starts[i] < end
        if not has_actor and not words.PAIR_REFERENCE.search(clean, begin, end):
            if opens:
                quote.carry(clean, begin, end, None)
            continue  # no actor and no "their"/"the two sides": nothing to code
        sentence = Coder(ctx, clean, begin, end)
        if carried is not None and not sentence.reported:
            # a sentence inside a quotation that an earlier sentence attributes: 'X said: "A. B."'
            sentence.reported = True
            sentence.speaker, sentence.speakers = carried[0], set(carried[1])
        if opens:
            quote.carry(clean, begin, end, sentence)
        sentence.code()
        sentence.modified_nouns()
        sentence.security_topics()
        out.extend(sentence.out)
        actors = sentence.actors()
        if actors:
            ctx.previous = actors
    return out


class _Quote:
    """Whether a quotation is open between sentences, and who it is attributed to."""

    #: A quotation still open after this many sentences is taken for a stray quotation mark.
    LIMIT = 8

    def __init__(self) -> None:
        self.open = False
        self.carried: tuple[Slot | None, frozenset[str]] | None = None
        self.last_end = 0
        self.length = 0

    def advance(
        self, clean: str, begin: int, end: int
    ) -> tuple[tuple[Slot | None, frozenset[str]] | None, bool]:
        """Reads the quotation marks of a sentence: the speaker of a quotation open before it (if
        reported), and whether a quotation stays open after it that was not open before it. A
        paragraph break or a long run of sentences closes a quotation."""
        if "\n\n" in clean[self.last_end : begin] or self.length >= self.LIMIT:
            self.open = False
        self.last_end = end
        self.length += 1
        was = self.open
        if not was:
            self.carried = None
        carried = self.carried
        state = was
        for m in _QUOTE_MARKS.finditer(clean, begin, end):
            ch = m.group()
            if ch == "\u201c":
                state = True
            elif ch == "\u201d":
                state = False
            else:
                state = not state
        self.open = state
        if not state:
            self.carried = None
        if state and not was:
            self.length = 0
        return carried, state and not was

    def carry(self, clean: str, begin: int, end: int, sentence: Sentence | None) -> None:
        """A quotation opened in this sentence continues: if the sentence reports speech, the next
        sentences until it closes are reported too, by the same speaker."""
        if sentence is not None:
            if sentence.reported:
                self.carried = (sentence.speaker, frozenset(sentence.speakers))
        elif any(w in REPORTING for w in _WORD.findall(clean[begin:end].lower())):
            self.carried = (None, frozenset())


_WORD = re.compile(r"[a-z]+")
_QUOTE_MARKS = re.compile('[\u201c\u201d"]')
