"""Shared fixtures: real stores in temp folders, the shared data folder, a fixed ingestion run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.mapping import Run
from kg.model import Article, ArticleAnalysis, Claim, Entity, Event, Evidence, PartialDate, Position
from kg.store.local import LocalStore
from kg.vocab import relations

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXED_RUN = Run("20240101T000000Z-000000", datetime(2024, 1, 1, tzinfo=UTC), "0.0.0-test")


def shared_dir() -> Path:
    """``../shared`` beside the repository (or ``$KG_SHARED``); tests that need it fail without it."""
    path = Path(os.environ.get("KG_SHARED", REPO.parent / "shared"))
    if not path.is_dir():
        pytest.fail(f"the shared data folder is missing at {path}; set KG_SHARED to its location")
    return path


@pytest.fixture
def shared() -> Path:
    return shared_dir()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path / "store", create=True) as s:
        yield s


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store folder for CLI tests, also set as KG_STORE so commands find it."""
    path = tmp_path / "cli-store"
    monkeypatch.setenv("KG_STORE", str(path))
    monkeypatch.delenv("KG_BASE_IRI", raising=False)
    return path


def country(iso3: str, label: str) -> Entity:
    return Entity(iso3, "Country", label, iso3=iso3)


RUSSIA = country("RUS", "Russia")
PAKISTAN = country("PAK", "Pakistan")
KYRGYZSTAN = country("KGZ", "Kyrgyzstan")
PUTIN = Entity("vladimir-putin", "Person", "Vladimir Putin", ("President Putin",), country=RUSSIA)
KHAN = Entity("imran-khan", "Person", "Imran Khan", country=PAKISTAN)
BISHKEK = Entity("bishkek", "City", "Bishkek", country=KYRGYZSTAN)

SAMPLE_TEXT = (
    "Russia and Pakistan have a strategic partnership. "
    "President Putin met Imran Khan at the summit in Bishkek."
)


def sample_analysis() -> ArticleAnalysis:
    """A small article with two claims, built without readers or the gazetteer."""
    rels = relations()
    article = Article(
        source=Position("sample.md"),
        title="Sample",
        text=SAMPLE_TEXT,
        date=datetime(2019, 7, 9).date(),
        authors=("Ann Lee",),
        publisher="Daily Post",
        url="https://news.example.org/sample",
    )
    quote1 = "Russia and Pakistan have a strategic partnership"
    b2 = SAMPLE_TEXT.index("President Putin")
    quote2 = SAMPLE_TEXT[b2 : SAMPLE_TEXT.index(" at the summit")]
    claims = (
        Claim(
            RUSSIA,
            rels["strategicPartnerOf"],
            PAKISTAN,
            Evidence(0, len(quote1), quote1),
            cameo="050",
            curated=True,
        ),
        Claim(
            PUTIN,
            rels["meets"],
            KHAN,
            Evidence(b2, b2 + len(quote2), quote2),
            cameo="044",
            confidence=Decimal("0.85"),
            method="pattern",
            place=BISHKEK,
            event=Event("sco-summit-2019", "Summit", "SCO Summit 2019", PartialDate(2019, 6, 14), BISHKEK),
            date=PartialDate(2019, 6),
        ),
    )
    return ArticleAnalysis(article, claims, "0" * 64)


# Real SPARQL servers (Oxigraph, Virtuoso) and a fault-injecting proxy, for the remote-store tests.
pytest_plugins = ["tests.servers"]


@pytest.fixture(autouse=True)
def _no_remote_store_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the embedded store unless they name a remote one (a developer's KG_ENDPOINT or
    KG_PASSWORD must not leak into them)."""
    for name in ("KG_ENDPOINT", "KG_PROFILE", "KG_SERVER", "KG_UPDATE_URL", "KG_GSP_URL", "KG_AUTH"):
        monkeypatch.delenv(name, raising=False)
    for name in ("KG_USER", "KG_PASSWORD", "KG_TOKEN", "KG_CONFIG", "KG_TIMEOUT", "KG_RETRIES"):
        monkeypatch.delenv(name, raising=False)
