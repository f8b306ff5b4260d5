"""The ingest gate: each article's graph is validated on its own, with the vocabulary terms it uses,
in batches; articles in one batch cannot hide or cause each other's violations."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.iris import IriScheme
from kg.mapping import map_article
from kg.model import Outcome
from kg.pipeline import IngestOptions, ingest
from kg.store.local import LocalStore
from kg.validation import Engine, Validator
from kg.vocab import KG, SKOS, XSD

from .conftest import FIXED_RUN, sample_analysis

ARTICLE_A, ARTICLE_B = IriScheme("https://a.example/"), IriScheme("https://b.example/")
SHARED = ox.NamedNode("https://shared.example/entity/ann-lee")


def graph_of(iris: IriScheme) -> tuple[str, list[ox.Quad]]:
    g = map_article(sample_analysis(), iris, FIXED_RUN)
    return g.graph.value, g.quads


def with_shared_author(name: str, quads: list[ox.Quad], label: str | None) -> list[ox.Quad]:
    """The article's author replaced by one actor IRI shared across articles, labelled ``label``."""
    author = next(q.object for q in quads if q.predicate.value == "https://schema.org/author")
    out = [
        ox.Quad(
            SHARED if q.subject == author else q.subject,
            q.predicate,
            SHARED if q.object == author else q.object,
            ox.NamedNode(name),
        )
        for q in quads
        if not (q.subject == author and q.predicate == SKOS.prefLabel)
    ]
    if label is not None:
        out.append(ox.Quad(SHARED, SKOS.prefLabel, ox.Literal(label), ox.NamedNode(name)))
    return out


@pytest.fixture(scope="module", params=[Engine.SPARQL, Engine.PYSHACL])
def validator(request: pytest.FixtureRequest) -> Validator:
    return Validator(engine=request.param)


def test_each_graph_conforms_on_its_own(validator: Validator) -> None:
    graphs = dict([graph_of(ARTICLE_A), graph_of(ARTICLE_B)])
    report = validator.validate_graphs(graphs)
    assert report.conforms, report.results


def test_another_article_cannot_hide_a_violation(validator: Validator) -> None:
    name_a, quads_a = graph_of(ARTICLE_A)
    name_b, quads_b = graph_of(ARTICLE_B)
    graphs = {
        name_a: with_shared_author(name_a, quads_a, None),  # A forgets the author's label
        name_b: with_shared_author(name_b, quads_b, "Ann Lee"),  # B has it
    }
    report = validator.validate_graphs(graphs)
    assert {(r.graph, r.focus, r.path) for r in report.results} == {
        (name_a, SHARED.value, SKOS.prefLabel.value)
    }
    # validated together, B's label would hide A's mistake
    assert Validator().validate([q for quads in graphs.values() for q in quads]).conforms


def test_another_article_cannot_cause_a_violation(validator: Validator) -> None:
    name_a, quads_a = graph_of(ARTICLE_A)
    name_b, quads_b = graph_of(ARTICLE_B)
    graphs = {
        name_a: with_shared_author(name_a, quads_a, "Ann Lee"),
        name_b: with_shared_author(name_b, quads_b, "A. Lee"),  # another label for the same actor
    }
    assert validator.validate_graphs(graphs).conforms
    together = Validator().validate([q for quads in graphs.values() for q in quads])
    assert {(r.focus, r.component) for r in together.results} == {
        (SHARED.value, "MaxCountConstraintComponent")
    }


def test_results_carry_their_graph_including_sparql_constraints(validator: Validator) -> None:
    name_a, quads_a = graph_of(ARTICLE_A)
    name_b, quads_b = graph_of(ARTICLE_B)
    beyond = [
        ox.Quad(q.subject, q.predicate, ox.Literal("500", datatype=XSD.integer), q.graph_name)
        if q.predicate == KG.end
        else q
        for q in quads_b
    ]
    report = validator.validate_graphs({name_a: quads_a, name_b: beyond})
    assert {r.graph for r in report.results} == {name_b}
    assert {r.component for r in report.results} == {"SPARQLConstraintComponent"}
    assert len(report.for_graph(name_b)) == 2  # both pieces of evidence end beyond the text


def test_vocabulary_terms_come_from_the_vocabulary(validator: Validator) -> None:
    """An article graph holds its actors, not the CAMEO scheme or the relation properties: the gate
    adds the vocabulary terms the graph uses (cameo:050, kg:strategicPartnerOf, kg:curated ...)."""
    name, quads = graph_of(ARTICLE_A)
    assert not any(q.subject.value.startswith("https://w3id.org/kg-news/cameo/") for q in quads)
    unknown = [
        ox.Quad(q.subject, q.predicate, ox.NamedNode("https://w3id.org/kg-news/cameo/999"), q.graph_name)
        if q.predicate == KG.cameoEvent
        else q
        for q in quads
    ]
    assert validator.validate_graphs({name: quads}).conforms
    report = validator.validate_graphs({name: unknown})
    assert {(r.component, r.path) for r in report.results} == {("InConstraintComponent", KG.cameoEvent.value)}


BAD_ARTICLE = """---
title: Summit
date: 2019-06-14
publisher: Daily Post
claims:
  - subject: Russia
    relation: strategic partnership
    object: Pakistan
    quote: "Russia and Pakistan are strategic partners"
    date: 2019-08
---
Russia and Pakistan are strategic partners, the summit heard.
"""


@pytest.mark.parametrize("engine", [Engine.SPARQL, Engine.PYSHACL])
def test_ingest_rejects_an_article_whose_claim_is_dated_after_it(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.md").write_text(BAD_ARTICLE)
    (folder / "good.md").write_text(
        BAD_ARTICLE.replace("date: 2019-08", "date: 2019-06").replace("Summit", "Other")
    )
    with LocalStore.open(tmp_path / "store", create=True) as st:
        report = ingest(
            st, [str(folder)], IngestOptions(validation_engine=engine, extract=False, batch_size=10)
        )
        (rejected,) = report.rejected
        assert Path(rejected.source).name == "bad.md"
        assert rejected.problems[0] == "does not conform to the shapes:"
        assert "cannot be dated after the article that reports it" in rejected.problems[1]
        assert report.count(Outcome.NEW) == 1
        assert len(st.graph_names()) == 2  # the good article and the vocabulary


def test_an_article_stored_without_the_gate_is_checked_by_the_next_ingest(tmp_path: Path) -> None:
    article = tmp_path / "titleonly.md"
    article.write_text("# Only a title\n")  # readable, but no date or publisher: the shapes fail
    with LocalStore.open(tmp_path / "store", create=True) as st:
        unchecked = ingest(st, [str(article)], IngestOptions(validate=False, extract=False))
        assert unchecked.count(Outcome.NEW) == 1
        again = ingest(st, [str(article)], IngestOptions(validate=False, extract=False))
        assert again.count(Outcome.UNCHANGED) == 1
        gated = ingest(st, [str(article)], IngestOptions(extract=False))
        assert [r.problems[0] for r in gated.rejected] == ["does not conform to the shapes:"]
