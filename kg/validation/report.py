"""Validation reports: a stable model of SHACL results, whichever engine produced them."""

from __future__ import annotations

from collections import Counter
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


@dataclass(frozen=True, slots=True, order=True)
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


@dataclass
class ValidationReport:
    """The results of validating some data against some shapes."""

    results: list[ValidationResult] = field(default_factory=list)
    focus_nodes: int = 0

    @property
    def conforms(self) -> bool:
        return not self.results

    def counts(self) -> dict[Severity, int]:
        counted = Counter(r.severity for r in self.results)
        return {sev: counted.get(sev, 0) for sev in Severity}

    def fails(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """Whether any result is at least as severe as ``fail_on``."""
        return any(r.severity.rank >= fail_on.rank for r in self.results)

    def for_graph(self, graph: str) -> list[ValidationResult]:
        return [r for r in self.results if r.graph == graph]
