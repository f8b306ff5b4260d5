"""SHACL shapes: a conforming graph passes; each broken graph fails for the right reason, with both
engines; the shapes cover everything kg writes and agree with the ontology."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.iris import IriScheme
from kg.mapping import map_article
from kg.pipeline import extract
from kg.resources import ontology_files, shape_files
from kg.validation import Engine, Validator, load_shapes
from kg.validation.cameo_shapes import render as render_cameo_shapes
from kg.validation.shapes import SH, Shape
from kg.vocab import DCTERMS, KG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, relations

from .conftest import DATA, FIXED_RUN, REPO, SAMPLE_TEXT, sample_analysis

IRIS = IriScheme("https://data.example.org/")
KGSH = "https://w3id.org/kg-news/shapes#"
Edit = Callable[[list[ox.Quad]], list[ox.Quad]]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def good_quads() -> list[ox.Quad]:
    return map_article(sample_analysis(), IRIS, FIXED_RUN).quads


def first(quads: list[ox.Quad], predicate: ox.NamedNode, subject_type: ox.NamedNode | None = None) -> ox.Quad:
    typed = {q.subject for q in quads if q.predicate == RDF.type and q.object == subject_type}
    return next(q for q in quads if q.predicate == predicate and (subject_type is None or q.subject in typed))


def without(predicate: ox.NamedNode, subject_type: ox.NamedNode | None = None) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        target = first(quads, predicate, subject_type)
        return [q for q in quads if q != target]

    return edit


def replacing(
    predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal, subject_type: ox.NamedNode | None = None
) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        target = first(quads, predicate, subject_type)
        return [ox.Quad(q.subject, q.predicate, value, q.graph_name) if q == target else q for q in quads]

    return edit


def adding(predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal, subject_type: ox.NamedNode) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        subject = next(q.subject for q in quads if q.predicate == RDF.type and q.object == subject_type)
        return [*quads, ox.Quad(subject, predicate, value, quads[0].graph_name)]

    return edit


def triple(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        return [*quads, ox.Quad(s, p, o, quads[0].graph_name)]

    return edit


def claim_of(quads: list[ox.Quad], relation: ox.NamedNode) -> ox.NamedNode | ox.BlankNode:
    return next(q.subject for q in quads if q.predicate == KG.relation and q.object == relation)


def on_claim(relation: ox.NamedNode, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> Edit:
    """Set ``predicate`` of the claim of ``relation`` to ``value`` (replacing or adding)."""

    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        claim = claim_of(quads, relation)
        kept = [q for q in quads if not (q.subject == claim and q.predicate == predicate)]
        return [*kept, ox.Quad(claim, predicate, value, quads[0].graph_name)]

    return edit


def also_on_claim(relation: ox.NamedNode, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        return [*quads, ox.Quad(claim_of(quads, relation), predicate, value, quads[0].graph_name)]

    return edit


def on_evidence(relation: ox.NamedNode, predicate: ox.NamedNode, value: ox.Literal) -> Edit:
    def edit(quads: list[ox.Quad]) -> list[ox.Quad]:
        claim = claim_of(quads, relation)
        evidence = next(q.object for q in quads if q.subject == claim and q.predicate == KG.evidence)
        return [
            ox.Quad(q.subject, q.predicate, value, q.graph_name)
            if q.subject == evidence and q.predicate == predicate
            else q
            for q in quads
        ]

    return edit


def self_relation(quads: list[ox.Quad]) -> list[ox.Quad]:
    target = first(quads, KG.object, KG.Claim)
    subject = next(q.object for q in quads if q.subject == target.subject and q.predicate == KG.subject)
    return [ox.Quad(q.subject, q.predicate, subject, q.graph_name) if q == target else q for q in quads]


def blank_claim(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [*quads, ox.Quad(ox.BlankNode("claim"), RDF.type, KG.Claim, quads[0].graph_name)]


PUTIN, KHAN = IRIS.entity("vladimir-putin"), IRIS.entity("imran-khan")
RUSSIA, PAKISTAN, BISHKEK = IRIS.entity("RUS"), IRIS.entity("PAK"), IRIS.entity("bishkek")
SUMMIT = IRIS.event("sco-summit-2019")


def lit(value: str, datatype: ox.NamedNode | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=datatype) if datatype else ox.Literal(value)


def test_mapped_article_conforms(validator: Validator) -> None:
    report = validator.validate(good_quads())
    assert report.conforms, report.results
    assert Validator(engine=Engine.PYSHACL).validate(good_quads()).conforms


def test_every_sample_article_conforms(validator: Validator) -> None:
    found, errors = extract([str(DATA / "articles")])
    assert found and not errors
    report = validator.validate_graphs({x.graph.graph.value: x.graph.quads for x in found})
    assert report.conforms, report.results


#: name -> (edit, constraint component, path or None, shape (local name) or None for a nested one)
def alternatives(shape: str) -> str:
    """The path of one of kg's alternative-path shapes, as reports write it."""
    path = next(s.path for s in load_shapes(shape_files()).shapes() if s.key == KGSH + shape)
    assert path is not None
    return path.label()


