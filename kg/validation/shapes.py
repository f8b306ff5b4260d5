"""SHACL shapes graphs: parsed once, checked for mistakes, turned into a model the engines use.

A shapes file that cannot be read, that is not SHACL at all, that uses a SHACL term that does not
exist (``sh:minCont``), gives a constraint a value it cannot have (``sh:minCount "one"``), is not
well-formed SHACL (a value of ``sh:property`` without ``sh:path``, ``sh:minCount`` on a node shape)
or has a ``sh:select`` query that is not SPARQL is an :class:`~kg.errors.InputError` naming the
file, and the line where that can be found, so a user can fix it; pySHACL never sees such shapes.
``owl:imports`` in a shapes file are only followed with ``imports=True``.

>>> from kg.resources import shape_files
>>> graph = load_shapes(shape_files())
>>> any(s.label == "Claim" for s in graph.target_shapes())
True
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph as ox

from kg.errors import InputError
from kg.formats import RdfFormat
from kg.rdffiles import check_depth, read_file, syntax_error
from kg.validation.report import Severity

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
RDF_FIRST, RDF_REST, RDF_NIL = RDF + "first", RDF + "rest", RDF + "nil"

#: An empty store: its query parser checks the sh:select queries of SPARQL constraints.
_PARSER = ox.Store()

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Node: TypeAlias = ox.NamedNode | ox.BlankNode

#: Every property of the SHACL vocabulary (https://www.w3.org/ns/shacl.ttl), core, SPARQL and
#: advanced features; any other ``sh:`` predicate in a shapes file is a mistake.
SHACL_PROPERTIES = frozenset(
    [
        "alternativePath",
        "and",
        "annotationProperty",
        "annotationValue",
        "annotationVarName",
        "ask",
        "class",
        "closed",
        "condition",
        "conforms",
        "construct",
        "datatype",
        "deactivated",
        "declare",
        "defaultValue",
        "description",
        "detail",
        "disjoint",
        "entailment",
        "equals",
        "expression",
        "filterShape",
        "flags",
        "focusNode",
        "group",
        "hasValue",
        "ignoredProperties",
        "in",
        "intersection",
        "inversePath",
        "js",
        "jsFunctionName",
        "jsLibrary",
        "jsLibraryURL",
        "labelTemplate",
        "languageIn",
        "lessThan",
        "lessThanOrEquals",
        "maxCount",
        "maxExclusive",
        "maxInclusive",
        "maxLength",
        "message",
        "minCount",
        "minExclusive",
        "minInclusive",
        "minLength",
        "name",
        "namespace",
        "node",
        "nodeKind",
        "nodeValidator",
        "nodes",
        "not",
        "object",
        "oneOrMorePath",
        "optional",
        "or",
        "order",
        "parameter",
        "path",
        "pattern",
        "predicate",
        "prefix",
        "prefixes",
        "property",
        "propertyValidator",
        "qualifiedMaxCount",
        "qualifiedMinCount",
        "qualifiedValueShape",
        "qualifiedValueShapesDisjoint",
        "result",
        "resultAnnotation",
        "resultMessage",
        "resultPath",
        "resultSeverity",
        "returnType",
        "rule",
        "select",
        "severity",
        "shapesGraph",
        "shapesGraphWellFormed",
        "sourceConstraint",
        "sourceConstraintComponent",
        "sourceShape",
        "sparql",
        "subject",
        "suggestedShapesGraph",
        "target",
        "targetClass",
        "targetNode",
        "targetObjectsOf",
        "targetSubjectsOf",
        "union",
        "uniqueLang",
        "update",
        "validator",
        "value",
        "xone",
        "zeroOrMorePath",
        "zeroOrOnePath",
    ]
)
#: The SHACL classes and individuals (``sh:Violation``, ``sh:IRI``, ...).
SHACL_OTHER_TERMS = frozenset(
    [
        "AbstractResult",
        "BlankNode",
        "BlankNodeOrIRI",
        "BlankNodeOrLiteral",
        "ConstraintComponent",
        "Function",
        "IRI",
        "IRIOrLiteral",
        "Info",
        "JSConstraint",
        "JSConstraintComponent",
        "JSExecutable",
        "JSFunction",
        "JSLibrary",
        "JSRule",
        "JSTarget",
        "JSTargetType",
        "JSValidator",
        "Literal",
        "NodeKind",
        "NodeShape",
        "Parameter",
        "Parameterizable",
        "PrefixDeclaration",
        "PropertyGroup",
        "PropertyShape",
        "ResultAnnotation",
        "Rule",
        "SPARQLAskExecutable",
        "SPARQLAskValidator",
        "SPARQLConstraint",
        "SPARQLConstructExecutable",
        "SPARQLExecutable",
        "SPARQLFunction",
        "SPARQLRule",
        "SPARQLSelectExecutable",
        "SPARQLSelectValidator",
        "SPARQLTarget",
        "SPARQLTargetType",
        "SPARQLUpdateExecutable",
        "Severity",
        "Shape",
        "Target",
        "TargetType",
        "TripleRule",
        "ValidationReport",
        "ValidationResult",
        "Validator",
        "Violation",
        "Warning",
        "this",
    ]
)
_COMPONENT_NAMES = frozenset(
    f"{name}ConstraintComponent"
    for name in [
        "And",
        "Class",
        "Closed",
        "Datatype",
        "Disjoint",
        "Equals",
        "Expression",
        "HasValue",
        "In",
        "LanguageIn",
        "LessThan",
        "LessThanOrEquals",
        "MaxCount",
        "MaxExclusive",
        "MaxInclusive",
        "MaxLength",
        "MinCount",
        "MinExclusive",
        "MinInclusive",
        "MinLength",
        "Node",
        "NodeKind",
        "Not",
        "Or",
        "Pattern",
        "Property",
        "QualifiedMaxCount",
        "QualifiedMinCount",
        "SPARQL",
        "UniqueLang",
        "Xone",
        "JS",
    ]
)

NODE_KINDS = ("IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral")
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_SHAPE_VALUED = ("node", "property", "not", "qualifiedValueShape")
_SHAPE_LISTS = ("and", "or", "xone")
_COUNTS = ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount", "qualifiedMaxCount")
_RANGES = ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive")
_PAIRS = ("equals", "disjoint", "lessThan", "lessThanOrEquals")
#: Parameters that SHACL allows on property shapes only (pySHACL refuses them on node shapes).
_PROPERTY_ONLY = ("minCount", "maxCount", "lessThan", "lessThanOrEquals", "uniqueLang")


# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShaclPath:
    """A SHACL property path: an IRI, or a sequence, alternative, inverse or repetition of paths."""

    op: str  # "iri", "seq", "alt", "inv", "*", "+", "?"
    iri: str = ""
    args: tuple[ShaclPath, ...] = ()

    @property
    def is_iri(self) -> bool:
        return self.op == "iri"

    def sparql(self) -> str:
        """The path in SPARQL 1.1 property path syntax."""
        if self.op == "iri":
            return f"<{self.iri}>"
        if self.op == "seq":
            return "(" + "/".join(a.sparql() for a in self.args) + ")"
        if self.op == "alt":
            return "(" + "|".join(a.sparql() for a in self.args) + ")"
        if self.op == "inv":
            return f"^{self.args[0].sparql()}"
        return f"({self.args[0].sparql()}){self.op}"

    def label(self) -> str:
        """How reports write the path: the IRI itself for a predicate path, else SPARQL syntax."""
        return self.iri if self.op == "iri" else self.sparql()


# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Constraint:
    """One constraint of a shape: a SHACL core component with its parameter value(s)."""

    component: str  # e.g. "MinCountConstraintComponent"
    value: object = None
    extra: tuple[tuple[str, object], ...] = ()

    def get(self, name: str, default: object = None) -> object:
        return dict(self.extra).get(name, default)

    def term(self) -> Term:
        assert isinstance(self.value, ox.NamedNode | ox.BlankNode | ox.Literal)
        return self.value

    def terms(self) -> tuple[Term, ...]:
        assert isinstance(self.value, tuple)
        return self.value

    def strings(self) -> tuple[str, ...]:
        assert isinstance(self.value, tuple) and all(isinstance(v, str) for v in self.value)
        return self.value

    def number(self) -> int:
        assert isinstance(self.value, int)
        return self.value


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    """An ``sh:sparql`` constraint: a SELECT query with ``$this`` (and ``$PATH``)."""

    node: Node
    select: str
    prefixes: str  # PREFIX declarations from sh:prefixes
    messages: tuple[str, ...]
    deactivated: bool = False


@dataclass(frozen=True, slots=True)
class Targets:
    classes: tuple[str, ...] = ()
    nodes: tuple[Term, ...] = ()
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of)

    def describe(self) -> list[str]:
        return (
            [f"instances of <{c}>" for c in self.classes]
            + [f"node {term_text(n)}" for n in self.nodes]
            + [f"subjects of <{p}>" for p in self.subjects_of]
            + [f"objects of <{p}>" for p in self.objects_of]
        )


@dataclass(eq=False)
class Shape:
    """A node shape (``path`` is ``None``) or a property shape."""

    node: Node
    source: str
    path: ShaclPath | None = None
    targets: Targets = field(default_factory=Targets)
    constraints: list[Constraint] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)
    severity: Severity = Severity.VIOLATION
    messages: tuple[str, ...] = ()
    deactivated: bool = False
    label: str | None = None
    custom: tuple[str, ...] = ()  # parameters of constraint components kg does not know (pySHACL runs them)

    @property
    def key(self) -> str:
        return term_text(self.node)

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def message(self) -> str | None:
        return self.messages[0] if self.messages else None


def term_text(term: Term) -> str:
    """A term as reports write it: an IRI as is, a blank node as ``_:id``, a literal in N-Triples."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


