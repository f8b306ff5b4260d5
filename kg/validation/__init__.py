"""SHACL validation of kg data and of any RDF a user brings.

>>> from kg.validation import Validator
>>> Validator().validate([]).conforms
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.resources import shape_files
from kg.validation.report import Severity, ValidationReport, ValidationResult

__all__ = ["Severity", "ValidationReport", "ValidationResult", "Validator"]


class Validator:
    """Validates RDF against SHACL shapes (kg's own by default); shapes are parsed once."""

    def __init__(self, shapes: Sequence[Path] | None = None, *, vocabulary: bool = True) -> None:
        from kg.validation.pyshacl_engine import PyShaclEngine, load_shapes

        self.shape_paths = list(shapes) if shapes is not None else shape_files()
        self._engine = PyShaclEngine(load_shapes(self.shape_paths), vocabulary=vocabulary)

    def validate(self, terms: Iterable[ox.Quad] | Iterable[ox.Triple]) -> ValidationReport:
        """Validate the triples of ``terms`` together (graph names are ignored)."""
        return self._engine.validate(terms)

    def validate_graphs(self, graphs: dict[str, Sequence[ox.Quad]]) -> ValidationReport:
        """Validate each named graph on its own; results carry the graph they came from."""
        report = ValidationReport()
        for name, quads in graphs.items():
            part = self._engine.validate(quads)
            report.results.extend(
                ValidationResult(r.focus, r.component, r.path, r.value, r.message, r.severity, r.shape, name)
                for r in part.results
            )
        return report
