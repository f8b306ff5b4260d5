"""SHACL validation of kg data and of any RDF a user brings.

Two engines: kg's SPARQL engine (the default; shapes compiled to SPARQL and run by pyoxigraph)
and pySHACL. The SPARQL engine hands any shape it cannot compile to pySHACL, and the report says
which engine ran which shapes (:attr:`ValidationReport.engines`).

>>> from kg.validation import Validator
>>> Validator().validate([]).conforms
True
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import UsageError
from kg.formats import RdfFormat
from kg.resources import shape_files
from kg.validation.compiler import Plan
from kg.validation.data import (
    Inference,
    add_ontology,
    add_terms,
    add_vocabulary,
    blank_labels,
    infer_rdfs,
    load_files,
    origins,
    vocabulary_triples,
)
from kg.validation.engine import BatchData, Data, EngineRun, MemoryData, SparqlEngine
from kg.validation.report import (
    EngineUse,
    Origin,
    Severity,
    ValidationReport,
    ValidationResult,
    sorted_results,
)
from kg.validation.shapes import Shape, ShapesGraph, ShapeSummary, describe_constraints, load_shapes

if TYPE_CHECKING:
    import rdflib

    from kg.validation.pyshacl_engine import PyShaclEngine

__all__ = [
    "Engine",
    "Inference",
    "Origin",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "Validator",
    "describe_shapes",
    "load_shapes",
]

RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


class Engine(StrEnum):
    """Validation engines."""

    SPARQL = "sparql"
    PYSHACL = "pyshacl"

    @classmethod
    def parse(cls, name: str) -> Engine:
        try:
            return cls(name.strip().lower())
        except ValueError:
            raise UsageError(f"unknown engine {name!r}", hint="use sparql or pyshacl") from None


class Validator:
    """Validates RDF against SHACL shapes (kg's own by default); shapes are parsed and checked once.

    ``vocabulary`` mixes kg's class hierarchy and CAMEO scheme into the data (class constraints see
    subclasses); ``ontology`` mixes in more ontology files; ``inference`` applies RDFS inference
    first; ``imports`` follows ``owl:imports`` of shapes and ontology files (never of data);
    ``max_reports`` lists at most that many results, the most severe first; the report's counts and
    verdict still cover every result (see :meth:`ValidationReport.cap`).
    """

    def __init__(
        self,
        shapes: Sequence[Path] | None = None,
        *,
        vocabulary: bool = True,
        engine: Engine = Engine.SPARQL,
        ontology: Sequence[Path] = (),
        inference: Inference = Inference.NONE,
        imports: bool = False,
        max_reports: int | None = None,
    ) -> None:
        self.shape_paths = list(shapes) if shapes is not None else shape_files()
        self.shapes: ShapesGraph = load_shapes(self.shape_paths, imports=imports)
        self.vocabulary = vocabulary
        self.engine = engine
        self.ontology = list(ontology)
        self.inference = inference
        self.imports = imports
        self.max_reports = max_reports
        self._sparql = SparqlEngine(self.shapes)
        self._pyshacl_engine: PyShaclEngine | None = None
        self._vocab_index: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] | None = None
        self._batch_plan: Plan | None = None

    # --- entry points ------------------------------------------------------------------------

    def validate(self, terms: Iterable[ox.Quad] | Iterable[ox.Triple]) -> ValidationReport:
        """Validate the triples of ``terms`` together (graph names are ignored)."""
        started = time.perf_counter()
        store = ox.Store()
        add_terms(store, terms)
        return self._validate_memory(store, time.perf_counter() - started)

    def validate_files(
        self, paths: Sequence[str], *, fmt: RdfFormat | None = None, stdin: IO[bytes] | None = None
    ) -> ValidationReport:
        """Validate RDF files (``-`` for ``stdin``) together, as one data graph."""
        started = time.perf_counter()
        store = ox.Store()
        load_files(store, paths, fmt=fmt, stdin=stdin)
        return self._validate_memory(store, time.perf_counter() - started)

    def validate_graphs(self, graphs: dict[str, Sequence[ox.Quad]]) -> ValidationReport:
        """Validate each named graph on its own, with the vocabulary terms it references (the CAMEO
        concepts, relations and modalities of kg's vocabulary); results carry their graph."""
        if not graphs:
            return ValidationReport()
        store = ox.Store()
        names = [ox.NamedNode(name) for name in graphs]
        index = self._vocabulary_index() if self.vocabulary else {}
        quads: list[ox.Quad] = []
        for name, graph_quads in zip(names, graphs.values(), strict=True):
            referenced: set[ox.NamedNode | ox.BlankNode] = set()
            for q in graph_quads:
                quads.append(ox.Quad(q.subject, q.predicate, q.object, name))
                if isinstance(q.object, ox.NamedNode) and q.object in index:
                    referenced.add(q.object)
                if isinstance(q.subject, ox.NamedNode | ox.BlankNode) and q.subject in index:
                    referenced.add(q.subject)
            for node in referenced:
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in index[node])
        store.extend(quads)
        if self.engine is Engine.PYSHACL:
            report = ValidationReport()
            for name in names:
                part = self._pyshacl().validate(
                    self._rdflib_graph(store, name, hierarchy=True), graph=name.value
                )
                report.results.extend(part.results)
            report.engines = [EngineUse("pySHACL", tuple(s.key for s in self.shapes.target_shapes()))]
            report.results = sorted_results(report.results)
            report.cap(self.max_reports)
            return report
        data = BatchData(store, names, self._hierarchy() if self.vocabulary else [])
        if self._batch_plan is None:  # the class hierarchy is the vocabulary's: compile once
            self._batch_plan = self._sparql.plan(data)
        run = self._sparql.run(data, count_focus=False, plan=self._batch_plan)
        report = self._report(run)
        if run.fallback:
            units = [(s, p) for s, p, _ in run.fallback]
            for name in names:
                rdf = self._rdflib_graph(store, name, hierarchy=True)
                report.results.extend(self._pyshacl().validate_some(rdf, units, graph=name.value).results)
        report.results = sorted_results(report.results)
        report.cap(self.max_reports)
        return report

    # --- internals ---------------------------------------------------------------------------

    def _vocabulary_index(self) -> dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]]:
        if self._vocab_index is None:
            index: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
            for t in vocabulary_triples():
                if t.predicate.value != RDFS_SUBCLASS and isinstance(t.subject, ox.NamedNode | ox.BlankNode):
                    index.setdefault(t.subject, []).append(t)
            self._vocab_index = index
        return self._vocab_index

    def _pyshacl(self) -> PyShaclEngine:
        from kg.validation.pyshacl_engine import PyShaclEngine

        if self._pyshacl_engine is None:
            self._pyshacl_engine = PyShaclEngine(self.shapes)
        return self._pyshacl_engine

    def _hierarchy(self) -> list[tuple[str, str]]:
        """kg's ``rdfs:subClassOf`` pairs."""
        return [
            (t.subject.value, t.object.value)
            for t in vocabulary_triples()
            if t.predicate.value == RDFS_SUBCLASS
            and isinstance(t.subject, ox.NamedNode)
            and isinstance(t.object, ox.NamedNode)
        ]

    def _rdflib_graph(
        self, store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, *, hierarchy: bool = False
    ) -> rdflib.Graph:
        """One graph of ``store`` for pySHACL; with ``hierarchy``, kg's class hierarchy mixed in
        (an article graph of the gate has the vocabulary terms it uses, not the hierarchy)."""
        from kg.validation.pyshacl_engine import to_rdflib

        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        if hierarchy and self.vocabulary:
            triples += [t for t in vocabulary_triples() if t.predicate.value == RDFS_SUBCLASS]
        return to_rdflib(triples)

    def _validate_memory(self, store: ox.Store, loading: float = 0.0) -> ValidationReport:
        started = time.perf_counter()
        if self.vocabulary:
            add_vocabulary(store)
        if self.ontology:
            add_ontology(store, self.ontology, imports=self.imports)
        inferred = 0
        if self.inference is Inference.RDFS:
            inferred = infer_rdfs(store)
        prepared = time.perf_counter() - started
        if self.engine is Engine.PYSHACL:
            report = self._pyshacl().validate(self._rdflib_graph(store, ox.DefaultGraph()))
            report.engines = [EngineUse("pySHACL", tuple(s.key for s in self.shapes.target_shapes()))]
            self._finish(report, MemoryData(store))
        else:
            report = self._run(MemoryData(store), lambda: self._rdflib_graph(store, ox.DefaultGraph()))
        report.timings[:0] = [
            (f"load the data ({len(store)} triples with the vocabulary)", loading),
            ("vocabulary, ontology" + (f", inference (+{inferred} triples)" if inferred else ""), prepared),
        ]
        return report

    def _run(self, data: Data, rdflib_data: object) -> ValidationReport:
        run = self._sparql.run(data)
        report = self._report(run)
        if run.fallback:
            assert callable(rdflib_data)
            started = time.perf_counter()
            part = self._pyshacl().validate_some(rdflib_data(), [(s, p) for s, p, _ in run.fallback])
            report.results.extend(part.results)
            report.timings.append(("pySHACL fallback", time.perf_counter() - started))
        self._finish(report, data)
        return report

    def _report(self, run: EngineRun) -> ValidationReport:
        report = ValidationReport(
            results=run.results,
            focus_nodes=run.focus_nodes,
            checked=run.checked,
            timings=run.timings,
        )
        report.engines.append(EngineUse(SparqlEngine.name, tuple(run.shapes_run)))
        for shape, parent, why in run.fallback:
            key = shape.key if parent is None else f"{parent.key} -> {shape.key}"
            report.engines.append(EngineUse("pySHACL", (key,), why))
        return report

    def _finish(self, report: ValidationReport, data: Data) -> None:
        labels = blank_labels([t for r in report.results for t in (r.focus, r.value or "")], data.neighbours)
        if labels:  # blank nodes of the data: the same names on every run
            report.results = [
                dataclasses.replace(
                    r, focus=labels.get(r.focus, r.focus), value=labels.get(r.value or "", r.value)
                )
                for r in report.results
            ]
        report.results = sorted_results(report.results)
        report.cap(self.max_reports)
        report.shape_labels = {s.key: s.label for s in self.shapes.shapes() if s.label}
        report.prefixes = self.shapes.prefixes()
        report.shape_parents = self.shapes.parents()
        if report.results:
            report.origins = origins(lambda q: data.select(q), [r.focus for r in report.results])


def describe_shapes(paths: Sequence[Path] | None = None, *, imports: bool = False) -> list[ShapeSummary]:
    """What the shapes of ``paths`` (kg's by default) enforce: each shape with targets and its
    property shapes, with targets, constraints, message, severity and the engine that runs it."""
    from kg.validation.compiler import Compiler
    from kg.validation.engine import Closure, SparqlEngine

    graph = load_shapes(list(paths) if paths is not None else shape_files(), imports=imports)
    plan = Compiler(graph, Closure(()).subclasses).plan()
    fallback = {s.key: why for s, _, why in plan.fallback}

    def summary(shape: Shape, depth: int = 0) -> ShapeSummary:
        why = fallback.get(shape.key)
        return ShapeSummary(
            key=shape.key,
            label=shape.label,
            targets=shape.targets.describe(),
            path=shape.path.sparql() if shape.path else None,
            constraints=describe_constraints(graph, shape),
            message=shape.message,
            severity=shape.severity.value,
            engine=f"pySHACL ({why})" if why else SparqlEngine.name,
            source=shape.source,
            properties=[summary(graph.shape(p), depth + 1) for p in shape.properties] if depth < 5 else [],
        )

    return [summary(s) for s in graph.target_shapes()]
