"""The data model between the stages of the pipeline: frozen dataclasses, no I/O.

Readers produce :class:`Article` (with the claims a person wrote, as :class:`CuratedClaim`); the
claim resolver and the extractor produce :class:`Claim` about :class:`Entity` objects; the mapping
turns an :class:`ArticleAnalysis` into RDF; the pipeline reports an :class:`IngestReport`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from kg.vocab import Relation

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (``2019``, ``2019-06``, ``2019-06-14``).

    >>> PartialDate.parse("2019-06")
    PartialDate(year=2019, month=6, day=None)
    >>> str(PartialDate.parse("2019-06-14"))
    '2019-06-14'
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` for anything else."""
        m = _PARTIAL_DATE.match(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        if day:
            date(year, month or 1, day)  # raises ValueError for 2019-02-30
        elif month and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        return cls(year, month or None, day or None)

    @classmethod
    def of(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def latest(self) -> date:
        """The last day this date could mean (for "not after" comparisons)."""
        if self.day and self.month:
            return date(self.year, self.month, self.day)
        if self.month:
            nxt = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(self.year, 12, 31)


@dataclass(frozen=True, slots=True)
class Position:
    """Where something was written: a file, and a line and column in it (1-based) when known."""

    source: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join(str(p) for p in (self.source, self.line, self.column) if p is not None)


# --------------------------------------------------------------------------------------------
# What readers produce
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorDeclaration:
    """An actor, place or organisation an article's file declares for its curated claims."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    iso3: str | None = None
    position: Position | None = None


@dataclass(frozen=True, slots=True)
class EventDeclaration:
    """A named event (a summit, a visit) an article's file declares for its curated claims."""

    name: str
    kind: str = "Event"
    date: PartialDate | None = None
    place: str | None = None
    position: Position | None = None


@dataclass(frozen=True, slots=True)
class CuratedClaim:
    """A relation as a person wrote it in an article's file: names, not yet entities."""

    subject: str
    relation: str
    object: str
    quote: str  # the exact words of the article text the claim rests on (never empty)
    date: PartialDate | None = None
    time: str | None = None
    place: str | None = None
    event: str | None = None
    jointly_with: tuple[str, ...] = ()
    confidence: Decimal | None = None
    modality: str | None = None
    claimed_by: str | None = None
    cameo: str | None = None
    position: Position | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read: metadata, the text that evidence offsets refer to, curated claims."""

    source: Position
    title: str | None
    text: str
    date: date | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    originally_published_in: str | None = None
    actors: tuple[ActorDeclaration, ...] = ()
    events: tuple[EventDeclaration, ...] = ()
    claims: tuple[CuratedClaim, ...] = ()


# --------------------------------------------------------------------------------------------
# What the resolver and the extractor produce
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or a place with its canonical key (ISO 3166 alpha-3 for states, else a slug)."""

    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    country: Entity | None = None  # the state it belongs to (for cities, institutions, persons)


@dataclass(frozen=True, slots=True)
class Event:
    """A named event at which a claimed relation was enacted."""

    key: str
    kind: str
    label: str
    date: PartialDate | None = None
    place: Entity | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span ``text[begin:end]`` of the article text; ``quote`` is that text.

    ``subject``/``object`` are the spans of the mentions that named the two actors, when the
    extractor found them in the text (used to evaluate against span-annotated gold data).
    """

    begin: int
    end: int
    quote: str
    subject: tuple[int, int] | None = None
    object: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One relation an article asserts, with everything the graph records about it."""

    subject: Entity
    relation: Relation
    object: Entity
    evidence: Evidence
    modality: str = "asserted"
    confidence: Decimal = Decimal("1.0")
    cameo: str | None = None
    curated: bool = False
    method: str | None = None
    claimed_by: Entity | None = None  # None: the article's author(s)
    date: PartialDate | None = None
    time_text: str | None = None
    place: Entity | None = None
    event: Event | None = None
    jointly_with: tuple[Entity, ...] = ()
    more_evidence: tuple[Evidence, ...] = ()  # further spans stating the same claim

    @property
    def same_relation_key(self) -> tuple[str, str, str]:
        """Identity of the stated relation regardless of evidence (symmetric pairs sorted)."""
        a, b = self.subject.key, self.object.key
        if self.relation.symmetric and b < a:
            a, b = b, a
        return (a, self.relation.name, b)


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """An article with its resolved claims: what the mapping turns into one named graph."""

    article: Article
    claims: tuple[Claim, ...]
    fingerprint: str


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """What ingest did with one article."""

    NEW = "new"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """The outcome of ingesting one article."""

    source: str
    outcome: Outcome
    title: str | None = None
    graph: str | None = None
    claims: int = 0
    triples: int = 0
    problems: tuple[str, ...] = ()
    #: what to do about the problems of a rejected article, when kg knows
    hint: str | None = None


@dataclass(slots=True)
class IngestReport:
    """The summary of one ingest: one :class:`ArticleResult` per article read."""

    run: str
    results: list[ArticleResult] = field(default_factory=list)
    validated: bool = True
    #: what the reading noticed that is not a rejected article (a folder without articles)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def read(self) -> int:
        return len(self.results)

    @property
    def claims(self) -> int:
        return sum(r.claims for r in self.results if r.outcome in (Outcome.NEW, Outcome.REPLACED))

    @property
    def triples(self) -> int:
        return sum(r.triples for r in self.results if r.outcome in (Outcome.NEW, Outcome.REPLACED))

    @property
    def rejected(self) -> list[ArticleResult]:
        return [r for r in self.results if r.outcome is Outcome.REJECTED]
