"""The cue lexicon of the relation coder: which words signal which relation, and how to find its actors.

Verb cues come from ``data/verbs.json`` (CAMEO verb synonym sets, see :mod:`kg.build.cues`). The
nominal and multi-word cues below are written for kg in the style of a political-event coder's
dictionary: a phrase, the relation and CAMEO code it codes to, and its *frame*:

``verb``       subject before, object after ("Russia **attacked** Ukraine")
``noun``       actors as possessor, compound modifier or prepositional argument
               ("Russia's **visit** to", "the Russian-Pakistani **partnership**", "**talks** between X and Y")
``establish``  a decision to set up an institution ("**decided to establish** a Commission")
``member``     membership of an organisation ("X is a **member of** NATO", "X **joined** NATO")
``liberate``   taking a place back from an enemy ("X **liberated** the town of Y **from** Z": X fights Z)
``protect``    protecting someone from an enemy ("X **defends** Y **from** Z": X opposes Z)
``fire``       firing at a target ("X **fired** rockets **at** Y": X attacks Y)
``oust``       driving an enemy out ("X **drove** Y **out** of Z": X attacks Y)
``recall``     recalling diplomats ("X **recalled** its ambassador **from** Y": relations reduced)
``mediate``    mediating between parties ("X **brokered** a deal **between** Y and Z")
``give``       giving to or investing in ("X **donated** vaccines **to** Y", "X **invested** $1bn **in** Y")
``transfer``   selling or delivering weapons ("X **sold** F-16 jets **to** Y": X transfers arms to Y)

``modifiers`` of a noun cue narrow the relation ("**military** ties" -> military cooperation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "verbs.json"


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that signals a relation."""

    words: tuple[str, ...]
    relation: str
    cameo: str
    frame: str = "verb"
    source: str = "kg"
    weak: bool = False  # a generic cue ("ties"): lower confidence
    symmetric_alt: str | None = None  # relation when coordinated subjects act on each other


# Noun cues whose relation depends on a modifier in front of them ("military ties").
COOPERATION_NOUNS = (
    "ties",
    "relations",
    "relationship",
    "cooperation",
    "co-operation",
    "collaboration",
    "links",
    "exchanges",
    "efforts",
    "realms",
    "realm",
    "spheres",
    "sphere",
    "engagement",
    "coordination",
    "partnership",
    "dialogue",
    "interaction",
)
MODIFIERS: dict[str, tuple[str, str]] = {
    "military": ("cooperatesMilitarilyWith", "062"),
    "defence": ("cooperatesMilitarilyWith", "062"),
    "defense": ("cooperatesMilitarilyWith", "062"),
    "militaries": ("cooperatesMilitarilyWith", "062"),
    "naval": ("cooperatesMilitarilyWith", "062"),
    "economic": ("cooperatesEconomicallyWith", "061"),
    "trade": ("cooperatesEconomicallyWith", "061"),
    "commercial": ("cooperatesEconomicallyWith", "061"),
    "energy": ("cooperatesEconomicallyWith", "061"),
    "investment": ("cooperatesEconomicallyWith", "061"),
    "connectivity": ("cooperatesEconomicallyWith", "061"),
    "financial": ("cooperatesEconomicallyWith", "061"),
    "political": ("cooperatesDiplomaticallyWith", "050"),
    "diplomatic": ("cooperatesDiplomaticallyWith", "050"),
    "parliamentary": ("cooperatesDiplomaticallyWith", "050"),
    "inter-parliamentary": ("cooperatesDiplomaticallyWith", "050"),
    "security": ("cooperatesOnSecurityWith", "062"),
    "counter-terrorism": ("cooperatesOnSecurityWith", "062"),
    "counterterrorism": ("cooperatesOnSecurityWith", "062"),
    "intelligence": ("cooperatesOnSecurityWith", "064"),
    "strategic": ("strategicPartnerOf", "050"),
}

_N, _V, _E, _M, _L, _P = "noun", "verb", "establish", "member", "liberate", "protect"
_F, _T = "fire", "transfer"

