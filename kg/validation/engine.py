"""The SPARQL validation engine: compiled shapes evaluated by pyoxigraph.

The data is a :class:`Data`: an in-memory pyoxigraph store, holding one data graph (files, a
store's graphs) or named graphs each validated on its own (the ingest gate's batch). The engine
computes the subclass closure from the data, compiles the shapes (:mod:`kg.validation.compiler`),
runs one or a few queries per constraint and
reads the rows back as :class:`~kg.validation.report.ValidationResult`. Shapes the compiler cannot
express are returned in :attr:`EngineRun.fallback` for pySHACL.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.render import TermFormatter
from kg.validation.compiler import Check, Compiler, Plan
from kg.validation.report import ValidationResult
from kg.validation.shapes import NODE_KINDS, XSD, Shape, ShapesGraph, term_text

RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
Row = ox.QuerySolution


class Data:
    """Where the engine's queries run."""

    #: Each named graph is validated on its own (queries use ``GRAPH ?g``); rows carry ``?g``.
    per_graph: bool = False

    def select(self, sparql: str, graph: ox.NamedNode | None = None) -> Iterable[Row]:
        raise NotImplementedError

    def graphs(self) -> list[ox.NamedNode]:
        return []

    def neighbours(self, node: ox.BlankNode) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """The quads whose subject is ``node``, and those whose object is (for stable labels)."""
        return [], []

    def subclass_pairs(self) -> Iterable[tuple[str, str]]:
        for row in self.select(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{RDFS_SUBCLASS}> ?o }}"):
            s, o = row["s"], row["o"]
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                yield s.value, o.value


class MemoryData(Data):
    """An in-memory store whose default graph is the data graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, sparql: str, graph: ox.NamedNode | None = None) -> Iterable[Row]:
        result = self.store.query(sparql)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def neighbours(self, node: ox.BlankNode) -> tuple[list[ox.Quad], list[ox.Quad]]:
        return (
            list(self.store.quads_for_pattern(node, None, None)),
            list(self.store.quads_for_pattern(None, None, node)),
        )


class BatchData(Data):
    """Named graphs validated each on its own (the ingest gate): every graph holds an article and
    the vocabulary terms it references; the class hierarchy comes from ``subclasses``."""

    per_graph = True

    def __init__(
        self, store: ox.Store, graphs: Sequence[ox.NamedNode], subclasses: Iterable[tuple[str, str]]
    ):
        self.store = store
        self._graphs = list(graphs)
        self._pairs = list(subclasses)

    def select(self, sparql: str, graph: ox.NamedNode | None = None) -> Iterable[Row]:
        result = (
            self.store.query(sparql, default_graph=graph) if graph is not None else self.store.query(sparql)
        )
        assert isinstance(result, ox.QuerySolutions)
        return result

    def graphs(self) -> list[ox.NamedNode]:
        return self._graphs

    def subclass_pairs(self) -> Iterable[tuple[str, str]]:
        return self._pairs


class Closure:
    """Reflexive-transitive ``rdfs:subClassOf``: the classes whose instances are instances of C."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._children: dict[str, set[str]] = {}
        for sub, sup in pairs:
            self._children.setdefault(sup, set()).add(sub)
        self._cache: dict[str, list[str]] = {}

    def subclasses(self, cls: str) -> list[str]:
        found = self._cache.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            found = [cls, *sorted(seen - {cls})]
            self._cache[cls] = found
        return found


@dataclass
class EngineRun:
    results: list[ValidationResult] = field(default_factory=list)
    fallback: list[tuple[Shape, Shape | None, str]] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    focus_nodes: int = 0
    timings: list[tuple[str, float]] = field(default_factory=list)
    shapes_run: list[str] = field(default_factory=list)