@dataclass
class _Source:
    path: str
    lines: list[str]
    prefixes: dict[str, str]


class ShapesGraph:
    """The shapes of one or more files, with where each came from."""

    def __init__(self, triples: Sequence[ox.Triple], sources: Sequence[_Source], origin: dict[Node, str]):
        self.triples = list(triples)
        self.sources = list(sources)
        self._origin = origin
        self._index: dict[Node, dict[str, list[Term]]] = {}
        for t in self.triples:
            s = t.subject
            if isinstance(s, (ox.NamedNode, ox.BlankNode)) and isinstance(
                t.object, (ox.NamedNode, ox.BlankNode, ox.Literal)
            ):
                self._index.setdefault(s, {}).setdefault(t.predicate.value, []).append(t.object)
        self._shapes: dict[Node, Shape] = {}
        self._check_vocabulary()
        for node in self._shape_nodes():
            self.shape(node)
        self._check_not_empty()

    def prefixes(self) -> dict[str, str]:
        """The prefixes the shapes files declare (the first file's win)."""
        out: dict[str, str] = {}
        for src in self.sources:
            for prefix, ns in src.prefixes.items():
                if prefix:
                    out.setdefault(prefix, ns)
        return out

    # --- raw access -------------------------------------------------------------------------

    def values(self, node: Term, prop: str) -> list[Term]:
        if isinstance(node, ox.Literal):
            return []
        return self._index.get(node, {}).get(prop, [])

    def value(self, node: Term, prop: str) -> Term | None:
        found = self.values(node, prop)
        return found[0] if found else None

    def list_items(self, head: Term, *, what: str, owner: Node) -> list[Term]:
        """The members of an RDF list (iteratively; cycles and broken lists are errors)."""
        items: list[Term] = []
        seen: set[Term] = set()
        node = head
        while not (isinstance(node, ox.NamedNode) and node.value == RDF_NIL):
            if isinstance(node, ox.Literal) or node in seen:
                raise self.error(owner, f"the value of {what} must be a well-formed RDF list ( ... )", what)
            seen.add(node)
            first, rest = self.values(node, RDF_FIRST), self.values(node, RDF_REST)
            if len(first) != 1 or len(rest) != 1:
                raise self.error(owner, f"the value of {what} must be a well-formed RDF list ( ... )", what)
            items.append(first[0])
            node = rest[0]
        return items

    # --- errors ------------------------------------------------------------------------------

    def source_of(self, node: Node) -> str:
        return self._origin.get(node, self.sources[0].path if self.sources else "shapes")

    def locate(self, source: str, *needles: str, start: int = 1, nth: int = 1) -> int | None:
        """The first line of ``source`` from line ``start`` on that contains every needle
        (prefixed names tried too); with ``nth``, the nth such line."""
        src = next((s for s in self.sources if s.path == source), None)
        if src is None:
            return None
        forms = [self._forms(src, n) for n in needles if n]
        for number, line in enumerate(src.lines[start - 1 :], start=start):
            text = line.split("#", 1)[0] if "<" not in line and '"' not in line else line
            if all(any(f in text for f in options) for options in forms):
                nth -= 1
                if nth == 0:
                    return number
        return None

    def line_of(self, node: Node, depth: int = 0) -> int | None:
        """The line where the description of ``node`` starts in its file, when it can be told: the
        line that begins with a named node, or for a blank node (``[ ... ]``) the line of the
        property whose value it is (the second ``sh:property`` of a shape is on the shape's
        second ``sh:property`` line)."""
        source = self.source_of(node)
        if isinstance(node, ox.NamedNode):
            return self.locate_subject(source, node.value)
        if depth > 20:
            return None
        referrer = self._referrers().get(node)
        if referrer is None:
            return None
        owner, predicate = referrer
        start = self.line_of(owner, depth + 1)
        if start is None:
            return None
        siblings = [v for v in self.values(owner, predicate) if isinstance(v, ox.BlankNode)]
        nth = siblings.index(node) + 1 if node in siblings else 1
        return self.locate(source, predicate, start=start, nth=nth)

    def _roles(self) -> dict[Node, set[str]]:
        """For each node that is the value of ``sh:property`` or ``sh:node``: which of the two."""
        cached: dict[Node, set[str]] | None = getattr(self, "_role_index", None)
        if cached is None:
            cached = {}
            for props in self._index.values():
                for name in ("property", "node"):
                    for v in props.get(SH + name, []):
                        if isinstance(v, ox.NamedNode | ox.BlankNode):
                            cached.setdefault(v, set()).add(name)
            self._role_index = cached
        return cached

    def _referrers(self) -> dict[Node, tuple[Node, str]]:
        """For each blank node, the first triple whose object it is (subject and predicate)."""
        cached: dict[Node, tuple[Node, str]] | None = getattr(self, "_referrer_index", None)
        if cached is None:
            cached = {}
            for t in self.triples:
                if isinstance(t.object, ox.BlankNode) and isinstance(t.subject, ox.NamedNode | ox.BlankNode):
                    cached.setdefault(t.object, (t.subject, t.predicate.value))
            self._referrer_index = cached
        return cached

    def locate_subject(self, source: str, subject: str) -> int | None:
        """The first line of ``source`` that starts with ``subject`` (its description)."""
        src = next((s for s in self.sources if s.path == source), None)
        if src is None:
            return None
        forms = self._forms(src, subject)
        for number, line in enumerate(src.lines, start=1):
            if any(line.startswith((f + " ", f + "\t")) or line.rstrip() == f for f in forms):
                return number
        return None

    @staticmethod
    def _forms(src: _Source, needle: str) -> list[str]:
        forms = [needle, f"<{needle}>"]
        for prefix, ns in src.prefixes.items():
            if needle.startswith(ns) and len(needle) > len(ns):
                forms.append(f"{prefix}:{needle[len(ns) :]}")
        if needle == RDF_TYPE:
            forms.append(" a ")
        return forms

    def error(self, node: Node, message: str, *needles: str) -> InputError:
        """A malformed-shape error at the line of ``needles`` (predicates, terms) in the description
        of ``node``, else where ``node`` is described, else the first line with the needles."""
        source = self.source_of(node)
        subject = [node.value] if isinstance(node, ox.NamedNode) else []
        start = self.line_of(node)
        line = None
        if start is not None:
            line = (
                start if not needles or needles == (RDF_TYPE,) else self.locate(source, *needles, start=start)
            )
        if line is None:
            line = self.locate(source, *needles, *subject) or self.locate(source, *needles)
        if line is None and subject:
            line = self.locate(source, *subject)
        name = self.name(node)
        return InputError(
            f"malformed shape {name}: {message}" if name else f"malformed shape: {message}",
            source=source,
            line=line,
            hint="see https://www.w3.org/TR/shacl/ for what each constraint takes",
        )

    def name(self, node: Node, depth: int = 0) -> str:
        """How messages name a shape: a prefixed name, ``<IRI>``, or for a blank node where it is
        (``[ ] in sh:property of ex:S``)."""
        if isinstance(node, ox.BlankNode):
            referrer = self._referrers().get(node)
            if referrer is None or depth > 5:
                return ""
            owner, predicate = referrer
            hops = 0
            while predicate in (RDF_FIRST, RDF_REST) and isinstance(owner, ox.BlankNode) and hops < 10_000:
                up = self._referrers().get(owner)  # a member of a list: the list's owner
                if up is None:
                    return ""
                owner, predicate = up
                hops += 1
            local = predicate.removeprefix(SH)
            if local == predicate:
                return ""
            outer = self.name(owner, depth + 1)
            return f"[ ] in sh:{local} of {outer}" if outer else f"[ ] in sh:{local}"
        if isinstance(node, ox.NamedNode):
            src = next((s for s in self.sources if s.path == self.source_of(node)), None)
            for prefix, ns in (src.prefixes if src else {}).items():
                if node.value.startswith(ns) and len(node.value) > len(ns):
                    return f"{prefix}:{node.value[len(ns) :]}"
            return f"<{node.value}>"
        return ""

    # --- checks ------------------------------------------------------------------------------

    def _check_vocabulary(self) -> None:
        known = SHACL_PROPERTIES | SHACL_OTHER_TERMS | _COMPONENT_NAMES
        for t in self.triples:
            for term, as_property in ((t.predicate, True), (t.object, False)):
                if not (isinstance(term, ox.NamedNode) and term.value.startswith(SH)):
                    continue
                local = term.value[len(SH) :]
                if (local in SHACL_PROPERTIES) if as_property else (local in known or "-" in local):
                    continue
                choices = {c.lower(): c for c in (SHACL_PROPERTIES if as_property else known)}
                close = [choices[c] for c in difflib.get_close_matches(local.lower(), choices, n=1)]
                subject = t.subject
                assert isinstance(subject, (ox.NamedNode, ox.BlankNode))
                source = self.source_of(subject)
                raise InputError(
                    f"unknown SHACL {'property' if as_property else 'term'} sh:{local}"
                    + (f" (did you mean sh:{close[0]}?)" if close else ""),
                    source=source,
                    line=self.locate(source, term.value),
                    hint="kg knows SHACL core and SHACL-SPARQL; see https://www.w3.org/TR/shacl/",
                )

    def _shape_nodes(self) -> Iterator[Node]:
        found: dict[Node, None] = {}
        for s, props in self._index.items():
            types = {t.value for t in props.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)}
            if (
                types & {SH + "NodeShape", SH + "PropertyShape"}
                or any(SH + t in props for t in _TARGETS)
                or SH + "path" in props
            ):
                found[s] = None
        for s, props in self._index.items():
            for name in _SHAPE_VALUED:
                for v in props.get(SH + name, []):
                    if isinstance(v, (ox.NamedNode, ox.BlankNode)):
                        found[v] = None
            for name in _SHAPE_LISTS:
                for head in props.get(SH + name, []):
                    for v in self.list_items(head, what=f"sh:{name}", owner=s):
                        if isinstance(v, (ox.NamedNode, ox.BlankNode)):
                            found[v] = None
        return iter(found)

    def _check_not_empty(self) -> None:
        for src in self.sources:
            if not any(self.source_of(s.node) == src.path for s in self._shapes.values()):
                raise InputError(
                    "no SHACL shapes in this file (no sh:NodeShape, sh:PropertyShape or sh:target...)",
                    source=src.path,
                    hint="pass SHACL shapes with --shapes; data goes in the DATA arguments",
                )

    # --- the model ---------------------------------------------------------------------------

    def shapes(self) -> list[Shape]:
        return list(self._shapes.values())

    def target_shapes(self) -> list[Shape]:
        """Shapes with targets (the ones validation starts from), in file order."""
        return [s for s in self._shapes.values() if s.targets and not s.deactivated]

    def parents(self) -> dict[str, str]:
        """For each shape reachable from a shape with targets (via sh:property, sh:node, ...), the
        first such shape with targets."""
        out: dict[str, str] = {}
        for top in self.target_shapes():
            todo = [top.node]
            while todo:
                node = todo.pop()
                shape = self.shape(node)
                if shape.key in out:
                    continue
                out[shape.key] = top.key
                todo.extend(shape.properties)
                for c in shape.constraints:
                    refs = c.value if isinstance(c.value, tuple) else (c.value,)
                    todo.extend(
                        r for r in refs if isinstance(r, (ox.NamedNode, ox.BlankNode)) and r in self._shapes
                    )
        return out

    def shape(self, node: Node) -> Shape:
        found = self._shapes.get(node)
        if found is None:
            found = self._parse_shape(node)
            self._shapes[node] = found
        return found

    def _literal_int(self, node: Node, name: str) -> int | None:
        value = self.value(node, SH + name)
        if value is None:
            return None
        if (
            isinstance(value, ox.Literal)
            and value.datatype.value == XSD + "integer"
            and re.fullmatch(r"[+-]?\d+", value.value)
            and int(value.value) >= 0
        ):
            return int(value.value)
        raise self.error(node, f"sh:{name} must be a non-negative integer, not {term_text(value)}", SH + name)

    def _iri(self, node: Node, name: str, value: Term) -> str:
        if not isinstance(value, ox.NamedNode):
            raise self.error(node, f"sh:{name} must be an IRI, not {term_text(value)}", SH + name)
        return value.value

    def _shape_ref(self, node: Node, name: str, value: Term) -> Node:
        if isinstance(value, ox.Literal):
            raise self.error(node, f"sh:{name} must name a shape, not the literal {value}", SH + name)
        return value

    def parse_path(self, node: Node, value: Term, depth: int = 0) -> ShaclPath:
        if depth > 50:
            raise self.error(node, "sh:path is nested too deeply", SH + "path")
        if isinstance(value, ox.NamedNode):
            return ShaclPath("iri", value.value)
        if isinstance(value, ox.Literal):
            raise self.error(node, f"sh:path must be an IRI or a path, not {value}", SH + "path")
        if self.values(value, RDF_FIRST):
            items = self.list_items(value, what="sh:path", owner=node)
            if len(items) < 2:
                raise self.error(node, "a sequence path needs at least two members", SH + "path")
            return ShaclPath("seq", args=tuple(self.parse_path(node, i, depth + 1) for i in items))
        for prop, op in (
            ("alternativePath", "alt"),
            ("inversePath", "inv"),
            ("zeroOrMorePath", "*"),
            ("oneOrMorePath", "+"),
            ("zeroOrOnePath", "?"),
        ):
            inner = self.value(value, SH + prop)
            if inner is None:
                continue
            if op == "alt":
                items = self.list_items(inner, what="sh:alternativePath", owner=node)
                if len(items) < 2:
                    raise self.error(node, "sh:alternativePath needs at least two members", SH + prop)
                return ShaclPath("alt", args=tuple(self.parse_path(node, i, depth + 1) for i in items))
            return ShaclPath(op, args=(self.parse_path(node, inner, depth + 1),))
        raise self.error(node, "sh:path is neither an IRI nor a SHACL path", SH + "path")

    def _parse_shape(self, node: Node) -> Shape:
        props = self._index.get(node, {})
        source = self.source_of(node)
        paths = props.get(SH + "path", [])
        if len(paths) > 1:
            raise self.error(node, "a property shape has exactly one sh:path", SH + "path")
        types = {t.value for t in props.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)}
        if SH + "PropertyShape" in types and not paths:
            raise self.error(node, "a sh:PropertyShape needs a sh:path", RDF_TYPE)
        roles = self._roles().get(node, set())
        if "property" in roles and not paths:
            raise self.error(
                node, "a value of sh:property must be a property shape, with a sh:path; this one has none"
            )
        if "node" in roles and paths:
            raise self.error(
                node,
                "a value of sh:node must be a node shape, without a sh:path (for a property shape, "
                "use sh:property)",
                SH + "path",
            )
        if SH + "NodeShape" in types and paths:
            raise self.error(
                node, "a sh:NodeShape has no sh:path (a shape with a path is a sh:PropertyShape)", SH + "path"
            )
        if not paths:
            for name in _PROPERTY_ONLY:
                if SH + name in props:
                    raise self.error(
                        node,
                        f"sh:{name} applies to property shapes only, and this shape has no sh:path",
                        SH + name,
                    )
        shape = Shape(node, source, path=self.parse_path(node, paths[0]) if paths else None)
        classes = [self._iri(node, "targetClass", v) for v in props.get(SH + "targetClass", [])]
        if types & {RDFS + "Class", OWL + "Class"} and isinstance(node, ox.NamedNode):
            classes.append(node.value)  # implicit class target
        shape.targets = Targets(
            classes=tuple(dict.fromkeys(classes)),
            nodes=tuple(props.get(SH + "targetNode", [])),
            subjects_of=tuple(
                self._iri(node, "targetSubjectsOf", v) for v in props.get(SH + "targetSubjectsOf", [])
            ),
            objects_of=tuple(
                self._iri(node, "targetObjectsOf", v) for v in props.get(SH + "targetObjectsOf", [])
            ),
        )
        severity = self.value(node, SH + "severity")
        if severity is not None:
            try:
                shape.severity = Severity.parse(self._iri(node, "severity", severity))
            except ValueError:
                shape.severity = Severity.VIOLATION  # a custom severity: reported as a violation
        shape.messages = _messages(props.get(SH + "message", []))
        deactivated = self.value(node, SH + "deactivated")
        shape.deactivated = isinstance(deactivated, ox.Literal) and deactivated.value in ("true", "1")
        for name in ("name", RDFS + "label"):
            label = self.value(node, name if name.startswith("http") else SH + name)
            if isinstance(label, ox.Literal):
                shape.label = label.value
                break
        shape.constraints = list(self._constraints(node, props))
        shape.properties = [self._shape_ref(node, "property", v) for v in props.get(SH + "property", [])]
        shape.sparql = [self._sparql(node, v) for v in props.get(SH + "sparql", [])]
        shape.custom = self._custom_parameters(props)
        return shape

    def _custom_parameters(self, props: dict[str, list[Term]]) -> tuple[str, ...]:
        """Predicates of this shape that are parameters of user-declared constraint components."""
        declared = self._declared_parameters()
        return tuple(sorted(p for p in props if p in declared))

    def _declared_parameters(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_declared", None)
        if cached is None:
            params = set()
            for s, props in self._index.items():
                if any(t.value == SH + "ConstraintComponent" for t in props.get(RDF_TYPE, [])):
                    for p in props.get(SH + "parameter", []):
                        path = self.value(p, SH + "path")
                        if isinstance(path, ox.NamedNode):
                            params.add(path.value)
                    del s
            cached = frozenset(params)
            self._declared = cached
        return cached

    def _constraints(self, node: Node, props: dict[str, list[Term]]) -> Iterator[Constraint]:
        def single(name: str) -> Term | None:
            found = props.get(SH + name, [])
            if len(found) > 1 and name not in ("class", "datatype"):
                raise self.error(node, f"sh:{name} is given {len(found)} times; give it once", SH + name)
            return found[0] if found else None

        for v in props.get(SH + "class", []):
            yield Constraint("ClassConstraintComponent", self._iri(node, "class", v))
        for v in props.get(SH + "datatype", []):
            yield Constraint("DatatypeConstraintComponent", self._iri(node, "datatype", v))
        kind = single("nodeKind")
        if kind is not None:
            local = self._iri(node, "nodeKind", kind).removeprefix(SH)
            if local not in NODE_KINDS:
                raise self.error(
                    node, f"sh:nodeKind must be one of sh:{', sh:'.join(NODE_KINDS)}", SH + "nodeKind"
                )
            yield Constraint("NodeKindConstraintComponent", local)
        for name in ("minCount", "maxCount", "minLength", "maxLength"):
            if single(name) is not None:
                yield Constraint(
                    f"{name[0].upper()}{name[1:]}ConstraintComponent", self._literal_int(node, name)
                )
        for name in _RANGES:
            bound = single(name)
            if bound is not None:
                if not isinstance(bound, ox.Literal):
                    raise self.error(node, f"sh:{name} must be a literal, not {term_text(bound)}", SH + name)
                yield Constraint(f"{name[0].upper()}{name[1:]}ConstraintComponent", bound)
        pattern = single("pattern")
        if pattern is not None:
            flags = single("flags")
            if not isinstance(pattern, ox.Literal) or (
                flags is not None and not isinstance(flags, ox.Literal)
            ):
                raise self.error(node, "sh:pattern and sh:flags must be strings", SH + "pattern")
            try:
                re.compile(pattern.value)
            except re.error as err:
                raise self.error(
                    node, f"sh:pattern is not a valid regular expression: {err}", SH + "pattern"
                ) from None
            yield Constraint(
                "PatternConstraintComponent", pattern.value, (("flags", flags.value if flags else ""),)
            )
        langs = single("languageIn")
        if langs is not None:
            items = self.list_items(langs, what="sh:languageIn", owner=node)
            if not all(isinstance(i, ox.Literal) for i in items):
                raise self.error(node, "sh:languageIn must list language tags as strings", SH + "languageIn")
            yield Constraint("LanguageInConstraintComponent", tuple(i.value for i in items))
        unique = single("uniqueLang")
        if unique is not None:
            if not (isinstance(unique, ox.Literal) and unique.value in ("true", "false", "1", "0")):
                raise self.error(node, "sh:uniqueLang must be true or false", SH + "uniqueLang")
            if unique.value in ("true", "1"):
                yield Constraint("UniqueLangConstraintComponent", True)
        for name in _PAIRS:
            for v in props.get(SH + name, []):
                yield Constraint(f"{name[0].upper()}{name[1:]}ConstraintComponent", self._iri(node, name, v))
        for v in props.get(SH + "hasValue", []):
            yield Constraint("HasValueConstraintComponent", v)
        listed = single("in")
        if listed is not None:
            yield Constraint(
                "InConstraintComponent", tuple(self.list_items(listed, what="sh:in", owner=node))
            )
        for v in props.get(SH + "node", []):
            yield Constraint("NodeConstraintComponent", self._shape_ref(node, "node", v))
        for v in props.get(SH + "not", []):
            yield Constraint("NotConstraintComponent", self._shape_ref(node, "not", v))
        for name in _SHAPE_LISTS:
            for head in props.get(SH + name, []):
                members = tuple(
                    self._shape_ref(node, name, v)
                    for v in self.list_items(head, what=f"sh:{name}", owner=node)
                )
                yield Constraint(f"{name.capitalize()}ConstraintComponent", members)
        qualified = single("qualifiedValueShape")
        if qualified is not None:
            disjoint = single("qualifiedValueShapesDisjoint")
            extra = (("disjoint", isinstance(disjoint, ox.Literal) and disjoint.value in ("true", "1")),)
            low, high = (
                self._literal_int(node, "qualifiedMinCount"),
                self._literal_int(node, "qualifiedMaxCount"),
            )
            if low is None and high is None:
                raise self.error(
                    node,
                    "sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount",
                    SH + "qualifiedValueShape",
                )
            ref = self._shape_ref(node, "qualifiedValueShape", qualified)
            if low is not None:
                yield Constraint("QualifiedMinCountConstraintComponent", ref, (("count", low), *extra))
            if high is not None:
                yield Constraint("QualifiedMaxCountConstraintComponent", ref, (("count", high), *extra))
        closed = single("closed")
        if closed is not None and isinstance(closed, ox.Literal) and closed.value in ("true", "1"):
            ignored = single("ignoredProperties")
            names = self.list_items(ignored, what="sh:ignoredProperties", owner=node) if ignored else []
            allowed = [self._iri(node, "ignoredProperties", i) for i in names]
            for p in props.get(SH + "property", []):
                path = self.value(p, SH + "path")
                if isinstance(path, ox.NamedNode):
                    allowed.append(path.value)
            yield Constraint("ClosedConstraintComponent", tuple(dict.fromkeys(allowed)))

    def _sparql(self, owner: Node, node: Term) -> SparqlConstraint:
        if isinstance(node, ox.Literal):
            raise self.error(owner, "sh:sparql must be a node with sh:select", SH + "sparql")
        select = self.value(node, SH + "select")
        if not isinstance(select, ox.Literal):
            raise self.error(
                owner, "a sh:sparql constraint needs a sh:select query (a string)", SH + "sparql"
            )
        deactivated = self.value(node, SH + "deactivated")
        prefixes = self._prefix_declarations(owner, node)
        self._check_select(owner, select.value, prefixes)
        return SparqlConstraint(
            node,
            select.value,
            "\n".join(f"PREFIX {prefix}: <{ns}>" for prefix, ns in prefixes.items()),
            _messages(self.values(node, SH + "message")),
            isinstance(deactivated, ox.Literal) and deactivated.value in ("true", "1"),
        )

    def _check_select(self, owner: Node, query: str, prefixes: dict[str, str]) -> None:
        """A ``sh:select`` query that is not SPARQL is an error at its line and column in the
        shapes file (the prefixes of ``sh:prefixes`` are given to the parser, not prepended to
        the query, so positions are the query's own)."""
        try:
            _PARSER.query(query, prefixes=prefixes)
        except SyntaxError as err:
            m = re.match(r"error at (\d+):(\d+): (.*)", str(err), re.DOTALL)
            line, column, problem = (int(m[1]), int(m[2]), m[3]) if m else (None, None, str(err))
            problem = " ".join(problem.split())
            if "Prefix not found" in problem:
                problem = "a prefix is not declared (declare it with sh:prefixes, or write the full <IRI>)"
            elif len(problem) > 160:
                problem = problem[:160] + " …"
            source = self.source_of(owner)
            where = self._literal_position(source, query)
            file_line: int | None
            file_column: int | None
            if where is not None and line is not None and column is not None:
                file_line = where[0] + line - 1
                file_column = where[1] + column - 1 if line == 1 else column
                at = ""
            else:
                file_line = self.locate(source, SH + "select", start=self.line_of(owner) or 1)
                file_column = None
                at = f" at line {line}, column {column} of the query" if line is not None else ""
            name = self.name(owner)
            raise InputError(
                f"the sh:select query of a SPARQL constraint of {name or 'a shape'} is not valid "
                f"SPARQL{at}: {problem}",
                source=source,
                line=file_line,
                column=file_column,
                hint="SPARQL constraints are SELECT queries with $this; see "
                "https://www.w3.org/TR/shacl/#sparql-constraints",
            ) from None

    def _literal_position(self, source: str, value: str) -> tuple[int, int] | None:
        """Line and column in ``source`` where the text of the literal ``value`` begins, if the
        file holds it as written (no escapes in it)."""
        src = next((s for s in self.sources if s.path == source), None)
        if src is None or not value:
            return None
        text = "\n".join(src.lines)
        offset = text.find(value)
        if offset < 0:
            return None
        start = text.rfind("\n", 0, offset) + 1
        return text.count("\n", 0, offset) + 1, offset - start + 1

    def _prefix_declarations(self, owner: Node, node: Node) -> dict[str, str]:
        """The prefixes ``sh:prefixes`` declares for a SPARQL constraint, prefix -> namespace."""
        declared: dict[str, str] = {}
        for ontology in self.values(node, SH + "prefixes"):
            for decl in self.values(ontology, SH + "declare"):
                prefix, ns = self.value(decl, SH + "prefix"), self.value(decl, SH + "namespace")
                if not isinstance(prefix, ox.Literal) or not isinstance(ns, ox.Literal | ox.NamedNode):
                    raise self.error(
                        owner, "each sh:declare needs a sh:prefix and a sh:namespace", SH + "declare"
                    )
                declared[prefix.value] = ns.value
        return declared


def _messages(values: Iterable[Term]) -> tuple[str, ...]:
    """Messages, English or untagged first."""
    literals = [v for v in values if isinstance(v, ox.Literal)]
    ordered = sorted(literals, key=lambda m: (m.language not in (None, "en"), m.language or "", m.value))
    return tuple(m.value for m in ordered)


# --------------------------------------------------------------------------------------------
# Describing shapes for people (``kg shapes``)
# --------------------------------------------------------------------------------------------


@dataclass
class ShapeSummary:
    """What a shape enforces, for ``kg shapes``. Terms are IRIs (``<...>`` in ``constraints``)."""

    key: str
    label: str | None
    targets: list[str]
    path: str | None
    constraints: list[str]
    message: str | None
    severity: str
    engine: str
    source: str
    properties: list[ShapeSummary] = field(default_factory=list)


def _describe_value(graph: ShapesGraph, value: object) -> str:
    if isinstance(value, tuple):
        items = [_describe_value(graph, v) for v in value]
        shown = ", ".join(items[:6]) + (f", … ({len(items)} in all)" if len(items) > 6 else "")
        return f"({shown})"
    if isinstance(value, ox.NamedNode):
        return f"<{value.value}>"
    if isinstance(value, ox.BlankNode):
        shape = graph._shapes.get(value)
        if shape is None:
            return "[ ]"
        inner = describe_constraints(graph, shape)
        if shape.path:
            inner.insert(0, f"path {shape.path.sparql()}")
        inner += [f"property {_describe_value(graph, p)}" for p in shape.properties]
        return "[ " + "; ".join(inner) + " ]"
    if isinstance(value, ox.Literal):
        numeric = value.datatype.value.removeprefix(XSD) in ("integer", "decimal", "double", "boolean")
        return value.value if numeric else str(value)
    if isinstance(value, str) and value.startswith("http"):
        return f"<{value}>"
    return str(value)


def describe_constraints(graph: ShapesGraph, shape: Shape) -> list[str]:
    out = []
    for c in shape.constraints:
        name = c.component.removesuffix("ConstraintComponent")
        name = name[0].lower() + name[1:]
        if c.component == "PatternConstraintComponent":
            out.append(f"pattern {c.value!r}" + (f" flags {c.get('flags')!r}" if c.get("flags") else ""))
        elif c.component.startswith("Qualified"):
            out.append(f"{name} {c.get('count')} of {_describe_value(graph, c.value)}")
        elif c.component == "ClosedConstraintComponent":
            out.append(f"closed, allowing {_describe_value(graph, c.value)}")
        else:
            out.append(f"{name} {_describe_value(graph, c.value)}")
    for sc in shape.sparql:
        label = graph.value(sc.node, RDFS + "label")
        out.append(
            f"SPARQL constraint {label.value if isinstance(label, ox.Literal) else term_text(sc.node)}"
        )
    return out


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def parse_rdf(path: Path, fmt: RdfFormat | None = None) -> tuple[list[ox.Triple], dict[str, str], str]:
    """The triples of an RDF file (graph names dropped), its prefixes and its text.

    Syntax errors become :class:`InputError` with the file, line and column.
    """
    chosen = fmt or RdfFormat.from_suffix(str(path)) or RdfFormat.TURTLE
    data = read_file(path)
    check_depth(data, chosen, str(path))
    parser = ox.parse(data, format=chosen.oxigraph, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
    try:
        triples = [q.triple for q in parser]
    except SyntaxError as err:
        raise syntax_error(err, str(path)) from None
    prefixes = dict(parser.prefixes) if chosen in (RdfFormat.TURTLE, RdfFormat.TRIG) else {}
    return triples, prefixes, data.decode("utf-8", errors="replace")


def stable_blank_nodes(triples: Sequence[ox.Triple]) -> dict[ox.BlankNode, ox.BlankNode]:
    """A label for every blank node of ``triples`` that is the same on every run for the same
    triples, instead of the random one the parser gives (reports name blank-node shapes by it).

    The label is ``b`` and 16 hex digits of a SHA-256 of the node's triples (nested blank nodes by
    their own hash) and of the triples that point to it (``ex:ClaimShape sh:property``), so that
    equal property shapes of different shapes get different labels; nodes that are the same in
    both respects are told apart by a counter, in the order the triples come in. The triples are
    unchanged but for the labels.
    """
    import hashlib

    order: dict[ox.BlankNode, None] = {}
    out: dict[ox.BlankNode, list[ox.Triple]] = {}
    into: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            order.setdefault(t.subject)
            out.setdefault(t.subject, []).append(t)
        if isinstance(t.object, ox.BlankNode):
            order.setdefault(t.object)
            into.setdefault(t.object, []).append(t)
    if not order:
        return {}

    content: dict[ox.BlankNode, str] = {}
    for root in order:  # post-order, iteratively: an RDF list can be thousands of nodes long
        if root in content:
            continue
        stack: list[ox.BlankNode] = [root]
        on_stack = {root}
        while stack:
            node = stack[-1]
            pending = [
                t.object
                for t in out.get(node, ())
                if isinstance(t.object, ox.BlankNode) and t.object not in content and t.object not in on_stack
            ]
            if pending:
                stack.append(pending[0])
                on_stack.add(pending[0])
                continue
            lines = sorted(
                f"{t.predicate} "
                + (content.get(t.object, "cycle") if isinstance(t.object, ox.BlankNode) else str(t.object))
                for t in out.get(node, ())
            )
            content[node] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
            stack.pop()
            on_stack.discard(node)

    names: dict[ox.BlankNode, ox.BlankNode] = {}
    taken: dict[str, int] = {}
    for node in order:
        context = sorted(
            (content[t.subject] if isinstance(t.subject, ox.BlankNode) else str(t.subject))
            + f" {t.predicate}"
            for t in into.get(node, ())
        )
        label = "b" + hashlib.sha256("\n".join([content[node], *context]).encode()).hexdigest()[:16]
        taken[label] = taken.get(label, 0) + 1
        names[node] = ox.BlankNode(label if taken[label] == 1 else f"{label}-{taken[label]}")
    return names


def load_shapes(paths: Sequence[Path], *, imports: bool = False) -> ShapesGraph:
    """The shapes of ``paths`` as one shapes graph (``owl:imports`` followed only with ``imports``)."""
    from kg.validation.imports import resolve_imports

    triples: list[ox.Triple] = []
    sources: list[_Source] = []
    origin: dict[Node, str] = {}
    if not paths:
        raise InputError("no shapes files given", hint="pass --shapes FILE_OR_DIR")
    for path in paths:
        found, prefixes, text = parse_rdf(path)
        sources.append(_Source(str(path), text.splitlines(), prefixes))
        for t in found:
            s = t.subject
            if isinstance(s, (ox.NamedNode, ox.BlankNode)):
                origin.setdefault(s, str(path))
        triples.extend(found)
    if imports:
        triples.extend(resolve_imports(triples, what="shapes"))
    names = stable_blank_nodes(triples)
    if names:  # blank-node shapes get the same key (``_:label``) on every run

        def rename(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
            return names.get(term, term) if isinstance(term, ox.BlankNode) else term

        triples = [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]
        origin = {rename(node): path for node, path in origin.items()}
    return ShapesGraph(triples, sources, origin)
