"""Ingest: new, unchanged, replaced, rejected; idempotence; nothing of a bad article is stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.model import Outcome
from kg.pipeline import IngestOptions, ingest, validate_store
from kg.readers import read_sources
from kg.store.local import LocalStore
from kg.vocab import VOCABULARY_GRAPH

from .conftest import DATA, FIXED_RUN

ARTICLES = DATA / "articles"


def options(**kw: object) -> IngestOptions:
    return IngestOptions(run=FIXED_RUN, **kw)  # type: ignore[arg-type]


def curated_claims() -> int:
    return sum(len(a.claims) for a in read_sources([str(ARTICLES)]) if hasattr(a, "claims"))


def article_quads(store: LocalStore) -> set[object]:
    return {q for q in store.quads() if q.graph_name != VOCABULARY_GRAPH}


def test_curated_only_ingest_stores_exactly_the_curated_claims(store: LocalStore) -> None:
    report = ingest(store, [str(ARTICLES)], options(extract=False))
    assert report.claims == curated_claims()
    curated = store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c kg:extractedBy kg:curated }")
    assert int(next(iter(curated))[0].value) == curated_claims()  # type: ignore[arg-type,index]


def test_ingest_the_sample_articles(store: LocalStore) -> None:
    report = ingest(store, [str(ARTICLES)], options())
    assert [r.problems for r in report.rejected] == []
    assert report.read == report.count(Outcome.NEW) == 8
    assert report.claims > curated_claims() > 60  # curated claims and extracted ones
    assert report.triples == len(article_quads(store))
    assert len(store.graph_names()) == 9  # eight articles and the vocabulary


def test_ingesting_twice_changes_nothing(store: LocalStore) -> None:
    ingest(store, [str(ARTICLES)], options())
    before = set(store.quads())
    again = ingest(store, [str(ARTICLES)], IngestOptions())  # another run, same content
    assert again.count(Outcome.UNCHANGED) == 8 and again.triples == 0
    assert set(store.quads()) == before


def test_a_changed_article_replaces_its_graph(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "rp.md"
    shutil.copy(ARTICLES / "russia-pakistan-2019.md", path)
    ingest(store, [str(path)], options())
    graphs = store.graph_names()
    path.write_text(path.read_text().replace("deepen parliamentary and military ties", "deepen their ties"))
    report = ingest(store, [str(path)], options())
    assert report.count(Outcome.REPLACED) == 1
    assert store.graph_names() == graphs
    titles = {str(r[0].value) for r in store.query("SELECT ?t { ?a dcterms:title ?t }")}  # type: ignore[union-attr]
    assert titles == {"Russia and Pakistan deepen their ties"}


def test_an_article_without_url_keeps_its_identity_when_its_body_changes(
    store: LocalStore, tmp_path: Path
) -> None:
    path = tmp_path / "aukus.md"
    shutil.copy(ARTICLES / "aukus-2021.md", path)
    first = ingest(store, [str(path)], options())
    path.write_text(path.read_text() + "\nA closing sentence added later.\n")
    second = ingest(store, [str(path)], options())
    assert first.results[0].graph == second.results[0].graph
    assert second.count(Outcome.REPLACED) == 1


BAD_ACTOR = """---
title: Unknown actor
publisher: Daily Post
date: 2021-03-03
claims:
  - subject: Atlantis
    relation: meeting
    object: Russia
    quote: Atlantis met Russia
---
Atlantis met Russia.
"""

NO_PUBLISHER = """---
title: No publisher
date: 2021-03-03
claims:
  - {subject: Russia, relation: meeting, object: Pakistan, quote: Russia met Pakistan}
---
Russia met Pakistan.
"""


def test_rejected_articles_leave_the_store_as_it_was(
    store: LocalStore, tmp_path: Path, store_dir: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ARTICLES / "russia-pakistan-2019.md", folder / "good.md")
    (folder / "bad-actor.md").write_text(BAD_ACTOR)
    (folder / "no-publisher.md").write_text(NO_PUBLISHER)
    (folder / "binary.md").write_bytes(b"\x00\x01\x02")
    report = ingest(store, [str(folder)], options())
    rejected = {Path(r.source).name: r.problems for r in report.rejected}
    assert sorted(rejected) == ["bad-actor.md", "binary.md", "no-publisher.md"]
    assert "bad-actor.md:6:5: unknown subject 'Atlantis'" in rejected["bad-actor.md"][0]
    assert any("publisher" in p for p in rejected["no-publisher.md"])
    assert report.count(Outcome.NEW) == 1
    with LocalStore.open(store_dir, create=True) as only_good:
        ingest(only_good, [str(folder / "good.md")], options())
        assert article_quads(only_good) == article_quads(store)


def test_without_the_gate_bad_articles_are_stored_and_validate_reports_them(
    store: LocalStore, tmp_path: Path
) -> None:
    (tmp_path / "no-publisher.md").write_text(NO_PUBLISHER)
    report = ingest(store, [str(tmp_path)], options(validate=False))
    assert report.count(Outcome.NEW) == 1 and not report.validated
    result = validate_store(store)
    assert not result.conforms
    # no publisher, and so no one to attribute the claim to (there is no author either)
    assert {r.path for r in result.results} == {
        "https://schema.org/publisher",
        "https://w3id.org/kg-news/ontology#claimedBy",
    }


@pytest.mark.parametrize("batch_size", [1, 3])
def test_batch_size_does_not_change_the_result(store: LocalStore, tmp_path: Path, batch_size: int) -> None:
    ingest(store, [str(ARTICLES)], options())
    with LocalStore.open(tmp_path / "other", create=True) as other:
        ingest(other, [str(ARTICLES)], options(batch_size=batch_size))
        assert set(other.quads()) == set(store.quads())
