"""SHACL validation with pySHACL, on rdflib graphs made from pyoxigraph terms.

Used when a user asks for it (``--engine pyshacl``), and for the shapes the SPARQL engine cannot
compile (then only those shapes run, selected with pySHACL's ``use_shapes``). pySHACL never follows
``owl:imports`` here and never infers: kg has already done both (or not) on the data it passes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.validation.report import Severity, ValidationReport, ValidationResult, sorted_results
from kg.validation.shapes import RDF_TYPE, SH, Shape, ShapesGraph

if TYPE_CHECKING:
    import rdflib

SKOLEM = "urn:kg:shapes:bnode:"
WRAPPER = "urn:kg:shapes:fallback:"


def to_rdflib(
    terms: Iterable[ox.Quad] | Iterable[ox.Triple], into: rdflib.Graph | None = None
) -> rdflib.Graph:
    """An rdflib graph of the triples (graph names dropped), moved in bulk through N-Triples.

    N-Triples written by pyoxigraph keep plain strings plain (no ``^^xsd:string``), so rdflib
    compares them with the literals of the shapes as it should.
    """
    import rdflib

    graph = into if into is not None else rdflib.Graph()
    data = ox.serialize(
        (t.triple if isinstance(t, ox.Quad) else t for t in terms), format=ox.RdfFormat.N_TRIPLES
    )
    graph.parse(data=data, format="nt", bnode_context=_SameBlankNodes())
    return graph


class _SameBlankNodes(dict[str, Any]):
    """Makes rdflib's N-Triples parser keep blank node ids (``_:x`` stays ``x``), so the shapes
    pySHACL reports are the shapes kg knows."""

    def get(self, key: str, default: Any = None) -> Any:
        import rdflib

        found = super().get(key)
        if found is None:
            found = self[key] = rdflib.BNode(key)
        return found


def _skolem(term: Any, shapes: frozenset[ox.BlankNode] = frozenset()) -> Any:
    """A blank-node shape with targets as an IRI, so pySHACL's ``use_shapes`` can select it. (Only
    those: pySHACL reads an IRI path as a predicate, and ignores IRI property shapes of a selected
    shape.)"""
    if isinstance(term, ox.BlankNode) and term in shapes:
        return ox.NamedNode(SKOLEM + term.value)
    return term


def _unskolem(text: str | None) -> str | None:
    if text and text.startswith(SKOLEM):
        return "_:" + text[len(SKOLEM) :]
    return text


def shapes_to_rdflib(
    shapes: ShapesGraph, extra: Sequence[ox.Triple] = (), skolem: frozenset[ox.BlankNode] = frozenset()
) -> rdflib.Graph:
    """The shapes graph for pySHACL (``skolem``: blank shapes to name, see :func:`_skolem`)."""
    triples = [
        ox.Triple(_skolem(t.subject, skolem), t.predicate, _skolem(t.object, skolem)) for t in shapes.triples
    ]
    return to_rdflib([*triples, *extra])


def _term(node: Any) -> str | None:
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return _unskolem(str(node))
    if isinstance(node, rdflib.Literal):
        return _literal(node)
    return f"_:{node}"


def _literal(node: Any) -> str:
    """A literal in N-Triples, as pyoxigraph writes it (so both engines' values compare equal)."""
    lexical = str(node)
    if node.language:
        return str(ox.Literal(lexical, language=node.language))
    if node.datatype:
        return str(ox.Literal(lexical, datatype=ox.NamedNode(str(node.datatype))))
    return str(ox.Literal(lexical))


def _path(graph: rdflib.Graph, node: Any) -> str | None:
    """A result path as kg writes it: the IRI of a predicate path, else SPARQL path syntax."""
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef) and not str(node).startswith(SKOLEM):
        return str(node)
    return _sparql_path(graph, node)


def _sparql_path(graph: rdflib.Graph, node: Any) -> str:
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(SH)
    if isinstance(node, rdflib.URIRef) and not str(node).startswith(SKOLEM):
        return f"<{node}>"
    if graph.value(node, rdflib.RDF.first) is not None:
        return "(" + "/".join(_sparql_path(graph, i) for i in Collection(graph, node)) + ")"
    for prop, op in (
        (sh.zeroOrMorePath, "*"),
        (sh.oneOrMorePath, "+"),
        (sh.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, prop)
        if inner is not None:
            return f"({_sparql_path(graph, inner)}){op}"
    inverse = graph.value(node, sh.inversePath)
    if inverse is not None:
        return f"^{_sparql_path(graph, inverse)}"
    alternatives = graph.value(node, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, i) for i in Collection(graph, alternatives)) + ")"
    return str(_term(node))


