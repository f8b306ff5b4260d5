"""Validation reports for people (human, table), programs (JSON, Turtle) and CI systems (JUnit XML).

The JSON schema is stable (``"schema": "kg-validation-report/1"``; documented field by field in
``kg/validation/report-schema.json``)::

    {"schema": "kg-validation-report/1", "conforms": false, "fails": true, "failOn": "Violation",
     "counts": {"Violation": 1, "Warning": 0, "Info": 0}, "focusNodes": 12, "truncated": false,
     "omitted": {"Violation": 0, "Warning": 0, "Info": 0},
     "engines": [{"engine": "...", "shapes": ["<iri>"], "reason": null}],
     "results": [{"severity": "Violation", "focus": "<iri>", "path": "<iri>" | null,
                  "value": "<term>" | null, "message": "...", "component": "MinCountConstraintComponent",
                  "shape": "<iri>" | null, "graph": "<iri>" | null,
                  "origin": {"article": "<iri>", "title": "...", "quote": "..."} | null}]}
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from itertools import groupby

import pyoxigraph as ox

from kg.render import TermFormatter, plural, table
from kg.validation.report import Severity, ValidationReport, ValidationResult
from kg.validation.shapes import ShapeSummary

JSON_SCHEMA = "kg-validation-report/1"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_FIRST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
RDF_NIL = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")


KGSH = "https://w3id.org/kg-news/shapes#"


class _Formatter(TermFormatter):
    """kg's term formatter, also writing kg's shapes as ``kgsh:Name``."""

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
        if isinstance(term, ox.NamedNode) and term.value.startswith(KGSH):
            local = term.value[len(KGSH) :]
            if local.replace("_", "").replace("-", "").isalnum():
                return f"kgsh:{local}"
        return super().__call__(term)


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "boolean")}


def _short(fmt: TermFormatter, text: str | None) -> str:
    """A term (as reports keep it) written short: prefixed names, numbers as numbers."""
    if not text:
        return ""
    if text.startswith('"'):
        try:
            literal = _term(text)
        except (SyntaxError, ValueError):
            return text
        assert isinstance(literal, ox.Literal)
        if literal.language:
            return text
        if literal.datatype.value in _NUMERIC:
            return literal.value
        if literal.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return text
        return f"{ox.Literal(literal.value)!s}^^{fmt(literal.datatype)}"
    if text.startswith(("(", "^", "<")):  # a SPARQL path: its IRIs as prefixed names
        return _shorten(fmt, text)
    if text.startswith("_:"):
        return text
    return fmt(ox.NamedNode(text))


_plural = plural


def counts_line(report: ValidationReport) -> str:
    counts = report.counts()
    return ", ".join(_plural(n, sev.value.lower()) for sev, n in counts.items())


def left_out(report: ValidationReport) -> str:
    """What ``--max-reports`` left out of the listing, or an empty string."""
    if not report.truncated:
        return ""
    total = sum(report.counts().values())
    omitted = ", ".join(_plural(n, sev.value.lower()) for sev, n in report.omitted.items() if n)
    listed = len(report.results)
    return f"; listed the {listed} most severe of {total} results (--max-reports), left out {omitted}"


def verdict(report: ValidationReport, fail_on: Severity = Severity.VIOLATION) -> str:
    """The last line of a report: conforms, conforms with notes, or does not conform. It covers
    every result, also those ``--max-reports`` left out of the listing."""
    more = left_out(report)
    if report.conforms:
        if report.checked and not report.focus_nodes:
            return "Conforms: the shapes target nothing in this data (0 focus nodes)."
        checked = _plural(report.focus_nodes, "focus node") if report.focus_nodes else "all focus nodes"
        return f"Conforms: {checked} checked, no results."
    if report.fails(fail_on):
        return f"Does not conform: {counts_line(report)}{more}."
    return f"Conforms at --fail-on {fail_on.value.lower()}: {counts_line(report)}{more}."


def _shape_name(report: ValidationReport, fmt: TermFormatter, shape: str | None) -> str:
    if not shape:
        return ""
    label = report.shape_labels.get(shape)
    if shape.startswith("_:"):
        parent = report.shape_parents.get(shape)
        return f"a property shape of {_shape_name(report, fmt, parent)}" if parent else "an anonymous shape"
    return _short(fmt, shape) + (f" ({label})" if label else "")


def human(
    report: ValidationReport,
    *,
    base: str | None = None,
    fail_on: Severity = Severity.VIOLATION,
    context: Callable[[str], list[str]] | None = None,
    engines: bool = False,
) -> str:
    """Results grouped by focus node and shape, with value, path, message, the article and quote
    the node came from; counts by severity at the end. ``engines`` adds which engine ran what."""
    fmt = _Formatter(base, report.prefixes)
    lines: list[str] = []
    ordered = sorted(report.results, key=lambda r: (r.graph or "", r.focus, r.shape or "", r.path or ""))
    for (graph, focus), group in groupby(ordered, key=lambda r: (r.graph, r.focus)):
        lines.append(f"{_short(fmt, focus)}" + (f"  (in graph {_short(fmt, graph)})" if graph else ""))
        origin = report.origins.get(focus)
        if origin and origin.article:
            title = f"“{origin.title}” " if origin.title else ""
            more = f" (one of {origin.articles} articles that use it)" if origin.articles > 1 else ""
            lines.append(f"  from article {title}{_short(fmt, origin.article)}{more}")
            if origin.quote:
                lines.append(f"  evidence: “{' '.join(origin.quote.split())}”")
        for extra in context(focus) if context else []:
            lines.append(f"  {extra}")
        for shape, results in groupby(group, key=lambda r: r.shape):
            lines.append(f"  shape {_shape_name(report, fmt, shape)}")
            for r in results:
                where = f" {_short(fmt, r.path)}" if r.path else ""
                value = f" = {_short(fmt, r.value)}" if r.value and r.value != r.focus else ""
                lines.append(f"    {r.severity.value}:{where}{value}")
                lines.append(
                    f"      {r.message or r.component}  [{r.component.removesuffix('ConstraintComponent')}]"
                )
        lines.append("")
    if engines:
        lines.extend(engine_lines(report, fmt))
    lines.append(verdict(report, fail_on))
    return "\n".join(lines) + "\n"


def engine_lines(report: ValidationReport, fmt: TermFormatter | None = None) -> list[str]:
    fmt = fmt or _Formatter(None, report.prefixes)
    out = []
    for use in report.engines:
        names = ", ".join(_short(fmt, s) if " -> " not in s else s for s in use.shapes[:8])
        more = f" and {len(use.shapes) - 8} more" if len(use.shapes) > 8 else ""
        why = f" ({use.reason})" if use.reason else ""
        out.append(f"Engine: {use.engine} ran {_plural(len(use.shapes), 'shape')}: {names}{more}{why}")
    return out


def as_table(
    report: ValidationReport, *, base: str | None = None, fail_on: Severity = Severity.VIOLATION
) -> str:
    fmt = _Formatter(base, report.prefixes)
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
    return body + "\n" + verdict(report, fail_on) + "\n"


def _result_json(report: ValidationReport, r: ValidationResult) -> dict[str, object]:
    origin = report.origins.get(r.focus)
    return {
        "severity": r.severity.value,
        "focus": r.focus,
        "path": r.path,
        "value": r.value,
        "message": r.message,
        "component": r.component,
        "shape": r.shape,
        "graph": r.graph,
        "origin": {
            "article": origin.article,
            "title": origin.title,
            "quote": origin.quote,
            "articles": origin.articles,
        }
        if origin
        else None,
    }


def as_json(report: ValidationReport, *, fail_on: Severity = Severity.VIOLATION) -> str:
    return (
        json.dumps(
            {
                "schema": JSON_SCHEMA,
                "conforms": report.conforms,
                "fails": report.fails(fail_on),
                "failOn": fail_on.value,
                "counts": {sev.value: n for sev, n in report.counts().items()},
                "focusNodes": report.focus_nodes,
                "truncated": report.truncated,
                "omitted": {sev.value: report.omitted.get(sev, 0) for sev in Severity},
                "engines": [
                    {"engine": e.engine, "shapes": list(e.shapes), "reason": e.reason} for e in report.engines
                ],
                "results": [_result_json(report, r) for r in report.results],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


# --------------------------------------------------------------------------------------------
# JUnit XML
# --------------------------------------------------------------------------------------------


def as_junit(
    report: ValidationReport, *, base: str | None = None, fail_on: Severity = Severity.VIOLATION
) -> bytes:
    """JUnit XML: one test suite per shape with targets, one test case per focus node and
    constraint that has results (a failure when at least ``fail_on``), and one passing test case
    for the focus nodes of the shape that conform."""
    fmt = _Formatter(base, report.prefixes)
    by_suite: dict[str, list[ValidationResult]] = defaultdict(list)
    for r in report.results:
        shape = r.shape or ""
        by_suite[report.shape_parents.get(shape, shape)].append(r)
    suites = list(dict.fromkeys([*report.checked, *sorted(by_suite)]))
    root = ET.Element("testsuites", name="kg validate")
    total = failures = 0
    for suite_key in suites:
        results = by_suite.get(suite_key, [])
        suite = ET.SubElement(root, "testsuite", name=_shape_name(report, fmt, suite_key) or "shapes")
        cases = failed = 0
        keyed = sorted(
            results, key=lambda r: (r.focus, r.shape or "", r.component, r.path or "", r.value or "")
        )
        bad_focus: set[str] = set()
        for (focus, _shape, component, path), group in groupby(
            keyed, key=lambda r: (r.focus, r.shape, r.component, r.path)
        ):
            found = list(group)
            cases += 1
            name = " ".join(
                p
                for p in (
                    _short(fmt, focus),
                    _short(fmt, path),
                    component.removesuffix("ConstraintComponent"),
                )
                if p
            )
            case = ET.SubElement(suite, "testcase", classname=_short(fmt, suite_key) or "kg", name=name)
            worst = max(found, key=lambda r: r.severity.rank).severity
            details = "\n".join(
                f"{r.severity.value}: {r.message}"
                + (f" (value {_short(fmt, r.value)})" if r.value and r.value != r.focus else "")
                + (f" [graph {r.graph}]" if r.graph else "")
                for r in found
            )
            origin = report.origins.get(focus)
            if origin and origin.article:
                details += f"\narticle: {origin.title or ''} <{origin.article}>"
                if origin.articles > 1:
                    details += f" (one of {origin.articles} articles that use it)"
                if origin.quote:
                    details += f"\nevidence: {origin.quote}"
            if worst.rank >= fail_on.rank:
                failed += 1
                bad_focus.add(focus)
                failure = ET.SubElement(
                    case, "failure", type=worst.value, message=found[0].message or component
                )
                failure.text = details
            else:
                ET.SubElement(case, "system-out").text = details
        checked = report.checked.get(suite_key)
        if checked is not None and checked > len(bad_focus):
            cases += 1
            good = checked - len(bad_focus)
            ET.SubElement(
                suite,
                "testcase",
                classname=_short(fmt, suite_key) or "kg",
                name=f"{_plural(good, 'other focus node' if bad_focus else 'focus node')} conform",
            )
        suite.set("tests", str(cases))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        total += cases
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


# --------------------------------------------------------------------------------------------
# Turtle: the standard sh:ValidationReport graph
# --------------------------------------------------------------------------------------------


def _term(text: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith('"'):
        term = next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))).object
        assert isinstance(term, ox.Literal)
        return term
    return ox.NamedNode(text)


class _PathParser:
    """Reads the SPARQL path syntax kg writes for complex paths back into SHACL path triples."""

    def __init__(self, text: str, out: list[ox.Triple], counter: list[int]) -> None:
        self.text, self.i, self.out, self.counter = text, 0, out, counter

    def node(self) -> ox.BlankNode:
        self.counter[0] += 1
        return ox.BlankNode(f"p{self.counter[0]}")

    def parse(self) -> ox.NamedNode | ox.BlankNode:
        return self.alternative()

    def _list(self, items: list[ox.NamedNode | ox.BlankNode]) -> ox.BlankNode:
        head = self.node()
        cell = head
        for n, item in enumerate(items):
            self.out.append(ox.Triple(cell, RDF_FIRST, item))
            nxt = self.node() if n < len(items) - 1 else None
            self.out.append(ox.Triple(cell, RDF_REST, nxt or RDF_NIL))
            if nxt is not None:
                cell = nxt
        return head

    def alternative(self) -> ox.NamedNode | ox.BlankNode:
        items = [self.sequence()]
        while self.text.startswith("|", self.i):
            self.i += 1
            items.append(self.sequence())
        if len(items) == 1:
            return items[0]
        alt = self.node()
        self.out.append(ox.Triple(alt, ox.NamedNode(SH + "alternativePath"), self._list(items)))
        return alt

    def sequence(self) -> ox.NamedNode | ox.BlankNode:
        items = [self.unary()]
        while self.text.startswith("/", self.i):
            self.i += 1
            items.append(self.unary())
        return items[0] if len(items) == 1 else self._list(items)

    def unary(self) -> ox.NamedNode | ox.BlankNode:
        if self.text.startswith("^", self.i):
            self.i += 1
            inv = self.node()
            self.out.append(ox.Triple(inv, ox.NamedNode(SH + "inversePath"), self.unary()))
            return inv
        if self.text.startswith("(", self.i):
            self.i += 1
            inner = self.alternative()
            self.i += 1  # ")"
        else:
            end = self.text.index(">", self.i)
            inner = ox.NamedNode(self.text[self.i + 1 : end])
            self.i = end + 1
        if self.i < len(self.text) and self.text[self.i] in "*+?":
            op = {"*": "zeroOrMorePath", "+": "oneOrMorePath", "?": "zeroOrOnePath"}[self.text[self.i]]
            self.i += 1
            rep = self.node()
            self.out.append(ox.Triple(rep, ox.NamedNode(SH + op), inner))
            return rep
        return inner


def as_triples(report: ValidationReport) -> list[ox.Triple]:
    """The standard ``sh:ValidationReport`` graph (blank nodes for the report and its results)."""

    def sh(name: str) -> ox.NamedNode:
        return ox.NamedNode(SH + name)

    xsd_bool = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    node = ox.BlankNode("report")
    out = [
        ox.Triple(node, RDF_TYPE, sh("ValidationReport")),
        ox.Triple(node, sh("conforms"), ox.Literal(str(report.conforms).lower(), datatype=xsd_bool)),
    ]
    counter = [0]
    for i, r in enumerate(report.results):
        res = ox.BlankNode(f"r{i}")
        out += [
            ox.Triple(node, sh("result"), res),
            ox.Triple(res, RDF_TYPE, sh("ValidationResult")),
            ox.Triple(res, sh("focusNode"), _term(r.focus)),
            ox.Triple(res, sh("resultSeverity"), sh(r.severity.value)),
            ox.Triple(res, sh("sourceConstraintComponent"), sh(r.component)),
        ]
        if r.path:
            if r.path.startswith(("<", "^", "(")):
                out.append(ox.Triple(res, sh("resultPath"), _PathParser(r.path, out, counter).parse()))
            else:
                out.append(ox.Triple(res, sh("resultPath"), ox.NamedNode(r.path)))
        if r.value:
            out.append(ox.Triple(res, sh("value"), _term(r.value)))
        if r.message:
            out.append(ox.Triple(res, sh("resultMessage"), ox.Literal(r.message)))
        if r.shape:
            out.append(ox.Triple(res, sh("sourceShape"), _term(r.shape)))
    return out


def as_turtle(report: ValidationReport) -> bytes:
    data = ox.serialize(
        as_triples(report),
        format=ox.RdfFormat.TURTLE,
        prefixes={"sh": SH, "xsd": "http://www.w3.org/2001/XMLSchema#"},
    )
    assert data is not None
    return data


# --------------------------------------------------------------------------------------------
# Shapes (kg shapes)
# --------------------------------------------------------------------------------------------


def _shorten(fmt: TermFormatter, text: str) -> str:
    """``<iri>`` in a description, written short (``kg:Claim``)."""
    import re

    return re.sub(r"<([^<>\s]+)>", lambda m: fmt(ox.NamedNode(m.group(1))), text)


def shapes_text(summaries: list[ShapeSummary]) -> str:
    """The shapes for people: each shape with targets, then its property shapes, indented; every
    shape with its severity, message and engine. A blank-node shape is shown by its path (or
    ``[ ]``) and its stable key (``_:b...``, as in ``kg validate -f json``), never a random id."""
    fmt = _Formatter()
    lines: list[str] = []

    def one(s: ShapeSummary, indent: str) -> None:
        name = _short(fmt, s.key)
        head = f"{_shorten(fmt, s.path)}  ({name})" if s.path else name
        if s.key.startswith("_:") and not s.path:
            head = f"[ ]  ({name})"
        lines.append(f"{indent}{head}" + (f" — {s.label}" if s.label and not s.path else ""))
        if s.targets:
            lines.append(f"{indent}  targets: {_shorten(fmt, ', '.join(s.targets))}")
        if s.constraints:
            lines.append(f"{indent}  checks:  {_shorten(fmt, '; '.join(s.constraints))}")
        lines.append(f"{indent}  severity: {s.severity}")
        lines.append(f"{indent}  message: {s.message or '(none: reports use a default text)'}")
        lines.append(f"{indent}  engine:  {s.engine}")
        for p in s.properties:
            one(p, indent + "    ")

    for s in summaries:
        one(s, "")
        lines.append("")
    lines.append(
        f"{_plural(len(summaries), 'shape')} with targets, "
        f"from {', '.join(sorted({s.source for s in summaries}))}."
    )
    return "\n".join(lines) + "\n"


def shapes_json(summaries: list[ShapeSummary]) -> str:
    import dataclasses

    return json.dumps([dataclasses.asdict(s) for s in summaries], indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "JSON_SCHEMA",
    "Severity",
    "as_json",
    "as_junit",
    "as_table",
    "as_triples",
    "as_turtle",
    "counts_line",
    "engine_lines",
    "human",
    "shapes_json",
    "shapes_text",
    "verdict",
]