#: Default messages (for shapes without sh:message), naming the constraint's parameter: ``{value}``
#: is the parameter (a datatype, a class, a bound, the other property, ...), ``{min}``/``{max}``
#: the counts. The path is not in them: reports show it beside the message.
_DEFAULT_MESSAGES = {
    "MinCountConstraintComponent": "fewer than {min} {min_values}",
    "MaxCountConstraintComponent": "more than {max} {max_values}",
    "ClassConstraintComponent": "the value is not an instance of {value}",
    "DatatypeConstraintComponent": "the value is not a literal of datatype {value}",
    "NodeKindConstraintComponent": "the value is not of node kind {value}",
    "InConstraintComponent": "the value is not one of {value}",
    "HasValueConstraintComponent": "the required value {value} is missing",
    "PatternConstraintComponent": "the value does not match the pattern {value}",
    "MinLengthConstraintComponent": "the value is shorter than {value} characters",
    "MaxLengthConstraintComponent": "the value is longer than {value} characters",
    "MinExclusiveConstraintComponent": "the value is not greater than {value}",
    "MinInclusiveConstraintComponent": "the value is less than {value}",
    "MaxExclusiveConstraintComponent": "the value is not less than {value}",
    "MaxInclusiveConstraintComponent": "the value is greater than {value}",
    "LanguageInConstraintComponent": "the value's language is not one of {value}",
    "UniqueLangConstraintComponent": "more than one value in the same language",
    "EqualsConstraintComponent": "the values differ from those of {value}",
    "DisjointConstraintComponent": "the value is also a value of {value}",
    "LessThanConstraintComponent": "the value is not less than the value of {value}",
    "LessThanOrEqualsConstraintComponent": "the value is greater than the value of {value}",
    "NodeConstraintComponent": "the value does not conform to the shape {value}",
    "NotConstraintComponent": "the value conforms to the shape {value}, which it must not",
    "AndConstraintComponent": "the value does not conform to all of the shapes {value}",
    "OrConstraintComponent": "the value conforms to none of the shapes {value}",
    "XoneConstraintComponent": "the value does not conform to exactly one of the shapes {value}",
    "ClosedConstraintComponent": "a property the closed shape does not allow",
    "QualifiedMinCountConstraintComponent": "fewer than {min} values conform to the qualified shape {value}",
    "QualifiedMaxCountConstraintComponent": "more than {max} values conform to the qualified shape {value}",
    "SPARQLConstraintComponent": "the SPARQL constraint found a problem",
}


def _parameter(value: object, shorten: TermFormatter) -> str:
    """A constraint's parameter as a message writes it: prefixed names, ``"text"``, numbers."""
    if isinstance(value, tuple):
        items = [_parameter(v, shorten) for v in value[:6]]
        return "(" + ", ".join(items) + (f", … {len(value)} in all" if len(value) > 6 else "") + ")"
    if isinstance(value, ox.NamedNode):
        return shorten(value)
    if isinstance(value, ox.BlankNode):
        return "[ ]"
    if isinstance(value, ox.Literal):
        plain = value.datatype.value.removeprefix(XSD) in ("integer", "decimal", "double", "boolean")
        return value.value if plain else f'"{value.value}"'
    if isinstance(value, str):
        if value in NODE_KINDS:
            return f"sh:{value}"
        if value.startswith(("http://", "https://", "urn:")):
            return shorten(ox.NamedNode(value))
        return f'"{value}"'
    return str(value)


def _message(check: Check, component: str, index: int = 0, *, terms: TermFormatter | None = None) -> str:
    """The check's own ``sh:message``, else a default for its component, the parameter written with
    the shapes files' prefixes (``terms``)."""
    if check.messages:
        return check.messages[0]
    low, high = check.counts
    constraint = check.constraints[index] if index < len(check.constraints) else None
    value = _parameter(constraint.value, terms or TermFormatter()) if constraint is not None else ""
    return _DEFAULT_MESSAGES.get(component, component).format(
        min=low,
        max=high,
        min_values="value" if low == 1 else "values",
        max_values="value" if high == 1 else "values",
        value=value,
    )


_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


def _fill(message: str, row: Row, variables: Sequence[str]) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in variables:
            return m.group(0)
        value = row[name]
        if value is None:
            return m.group(0)
        if isinstance(value, ox.NamedNode | ox.Literal):
            return value.value
        return term_text(value) if isinstance(value, ox.BlankNode) else m.group(0)

    return _TEMPLATE.sub(sub, message)