CASES: dict[str, tuple[Edit, str, ox.NamedNode | str | None, str | None]] = {
    "article without title": (
        without(DCTERMS.title),
        "MinCountConstraintComponent",
        DCTERMS.title,
        "ArticleTitle",
    ),
    "two titles": (
        adding(DCTERMS.title, lit("Another"), KG.Article),
        "MaxCountConstraintComponent",
        DCTERMS.title,
        "ArticleTitle",
    ),
    "date not an xsd:date": (
        replacing(SCHEMA.datePublished, lit("July 9")),
        "DatatypeConstraintComponent",
        SCHEMA.datePublished,
        "ArticleDate",
    ),
    "date that does not exist": (
        replacing(SCHEMA.datePublished, lit("2019-02-30", XSD.date)),
        "DatatypeConstraintComponent",
        SCHEMA.datePublished,
        "ArticleDate",
    ),
    "no publisher": (
        without(SCHEMA.publisher),
        "MinCountConstraintComponent",
        SCHEMA.publisher,
        "ArticlePublisher",
    ),
    "publisher a state": (
        replacing(SCHEMA.publisher, PAKISTAN),
        "ClassConstraintComponent",
        SCHEMA.publisher,
        "ArticlePublisher",
    ),
    "URL a plain string": (
        replacing(SCHEMA.url, lit("https://news.example.org/sample")),
        "DatatypeConstraintComponent",
        SCHEMA.url,
        "ArticleUrl",
    ),
    "content hash not hex": (
        replacing(KG.contentHash, lit("xyz")),
        "PatternConstraintComponent",
        KG.contentHash,
        "ArticleHash",
    ),
    "language not a tag": (
        adding(SCHEMA.inLanguage, lit("English language"), KG.Article),
        "PatternConstraintComponent",
        SCHEMA.inLanguage,
        "ArticleLanguage",
    ),
    "empty tag": (
        adding(SCHEMA.keywords, lit(""), KG.Article),
        "MinLengthConstraintComponent",
        SCHEMA.keywords,
        "ArticleKeywords",
    ),
    "originally published in a person": (
        adding(KG.originallyPublishedIn, PUTIN, KG.Article),
        "ClassConstraintComponent",
        KG.originallyPublishedIn,
        "ArticleOriginal",
    ),
    "claim without subject": (
        without(KG.subject, KG.Claim),
        "MinCountConstraintComponent",
        KG.subject,
        "ClaimSubject",
    ),
    "claim without relation": (
        without(KG.relation, KG.Claim),
        "MinCountConstraintComponent",
        KG.relation,
        "ClaimRelation",
    ),
    "claim named by a blank node": (blank_claim, "NodeKindConstraintComponent", None, "ClaimShape"),
    "claim about itself": (self_relation, "DisjointConstraintComponent", KG.subject, "ClaimNotReflexive"),
    "confidence above 1": (
        replacing(KG.confidence, lit("1.5", XSD.decimal)),
        "MaxInclusiveConstraintComponent",
        KG.confidence,
        "ClaimConfidence",
    ),
    "confidence not a decimal": (
        replacing(KG.confidence, lit("high")),
        "DatatypeConstraintComponent",
        KG.confidence,
        "ClaimConfidence",
    ),
    "modality outside the scheme": (
        replacing(KG.modality, KG.rumoured),
        "InConstraintComponent",
        KG.modality,
        "ClaimModality",
    ),
    "relation not ours": (
        replacing(KG.relation, SKOS.related),
        "ClassConstraintComponent",
        KG.relation,
        "ClaimRelation",
    ),
    "CAMEO code not in the scheme": (
        replacing(KG.cameoEvent, ox.NamedNode("https://example.org/cameo/999")),
        "InConstraintComponent",
        KG.cameoEvent,
        "ClaimCameo",
    ),
    "claim date a string": (
        on_claim(KG.meets, KG.date, lit("June 2019")),
        "OrConstraintComponent",
        KG.date,
        "ClaimDate",
    ),
    "two extraction methods": (
        also_on_claim(KG.meets, KG.extractionMethod, lit("pattern 2")),
        "MaxCountConstraintComponent",
        KG.extractionMethod,
        "ClaimMethod",
    ),
    "empty time text": (
        on_claim(KG.meets, KG.timeText, lit("")),
        "MinLengthConstraintComponent",
        KG.timeText,
        "ClaimTimeText",
    ),
    "claimed by a place": (
        on_claim(KG.meets, KG.claimedBy, BISHKEK),
        "ClassConstraintComponent",
        KG.claimedBy,
        "ClaimClaimedBy",
    ),
    "subject is a place": (
        replacing(KG.subject, BISHKEK),
        "ClassConstraintComponent",
        KG.subject,
        "ClaimSubject",
    ),
    # relation endpoints
    "strategic partnership with a person": (
        on_claim(KG.strategicPartnerOf, KG.object, PUTIN),
        "OrConstraintComponent",
        None,
        "PartnershipClaim",
    ),
    "strategic partnership joined by a person": (
        on_claim(KG.strategicPartnerOf, KG.jointlyWith, PUTIN),
        "OrConstraintComponent",
        None,
        "PartnershipClaim",
    ),
    "meeting with a place": (
        on_claim(KG.meets, KG.object, BISHKEK),
        "OrConstraintComponent",
        None,
        "ActorToActorClaim",
    ),
    "meeting with an event": (
        on_claim(KG.meets, KG.object, SUMMIT),
        "OrConstraintComponent",
        None,
        "ActorToActorClaim",
    ),
    "a state as a leader": (
        on_claim(KG.strategicPartnerOf, KG.relation, KG.leaderOf),
        "OrConstraintComponent",
        None,
        "LeadershipClaim",
    ),
    "member of a state": (
        on_claim(KG.strategicPartnerOf, KG.relation, KG.memberOf),
        "OrConstraintComponent",
        None,
        "MembershipClaim",
    ),
    "relation triple from a place": (
        triple(BISHKEK, KG.meets, KHAN),
        "ClassConstraintComponent",
        None,
        "RelationTriple",
    ),
    "relation triple to an event": (
        triple(PUTIN, KG.meets, SUMMIT),
        "ClassConstraintComponent",
        alternatives("RelationToActor"),
        "RelationToActor",
    ),
    "member of a person (triple)": (
        triple(RUSSIA, KG.memberOf, PUTIN),
        "ClassConstraintComponent",
        alternatives("RelationToOrganisation"),
        "RelationToOrganisation",
    ),
    "strategic partner a person (triple)": (
        triple(RUSSIA, KG.strategicPartnerOf, PUTIN),
        "NodeConstraintComponent",
        KG.strategicPartnerOf,
        None,
    ),
    "a state leads (triple)": (
        triple(RUSSIA, KG.leaderOf, PAKISTAN),
        "ClassConstraintComponent",
        None,
        "LeadershipTriple",
    ),
    # evidence
    "evidence ends before it begins": (
        replacing(KG.begin, lit("5000", XSD.integer)),
        "LessThanConstraintComponent",
        KG.begin,
        "EvidenceOrder",
    ),
    "negative begin": (
        replacing(KG.begin, lit("-1", XSD.integer)),
        "MinInclusiveConstraintComponent",
        KG.begin,
        "EvidenceBegin",
    ),
    "begin not a number": (
        replacing(KG.begin, lit("one", XSD.integer)),
        "DatatypeConstraintComponent",
        KG.begin,
        "EvidenceBegin",
    ),
    "claim without evidence": (
        without(KG.evidence),
        "MinCountConstraintComponent",
        KG.evidence,
        "ClaimEvidence",
    ),
    "evidence beyond the text": (
        on_evidence(KG.meets, KG.end, lit(str(len(SAMPLE_TEXT) + 1), XSD.integer)),
        "SPARQLConstraintComponent",
        KG.end,
        "EvidenceShape",
    ),
    "quote not the text between the offsets": (
        on_evidence(KG.meets, KG.quote, lit("President Putin snubbed Khan")),
        "SPARQLConstraintComponent",
        KG.quote,
        "EvidenceShape",
    ),
    "claim dated after its article": (
        on_claim(KG.meets, KG.date, lit("2019-08", XSD.gYearMonth)),
        "SPARQLConstraintComponent",
        KG.date,
        "ClaimShape",
    ),
    "claim dated a year after its article": (
        on_claim(KG.meets, KG.date, lit("2020", XSD.gYear)),
        "SPARQLConstraintComponent",
        KG.date,
        "ClaimShape",
    ),
    # entities, events, runs
    "country code lower case": (
        replacing(KG.iso3166Alpha3, lit("Rus"), KG.Country),
        "PatternConstraintComponent",
        KG.iso3166Alpha3,
        "CountryCode",
    ),
    "actor without label": (
        without(SKOS.prefLabel, KG.Person),
        "MinCountConstraintComponent",
        SKOS.prefLabel,
        "EntityLabel",
    ),
    "empty other name": (
        adding(SKOS.altLabel, lit(""), KG.Person),
        "MinLengthConstraintComponent",
        SKOS.altLabel,
        "EntityAltLabel",
    ),
    "an entity in two states": (
        triple(PUTIN, KG.country, PAKISTAN),
        "MaxCountConstraintComponent",
        KG.country,
        "EntityCountry",
    ),
    "event with two dates": (
        triple(SUMMIT, KG.date, lit("2019-06-15", XSD.date)),
        "MaxCountConstraintComponent",
        KG.date,
        "EventDate",
    ),
    "run without start time": (
        without(PROV.startedAtTime),
        "MinCountConstraintComponent",
        PROV.startedAtTime,
        None,
    ),
    "run used a state": (
        adding(PROV.used, PAKISTAN, KG.IngestionRun),
        "ClassConstraintComponent",
        PROV.used,
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_violation_is_caught_for_the_right_reason(validator: Validator, case: str) -> None:
    edit, component, path, shape = CASES[case]
    report = validator.validate(edit(good_quads()))
    assert not report.conforms
    reasons = {(r.component, r.path, r.shape) for r in report.results}
    wanted = (component, path.value if isinstance(path, ox.NamedNode) else path)
    assert wanted in {(c, p) for c, p, _ in reasons}, reasons
    if shape:
        assert (*wanted, KGSH + shape) in reasons, reasons
    assert all(r.message and r.severity.value == "Violation" for r in report.results)


#: Edits that keep the article valid: the constraints stay quiet on the edge of what is allowed.
GOOD_VARIANTS: dict[str, Edit] = {
    "claim dated in the article's year": on_claim(KG.meets, KG.date, lit("2019", XSD.gYear)),
    "claim dated in the article's month": on_claim(KG.meets, KG.date, lit("2019-07", XSD.gYearMonth)),
    "claim dated on the article's day": on_claim(KG.meets, KG.date, lit("2019-07-09", XSD.date)),
    "evidence up to the text's end": on_evidence(KG.meets, KG.end, lit("80", XSD.integer)),
    "strategic partnership with an organisation": on_claim(
        KG.strategicPartnerOf, KG.jointlyWith, IRIS.entity("daily-post")
    ),
    "meeting between a person and a state": on_claim(KG.meets, KG.object, PAKISTAN),
    "alliance with a person": on_claim(KG.strategicPartnerOf, KG.relation, KG.alliedWith),
    "visit to a city": on_claim(KG.meets, KG.relation, KG.visits),
    "confidence 0": replacing(KG.confidence, lit("0", XSD.decimal)),
    "language tag with region": adding(SCHEMA.inLanguage, lit("pt-BR"), KG.Article),
    "no CAMEO code": without(KG.cameoEvent),
}


@pytest.mark.parametrize("case", sorted(GOOD_VARIANTS))
def test_constraints_stay_quiet_on_good_variants(validator: Validator, case: str) -> None:
    report = validator.validate(GOOD_VARIANTS[case](good_quads()))
    assert report.conforms, report.results


def relocated(quads: list[ox.Quad], n: int) -> list[ox.Quad]:
    """The quads with kg's data IRIs moved to a namespace of their own (case ``n``)."""
    base, new = IRIS.base, f"https://case{n}.example/"

    def move(
        t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph,
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(t, ox.NamedNode) and t.value.startswith(base):
            return ox.NamedNode(new + t.value[len(base) :])
        if isinstance(t, ox.BlankNode):
            return ox.BlankNode(f"c{n}{t.value}")
        assert not isinstance(t, ox.DefaultGraph)
        return t

    return [ox.Quad(move(q.subject), q.predicate, move(q.object)) for q in quads]  # type: ignore[arg-type]


def all_cases() -> list[ox.Quad]:
    """Every bad case and every good variant, side by side in one graph (no shared data IRIs)."""
    edits = [CASES[c][0] for c in sorted(CASES)] + [GOOD_VARIANTS[c] for c in sorted(GOOD_VARIANTS)]
    return [q for n, edit in enumerate(edits) for q in relocated(edit(good_quads()), n)]


def test_the_cases_side_by_side_give_the_same_results_as_one_by_one(validator: Validator) -> None:
    """So the cross-check (tests/test_validation_crosscheck.py) can validate them in one run."""
    together = {(r.focus, r.component, r.path) for r in validator.validate(all_cases()).results}
    one_by_one = set()
    edits = [CASES[c][0] for c in sorted(CASES)] + [GOOD_VARIANTS[c] for c in sorted(GOOD_VARIANTS)]
    for n, edit in enumerate(edits):
        one_by_one |= {
            (r.focus, r.component, r.path)
            for r in validator.validate(relocated(edit(good_quads()), n)).results
        }
    assert together == one_by_one


# --------------------------------------------------------------------------------------------
# The shapes as a whole
# --------------------------------------------------------------------------------------------


def _all_shapes() -> list[Shape]:
    return load_shapes(shape_files()).shapes()


def test_every_shape_that_reports_has_a_message_for_people() -> None:
    """Shapes with targets and their property shapes give the results; each says what is wrong
    in a sentence. (Shapes nested in sh:or, sh:not, sh:node are building blocks: the shape that
    uses them reports, with its message.)"""
    graph = load_shapes(shape_files())
    todo = list(graph.target_shapes())
    seen = 0
    while todo:
        shape = todo.pop()
        seen += 1
        if shape.constraints or shape.sparql:
            assert shape.message and len(shape.message) > 30 and shape.message.endswith("."), shape.key
        for sc in shape.sparql:
            assert sc.messages and len(sc.messages[0]) > 30, sc.node
        todo.extend(graph.shape(p) for p in shape.properties)
    assert seen > 50


def _emitted() -> tuple[set[str], set[str]]:
    found, _errors = extract([str(DATA / "articles")])
    quads = [q for x in found for q in x.graph.quads] + good_quads()
    predicates = {q.predicate.value for q in quads}
    classes = {q.object.value for q in quads if q.predicate == RDF.type}
    return predicates, classes


def _subclasses() -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for path in ontology_files():
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if q.predicate == RDFS.subClassOf:
                parents.setdefault(q.subject.value, set()).add(q.object.value)
    return parents


def test_every_class_and_property_kg_writes_is_covered() -> None:
    shapes = _all_shapes()
    paths: set[str] = set()
    for s in shapes:
        if s.path is not None:
            paths.update(p.iri for p in (s.path, *s.path.args) if p.is_iri)
    paths.update(p for s in shapes for p in s.targets.subjects_of)
    targets = {c for s in shapes for c in s.targets.classes}
    parents = _subclasses()

    def covered(cls: str) -> bool:
        todo, seen = [cls], set()
        while todo:
            c = todo.pop()
            if c in targets:
                return True
            seen.add(c)
            todo.extend(parents.get(c, set()) - seen)
        return False

    predicates, classes = _emitted()
    assert predicates - paths <= {RDF.type.value}, predicates - paths
    assert {c for c in classes if not covered(c)} == set()


def test_relation_shapes_follow_the_ontology() -> None:
    """Every relation property has its endpoint checks, grouped by the range the ontology gives it."""
    ranges: dict[str, str] = {}
    for q in ox.parse(path=str(ontology_files()[0]), format=ox.RdfFormat.TURTLE):
        if q.predicate == RDFS.range and q.subject.value.removeprefix(KG.iri) in relations():
            ranges[q.subject.value] = q.object.value
    assert set(ranges) == {r.term.value for r in relations().values()}
    graph = load_shapes(shape_files())
    by_key = {s.key: s for s in graph.shapes()}
    assert set(by_key[KGSH + "RelationTriple"].targets.subjects_of) == set(ranges)
    for shape, cls in (
        ("RelationToActor", KG.Actor),
        ("RelationToOrganisation", KG.Organization),
        ("RelationToEntity", KG.Entity),
    ):
        path = by_key[KGSH + shape].path
        assert path is not None and path.op == "alt"
        assert {p.iri for p in path.args} == {r for r, c in ranges.items() if c == cls.value}, shape
    actor_claims = by_key[KGSH + "ActorToActorClaim"]
    listed = {
        t.object.value
        for t in graph.triples
        if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
        and t.object.value in ranges
        and _in_list_of(graph, t.subject, actor_claims)
    }
    assert listed == {r for r, c in ranges.items() if c == KG.Actor.value}


def _in_list_of(graph: object, cell: object, shape: Shape) -> bool:
    """Whether the list cell belongs to the sh:in list nested in ``shape``'s sh:or."""
    from kg.validation.shapes import ShapesGraph

    assert isinstance(graph, ShapesGraph)
    heads = set()
    stack = [shape.node]
    seen: set[object] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in graph.triples:
            if t.subject == node and isinstance(t.object, ox.BlankNode):
                stack.append(t.object)
                if t.predicate.value == SH + "in":
                    heads.add(t.object)
    return cell in seen or cell in heads


def test_cameo_shapes_are_up_to_date() -> None:
    """shapes/cameo.ttl lists every CAMEO code of ontology/cameo.ttl (regenerate it if not)."""
    assert (REPO / "shapes" / "cameo.ttl").read_text(encoding="utf-8") == render_cameo_shapes()


def test_the_shapes_are_well_formed_shacl() -> None:
    """pySHACL's SHACL-for-SHACL shapes (shacl-shacl) accept kg's shapes. (cameo.ttl is left out:
    it only adds one generated sh:in list, and shacl-shacl takes 15 s on a list of 313.)"""
    import pyshacl
    import rdflib

    graph = rdflib.Graph()
    graph.parse(Path(REPO / "shapes" / "kg.ttl"), format="turtle")
    conforms, _results, text = pyshacl.validate(graph, shacl_graph=rdflib.Graph(), meta_shacl=True)
    assert conforms, text
