"""SHACL shapes: a conforming graph passes; each broken graph fails for the right reason."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from kg.iris import IriScheme
from kg.mapping import map_article
from kg.validation import Validator
from kg.vocab import DCTERMS, KG, RDF, SCHEMA, SKOS, XSD

from .conftest import FIXED_RUN, sample_analysis

IRIS = IriScheme("https://data.example.org/")
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


def self_relation(quads: list[ox.Quad]) -> list[ox.Quad]:
    target = first(quads, KG.object, KG.Claim)
    subject = next(q.object for q in quads if q.subject == target.subject and q.predicate == KG.subject)
    return [ox.Quad(q.subject, q.predicate, subject, q.graph_name) if q == target else q for q in quads]


def test_mapped_article_conforms(validator: Validator) -> None:
    report = validator.validate(good_quads())
    assert report.conforms, report.results


CASES = {
    "article without title": (without(DCTERMS.title), "MinCountConstraintComponent", DCTERMS.title),
    "two titles": (
        adding(DCTERMS.title, ox.Literal("Another"), KG.Article),
        "MaxCountConstraintComponent",
        DCTERMS.title,
    ),
    "date not an xsd:date": (
        replacing(SCHEMA.datePublished, ox.Literal("July 9")),
        "DatatypeConstraintComponent",
        SCHEMA.datePublished,
    ),
    "no publisher": (without(SCHEMA.publisher), "MinCountConstraintComponent", SCHEMA.publisher),
    "claim without subject": (without(KG.subject, KG.Claim), "MinCountConstraintComponent", KG.subject),
    "claim about itself": (self_relation, "DisjointConstraintComponent", KG.subject),
    "confidence above 1": (
        replacing(KG.confidence, ox.Literal("1.5", datatype=XSD.decimal)),
        "MaxInclusiveConstraintComponent",
        KG.confidence,
    ),
    "confidence not a decimal": (
        replacing(KG.confidence, ox.Literal("high")),
        "DatatypeConstraintComponent",
        KG.confidence,
    ),
    "modality outside the scheme": (
        replacing(KG.modality, KG.rumoured),
        "InConstraintComponent",
        KG.modality,
    ),
    "relation not ours": (replacing(KG.relation, SKOS.related), "ClassConstraintComponent", KG.relation),
    "evidence ends before it begins": (
        replacing(KG.begin, ox.Literal("5000", datatype=XSD.integer)),
        "LessThanConstraintComponent",
        KG.begin,
    ),
    "negative begin": (
        replacing(KG.begin, ox.Literal("-1", datatype=XSD.integer)),
        "MinInclusiveConstraintComponent",
        KG.begin,
    ),
    "claim without evidence": (without(KG.evidence), "MinCountConstraintComponent", KG.evidence),
    "country code lower case": (
        replacing(KG.iso3166Alpha3, ox.Literal("Rus"), KG.Country),
        "PatternConstraintComponent",
        KG.iso3166Alpha3,
    ),
    "actor without label": (
        without(SKOS.prefLabel, KG.Person),
        "MinCountConstraintComponent",
        SKOS.prefLabel,
    ),
    "CAMEO code not in the scheme": (
        replacing(KG.cameoEvent, ox.NamedNode("https://example.org/cameo/999")),
        "ClassConstraintComponent",
        KG.cameoEvent,
    ),
    "subject is a place": (
        replacing(KG.subject, IRIS.entity("bishkek")),
        "ClassConstraintComponent",
        KG.subject,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_violation_is_caught_for_the_right_reason(validator: Validator, case: str) -> None:
    edit, component, path = CASES[case]
    report = validator.validate(edit(good_quads()))
    assert not report.conforms
    reasons = {(r.component, r.path) for r in report.results}
    assert (component, path.value) in reasons, reasons
    assert all(r.message for r in report.results)