class SparqlEngine:
    """Runs compiled shapes on a :class:`Data`."""

    name = "kg SPARQL engine (pyoxigraph)"

    def __init__(self, shapes: ShapesGraph) -> None:
        self.shapes = shapes
        self._terms = TermFormatter(extra=shapes.prefixes())

    def plan(self, data: Data) -> Plan:
        closure = Closure(data.subclass_pairs())
        return Compiler(self.shapes, closure.subclasses, per_graph=data.per_graph).plan()

    def run(self, data: Data, *, count_focus: bool = True, plan: Plan | None = None) -> EngineRun:
        """Validate ``data`` (with ``plan``, compiled for data like it, or a fresh one): every check
        runs, so the verdict covers all results (``--max-reports`` only shortens the listing)."""
        plan = plan or self.plan(data)
        run = EngineRun(fallback=list(plan.fallback))
        failed: set[str] = set()
        for check in plan.checks:
            if check.shape.key in failed:
                continue
            started = time.perf_counter()
            try:
                if check.one_graph_at_a_time and data.per_graph:
                    for graph in data.graphs():
                        run.results.extend(self._read(check, data.select(check.sparql, graph), graph.value))
                else:
                    run.results.extend(self._read(check, data.select(check.sparql), None))
            except (SyntaxError, RuntimeError, ValueError) as err:
                # a query kg wrote that pyoxigraph refuses (the sh:select queries of the shapes
                # were parsed when the shapes were loaded): pySHACL validates the shape instead
                failed.add(check.shape.key)
                run.results = [r for r in run.results if r.shape != check.shape.key]
                run.fallback.append((check.shape, check.parent, f"kg's SPARQL engine failed: {err}"))
                continue
            run.timings.append((check.label, time.perf_counter() - started))
        fallback_keys = {s.key for s, _, _ in run.fallback}
        run.shapes_run = sorted({c.shape.key for c in plan.checks} - fallback_keys)
        if count_focus and not data.per_graph and plan.focus:
            started = time.perf_counter()
            for shape, focus in plan.focus:
                rows = list(data.select(f"SELECT (COUNT(DISTINCT ?this) AS ?n) WHERE {{ {focus} }}"))
                n = rows[0]["n"] if rows else None
                run.checked[shape.key] = int(n.value) if isinstance(n, ox.Literal) else 0
            union = " UNION ".join(f"{{ {focus} }}" for _, focus in plan.focus)
            rows = list(data.select(f"SELECT (COUNT(DISTINCT ?this) AS ?n) WHERE {{ {union} }}"))
            n = rows[0]["n"] if rows else None
            run.focus_nodes = int(n.value) if isinstance(n, ox.Literal) else 0
            run.timings.append(("focus node counts", time.perf_counter() - started))
        return run

    def _read(self, check: Check, rows: Iterable[Row], graph: str | None) -> list[ValidationResult]:
        out: list[ValidationResult] = []
        messages: dict[tuple[str, int], str] = {}

        def default_message(component: str, index: int = 0) -> str:  # the same for every row of the check
            key = (component, index)
            if key not in messages:
                messages[key] = _message(check, component, index, terms=self._terms)
            return messages[key]

        variables: Sequence[str] = []
        if isinstance(rows, ox.QuerySolutions):
            variables = [v.value for v in rows.variables]
        shape = check.shape.key
        for row in rows:
            focus_term = row["this"]
            if focus_term is None:
                continue
            if not isinstance(focus_term, ox.NamedNode | ox.BlankNode | ox.Literal):
                continue
            focus = term_text(focus_term)
            g = graph
            if g is None and "g" in variables and isinstance(row["g"], ox.NamedNode):
                g = row["g"].value
            value_term = row["value"] if "value" in variables else None
            value = (
                term_text(value_term)
                if isinstance(value_term, ox.NamedNode | ox.BlankNode | ox.Literal)
                else None
            )
            if check.kind == "values":
                for i, component in enumerate(check.components):
                    flag = row[f"c{i}"]
                    if isinstance(flag, ox.Literal) and flag.value in ("true", "1"):
                        out.append(
                            ValidationResult(
                                focus,
                                component,
                                check.path,
                                value,
                                default_message(component, i),
                                check.severity,
                                shape,
                                g,
                            )
                        )
            elif check.kind == "closed":
                path = row["path"]
                out.append(
                    ValidationResult(
                        focus,
                        check.components[0],
                        path.value if isinstance(path, ox.NamedNode) else None,
                        value,
                        default_message(check.components[0]),
                        check.severity,
                        shape,
                        g,
                    )
                )
            elif check.kind == "sparql":
                path_term = row["path"] if "path" in variables else None
                path = path_term.value if isinstance(path_term, ox.NamedNode) else check.path
                message_term = row["message"] if "message" in variables else None
                message = (
                    message_term.value
                    if isinstance(message_term, ox.Literal)
                    else _fill(default_message(check.components[0]), row, variables)
                )
                if value is None and check.node_level:
                    value = focus
                out.append(
                    ValidationResult(
                        focus, check.components[0], path, value, message, check.severity, shape, g
                    )
                )
            elif check.kind == "count" and len(check.components) == 2:
                n = row["n"]
                count = int(n.value) if isinstance(n, ox.Literal) else 0
                component = check.components[0] if count < (check.counts[0] or 0) else check.components[1]
                out.append(
                    ValidationResult(
                        focus,
                        component,
                        check.path,
                        None,
                        default_message(component),
                        check.severity,
                        shape,
                        g,
                    )
                )
            else:
                out.append(
                    ValidationResult(
                        focus,
                        check.components[0],
                        check.path,
                        value if check.kind == "pair" else None,
                        default_message(check.components[0]),
                        check.severity,
                        shape,
                        g,
                    )
                )
        return out
