"""Modality of a coded relation: asserted, reported, hypothetical, negated or historical.

Markers are looked for in the clause that holds the cue, before the cue (negation only close to it),
and in the cue's own noun phrase for historical modifiers ("their **1980s** proxy war"). Order:
a historical modifier of the noun phrase, then negation, hypothetical markers (also predictions:
"X predicts Y defeats Z"), historical markers of the clause ("former" there is an actor's past
office, not the event's time), reported speech (a speaker, "so-called", a cue in quotation
marks), else asserted.

>>> words = "few thought they would ever end their old cold war-era rivalry".split()
>>> Modality.of(words, cue=10, clause=0, phrase=7, year=2019).name
'historical'
>>> Modality.of("the visit could lead to more arms sales".split(), cue=6, clause=0, phrase=5, year=2019).name
'hypothetical'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEGATIONS = {
    "not",
    "n't",
    "never",
    "no",
    "neither",
    "nor",
    "without",
    "refused",
    "declined",
    "failed",
    "denied",
    "cannot",
    "ruled",
}
HYPOTHETICAL = {
    "could",
    "would",
    "might",
    "may",
    "should",
    "if",
    "unless",
    "possible",
    "possibly",
    "potential",
    "potentially",
    "foreseeably",
    "likely",
    "unlikely",
    "prospect",
    "expected",
    "hopes",
    "hope",
    "plans",
    "plan",
    "aims",
    "seeks",
    "wants",
    "intends",
    "intend",
    "planned",
    "planning",
    "vowed",
    "vows",
    "vow",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "threatened",
    "threatens",
    "threatening",
    "applied",
    "invited",
    "invites",
    "invitation",
    "applies",
    "capacity",
    "capability",
    "capabilities",
    "ability",
    "able",
    "allow",
    "proposed",
    "considering",
    "perhaps",
    "maybe",
    "whether",
    "predicts",
    "predicted",
    "predict",
    "predicting",
    "prediction",
    "forecast",
    "forecasts",
    "expects",
    "expect",
    "anticipates",
}
HISTORICAL = {
    "soviet-era", "wartime", "historical", "historically", "former", "bygone", "cold-war",
    "anniversary", "commemoration", "commemorating", "commemorates", "remembrance",
}  # fmt: skip
REPORTING = {
    "said",
    "says",
    "stated",
    "states",
    "told",
    "announced",
    "declared",
    "claimed",
    "claims",
    "insisted",
    "argued",
    "noted",
    "added",
    "reported",
    "according",
    "alleged",
    "asserted",
    "warned",
    "stressed",
    "confirmed",
    "affirmed",
    "wrote",
    "writes",
    "tweeted",
}
#: Past-time words that, outside the cue's own noun phrase ("their former alliance"), describe an
#: actor ("former president X", "ex-minister Y") and not when the event happened.
ACTOR_ONLY = {"former"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_CONTRACTION = re.compile(r"n['’]t$")


@dataclass(frozen=True, slots=True)
class Modality:
    name: str
    marker: str | None = None

    @classmethod
    def of(
        cls,
        words: list[str],
        *,
        cue: int,
        clause: int,
        phrase: int,
        year: int | None,
        quoted: bool = False,
        speaker: bool = False,
        clause_end: int | None = None,
    ) -> Modality:
        """Modality of the cue at ``words[cue]``; ``phrase`` starts its noun phrase, ``clause`` its clause.

        Dates may also follow the cue in its clause ("fought a war in 1971"): ``clause_end``.
        """
        for i in range(phrase, cue + 1):
            if _historical(words, i, year):
                return cls("historical", words[i])
        for w in words[max(clause, cue - 4) : cue]:
            if w in NEGATIONS or _CONTRACTION.search(w):
                return cls("negated", w)
        for w in words[clause:cue]:
            if w in HYPOTHETICAL:
                return cls("hypothetical", w)
        for i in range(clause, cue if clause_end is None else clause_end):
            if words[i] in ACTOR_ONLY:
                continue  # "Former president Obama met Biden": his office is past, not the meeting
            if i != cue and _historical(words, i, year):
                return cls("historical", words[i])
        if speaker:
            return cls("reported", "speaker")
        if quoted or "so-called" in words[clause:cue]:
            return cls("reported", "so-called" if not quoted else "quotation marks")
        return cls("asserted")


def dated_in_the_past(words: list[str], year: int | None) -> str | None:
    """The past year or decade a sentence opens with ("**In 1905**, ...", "During the 1980s,"),
    which dates all of it, relative clauses too; else ``None``.

    >>> dated_in_the_past("in 1905 , roosevelt mediated the treaty that ended the war".split(), 2020)
    '1905'
    >>> dated_in_the_past("in 2019 , they met".split(), 2020) is None
    True
    """
    if len(words) < 2 or words[0] not in ("in", "during", "by", "until"):
        return None
    k = 2 if words[1] == "the" else 1
    return words[k] if k < len(words) and _historical(words, k, year) else None


def _historical(words: list[str], i: int, year: int | None) -> bool:
    """A past-time marker: a decade, a year ten or more years before the article, "Cold War", "-era"."""
    word = words[i]
    if word in HISTORICAL or word.endswith("-era") or (word == "war" and i and words[i - 1] == "cold"):
        return True
    m = _YEAR.match(word)
    if m:
        value = int(m.group(1))
        return word.endswith("s") or (year is not None and value <= year - 10)
    return False
