"""Validation reports for people (human, table) and programs (JSON, Turtle).

The JSON schema is stable (``"schema": "kg-validation-report/1"``)::

    {"schema": "kg-validation-report/1", "conforms": false,
     "counts": {"Violation": 1, "Warning": 0, "Info": 0}, "focusNodes": 12,
     "results": [{"severity": "Violation", "focus": "<iri>", "path": "<iri>" | null,
                  "value": "<term>" | null, "message": "...", "component": "MinCountConstraintComponent",
                  "shape": "<iri>" | null, "graph": "<iri>" | null}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

import pyoxigraph as ox

from kg.render import TermFormatter, table
from kg.validation.report import Severity, ValidationReport, ValidationResult

JSON_SCHEMA = "kg-validation-report/1"
SH = "http://www.w3.org/ns/shacl#"


def _short(fmt: TermFormatter, text: str | None) -> str:
    if not text:
        return ""
    if text.startswith(('"', "_:")):
        return text
    return fmt(ox.NamedNode(text))


def _counts_line(report: ValidationReport) -> str:
    counts = report.counts()
    return ", ".join(f"{n} {sev.value.lower()}{'s' if n != 1 else ''}" for sev, n in counts.items())


def human(
    report: ValidationReport, *, base: str | None = None, context: Callable[[str], list[str]] | None = None
) -> str:
    """Results grouped by focus node and shape; ``context`` adds lines about a focus node."""
    fmt = TermFormatter(base)
    if report.conforms:
        return f"Conforms: {report.focus_nodes or 'all'} focus nodes checked, no results.\n"
    lines: list[str] = []
    ordered = sorted(report.results, key=lambda r: (r.graph or "", r.focus, r.shape or "", r.path or ""))
    for (graph, focus), group in groupby(ordered, key=lambda r: (r.graph, r.focus)):
        results = list(group)
        lines.append(f"{_short(fmt, focus)}" + (f"  (in {_short(fmt, graph)})" if graph else ""))
        for extra in context(focus) if context else []:
            lines.append(f"    {extra}")
        for r in results:
            where = f" {_short(fmt, r.path)}" if r.path else ""
            value = f" = {_short(fmt, r.value)}" if r.value else ""
            lines.append(f"  {r.severity.value}:{where}{value}")
            lines.append(f"    {r.message or r.component}  [{r.component}]")
        lines.append("")
    lines.append(f"Does not conform: {_counts_line(report)}.")
    return "\n".join(lines) + "\n"


def as_table(report: ValidationReport, *, base: str | None = None) -> str:
    fmt = TermFormatter(base)
    rows = [
        [
            r.severity.value,
            _short(fmt, r.focus),
            _short(fmt, r.path),
            _short(fmt, r.value),
            r.component.removesuffix("ConstraintComponent"),
            r.message,
        ]
        for r in report.results
    ]
    body = table(["severity", "focus", "path", "value", "constraint", "message"], rows)
    return body + f"\n{'Conforms' if report.conforms else 'Does not conform'}: {_counts_line(report)}.\n"


def _result_json(r: ValidationResult) -> dict[str, object]:
    return {
        "severity": r.severity.value,
        "focus": r.focus,
        "path": r.path,
        "value": r.value,
        "message": r.message,
        "component": r.component,
        "shape": r.shape,
        "graph": r.graph,
    }


def as_json(report: ValidationReport) -> str:
    return (
        json.dumps(
            {
                "schema": JSON_SCHEMA,
                "conforms": report.conforms,
                "counts": {sev.value: n for sev, n in report.counts().items()},
                "focusNodes": report.focus_nodes,
                "results": [_result_json(r) for r in report.results],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _term(text: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith('"'):
        term = next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))).object
        assert isinstance(term, ox.Literal)
        return term
    return ox.NamedNode(text)


def as_triples(report: ValidationReport) -> list[ox.Triple]:
    """The standard ``sh:ValidationReport`` graph (blank nodes for the report and its results)."""

    def sh(name: str) -> ox.NamedNode:
        return ox.NamedNode(SH + name)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    xsd_bool = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    node = ox.BlankNode("report")
    out = [
        ox.Triple(node, rdf_type, sh("ValidationReport")),
        ox.Triple(node, sh("conforms"), ox.Literal(str(report.conforms).lower(), datatype=xsd_bool)),
    ]
    for i, r in enumerate(report.results):
        res = ox.BlankNode(f"r{i}")
        out += [
            ox.Triple(node, sh("result"), res),
            ox.Triple(res, rdf_type, sh("ValidationResult")),
            ox.Triple(res, sh("focusNode"), _term(r.focus)),
            ox.Triple(res, sh("resultSeverity"), sh(r.severity.value)),
            ox.Triple(res, sh("sourceConstraintComponent"), sh(r.component)),
        ]
        if r.path and not r.path.startswith(("<", "^", "_:")):  # complex paths are not restated
            out.append(ox.Triple(res, sh("resultPath"), ox.NamedNode(r.path)))
        if r.value:
            out.append(ox.Triple(res, sh("value"), _term(r.value)))
        if r.message:
            out.append(ox.Triple(res, sh("resultMessage"), ox.Literal(r.message)))
        if r.shape and not r.shape.startswith("_:"):
            out.append(ox.Triple(res, sh("sourceShape"), ox.NamedNode(r.shape)))
    return out


def as_turtle(report: ValidationReport) -> bytes:
    data = ox.serialize(
        as_triples(report),
        format=ox.RdfFormat.TURTLE,
        prefixes={"sh": SH, "xsd": "http://www.w3.org/2001/XMLSchema#"},
    )
    assert data is not None
    return data


__all__ = ["JSON_SCHEMA", "Severity", "as_json", "as_table", "as_triples", "as_turtle", "human"]
