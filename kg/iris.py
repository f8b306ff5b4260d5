"""Deterministic IRIs for everything kg writes.

All data IRIs live under one base IRI (default :data:`DEFAULT_BASE`; set ``--base-iri`` or
``KG_BASE_IRI`` to a namespace you control). The same input always gives the same IRIs:

======================  ===========================================================
article                 ``{base}article/{id}``: id = first 16 hex digits of SHA-256 of the
                        article's normalised URL, or of its title, publisher and date when
                        it has no URL
article's named graph   ``{base}graph/{id}`` (same id)
actor or place          ``{base}entity/{key}``: key = ISO 3166 alpha-3 code for states
                        (``RUS``), else the normalised name (``vladimir-putin``)
event                   ``{base}event/{key}``
claim                   ``{base}claim/{hash}``: hash of (article, subject, relation, object,
                        evidence span)
evidence                ``{base}evidence/{hash}`` (same hash as its claim)
ingestion run           ``{base}run/{UTC time}-{random}`` (a run is an event in time)
======================  ===========================================================

>>> iris = IriScheme("https://data.example.org/kg/")
>>> iris.entity("RUS").value
'https://data.example.org/kg/entity/RUS'
>>> iris.article_id(url="https://News.example.org/a#top") == iris.article_id(url="https://news.example.org/a")
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import UsageError
from kg.vocab import normalise_name

DEFAULT_BASE = "https://kg.example/"


def slug(name: str) -> str:
    """The normalised-name key of an entity: ``"Imran Khan"`` -> ``"imran-khan"``."""
    return normalise_name(name).replace(" ", "-") or "unnamed"


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no default port: one URL, one article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def user_iri(text: str, what: str = "IRI") -> ox.NamedNode:
    """An IRI a user gave (a graph name, say), checked: an absolute IRI, else a :class:`UsageError`
    (exit code 2) that says what is wrong with it.

    >>> user_iri("https://kg.example/graph/1").value
    'https://kg.example/graph/1'
    >>> user_iri("not an iri", "graph")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: graph 'not an iri' is not an absolute IRI
    """
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        raise UsageError(
            f"{what} {text!r} is not an absolute IRI", hint="an IRI starts with a scheme: https://..."
        )
    try:
        return ox.NamedNode(text)
    except ValueError as err:
        raise UsageError(f"{what} {text!r} is not a valid IRI: {err}") from None


def _digest(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class IriScheme:
    """Mints the IRIs of articles, graphs, entities, events, claims and runs under ``base``."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S*[/#:]$", self.base):
            raise UsageError(
                f"base IRI {self.base!r} must be an absolute IRI ending in '/', '#' or ':'",
                hint="for example https://data.example.org/kg/",
            )
        try:
            ox.NamedNode(self.base)
        except ValueError as err:
            raise UsageError(f"base IRI {self.base!r} is not a valid IRI: {err}") from None

    def _iri(self, kind: str, key: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}{kind}/{quote(key, safe='-._~')}")

    def article_id(
        self,
        *,
        url: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        date: str | None = None,
    ) -> str:
        """The id shared by an article and its graph: from its URL, else title + publisher + date."""
        if url:
            return _digest("url", normalise_url(url))
        return _digest("meta", normalise_name(title or ""), normalise_name(publisher or ""), date or "")

    def article(self, article_id: str) -> ox.NamedNode:
        return self._iri("article", article_id)

    def graph(self, article_id: str) -> ox.NamedNode:
        return self._iri("graph", article_id)

    def entity(self, key: str) -> ox.NamedNode:
        return self._iri("entity", key)

    def event(self, key: str) -> ox.NamedNode:
        return self._iri("event", key)

    def claim_id(self, article_id: str, subject: str, relation: str, obj: str, begin: int, end: int) -> str:
        return _digest("claim", article_id, subject, relation, obj, str(begin), str(end), length=20)

    def claim(self, claim_id: str) -> ox.NamedNode:
        return self._iri("claim", claim_id)

    def evidence(self, claim_id: str) -> ox.NamedNode:
        return self._iri("evidence", claim_id)

    def run(self, run_id: str) -> ox.NamedNode:
        return self._iri("run", run_id)

    def is_article_graph(self, graph: str) -> bool:
        return graph.startswith(f"{self.base}graph/")
