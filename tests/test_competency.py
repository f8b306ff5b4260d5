"""Competency questions over data/articles: the queries in data/queries answer them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline import IngestOptions, ingest
from kg.store.local import LocalStore

from .conftest import DATA, FIXED_RUN


@pytest.fixture(scope="module")
def kg_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path_factory.mktemp("cq") / "store", create=True) as store:
        report = ingest(store, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
        assert not report.rejected
        yield store


def rows(store: LocalStore, name: str) -> list[dict[str, str]]:
    result = store.query(Path(DATA / "queries" / name).read_text())
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def test_partners_of_pakistan(kg_store: LocalStore) -> None:
    found = rows(kg_store, "partners-of-pakistan.rq")
    assert {r["partner"] for r in found} == {"Russia"}
    assert {r["title"] for r in found} == {"Russia and Pakistan deepen parliamentary and military ties"}


def test_what_russia_and_pakistan_decided_to_establish(kg_store: LocalStore) -> None:
    found = rows(kg_store, "russia-pakistan-establish.rq")
    assert [r["institution"] for r in found] == ["High-Level Inter-Parliamentary Commission"]
    assert found[0]["decidedBy"] == "Russia" and found[0]["jointlyWith"] == "Pakistan"
    assert "Inter-Parliamentary Commission" in found[0]["quote"]


def test_where_putin_and_khan_met(kg_store: LocalStore) -> None:
    found = rows(kg_store, "putin-khan-meeting.rq")
    assert len(found) == 1
    assert found[0]["place"] == "Bishkek"
    assert found[0]["event"] == "SCO Summit 2019 (Bishkek)"
    assert found[0]["date"].startswith("2019-06")


def test_russia_pakistan_military_claims(kg_store: LocalStore) -> None:
    found = rows(kg_store, "russia-pakistan-military.rq")
    relations = {(r["relation"], r["modality"]) for r in found}
    assert ("military cooperation", "asserted") in relations
    assert ("arms transfer", "hypothetical") in relations
    for r in found:
        assert 0 <= float(r["confidence"]) <= 1 and r["quote"]


@pytest.mark.parametrize("query", sorted(p.name for p in (DATA / "queries").glob("*.rq")))
def test_every_example_query_runs_and_answers(kg_store: LocalStore, query: str) -> None:
    assert rows(kg_store, query)
