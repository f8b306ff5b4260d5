"""Validation reports: a stable model of SHACL results, whichever engine produced them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """SHACL result severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        return {"Violation": 3, "Warning": 2, "Info": 1}[self.value]

    @classmethod
    def parse(cls, name: str) -> Severity:
        local = name.rsplit("#", 1)[-1].strip().lower()
        for sev in cls:
            if sev.value.lower() == local:
                return sev
        raise ValueError(f"unknown severity {name!r}")


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL validation result. Terms are written as IRIs, or N-Triples for literals."""

    focus: str
    component: str
    path: str | None = None
    value: str | None = None
    message: str = ""
    severity: Severity = Severity.VIOLATION
    shape: str | None = None
    graph: str | None = None  # the named graph (article) the focus node was validated in

    def sort_key(self) -> tuple[str, ...]:
        return (
            self.graph or "",
            self.focus,
            self.shape or "",
            self.path or "",
            self.component,
            self.value or "",
            self.severity.value,
            self.message,
        )


def sorted_results(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    """Results in a stable order (by graph, focus node, shape, path), duplicates removed."""
    return sorted(set(results), key=ValidationResult.sort_key)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a focus node of kg data came from: its article, and the quote that supports it."""

    article: str | None = None
    title: str | None = None
    quote: str | None = None
    #: how many articles the node is used in (an actor: the articles of the claims naming it);
    #: ``article`` is the first of them
    articles: int = 1


@dataclass(frozen=True, slots=True)
class EngineUse:
    """Which engine validated which shapes, and why pySHACL ran a shape the fast engine does not."""

    engine: str
    shapes: tuple[str, ...]
    reason: str | None = None


@dataclass
class ValidationReport:
    """The results of validating some data against some shapes."""

    results: list[ValidationResult] = field(default_factory=list)
    focus_nodes: int = 0
    #: focus nodes per shape with targets (shape IRI or ``_:id`` -> count), when counted
    checked: dict[str, int] = field(default_factory=dict)
    engines: list[EngineUse] = field(default_factory=list)
    #: results found but not listed in :attr:`results` (``--max-reports``), by severity
    omitted: dict[Severity, int] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    #: readable names of shapes (``rdfs:label``/``sh:name``) by key
    shape_labels: dict[str, str] = field(default_factory=dict)
    #: the shape with targets each (property) shape belongs to, by key
    shape_parents: dict[str, str] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    #: prefixes of the shapes files, for reports that write IRIs short (``ex:age``)
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        """Whether results were left out of :attr:`results` (``--max-reports``)."""
        return any(self.omitted.values())

    @property
    def conforms(self) -> bool:
        """SHACL's ``sh:conforms``: no results at all (listed or not), whatever their severity."""
        return not self.results and not self.truncated

    def counts(self) -> dict[Severity, int]:
        """Results by severity, all of them: the listed ones and those left out."""
        counted = Counter(r.severity for r in self.results)
        return {sev: counted.get(sev, 0) + self.omitted.get(sev, 0) for sev in Severity}

    def fails(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """Whether any result (listed or not) is at least as severe as ``fail_on``."""
        return any(n and sev.rank >= fail_on.rank for sev, n in self.counts().items())

    def cap(self, limit: int | None) -> None:
        """List at most ``limit`` results: the most severe ones (violations, then warnings, then
        infos; in the usual order within a severity). The others are counted in :attr:`omitted`,
        so :attr:`conforms`, :meth:`counts` and :meth:`fails` still cover every result."""
        if limit is None or len(self.results) <= limit:
            return
        ranked = sorted(self.results, key=lambda r: -r.severity.rank)  # stable
        kept = set(ranked[:limit])
        for r in ranked[limit:]:
            self.omitted[r.severity] = self.omitted.get(r.severity, 0) + 1
        self.results = [r for r in self.results if r in kept]

    def for_graph(self, graph: str) -> list[ValidationResult]:
        return [r for r in self.results if r.graph == graph]
