"""Model to RDF: one article's analysis becomes the quads of its named graph. Pure: no I/O.

What one article graph holds (see the README for a worked example):

- the article (``kg:Article``): title, date, author(s), publisher, URL, keywords, text, content hash;
- every entity it references (actors, places, the states they belong to) with ``skos:prefLabel``,
  ``skos:altLabel``, ISO 3166 code and ``kg:country``; the events claims happened at;
- one ``kg:Claim`` per asserted relation, with its ``kg:Evidence`` span, CAMEO event type,
  modality, confidence, ``kg:claimedBy`` and ``kg:extractedBy``;
- for claims with modality *asserted*, the direct triple (subject relation object), in both
  directions for symmetric relations, and for each joint participant;
- the ingestion run (``kg:IngestionRun``, a ``prov:Activity``) that wrote the graph.

No blank nodes: every node has an IRI from :class:`kg.iris.IriScheme`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.iris import IriScheme, slug
from kg.model import Article, ArticleAnalysis, Claim, Entity, Event, PartialDate
from kg.vocab import CAMEO, DCTERMS, KG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, modality_term

#: Bumped whenever the mapping changes what it writes: re-ingest then replaces every article.
MAPPING_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Run:
    """An ingestion run: the PROV activity that writes article graphs."""

    id: str
    started: datetime
    version: str = __version__

    @classmethod
    def start(cls, now: datetime | None = None) -> Run:
        started = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        return cls(f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}", started)


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """The named graph of one article, ready to store."""

    graph: ox.NamedNode
    article: ox.NamedNode
    fingerprint: str
    quads: list[ox.Quad]
    claims: int


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("source", "position")
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def fingerprint(article: Article, *, salt: str = "") -> str:
    """SHA-256 of the article's content (not where it was read from) and of how kg maps it.

    ``salt`` carries what else changes the graph: the base IRI, the extractor's version.
    """
    payload = json.dumps([MAPPING_VERSION, salt, _plain(article)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_id(article: Article, iris: IriScheme) -> str:
    return iris.article_id(
        url=article.url,
        title=article.title,
        publisher=article.publisher,
        date=article.date.isoformat() if article.date else None,
    )


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _typed(value: str, datatype: ox.NamedNode) -> ox.Literal:
    return ox.Literal(value, datatype=datatype)


def _decimal(value: Decimal) -> ox.Literal:
    """Canonical ``xsd:decimal`` as Oxigraph stores it: ``1``, ``0.85`` (no trailing zeros)."""
    return _typed(format(value.normalize(), "f"), XSD.decimal)


def date_literal(value: PartialDate) -> ox.Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``, as precise as the date is known."""
    if value.day:
        return _typed(str(value), XSD.date)
    if value.month:
        return _typed(str(value), XSD.gYearMonth)
    return _typed(str(value), XSD.gYear)


class _GraphBuilder:
    def __init__(self, graph: ox.NamedNode, iris: IriScheme) -> None:
        self.graph = graph
        self.iris = iris
        self.quads: dict[ox.Quad, None] = {}
        self._described: set[str] = set()

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads[ox.Quad(s, p, o, self.graph)] = None

    def entity(self, entity: Entity) -> ox.NamedNode:
        node = self.iris.entity(entity.key)
        if entity.key in self._described:
            return node
        self._described.add(entity.key)
        self.add(node, RDF.type, KG[entity.kind])
        self.add(node, SKOS.prefLabel, _string(entity.label))
        for alias in entity.aliases:
            if alias != entity.label:
                self.add(node, SKOS.altLabel, _string(alias))
        if entity.iso3 and entity.kind == "Country":
            self.add(node, KG.iso3166Alpha3, _string(entity.iso3))
        if entity.country is not None and entity.country.key != entity.key:
            self.add(node, KG.country, self.entity(entity.country))
        return node

    def event(self, event: Event) -> ox.NamedNode:
        node = self.iris.event(event.key)
        if f"event:{event.key}" in self._described:
            return node
        self._described.add(f"event:{event.key}")
        self.add(node, RDF.type, KG[event.kind])
        self.add(node, SKOS.prefLabel, _string(event.label))
        if event.date:
            self.add(node, KG.date, date_literal(event.date))
        if event.place:
            self.add(node, KG.place, self.entity(event.place))
        return node


