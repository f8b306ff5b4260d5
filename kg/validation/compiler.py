"""SHACL shapes compiled to SPARQL queries that find violations.

Each top-level check (a shape with targets, each of its property shapes, each SPARQL constraint)
becomes one or a few SELECT queries returning the focus node (``?this``), the value node
(``?value``) and, for the ingest gate, the named graph (``?g``) of each violation. Nested shapes
(``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``) become boolean SPARQL expressions
("this node violates the shape"). Class constraints and class targets use the subclass closure
computed from the data (``rdfs:subClassOf`` in the data graph, which includes kg's vocabulary).

What the compiler cannot express raises :class:`Unsupported`; the engine then hands that shape to
pySHACL instead, so no constraint is ever skipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.validation.report import Severity
from kg.validation.shapes import (
    RDF_TYPE,
    XSD,
    Constraint,
    Shape,
    ShapesGraph,
    SparqlConstraint,
    Targets,
    Term,
)

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Datatypes whose lexical forms the engine checks (an ill-formed literal violates sh:datatype),
#: with the SPARQL cast that fails on an ill-formed one and an optional range check on the value.
_WELL_FORMED: dict[str, tuple[str, str]] = {
    XSD + "integer": ("integer", ""),
    XSD + "decimal": ("decimal", ""),
    XSD + "double": ("double", ""),
    XSD + "float": ("float", ""),
    XSD + "boolean": ("boolean", ""),
    XSD + "date": ("date", ""),
    XSD + "dateTime": ("dateTime", ""),
    XSD + "time": ("time", ""),
    XSD + "duration": ("duration", ""),
    XSD + "gYear": ("gYear", ""),
    XSD + "gYearMonth": ("gYearMonth", ""),
    XSD + "nonNegativeInteger": ("integer", ">= 0"),
    XSD + "positiveInteger": ("integer", ">= 1"),
    XSD + "nonPositiveInteger": ("integer", "<= 0"),
    XSD + "negativeInteger": ("integer", "<= -1"),
}

#: Components evaluated value by value (an expression over one value node).
VALUE_COMPONENTS = frozenset(
    f"{n}ConstraintComponent"
    for n in [
        "Class",
        "Datatype",
        "NodeKind",
        "In",
        "Pattern",
        "MinLength",
        "MaxLength",
        "MinExclusive",
        "MinInclusive",
        "MaxExclusive",
        "MaxInclusive",
        "LanguageIn",
        "Node",
        "Not",
        "And",
        "Or",
        "Xone",
    ]
)
_COMPARE = {
    "MinExclusiveConstraintComponent": ">",
    "MinInclusiveConstraintComponent": ">=",
    "MaxExclusiveConstraintComponent": "<",
    "MaxInclusiveConstraintComponent": "<=",
}


class Unsupported(Exception):
    """The compiler cannot express this shape; pySHACL validates it."""


@dataclass(frozen=True)
class Check:
    """One compiled query and how to read its rows as validation results."""

    sparql: str
    shape: Shape
    kind: str  # "values" | "count" | "focus" | "pair" | "closed" | "sparql"
    components: tuple[str, ...]  # for "values": one per ?c{i} flag column; else one
    path: str | None = None
    counts: tuple[int | None, int | None] = (None, None)  # min, max of a count check (also "focus")
    messages: tuple[str, ...] = ()
    node_level: bool = False  # value node = focus node
    sparql_constraint: SparqlConstraint | None = None
    one_graph_at_a_time: bool = False  # per-graph data: run once per graph (default_graph=g)
    parent: Shape | None = None  # the shape with targets a property shape is checked for
    constraints: tuple[Constraint, ...] = ()  # the constraints of ``components`` (default messages)

    @property
    def severity(self) -> Severity:
        return self.shape.severity

    @property
    def label(self) -> str:
        return f"{self.shape.key} {'/'.join(c.removesuffix('ConstraintComponent') for c in self.components)}"


@dataclass
class Plan:
    """The queries for a shapes graph, and the shapes pySHACL must run."""

    checks: list[Check] = field(default_factory=list)
    focus: list[tuple[Shape, str]] = field(default_factory=list)  # target shapes and their focus patterns
    fallback: list[tuple[Shape, Shape | None, str]] = field(default_factory=list)  # (shape, parent, reason)


def term(t: Term) -> str:
    """A constant term in SPARQL syntax (N-Triples form, which SPARQL accepts). A blank node cannot
    be a constant in a SPARQL query: pySHACL validates such shapes."""
    if isinstance(t, ox.BlankNode):
        raise Unsupported(f"a blank node as a value in a constraint or target ({t})")
    return str(t)


def _iri(iri: str) -> str:
    return str(ox.NamedNode(iri))


def _string(text: str) -> str:
    return str(ox.Literal(text))


class Compiler:
    """Compiles the shapes of a :class:`ShapesGraph` into a :class:`Plan`.

    ``subclasses(C)`` gives the classes whose instances are SHACL instances of C (C included).
    With ``per_graph`` every query runs inside ``GRAPH ?g { ... }``: each named graph is validated
    on its own, and rows carry ``?g``.
    """

    def __init__(
        self, shapes: ShapesGraph, subclasses: Callable[[str], Sequence[str]], *, per_graph: bool = False
    ) -> None:
        self.shapes = shapes
        self.subclasses = subclasses
        self.per_graph = per_graph
        self._n = 0

    def var(self, stem: str) -> str:
        self._n += 1
        return f"?{stem}{self._n}"

    # --- plan --------------------------------------------------------------------------------

    def plan(self) -> Plan:
        plan = Plan()
        for shape in self.shapes.target_shapes():
            focus = self.focus(shape.targets)
            plan.focus.append((shape, focus))
            self._unit(plan, shape, None, focus)
        return plan

    def _unit(self, plan: Plan, shape: Shape, parent: Shape | None, focus: str, depth: int = 0) -> None:
        """Compile ``shape`` for the focus nodes ``focus`` binds to ``?this``; on failure, fall back."""
        if shape.deactivated:
            return
        try:
            checks = self.shape_checks(shape, focus)
        except Unsupported as why:
            plan.fallback.append((shape, parent, str(why)))
            return
        plan.checks.extend(dataclasses.replace(c, parent=parent) for c in checks)
        for ref in shape.properties:
            prop = self.shapes.shape(ref)
            if depth > 20:
                plan.fallback.append((prop, shape, "property shapes nested too deeply"))
                continue
            if shape.path is None:
                self._unit(plan, prop, shape, focus, depth + 1)
            else:  # sh:property of a property shape: its value nodes are the focus nodes
                outer = self.var("outer")
                inner = focus.replace("?this", outer)
                self._unit(plan, prop, shape, f"{inner} {outer} {shape.path.sparql()} ?this .", depth + 1)

    # --- focus nodes -------------------------------------------------------------------------

    def focus(self, targets: Targets, var: str = "?this") -> str:
        """A graph pattern binding ``var`` to each target (possibly more than once)."""
        parts: list[str] = []
        if targets.classes:
            classes = dict.fromkeys(c for cls in targets.classes for c in self.subclasses(cls))
            t = self.var("t")
            parts.append(f"{var} {_iri(RDF_TYPE)} {t} . VALUES {t} {{ {' '.join(map(_iri, classes))} }}")
        if targets.nodes:
            parts.append(f"VALUES {var} {{ {' '.join(term(n) for n in targets.nodes)} }}")
        for props, subject in ((targets.subjects_of, True), (targets.objects_of, False)):
            if not props:
                continue
            p, other = self.var("tp"), self.var("to")
            triple = f"{var} {p} {other}" if subject else f"{other} {p} {var}"
            parts.append(f"{triple} . VALUES {p} {{ {' '.join(map(_iri, props))} }}")
        if not parts:
            return "FILTER(false)"
        return " UNION ".join(f"{{ {p} }}" for p in parts) if len(parts) > 1 else parts[0]

    # --- queries -----------------------------------------------------------------------------

    def _select(self, variables: str, body: str, tail: str = "") -> str:
        if self.per_graph:
            return f"SELECT DISTINCT ?g {variables} WHERE {{ GRAPH ?g {{ {body} }} }} {tail}"
        return f"SELECT DISTINCT {variables} WHERE {{ {body} }} {tail}"

    def _grouped(self, variables: str, body: str, having: str) -> str:
        keys = "?g ?this" if self.per_graph else "?this"
        where = f"GRAPH ?g {{ {body} }}" if self.per_graph else body
        return f"SELECT {keys} {variables} WHERE {{ {where} }} GROUP BY {keys} HAVING ({having})"

    def shape_checks(self, shape: Shape, focus: str) -> list[Check]:
        if shape.custom:
            raise Unsupported(f"constraint components kg does not know: {', '.join(shape.custom)}")
        checks: list[Check] = []
        path = shape.path.sparql() if shape.path else None
        label = shape.path.label() if shape.path else None
        messages = shape.messages
        value_pattern = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
        per_value = [c for c in shape.constraints if c.component in VALUE_COMPONENTS]
        if shape.path is None:
            per_value += [c for c in shape.constraints if c.component == "HasValueConstraintComponent"]
        if per_value:
            flags = [f"({self.value_expr(c, '?value', [shape])} AS ?c{i})" for i, c in enumerate(per_value)]
            binds = " ".join(f"BIND{f}" for f in flags)
            condition = " || ".join(f"?c{i}" for i in range(len(per_value)))
            cols = " ".join(f"?c{i}" for i in range(len(per_value)))
            checks.append(
                Check(
                    self._select(
                        f"?this ?value {cols}", f"{focus} {value_pattern} {binds} FILTER({condition})"
                    ),
                    shape,
                    "values",
                    tuple(c.component for c in per_value),
                    label,
                    messages=messages,
                    node_level=path is None,
                    constraints=tuple(per_value),
                )
            )
        counts = {
            c.component: c.value
            for c in shape.constraints
            if c.component in ("MinCountConstraintComponent", "MaxCountConstraintComponent")
        }
        if counts:
            if path is None:
                raise Unsupported("sh:minCount and sh:maxCount only apply to property shapes")
            checks.extend(self._count_checks(shape, focus, path, label, counts))
        for c in shape.constraints:
            if c.component == "HasValueConstraintComponent" and path:
                checks.append(
                    Check(
                        self._select(
                            "?this", f"{focus} FILTER NOT EXISTS {{ ?this {path} {term(c.term())} }}"
                        ),
                        shape,
                        "focus",
                        (c.component,),
                        label,
                        messages=messages,
                        constraints=(c,),
                    )
                )
            elif c.component in (
                "EqualsConstraintComponent",
                "DisjointConstraintComponent",
                "LessThanConstraintComponent",
                "LessThanOrEqualsConstraintComponent",
            ):
                checks.append(self._pair_check(shape, focus, path, label, c))
            elif c.component == "UniqueLangConstraintComponent":
                if not path:
                    raise Unsupported("sh:uniqueLang only applies to property shapes")
                v1, v2 = self.var("v"), self.var("v")
                body = (
                    f"{focus} ?this {path} {v1} . ?this {path} {v2} . "
                    f"FILTER(!sameTerm({v1}, {v2}) && LANG({v1}) != '' && LANG({v1}) = LANG({v2})) "
                    f"BIND(LANG({v1}) AS ?lang)"
                )
                checks.append(
                    Check(
                        self._select("?this ?lang", body),
                        shape,
                        "focus",
                        (c.component,),
                        label,
                        messages=messages,
                    )
                )
            elif c.component == "ClosedConstraintComponent":
                if path:
                    raise Unsupported("sh:closed on a property shape")
                allowed = ", ".join(map(_iri, c.strings()))
                condition = f"FILTER(?path NOT IN ({allowed}))" if allowed else ""
                checks.append(
                    Check(
                        self._select("?this ?path ?value", f"{focus} ?this ?path ?value . {condition}"),
                        shape,
                        "closed",
                        (c.component,),
                        messages=messages,
                    )
                )
            elif c.component in (
                "QualifiedMinCountConstraintComponent",
                "QualifiedMaxCountConstraintComponent",
            ):
                checks.append(self._qualified_check(shape, focus, path, label, c))
        for sc in shape.sparql:
            if not sc.deactivated:
                checks.append(self._sparql_check(shape, focus, sc))
        return checks

    def _count_checks(
        self, shape: Shape, focus: str, path: str, label: str | None, counts: dict[str, object]
    ) -> list[Check]:
        low = counts.get("MinCountConstraintComponent")
        high = counts.get("MaxCountConstraintComponent")
        assert low is None or isinstance(low, int)
        assert high is None or isinstance(high, int)
        messages = shape.messages
        checks = []
        if low and high is not None:  # both in one pass over the values
            return [
                Check(
                    self._grouped(
                        "(COUNT(DISTINCT ?value) AS ?n)",
                        f"{focus} OPTIONAL {{ ?this {path} ?value }}",
                        f"COUNT(DISTINCT ?value) < {low} || COUNT(DISTINCT ?value) > {high}",
                    ),
                    shape,
                    "count",
                    ("MinCountConstraintComponent", "MaxCountConstraintComponent"),
                    label,
                    (low, high),
                    messages,
                )
            ]
        if low == 1:
            checks.append(
                Check(
                    self._select("?this", f"{focus} FILTER NOT EXISTS {{ ?this {path} ?any }}"),
                    shape,
                    "focus",
                    ("MinCountConstraintComponent",),
                    label,
                    (1, None),
                    messages,
                )
            )
        elif low:
            checks.append(
                Check(
                    self._grouped(
                        "(COUNT(DISTINCT ?value) AS ?n)",
                        f"{focus} OPTIONAL {{ ?this {path} ?value }}",
                        f"COUNT(DISTINCT ?value) < {low}",
                    ),
                    shape,
                    "count",
                    ("MinCountConstraintComponent",),
                    label,
                    (low, None),
                    messages,
                )
            )
        if high is not None:
            if high == 0:
                body = f"{focus} FILTER EXISTS {{ ?this {path} ?any }}"
                checks.append(
                    Check(
                        self._select("?this", body),
                        shape,
                        "focus",
                        ("MaxCountConstraintComponent",),
                        label,
                        (None, high),
                        messages,
                    )
                )
            elif high == 1:
                body = f"{focus} ?this {path} ?v1 . ?this {path} ?v2 . FILTER(!sameTerm(?v1, ?v2))"
                checks.append(
                    Check(
                        self._select("?this", body),
                        shape,
                        "focus",
                        ("MaxCountConstraintComponent",),
                        label,
                        (None, high),
                        messages,
                    )
                )
            else:
                checks.append(
                    Check(
                        self._grouped(
                            "(COUNT(DISTINCT ?value) AS ?n)",
                            f"{focus} ?this {path} ?value .",
                            f"COUNT(DISTINCT ?value) > {high}",
                        ),
                        shape,
                        "count",
                        ("MaxCountConstraintComponent",),
                        label,
                        (None, high),
                        messages,
                    )
                )
        return checks

    def _pair_check(
        self, shape: Shape, focus: str, path: str | None, label: str | None, c: Constraint
    ) -> Check:
        other = _iri(str(c.value))
        values = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
        if c.component == "EqualsConstraintComponent":
            mine = f"?this {path} ?value" if path else "BIND(?this AS ?value)"
            missing = (
                f"FILTER NOT EXISTS {{ ?this {path} ?value }}" if path else "FILTER(!sameTerm(?this, ?value))"
            )
            body = (
                f"{focus} {{ {mine} FILTER NOT EXISTS {{ ?this {other} ?value }} }} "
                f"UNION {{ ?this {other} ?value {missing} }}"
            )
        elif c.component == "DisjointConstraintComponent":
            body = f"{focus} {values} ?this {other} ?value ."
        else:
            op = "<" if c.component == "LessThanConstraintComponent" else "<="
            w = self.var("w")
            body = f"{focus} {values} ?this {other} {w} . FILTER(!COALESCE(?value {op} {w}, false))"
        return Check(
            self._select("?this ?value", body),
            shape,
            "pair",
            (c.component,),
            label,
            messages=shape.messages,
            constraints=(c,),
        )

    def _qualified_check(
        self, shape: Shape, focus: str, path: str | None, label: str | None, c: Constraint
    ) -> Check:
        if not path:
            raise Unsupported("sh:qualifiedValueShape on a node shape")
        if c.get("disjoint"):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        assert isinstance(c.value, ox.NamedNode | ox.BlankNode)
        count = c.get("count")
        assert isinstance(count, int)
        conforms = f"!{self.violates(self.shapes.shape(c.value), '?value', [shape])}"
        low = c.component == "QualifiedMinCountConstraintComponent"
        if low:
            sparql = self._grouped(
                "(COUNT(DISTINCT ?value) AS ?n)",
                f"{focus} OPTIONAL {{ ?this {path} ?value FILTER({conforms}) }}",
                f"COUNT(DISTINCT ?value) < {count}",
            )
        else:
            sparql = self._grouped(
                "(COUNT(DISTINCT ?value) AS ?n)",
                f"{focus} ?this {path} ?value FILTER({conforms})",
                f"COUNT(DISTINCT ?value) > {count}",
            )
        return Check(
            sparql,
            shape,
            "count",
            (c.component,),
            label,
            (count, None) if low else (None, count),
            shape.messages,
            constraints=(c,),
        )

    def _sparql_check(self, shape: Shape, focus: str, sc: SparqlConstraint) -> Check:
        body, prologue = rewrite_select(sc.select, shape.path.sparql() if shape.path else None)
        start, end = body.where()
        if start < 0:
            raise Unsupported("cannot find the WHERE clause of a sh:select query")
        text = body.text
        # Pre-binding of $this (SHACL-SPARQL) for all focus nodes at once: the focus pattern joins the
        # query's top-level group, so the group's filters see ?this bound.
        one_by_one = False
        if self.per_graph:
            # Each graph on its own: the WHERE clause inside GRAPH ?g, when the query allows it
            # (no solution modifiers, no subquery, no GRAPH of its own); else one query per graph.
            select = re.match(r"\s*SELECT\s+((?:DISTINCT|REDUCED)\s+)?", text, re.IGNORECASE)
            tail = re.sub(r"#[^\n]*", "", text[end + 1 :]).strip()
            inner = text[start + 1 : end]
            if select and not tail and not re.search(r"\b(SELECT|GRAPH|SERVICE)\b", inner, re.IGNORECASE):
                star = text[select.end() :].lstrip().startswith("*")
                text = (
                    text[: select.end()] + ("" if star else "?g ") + text[select.end() : start + 1]
                    + f" GRAPH ?g {{ {{ {focus} }} {inner} }} " + text[end:]
                )  # fmt: skip
            else:
                one_by_one = True
        if not self.per_graph or one_by_one:
            text = text[: start + 1] + f" {{ {focus} }} " + text[start + 1 :]
        prefixes = "\n".join(p for p in (sc.prefixes, prologue) if p)
        return Check(
            f"{prefixes}\n{text}",
            shape,
            "sparql",
            ("SPARQLConstraintComponent",),
            shape.path.label() if shape.path else None,
            messages=sc.messages or shape.messages,
            node_level=shape.path is None,
            sparql_constraint=sc,
            one_graph_at_a_time=one_by_one,
        )

    # --- expressions: "the node in ``v`` violates ..." ----------------------------------------

    def value_expr(self, c: Constraint, v: str, stack: list[Shape]) -> str:
        comp = c.component
        if comp == "ClassConstraintComponent":
            t = self.var("ct")
            classes = " ".join(map(_iri, self.subclasses(str(c.value))))
            return f"NOT EXISTS {{ {v} {_iri(RDF_TYPE)} {t} . VALUES {t} {{ {classes} }} }}"
        if comp == "DatatypeConstraintComponent":
            dt = str(c.value)
            if dt == RDF_LANG_STRING:
                return f"!(isLiteral({v}) && LANG({v}) != '')"
            ok = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {_iri(dt)})"
            if dt in _WELL_FORMED:
                cast, check = _WELL_FORMED[dt]
                value = f"<{XSD}{cast}>(STR({v}))"
                ok += (
                    f" && COALESCE({value} {check}, false)"
                    if check
                    else f" && COALESCE(sameTerm({value}, {value}), false)"
                )
            return f"!({ok})"
        if comp == "NodeKindConstraintComponent":
            return {
                "IRI": f"!isIRI({v})",
                "BlankNode": f"!isBlank({v})",
                "Literal": f"!isLiteral({v})",
                "BlankNodeOrIRI": f"isLiteral({v})",
                "BlankNodeOrLiteral": f"isIRI({v})",
                "IRIOrLiteral": f"isBlank({v})",
            }[str(c.value)]
        if comp == "InConstraintComponent":
            items = c.terms()
            if not items:
                return "true"
            if all(isinstance(i, ox.NamedNode) for i in items):
                return f"({v} NOT IN ({', '.join(term(i) for i in items)}))"
            return "!(" + " || ".join(f"sameTerm({v}, {term(i)})" for i in items) + ")"
        if comp == "HasValueConstraintComponent":
            return f"!sameTerm({v}, {term(c.term())})"
        if comp == "PatternConstraintComponent":
            flags = str(c.get("flags") or "")
            regex = f"REGEX(STR({v}), {_string(str(c.value))}{', ' + _string(flags) if flags else ''})"
            return f"COALESCE(isBlank({v}) || !{regex}, true)"
        if comp in ("MinLengthConstraintComponent", "MaxLengthConstraintComponent"):
            op = "<" if comp.startswith("Min") else ">"
            return f"COALESCE(isBlank({v}) || STRLEN(STR({v})) {op} {c.value}, true)"
        if comp in _COMPARE:
            return f"!COALESCE({v} {_COMPARE[comp]} {term(c.term())}, false)"
        if comp == "LanguageInConstraintComponent":
            tags = c.strings()
            matches = " || ".join(f"langMatches(LANG({v}), {_string(t)})" for t in tags) or "false"
            return f"!(isLiteral({v}) && ({matches}))"
        if comp == "NodeConstraintComponent":
            return self.violates(self._shape(c.value), v, stack)
        if comp == "NotConstraintComponent":
            return f"!{self.violates(self._shape(c.value), v, stack)}"
        members = [self.violates(self._shape(s), v, stack) for s in c.terms()]
        if comp == "AndConstraintComponent":
            return "(" + (" || ".join(members) or "false") + ")"
        if comp == "OrConstraintComponent":
            return "(" + (" && ".join(members) or "true") + ")"
        if comp == "XoneConstraintComponent":
            return "((" + (" + ".join(f"IF({m}, 0, 1)" for m in members) or "0") + ") != 1)"
        raise Unsupported(f"{comp} on value nodes")

    def _shape(self, node: object) -> Shape:
        assert isinstance(node, ox.NamedNode | ox.BlankNode)
        return self.shapes.shape(node)

    def violates(self, shape: Shape, v: str, stack: list[Shape]) -> str:
        """An expression that is true when the node bound to ``v`` does not conform to ``shape``."""
        if shape.deactivated:
            return "false"
        if any(s is shape for s in stack):
            raise Unsupported(f"recursive shape {shape.key}")
        if len(stack) > 30:
            raise Unsupported("shapes nested too deeply")
        if shape.custom:
            raise Unsupported(f"constraint components kg does not know: {', '.join(shape.custom)}")
        if any(not s.deactivated for s in shape.sparql):
            raise Unsupported("a SPARQL constraint in a nested shape")
        inner = [*stack, shape]
        parts: list[str] = []
        if shape.path is None:
            for c in shape.constraints:
                if c.component in VALUE_COMPONENTS or c.component == "HasValueConstraintComponent":
                    parts.append(self.value_expr(c, v, inner))
                else:
                    parts.append(self._node_pair_expr(c, v))
        else:
            path = shape.path.sparql()
            value_cs = [c for c in shape.constraints if c.component in VALUE_COMPONENTS]
            if value_cs:
                x = self.var("x")
                exprs = " || ".join(self.value_expr(c, x, inner) for c in value_cs)
                parts.append(f"EXISTS {{ {v} {path} {x} . FILTER({exprs}) }}")
            for c in shape.constraints:
                if c.component not in VALUE_COMPONENTS:
                    parts.append(self._path_expr(c, v, path))
        for ref in shape.properties:
            parts.append(self.violates(self.shapes.shape(ref), v, inner))
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def _distinct_values(self, v: str, path: str, n: int) -> tuple[str, str]:
        xs = [self.var("x") for _ in range(n)]
        pattern = " ".join(f"{v} {path} {x} ." for x in xs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1 :])
        return pattern, f"FILTER({distinct})" if distinct else ""

    def _path_expr(self, c: Constraint, v: str, path: str) -> str:
        comp = c.component
        if comp == "MinCountConstraintComponent":
            n = c.number()
            if n == 0:
                return "false"
            if n > 3:
                raise Unsupported("sh:minCount above 3 in a nested shape")
            pattern, distinct = self._distinct_values(v, path, n)
            return f"NOT EXISTS {{ {pattern} {distinct} }}"
        if comp == "MaxCountConstraintComponent":
            n = c.number()
            if n > 3:
                raise Unsupported("sh:maxCount above 3 in a nested shape")
            pattern, distinct = self._distinct_values(v, path, n + 1)
            return f"EXISTS {{ {pattern} {distinct} }}"
        if comp == "HasValueConstraintComponent":
            return f"NOT EXISTS {{ {v} {path} {term(c.term())} }}"
        if comp == "UniqueLangConstraintComponent":
            a, b = self.var("x"), self.var("x")
            return (
                f"EXISTS {{ {v} {path} {a} . {v} {path} {b} . "
                f"FILTER(!sameTerm({a}, {b}) && LANG({a}) != '' && LANG({a}) = LANG({b})) }}"
            )
        if comp in (
            "EqualsConstraintComponent",
            "DisjointConstraintComponent",
            "LessThanConstraintComponent",
            "LessThanOrEqualsConstraintComponent",
        ):
            x, w = self.var("x"), self.var("w")
            other = _iri(str(c.value))
            if comp == "EqualsConstraintComponent":
                return (
                    f"(EXISTS {{ {v} {path} {x} FILTER NOT EXISTS {{ {v} {other} {x} }} }} || "
                    f"EXISTS {{ {v} {other} {x} FILTER NOT EXISTS {{ {v} {path} {x} }} }})"
                )
            if comp == "DisjointConstraintComponent":
                return f"EXISTS {{ {v} {path} {x} . {v} {other} {x} }}"
            op = "<" if comp == "LessThanConstraintComponent" else "<="
            return f"EXISTS {{ {v} {path} {x} . {v} {other} {w} . FILTER(!COALESCE({x} {op} {w}, false)) }}"
        raise Unsupported(f"{comp} in a nested shape")

    def _node_pair_expr(self, c: Constraint, v: str) -> str:
        comp = c.component
        w = self.var("w")
        if comp == "EqualsConstraintComponent":
            other = _iri(str(c.value))
            return (
                f"(NOT EXISTS {{ {v} {other} {v} }} || "
                f"EXISTS {{ {v} {other} {w} FILTER(!sameTerm({w}, {v})) }})"
            )
        if comp == "DisjointConstraintComponent":
            return f"EXISTS {{ {v} {_iri(str(c.value))} {v} }}"
        if comp in ("LessThanConstraintComponent", "LessThanOrEqualsConstraintComponent"):
            op = "<" if comp == "LessThanConstraintComponent" else "<="
            return f"EXISTS {{ {v} {_iri(str(c.value))} {w} . FILTER(!COALESCE({v} {op} {w}, false)) }}"
        if comp == "ClosedConstraintComponent":
            p, o = self.var("p"), self.var("o")
            allowed = ", ".join(map(_iri, c.strings()))
            condition = f"FILTER({p} NOT IN ({allowed}))" if allowed else ""
            return f"EXISTS {{ {v} {p} {o} . {condition} }}"
        raise Unsupported(f"{comp} in a nested node shape")


_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


@dataclass
class _Select:
    """A SELECT query's text, with the braces and parentheses of its syntax (not those in strings,
    IRIs or comments) located."""

    text: str

    def marks(self) -> list[tuple[int, str]]:
        text, i, out = self.text, 0, []
        while i < len(text):
            ch = text[i]
            if ch == "#":
                end = text.find("\n", i)
                i = len(text) if end < 0 else end
            elif ch in "\"'":
                quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
                end = text.find(quote, i + len(quote))
                while end > 0 and len(quote) == 1 and text[end - 1] == "\\":
                    end = text.find(quote, end + 1)
                i = len(text) if end < 0 else end + len(quote)
                continue
            elif ch == "<" and (m := _IRIREF.match(text, i)):
                i = m.end()
                continue
            elif ch in "{}()":
                out.append((i, ch))
            i += 1
        return out

    def where(self) -> tuple[int, int]:
        """Indexes of the ``{`` and ``}`` around the WHERE clause, or (-1, -1)."""
        depth, start, braces = 0, -1, 0
        for i, ch in self.marks():
            if start < 0:
                depth += {"(": 1, ")": -1}.get(ch, 0)
                if ch == "{" and depth == 0:
                    start, braces = i, 1
            elif ch in "{}":
                braces += 1 if ch == "{" else -1
                if braces == 0:
                    return start, i
        return -1, -1


def rewrite_select(select: str, path: str | None) -> tuple[_Select, str]:
    """``$this`` -> ``?this``, ``$PATH`` -> the path; leading PREFIX/BASE lines split off."""
    if re.search(r"[$?](currentShape|shapesGraph)\b", select):
        raise Unsupported("$currentShape and $shapesGraph in a SPARQL constraint")
    prologue: list[str] = []
    rest = select.lstrip()
    pattern = re.compile(r"^(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*)\s*", re.IGNORECASE)
    while m := pattern.match(rest):
        if not m.group(1).startswith("#"):
            prologue.append(m.group(1))
        rest = rest[m.end() :]
    if "$PATH" in rest:
        if path is None:
            raise Unsupported("$PATH in a SPARQL constraint of a node shape")
        rest = rest.replace("$PATH", path)
    rest = re.sub(r"\$this\b", "?this", rest)
    return _Select(rest), "\n".join(prologue)
