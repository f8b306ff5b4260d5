"""SHACL validation with pySHACL, on rdflib graphs made from pyoxigraph quads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.formats import RdfFormat
from kg.resources import ontology_files
from kg.validation.report import Severity, ValidationReport, ValidationResult

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"


def to_rdflib(
    terms: Iterable[ox.Quad] | Iterable[ox.Triple], into: rdflib.Graph | None = None
) -> rdflib.Graph:
    """An rdflib graph of the triples (graph names dropped), moved in bulk through N-Triples."""
    import rdflib

    graph = into if into is not None else rdflib.Graph()
    data = ox.serialize(
        (t.triple if isinstance(t, ox.Quad) else t for t in terms), format=ox.RdfFormat.N_TRIPLES
    )
    graph.parse(data=data, format="nt")
    return graph


def parse_rdf_file(path: Path, into: rdflib.Graph) -> None:
    """Parse an RDF file into an rdflib graph; syntax errors become :class:`InputError` with a position."""
    fmt = RdfFormat.from_suffix(str(path)) or RdfFormat.TURTLE
    try:
        triples = list(ox.parse(path=str(path), format=fmt.oxigraph))
    except SyntaxError as err:
        raise InputError(
            f"RDF syntax error: {err.msg if hasattr(err, 'msg') else err}",
            source=str(path),
            line=err.lineno,
            column=err.offset,
        ) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", source=str(path)) from None
    to_rdflib(triples, into)


_VOCABULARY_PREDICATES = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2004/02/skos/core#inScheme",
}


@cache
def _vocabulary() -> tuple[Any, ...]:
    """What class-based constraints need of kg's vocabulary: types, subclasses, scheme membership."""
    import rdflib

    graph = rdflib.Graph()
    for path in ontology_files():
        parse_rdf_file(path, graph)
    return tuple((s, p, o, None) for s, p, o in graph if str(p) in _VOCABULARY_PREDICATES)


def load_shapes(paths: Sequence[Path]) -> rdflib.Graph:
    import rdflib

    shapes = rdflib.Graph()
    for path in paths:
        parse_rdf_file(path, shapes)
    return shapes


def _term(node: Any) -> str | None:
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.Literal):
        return str(node.n3())
    return f"_:{node}"


def _path(graph: rdflib.Graph, node: Any) -> str | None:
    import rdflib

    if node is None or isinstance(node, rdflib.URIRef):
        return _term(node)
    inverse = graph.value(node, rdflib.URIRef(SH + "inversePath"))
    if inverse is not None:
        return f"^<{_term(inverse)}>"
    items = list(rdflib.collection.Collection(graph, node)) if graph.value(node, rdflib.RDF.first) else []
    return "/".join(f"<{_term(i)}>" for i in items) if items else _term(node)


def report_from_graph(results: rdflib.Graph) -> ValidationReport:
    """Our report model from a SHACL results graph (sh:ValidationReport)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    report = ValidationReport()
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results.value(result, sh.resultSeverity)
        messages = [str(m) for m in results.objects(result, sh.resultMessage)]
        component = results.value(result, sh.sourceConstraintComponent)
        report.results.append(
            ValidationResult(
                focus=str(_term(results.value(result, sh.focusNode))),
                component=str(component).rsplit("#", 1)[-1] if component else "",
                path=_path(results, results.value(result, sh.resultPath)),
                value=_term(results.value(result, sh.value)),
                message=min(messages, default=""),
                severity=Severity.parse(str(severity)) if severity else Severity.VIOLATION,
                shape=_term(results.value(result, sh.sourceShape)),
            )
        )
    report.results.sort()
    return report


class PyShaclEngine:
    """Validates with pySHACL; kg's vocabulary is mixed into the data so class checks see subclasses."""

    def __init__(self, shapes: rdflib.Graph, *, vocabulary: bool = True) -> None:
        self.shapes = shapes
        self.vocabulary = vocabulary

    def validate(self, terms: Iterable[ox.Quad] | Iterable[ox.Triple]) -> ValidationReport:
        import pyshacl

        data = to_rdflib(terms)
        if self.vocabulary:
            data.addN((s, p, o, data) for s, p, o, _ in _vocabulary())
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=self.shapes,
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
        )
        return report_from_graph(results)