def _article(b: _GraphBuilder, node: ox.NamedNode, article: Article, fp: str) -> list[ox.NamedNode]:
    b.add(node, RDF.type, KG.Article)
    if article.title:
        b.add(node, DCTERMS.title, _string(article.title))
    if article.date:
        b.add(node, SCHEMA.datePublished, _typed(article.date.isoformat(), XSD.date))
    authors = [b.entity(Entity(slug(name), "Person", name)) for name in article.authors]
    for author in authors:
        b.add(node, SCHEMA.author, author)
    publisher = None
    if article.publisher:
        publisher = b.entity(Entity(slug(article.publisher), "Publisher", article.publisher))
        b.add(node, SCHEMA.publisher, publisher)
    if article.originally_published_in:
        name = article.originally_published_in
        b.add(node, KG.originallyPublishedIn, b.entity(Entity(slug(name), "Publisher", name)))
    if article.url:
        b.add(node, SCHEMA.url, _typed(article.url, XSD.anyURI))
    if article.language:
        b.add(node, SCHEMA.inLanguage, _string(article.language))
    for tag in article.tags:
        b.add(node, SCHEMA.keywords, _string(tag))
    for region in article.regions:
        b.add(node, KG.region, _string(region))
    for theme in article.themes:
        b.add(node, KG.theme, _string(theme))
    if article.text:
        b.add(node, SCHEMA.articleBody, _string(article.text))
    b.add(node, KG.contentHash, _string(fp))
    return authors or ([publisher] if publisher else [])


def _claim(
    b: _GraphBuilder,
    article_node: ox.NamedNode,
    art_id: str,
    claim: Claim,
    authors: list[ox.NamedNode],
    run: ox.NamedNode,
) -> None:
    ev = claim.evidence
    claim_id = b.iris.claim_id(
        art_id, claim.subject.key, claim.relation.name, claim.object.key, ev.begin, ev.end
    )
    node = b.iris.claim(claim_id)
    subject, obj = b.entity(claim.subject), b.entity(claim.object)
    b.add(node, RDF.type, KG.Claim)
    b.add(node, KG.subject, subject)
    b.add(node, KG.relation, claim.relation.term)
    b.add(node, KG.object, obj)
    if claim.cameo:
        b.add(node, KG.cameoEvent, CAMEO[claim.cameo])
    b.add(node, KG.confidence, _decimal(claim.confidence))
    b.add(node, KG.modality, modality_term(claim.modality))
    b.add(node, KG.sourceArticle, article_node)
    for speaker in [b.entity(claim.claimed_by)] if claim.claimed_by else authors:
        b.add(node, KG.claimedBy, speaker)
    b.add(node, KG.extractedBy, KG.curated if claim.curated else run)
    if claim.method:
        b.add(node, KG.extractionMethod, _string(claim.method))
    if claim.date:
        b.add(node, KG.date, date_literal(claim.date))
    if claim.time_text:
        b.add(node, KG.timeText, _string(claim.time_text))
    if claim.place:
        b.add(node, KG.place, b.entity(claim.place))
    if claim.event:
        b.add(node, KG.event, b.event(claim.event))
    partners = [b.entity(p) for p in claim.jointly_with]
    for partner in partners:
        b.add(node, KG.jointlyWith, partner)
    for n, span in enumerate((ev, *claim.more_evidence)):
        evidence = b.iris.evidence(claim_id if n == 0 else f"{claim_id}-{n + 1}")
        b.add(node, KG.evidence, evidence)
        b.add(evidence, RDF.type, KG.Evidence)
        b.add(evidence, KG.sourceArticle, article_node)
        b.add(evidence, KG.begin, _typed(str(span.begin), XSD.integer))
        b.add(evidence, KG.end, _typed(str(span.end), XSD.integer))
        b.add(evidence, KG.quote, _string(span.quote))
    if claim.modality == "asserted":
        for actor in (subject, *partners):
            if actor != obj:
                b.add(actor, claim.relation.term, obj)
                if claim.relation.symmetric:
                    b.add(obj, claim.relation.term, actor)


def _run(b: _GraphBuilder, run: Run, article_node: ox.NamedNode) -> ox.NamedNode:
    node = b.iris.run(run.id)
    b.add(node, RDF.type, KG.IngestionRun)
    b.add(node, RDFS.label, _string(f"kg ingest run {run.id}"))
    b.add(node, PROV.startedAtTime, _typed(run.started.isoformat().replace("+00:00", "Z"), XSD.dateTime))
    b.add(node, KG.softwareVersion, _string(run.version))
    b.add(node, PROV.used, article_node)
    return node


def map_article(analysis: ArticleAnalysis, iris: IriScheme, run: Run) -> ArticleGraph:
    """The named graph of one analysed article."""
    art_id = article_id(analysis.article, iris)
    graph, node = iris.graph(art_id), iris.article(art_id)
    b = _GraphBuilder(graph, iris)
    authors = _article(b, node, analysis.article, analysis.fingerprint)
    run_node = _run(b, run, node)
    for claim in analysis.claims:
        _claim(b, node, art_id, claim, authors, run_node)
    return ArticleGraph(graph, node, analysis.fingerprint, list(b.quads), len(analysis.claims))


def triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of some quads, graph names dropped (for Turtle and N-Triples)."""
    return [q.triple for q in quads]
