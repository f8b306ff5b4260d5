"""IRIs are deterministic and configurable; formats come from a flag, a suffix, or an error."""

from __future__ import annotations

import pytest

from kg.errors import UsageError
from kg.formats import RdfFormat, ResultsFormat
from kg.iris import IriScheme, normalise_url, slug


def test_article_ids_are_deterministic() -> None:
    iris = IriScheme()
    a = iris.article_id(url="https://News.Example.org:443/a?x=1#frag")
    assert a == iris.article_id(url="https://news.example.org/a?x=1")
    assert a != iris.article_id(url="https://news.example.org/a?x=2")
    meta = iris.article_id(title="Talks", publisher="Daily Post", date="2021-03-03")
    assert meta == iris.article_id(title="talks ", publisher="DAILY POST", date="2021-03-03")
    assert len(a) == len(meta) == 16


def test_ids_follow_the_recipe_the_readme_gives() -> None:
    import hashlib

    def sha(*parts: str, length: int) -> str:
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]

    iris = IriScheme()
    assert iris.article_id(url="HTTPS://News.Example.org:443/a#f") == sha(
        "url", "https://news.example.org/a", length=16
    )
    assert iris.article_id(title="Talks", publisher="Daily Post", date="2021-03-03") == sha(
        "meta", "talks", "daily post", "2021-03-03", length=16
    )
    assert iris.claim_id("a1", "RUS", "meets", "PAK", 0, 10) == sha(
        "claim", "a1", "RUS", "meets", "PAK", "0", "10", length=20
    )


def test_entity_and_claim_iris() -> None:
    iris = IriScheme("https://data.example.org/kg/")
    assert iris.entity("RUS").value == "https://data.example.org/kg/entity/RUS"
    assert iris.entity(slug("Imran Khan")).value.endswith("/entity/imran-khan")
    assert slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    c1 = iris.claim_id("a1", "RUS", "meets", "PAK", 0, 10)
    assert c1 == iris.claim_id("a1", "RUS", "meets", "PAK", 0, 10)
    assert c1 != iris.claim_id("a1", "RUS", "meets", "PAK", 0, 11)


@pytest.mark.parametrize("bad", ["kg.example", "https://kg.example/no-separator", "not an iri/"])
def test_base_iri_must_be_absolute_and_end_with_a_separator(bad: str) -> None:
    with pytest.raises(UsageError):
        IriScheme(bad)


def test_normalise_url() -> None:
    assert normalise_url("HTTP://Example.ORG:80") == "http://example.org/"


def test_format_choice() -> None:
    assert RdfFormat.choose("nt", "out.ttl") is RdfFormat.NTRIPLES  # the flag wins
    assert RdfFormat.choose(None, "out.trig") is RdfFormat.TRIG
    assert RdfFormat.choose(None, "out.nq.gz") is RdfFormat.NQUADS
    with pytest.raises(UsageError, match="suffix"):
        RdfFormat.choose(None, "out.data")
    with pytest.raises(UsageError, match="standard output"):
        RdfFormat.choose(None, "-")
    with pytest.raises(UsageError, match="unknown RDF format"):
        RdfFormat.parse("yaml")
    assert RdfFormat.JSONLD.media_type == "application/ld+json"
    assert ResultsFormat.XML.media_type == "application/sparql-results+xml"
    assert ResultsFormat.CSV.media_type == "text/csv"
    assert (
        ResultsFormat.from_media_type("application/sparql-results+json; charset=utf-8") is ResultsFormat.JSON
    )