CURATED: tuple[Cue, ...] = (
    # partnerships and alliances
    Cue(("strategic", "partnership"), "strategicPartnerOf", "050", _N),
    Cue(("comprehensive", "strategic", "partnership"), "strategicPartnerOf", "050", _N),
    Cue(("strategic", "partners"), "strategicPartnerOf", "050", _N),
    Cue(("partnership",), "strategicPartnerOf", "050", _N, weak=True),
    Cue(("partnering", "with"), "cooperatesWith", "050", _V),
    Cue(("partnered", "with"), "cooperatesWith", "050", _V),
    Cue(("partner", "with"), "cooperatesWith", "050", _V),
    Cue(("alliance",), "alliedWith", "062", _N),
    Cue(("military", "alliance"), "alliedWith", "062", _N),
    Cue(("allied", "with"), "alliedWith", "062", _V),
    Cue(("fought", "alongside"), "alliedWith", "062", _V),
    Cue(("fighting", "alongside"), "alliedWith", "062", _V),
    Cue(("joint", "military", "exercises"), "cooperatesMilitarilyWith", "062", _N),
    Cue(("military", "exercises"), "cooperatesMilitarilyWith", "062", _N),
    Cue(("joint", "exercises"), "cooperatesMilitarilyWith", "062", _N),
    Cue(("joint", "drills"), "cooperatesMilitarilyWith", "062", _N),
    *(
        Cue(phrase, "cooperatesMilitarilyWith", "062", _N)
        for phrase in (
            ("joint", "naval", "exercises"),
            ("naval", "exercises"),
            ("joint", "naval", "drills"),
            ("naval", "drills"),
            ("military", "drills"),
            ("joint", "military", "drills"),
            ("war", "games"),
            ("joint", "patrols"),
            ("joint", "air", "exercises"),
        )
    ),
    # diplomacy and alignment
    Cue(("prioritizing",), "alignsWith", "050", _V),
    Cue(("prioritising",), "alignsWith", "050", _V),
    Cue(("prioritized",), "alignsWith", "050", _V),
    Cue(("prioritised",), "alignsWith", "050", _V),
    Cue(("prioritizes",), "alignsWith", "050", _V),
    Cue(("prioritises",), "alignsWith", "050", _V),
    Cue(("committed", "itself", "to"), "alignsWith", "050", _V),
    Cue(("pivot",), "alignsWith", "050", _N),
    Cue(("tilt",), "alignsWith", "050", _N),
    Cue(("sided", "with"), "alignsWith", "050", _V),
    *(
        Cue((verb, *self_, "with"), "alignsWith", "050", _V)
        for verb in ("align", "aligns", "aligned", "aligning")
        for self_ in ((), ("itself",), ("themselves",))
    ),
    Cue(("stands", "by"), "supports", "051", _V),
    Cue(("stand", "by"), "supports", "051", _V),
    Cue(("stands", "with"), "supports", "051", _V),
    Cue(("stand", "with"), "supports", "051", _V),
    Cue(("shoulder", "to", "shoulder", "with"), "supports", "051", _V),
    Cue(("stand", "shoulder", "to", "shoulder", "with"), "supports", "051", _V),
    Cue(("stands", "shoulder", "to", "shoulder", "with"), "supports", "051", _V),
    Cue(("standing", "shoulder", "to", "shoulder", "with"), "supports", "051", _V),
    Cue(("support", "for"), "supports", "051", _N),
    Cue(("support", "of"), "supports", "051", _N),
    Cue(("support", "to"), "supports", "051", _N),
    Cue(("containing",), "seeksToContain", "17", _V),
    Cue(("contain",), "seeksToContain", "17", _V),
    Cue(("containment", "of"), "seeksToContain", "17", _N),
    Cue(("rivalry",), "rivalOf", "16", _N),
    Cue(("rivalries",), "rivalOf", "16", _N),
    Cue(("rivals",), "rivalOf", "16", _N),
    Cue(("condemnation", "of"), "opposes", "111", _N),
    Cue(("appalled", "by"), "opposes", "110", _V),
    Cue(("appalled", "at"), "opposes", "110", _V),
    Cue(("shocked", "by"), "opposes", "110", _V),
    Cue(("horrified", "by"), "opposes", "110", _V),
    Cue(("concerned", "by"), "opposes", "110", _V),
    Cue(("concerned", "about"), "opposes", "110", _V),
    Cue(("pressure", "on"), "opposes", "170", _N),
    Cue(("pressure", "to"), "opposes", "170", _N),
    Cue(("opposed",), "opposes", "111", _V),
    Cue(("opposes",), "opposes", "111", _V),
    Cue(("rejected",), "opposes", "120", _V),
    *(
        Cue((verb, *ties), "opposes", "161", _V)
        for verb in ("cut", "cuts", "severed", "severs", "sever", "broke", "break", "breaks", "suspended")
        for ties in (
            ("ties", "with"),
            ("diplomatic", "ties", "with"),
            ("relations", "with"),
            ("diplomatic", "relations", "with"),
            ("off", "relations", "with"),
            ("off", "diplomatic", "relations", "with"),
        )
    ),
    # reducing relations: recalling or expelling diplomats, summoning an ambassador, halting talks
    *(
        Cue((verb,), "opposes", "161", "recall")
        for verb in "recalled recalls recall withdrew withdraws".split()
    ),
    *(Cue((verb,), "opposes", "166", _V) for verb in "expelled expels expel expelling".split()),
    *(Cue((verb,), "opposes", "110", _V) for verb in "summoned summons summon".split()),
    *(
        Cue((verb, "talks", "with"), "opposes", "164", _V)
        for verb in ("suspended", "suspends", "halted", "halts", "froze", "freezes")
    ),
    Cue(("broke", "off", "talks", "with"), "opposes", "164", _V),
    # recognition, mediation, ceasefires
    *(
        Cue((verb,), "cooperatesDiplomaticallyWith", "054", _V)
        for verb in "recognised recognized recognises recognizes recognise recognize".split()
    ),
    *(
        Cue((verb,), "communicatesWith", "045", "mediate")
        for verb in "mediated mediates mediating mediate brokered brokering".split()
    ),
    Cue(("ceasefire", "between"), "signsAgreementWith", "087", _N),
    Cue(("truce", "between"), "signsAgreementWith", "087", _N),
    Cue(("cease-fire", "between"), "signsAgreementWith", "087", _N),
    # economic coercion
    *(
        Cue((verb, "tariffs", "on"), "sanctions", "163", _V)
        for verb in ("imposed", "imposes", "impose", "slapped")
    ),
    Cue(("tariffs", "on"), "sanctions", "163", _N),
    Cue(("imposed", "sanctions", "on"), "sanctions", "163", _V),
    Cue(("imposed", "sanctions", "against"), "sanctions", "163", _V),
    Cue(("imposes", "sanctions", "on"), "sanctions", "163", _V),
    Cue(("sanctions", "on"), "sanctions", "163", _N),
    Cue(("sanctions", "against"), "sanctions", "163", _N),
    Cue(("sanctioned",), "sanctions", "163", _V),
    # meetings, talks, visits
    Cue(("meeting",), "meets", "040", _N),
    Cue(("meetings",), "meets", "040", _N),
    Cue(("first", "meeting"), "meets", "040", _N),
    Cue(("talks",), "meets", "040", _N),
    Cue(("held", "talks", "with"), "meets", "040", _V),
    Cue(("holds", "talks", "with"), "meets", "040", _V),
    Cue(("hold", "talks", "with"), "meets", "040", _V),
    Cue(("summit",), "meets", "043", _N, weak=True),
    Cue(("spoke", "with"), "communicatesWith", "040", _V),
    Cue(("spoke", "to"), "communicatesWith", "040", _V),
    Cue(("spoke", "by", "phone", "with"), "communicatesWith", "041", _V),
    *(
        Cue(("spoke", *by, medium), "communicatesWith", "041", _V)
        for by in (("by",), ("on", "the"), ("over", "the"))
        for medium in ("phone", "telephone")
    ),
    Cue(("phone", "call", "with"), "communicatesWith", "041", _N),
    Cue(("call", "with"), "communicatesWith", "041", _N),
    Cue(("conveyed", "to"), "communicatesWith", "040", _V),
    *(
        Cue(phrase, "communicatesWith", "041", _N)
        for phrase in (
            ("phone", "call"),
            ("phone", "calls"),
            ("telephone", "call"),
            ("video", "call"),
            ("phone", "conversation"),
            ("telephone", "conversation"),
            ("video", "conference"),
        )
    ),
    *(
        Cue((verb,), "communicatesWith", "040", _V)
        for verb in "briefed briefs briefing updated informed informs notified".split()
    ),
    Cue(("discussed",), "communicatesWith", "040", _V),
    Cue(("discuss",), "communicatesWith", "040", _V),
    Cue(("consulting", "with"), "communicatesWith", "040", _V),
    Cue(("consulted", "with"), "communicatesWith", "040", _V),
    Cue(("consulted",), "communicatesWith", "040", _V),
    Cue(("in", "touch", "with"), "communicatesWith", "040", _V),
    Cue(("working", "with"), "cooperatesWith", "050", _V),
    Cue(("work", "with"), "cooperatesWith", "050", _V),
    Cue(("worked", "with"), "cooperatesWith", "050", _V),
    Cue(("meetings", "with"), "meets", "040", _N),
    Cue(("meeting", "with"), "meets", "040", _N),
    Cue(("pressed",), "communicatesWith", "020", _V),
    Cue(("urged",), "communicatesWith", "020", _V),
    Cue(("negotiations",), "negotiatesWith", "046", _N),
    Cue(("negotiated", "with"), "negotiatesWith", "046", _V),
    Cue(("negotiate", "with"), "negotiatesWith", "046", _V),
    Cue(("negotiating", "with"), "negotiatesWith", "046", _V),
    Cue(("visit",), "visits", "042", _N),
    Cue(("visits",), "visits", "042", _N),
    Cue(("trip",), "visits", "042", _N),
    Cue(("state", "visit"), "visits", "042", _N),
    Cue(("official", "visit"), "visits", "042", _N),
    Cue(("travelled", "to"), "visits", "042", _V),
    Cue(("traveled", "to"), "visits", "042", _V),
    Cue(("flew", "to"), "visits", "042", _V),
    Cue(("arrived", "in"), "visits", "042", _V),
    Cue(("came", "to"), "visits", "042", _V),
    Cue(("went", "to"), "visits", "042", _V),
    Cue(("toured",), "visits", "042", _V),
    Cue(("received",), "hosts", "043", _V),
    Cue(("hosted",), "hosts", "043", _V),
    # agreements
    Cue(("signed",), "signsAgreementWith", "057", _V),
    Cue(("signs",), "signsAgreementWith", "057", _V),
    Cue(("sign",), "signsAgreementWith", "057", _V),
    Cue(("signing",), "signsAgreementWith", "057", _V),
    Cue(("reached", "an", "agreement", "with"), "signsAgreementWith", "057", _V),
    Cue(("entered", "into", "an", "agreement", "with"), "signsAgreementWith", "057", _V),
    Cue(("reached", "a", "deal", "with"), "signsAgreementWith", "057", _V),
    Cue(("struck", "a", "deal", "with"), "signsAgreementWith", "057", _V),
    Cue(("concluded",), "signsAgreementWith", "057", _V),
    Cue(("agreement",), "signsAgreementWith", "057", _N),
    Cue(("agreements",), "signsAgreementWith", "057", _N),
    Cue(("treaty",), "signsAgreementWith", "057", _N),
    Cue(("accord",), "signsAgreementWith", "057", _N),
    Cue(("accords",), "signsAgreementWith", "057", _N),
    Cue(("deal",), "signsAgreementWith", "057", _N, weak=True),
    Cue(("pact",), "signsAgreementWith", "057", _N),
    Cue(("memorandum",), "signsAgreementWith", "057", _N),
    # aid and arms
    *(Cue((verb,), "providesAidTo", "070", "give") for verb in "donated donates donate donating".split()),
    *(Cue((verb,), "providesAidTo", "071", _V) for verb in "lent lends lend loaned loans".split()),
    *(
        Cue((verb,), "cooperatesEconomicallyWith", "061", "give")
        for verb in "invested invests invest investing".split()
    ),
    Cue(("aid", "to"), "providesAidTo", "070", _N),
    Cue(("provide",), "providesAidTo", "070", _V),
    Cue(("provides",), "providesAidTo", "070", _V),
    Cue(("provided",), "providesAidTo", "070", _V),
    Cue(("providing",), "providesAidTo", "070", _V),
    Cue(("assistance", "to"), "providesAidTo", "070", _N),
    Cue(("humanitarian", "aid", "to"), "providesAidTo", "073", _N),
    Cue(("air", "support", "for"), "providesAidTo", "074", _N),
    Cue(("arms", "sales"), "transfersArmsTo", "072", _N),
    Cue(("arms", "sale"), "transfersArmsTo", "072", _N),
    Cue(("arms", "deliveries"), "transfersArmsTo", "072", _N),
    Cue(("arms", "deal"), "transfersArmsTo", "072", _N),
    Cue(("weapons", "to"), "transfersArmsTo", "072", _N),
    Cue(("sold", "weapons", "to"), "transfersArmsTo", "072", _V),
    Cue(("sold", "arms", "to"), "transfersArmsTo", "072", _V),
    Cue(("supplied", "weapons", "to"), "transfersArmsTo", "072", _V),
    Cue(("supplied", "arms", "to"), "transfersArmsTo", "072", _V),
    *(
        Cue((verb,), "transfersArmsTo", "072", _T)
        for verb in (
            "sell sells selling sold deliver delivers delivering delivered ship ships shipped "
            "shipping transfer transfers transferred transferring"
        ).split()
    ),
    # conflict
    *(
        Cue((verb,), "attacks", "190", _F)
        for verb in "fired fires firing lobbed dropped dropping drops".split()
    ),
    *(
        Cue((verb,), "attacks", "180", _V)
        for verb in "executed executes executing beheaded beheading tortured".split()
    ),
    Cue(("shot", "down"), "attacks", "190", _V),
    Cue(("shoot", "down"), "attacks", "190", _V),
    Cue(("downed",), "attacks", "190", _V),
    *(Cue((verb,), "attacks", "190", "oust") for verb in "drove driven pushed push forced".split()),
    Cue(("ousted",), "attacks", "190", _V),
    Cue(("routed",), "attacks", "190", _V),
    Cue(("opened", "fire", "on"), "attacks", "190", _V),
    Cue(("opened", "fire", "at"), "attacks", "190", _V),
    Cue(("open", "fire", "on"), "attacks", "190", _V),
    Cue(("exchanged", "fire"), "inConflictWith", "190", _V),
    Cue(("exchanged", "fire", "with"), "inConflictWith", "190", _V),
    Cue(("exchange", "fire"), "inConflictWith", "190", _V),
    Cue(("war",), "inConflictWith", "190", _N),
    Cue(("proxy", "war"), "inConflictWith", "190", _N),
    Cue(("conflict", "with"), "inConflictWith", "190", _N),
    Cue(("conflict", "between"), "inConflictWith", "190", _N),
    Cue(("clashes",), "inConflictWith", "190", _N),
    Cue(("hostilities",), "inConflictWith", "190", _N),
    Cue(("fight", "against"), "attacks", "190", _N),
    Cue(("fighting", "against"), "attacks", "190", _V),
    Cue(("campaign", "against"), "attacks", "190", _N),
    Cue(("attack", "on"), "attacks", "190", _N),
    Cue(("attacks", "on"), "attacks", "190", _N),
    Cue(("attack", "by"), "attacks", "190", _N),
    Cue(("attacks", "by"), "attacks", "190", _N),
    Cue(("airstrikes", "on"), "attacks", "195", _N),
    Cue(("air", "strikes", "on"), "attacks", "195", _N),
    Cue(("bombardment",), "attacks", "195", _N),
    Cue(("invasion", "of"), "attacks", "192", _N),
    Cue(("offensive", "against"), "attacks", "190", _N),
    Cue(("offensive", "into"), "attacks", "192", _N),
    Cue(("incursion", "into"), "attacks", "192", _N),
    Cue(("attack", "against"), "attacks", "190", _N),
    Cue(("attacks", "against"), "attacks", "190", _N),
    Cue(("strikes", "against"), "attacks", "195", _N),
    Cue(("strikes", "on"), "attacks", "195", _N),
    Cue(("airstrikes", "against"), "attacks", "195", _N),
    Cue(("air", "strikes", "against"), "attacks", "195", _N),
    Cue(("raids", "on"), "attacks", "190", _N),
    Cue(("raids", "against"), "attacks", "190", _N),
    Cue(("operations", "against"), "attacks", "190", _N),
    Cue(("war", "against"), "attacks", "190", _N),
    Cue(("war", "on"), "attacks", "190", _N),
    Cue(("violence", "against"), "attacks", "180", _N),
    Cue(("atrocities", "against"), "attacks", "180", _N),
    Cue(("weapons", "against"), "attacks", "190", _N),
    Cue(("bombing", "of"), "attacks", "195", _N),
    Cue(("shelling", "of"), "attacks", "194", _N),
    Cue(("siege", "of"), "attacks", "191", _N),
    Cue(("targeting", "of"), "attacks", "190", _N),
    Cue(("liberated",), "attacks", "190", _L),
    Cue(("liberate",), "attacks", "190", _L),
    Cue(("liberating",), "attacks", "190", _L),
    Cue(("recaptured",), "attacks", "190", _L),
    Cue(("recapture",), "attacks", "190", _L),
    Cue(("retook",), "attacks", "190", _L),
    Cue(("retake",), "attacks", "190", _L),
    Cue(("freed",), "attacks", "190", _L),
    Cue(("captured",), "attacks", "190", _L),
    Cue(("capture",), "attacks", "190", _L),
    Cue(("seized",), "attacks", "190", _L),
    Cue(("seize",), "attacks", "190", _L),
    Cue(("wrested",), "attacks", "190", _L),
    Cue(("took", "control", "of"), "attacks", "190", _L),
    Cue(("acts", "of", "terror"), "attacks", "180", _N),
    Cue(("acts", "of", "terrorism"), "attacks", "180", _N),
    Cue(("act", "of", "terror"), "attacks", "180", _N),
    Cue(("counter",), "attacks", "190", _V),
    Cue(("countering",), "attacks", "190", _V),
    Cue(("defend",), "opposes", "110", _P),
    Cue(("defending",), "opposes", "110", _P),
    Cue(("protect",), "opposes", "110", _P),
    Cue(("protecting",), "opposes", "110", _P),
    Cue(("shield",), "opposes", "110", _P),
    Cue(("perpetrated", "against"), "attacks", "180", _V),
    Cue(("committed", "against"), "attacks", "180", _V),
    Cue(("injured",), "attacks", "180", _V),
    Cue(("injure",), "attacks", "180", _V),
    Cue(("injuring",), "attacks", "180", _V),
    Cue(("wounded",), "attacks", "180", _V),
    Cue(("wounding",), "attacks", "180", _V),
    Cue(("thwart",), "cooperatesOnSecurityWith", "062", _V),
    # institutions and membership
    Cue(("decision", "to", "establish"), "agreesToEstablish", "057", _E),
    Cue(("decided", "to", "establish"), "agreesToEstablish", "057", _E),
    Cue(("agreed", "to", "establish"), "agreesToEstablish", "057", _E),
    Cue(("agreed", "to", "set", "up"), "agreesToEstablish", "057", _E),
    Cue(("decided", "to", "set", "up"), "agreesToEstablish", "057", _E),
    Cue(("agreed", "to", "create"), "agreesToEstablish", "057", _E),
    Cue(("decided", "to", "create"), "agreesToEstablish", "057", _E),
    Cue(("agreed", "to", "form"), "agreesToEstablish", "057", _E),
    Cue(("agreement", "to", "establish"), "agreesToEstablish", "057", _E),
    Cue(("established",), "agreesToEstablish", "057", _E),
    Cue(("set", "up"), "agreesToEstablish", "057", _E),
    Cue(("member", "of"), "memberOf", "", _M),
    Cue(("members", "of"), "memberOf", "", _M),
    Cue(("membership", "of"), "memberOf", "", _M),
    Cue(("membership", "in"), "memberOf", "", _M),
    Cue(("joined",), "memberOf", "", _M),
    Cue(("join",), "memberOf", "", _M),
    Cue(("joining",), "memberOf", "", _M),
    Cue(("accession", "to"), "memberOf", "", _M),
    Cue(("part", "of"), "memberOf", "", _M),
)