def report_from_graph(results: rdflib.Graph, graph: str | None = None) -> ValidationReport:
    """Our report model from a SHACL results graph (sh:ValidationReport)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    report = ValidationReport()
    top = {
        r
        for rep in results.subjects(rdflib.RDF.type, sh.ValidationReport)
        for r in results.objects(rep, sh.result)
    }
    for result in top:  # not the nested results pySHACL gives as sh:detail
        severity = results.value(result, sh.resultSeverity)
        messages = [m for m in results.objects(result, sh.resultMessage) if isinstance(m, rdflib.Literal)]
        english = [str(m) for m in messages if m.language in (None, "en")] or [str(m) for m in messages]
        component = results.value(result, sh.sourceConstraintComponent)
        report.results.append(
            ValidationResult(
                focus=str(_term(results.value(result, sh.focusNode))),
                component=str(component).rsplit("#", 1)[-1] if component else "",
                path=_path(results, results.value(result, sh.resultPath)),
                value=_term(results.value(result, sh.value)),
                message=min(english, default=""),
                severity=Severity.parse(str(severity)) if severity else Severity.VIOLATION,
                shape=_term(results.value(result, sh.sourceShape)),
                graph=graph,
            )
        )
    report.results = sorted_results(report.results)
    return report


class PyShaclEngine:
    """Validates with pySHACL (imports off, no inference, warnings and infos reported)."""

    name = "pySHACL"

    def __init__(self, shapes: ShapesGraph) -> None:
        self.shapes = shapes
        self._graph: rdflib.Graph | None = None

    def validate(self, data: rdflib.Graph, *, graph: str | None = None) -> ValidationReport:
        """Every shape of the shapes graph."""
        if self._graph is None:
            self._graph = shapes_to_rdflib(self.shapes)
        return self._run(data, self._graph, None, graph, self._files())

    def validate_some(
        self, data: rdflib.Graph, units: Sequence[tuple[Shape, Shape | None]], *, graph: str | None = None
    ) -> ValidationReport:
        """Only ``units``: (shape, parent) pairs; a property shape runs on its parent's targets."""
        extra: list[ox.Triple] = []
        use: list[str] = []
        skolem = frozenset(
            s.node
            for s, parent in units
            if (parent is None or s.targets) and isinstance(s.node, ox.BlankNode)
        )
        for n, (shape, parent) in enumerate(units):
            if parent is None or shape.targets:
                use.append(str(_skolem(shape.node, skolem).value))
                continue
            wrapper = ox.NamedNode(f"{WRAPPER}{n}")
            use.append(wrapper.value)
            extra.append(ox.Triple(wrapper, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "NodeShape")))
            extra.append(ox.Triple(wrapper, ox.NamedNode(SH + "property"), shape.node))
            for t in self.shapes.triples:
                if t.subject == parent.node and t.predicate.value in (
                    SH + "targetClass",
                    SH + "targetNode",
                    SH + "targetSubjectsOf",
                    SH + "targetObjectsOf",
                ):
                    extra.append(ox.Triple(wrapper, t.predicate, t.object))
            if parent.targets.classes and not any(
                t.subject == wrapper and t.predicate.value == SH + "targetClass" for t in extra
            ):
                for cls in parent.targets.classes:  # an implicit class target
                    extra.append(ox.Triple(wrapper, ox.NamedNode(SH + "targetClass"), ox.NamedNode(cls)))
        return self._run(data, shapes_to_rdflib(self.shapes, extra, skolem), use, graph, self._files())

    def _files(self) -> str:
        return ", ".join(dict.fromkeys(src.path for src in self.shapes.sources)) or "the shapes"

    @staticmethod
    def _run(
        data: rdflib.Graph, shapes: rdflib.Graph, use: list[str] | None, graph: str | None, files: str
    ) -> ValidationReport:
        import contextlib
        import io

        import pyshacl

        try:
            # pySHACL logs (and in places prints) its errors itself; kg reports them once, below
            with contextlib.redirect_stdout(io.StringIO()):
                _conforms, results, _text = pyshacl.validate(
                    data,
                    shacl_graph=shapes,
                    inplace=True,
                    allow_warnings=True,
                    allow_infos=True,
                    do_owl_imports=False,
                    inference="none",
                    use_shapes=use,
                )
        except Exception as err:  # pySHACL's own errors are about the shapes it was given
            raise InputError(
                f"pySHACL cannot validate with these shapes: {' '.join(str(err).split())}",
                source=files,
                hint="kg's checks of the shapes found nothing wrong; see https://www.w3.org/TR/shacl/",
            ) from None
        return report_from_graph(results, graph)


# pySHACL logs the errors it raises; without a handler of its own, Python's last-resort handler
# would print them on standard error before kg's message.
logging.getLogger("pyshacl").addHandler(logging.NullHandler())