@dataclass(frozen=True)
class Lexicon:
    """Cues by their first word, longest first."""

    by_first: dict[str, tuple[Cue, ...]]
    longest: int

    def at(self, words: list[str], i: int) -> Cue | None:
        """The longest cue that starts at ``words[i]``."""
        for cue in self.by_first.get(words[i], ()):
            n = len(cue.words)
            if tuple(words[i : i + n]) == cue.words:
                return cue
        return None


_SYMMETRIC_FIGHTS = {
    "PHYSICAL_CONFLICT/FIGHT",
    "PHYSICAL_CONFLICT/BATTLE",
    "PHYSICAL_CONFLICT/CLASH",
    "PHYSICAL_CONFLICT/COMBAT",
}


@cache
def lexicon() -> Lexicon:
    """The verb cues of ``data/verbs.json`` and the curated cues, indexed by first word."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    cues: dict[tuple[str, ...], Cue] = {}
    for form, (relation, code, source) in raw["forms"].items():
        words = tuple(form.split())
        alt = "inConflictWith" if source in _SYMMETRIC_FIGHTS else None
        cues[words] = Cue(words, relation, code, "verb", f"CAMEO.2.0:{source}", symmetric_alt=alt)
    for cue in CURATED:
        cues[cue.words] = cue
    by_first: dict[str, list[Cue]] = {}
    for cue in cues.values():
        by_first.setdefault(cue.words[0], []).append(cue)
    return Lexicon(
        {w: tuple(sorted(c, key=lambda c: -len(c.words))) for w, c in by_first.items()},
        max(len(c.words) for c in cues.values()),
    )
