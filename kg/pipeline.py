"""The pipeline: read -> resolve/extract claims -> map to RDF -> validate -> store; and the read side.

One function per thing a user does; the CLI and Python callers use the same functions::

    from kg.pipeline import IngestOptions, ingest, open_store

    with open_store("kg-store", create=True) as store:
        report = ingest(store, ["data/articles"], IngestOptions())
        print(report.count(Outcome.NEW), "new articles")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.curation import resolve_claims
from kg.entities import GazetteerEntities
from kg.errors import ArticleError, InputError, KgError
from kg.formats import RdfFormat
from kg.iris import DEFAULT_BASE, IriScheme
from kg.mapping import ArticleGraph, Run, article_id, fingerprint, map_article
from kg.model import Article, ArticleAnalysis, ArticleResult, IngestReport, Outcome
from kg.rdffiles import read_quads
from kg.readers import InputKind, read_sources
from kg.store.base import QueryResult, Store
from kg.store.profiles import Prompt, RemoteOptions
from kg.validation import Engine, Severity, ValidationReport, Validator
from kg.vocab import VOCABULARY_GRAPH

if TYPE_CHECKING:
    from kg.store.push import PushOptions, PushReport, Unit

DEFAULT_STORE = "kg-store"


def store_location(explicit: str | None = None) -> str:
    """The store folder: explicit, else ``$KG_STORE``, else ``./kg-store``."""
    return explicit or os.environ.get("KG_STORE") or DEFAULT_STORE


def open_store(
    location: str | None = None,
    *,
    create: bool = False,
    remote: RemoteOptions | None = None,
    prompt: Prompt | None = None,
) -> Store:
    """Open the store: the remote one ``remote`` names (``--endpoint``/``--profile``), else the
    embedded store at ``location`` (see :func:`store_location`).

    ``prompt(question, secret)`` asks for credentials when a remote server wants some and none
    are in ``KG_USER``/``KG_PASSWORD``/``KG_TOKEN`` (``None``: nobody to ask).
    """
    from kg.store.profiles import resolve_endpoint

    endpoint = resolve_endpoint(remote) if remote is not None else None
    if endpoint is not None:
        from kg.store.remote import RemoteStore

        return RemoteStore.open(endpoint, prompt=prompt)
    from kg.store.local import LocalStore

    return LocalStore.open(store_location(location), create=create)


# --------------------------------------------------------------------------------------------
# Ingest
# --------------------------------------------------------------------------------------------


@dataclass
class IngestOptions:
    """How to ingest. ``base_iri`` defaults to ``$KG_BASE_IRI`` or :data:`kg.iris.DEFAULT_BASE`."""

    base_iri: str = field(default_factory=lambda: os.environ.get("KG_BASE_IRI") or DEFAULT_BASE)
    validate: bool = True
    extract: bool = True
    batch_size: int = 50
    input_kind: InputKind | None = None
    run: Run | None = None
    #: The engine of the SHACL gate: kg's SPARQL engine, or pySHACL (slower; for comparison).
    validation_engine: Engine = Engine.SPARQL


class Analyser:
    """Claims of an article: curated ones resolved, extracted ones found; a curated claim wins
    when both state the same relation."""

    def __init__(
        self, entities: GazetteerEntities | None = None, *, extract: bool = True, base_iri: str = DEFAULT_BASE
    ) -> None:
        from kg.extract import Extractor

        self.entities = entities or GazetteerEntities()
        self.extractor = Extractor(self.entities) if extract else None
        self.salt = base_iri + (f" extractor {self.extractor.version}" if self.extractor else " curated only")

    def fingerprint(self, article: Article) -> str:
        return fingerprint(article, salt=self.salt)

    def analyse(self, article: Article, fp: str | None = None) -> ArticleAnalysis:
        """Raises :class:`ArticleError` when a curated claim cannot be resolved."""
        curated = resolve_claims(article, self.entities)
        claims = list(curated)
        if self.extractor is not None:
            stated = {c.same_relation_key for c in curated}
            claims += [c for c in self.extractor.claims(article) if c.same_relation_key not in stated]
        return ArticleAnalysis(article, tuple(claims), fp or self.fingerprint(article))


def analyse(
    article: Article,
    entities: GazetteerEntities | None = None,
    *,
    extract: bool = True,
    base_iri: str = DEFAULT_BASE,
) -> ArticleAnalysis:
    """The claims of one article, ready to map (see :class:`Analyser`)."""
    return Analyser(entities, extract=extract, base_iri=base_iri).analyse(article)


def _batches(items: Iterable[Article | ArticleError], size: int) -> Iterator[list[Article | ArticleError]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _problems(report: ValidationReport, graph: str) -> tuple[str, ...]:
    return tuple(
        f"{r.message or r.component} (focus {r.focus}"
        + (f", path {r.path}" if r.path else "")
        + (f", value {r.value}" if r.value else "")
        + ")"
        for r in report.for_graph(graph)
    )


class _Ingest:
    def __init__(
        self,
        store: Store,
        options: IngestOptions,
        entities: GazetteerEntities,
        on_result: Callable[[ArticleResult], None] | None,
    ) -> None:
        self.store = store
        self.options = options
        self.iris = IriScheme(options.base_iri)
        self.run = options.run or Run.start()
        self.analyser = Analyser(entities, extract=options.extract, base_iri=self.iris.base)
        self.validator = Validator(engine=options.validation_engine) if options.validate else None
        self.on_result = on_result
        self.report = IngestReport(run=self.iris.run(self.run.id).value, validated=options.validate)
        self.written: dict[str, str] = {}  # graph -> fingerprint written earlier in this run

    def emit(self, result: ArticleResult) -> None:
        self.report.results.append(result)
        if self.on_result:
            self.on_result(result)

    def batch(self, items: list[Article | ArticleError]) -> None:
        articles = []
        for item in items:
            if isinstance(item, ArticleError):
                self.emit(ArticleResult(item.source or "?", Outcome.REJECTED, problems=(str(item),)))
            else:
                articles.append(item)
        graphs = [self.iris.graph(article_id(a, self.iris)) for a in articles]
        stored = {**self.store.fingerprints(graphs), **self.written}
        pending: list[tuple[Article, ArticleGraph, Outcome]] = []
        for article, graph in zip(articles, graphs, strict=True):
            fp = self.analyser.fingerprint(article)
            if stored.get(graph.value) == fp:
                self.emit(ArticleResult(str(article.source), Outcome.UNCHANGED, article.title, graph.value))
                continue
            try:
                analysis = self.analyser.analyse(article, fp)
            except ArticleError as err:
                self.emit(
                    ArticleResult(str(article.source), Outcome.REJECTED, article.title, problems=(str(err),))
                )
                continue
            outcome = Outcome.REPLACED if graph.value in stored else Outcome.NEW
            pending.append((article, map_article(analysis, self.iris, self.run), outcome))
            stored[graph.value] = fp
        accepted = self._validated(pending)
        self.store.write_graphs([g for _, g, _ in accepted])
        for article, g, outcome in accepted:
            self.written[g.graph.value] = g.fingerprint
            self.emit(
                ArticleResult(
                    str(article.source), outcome, article.title, g.graph.value, g.claims, len(g.quads)
                )
            )

    def _validated(
        self, pending: list[tuple[Article, ArticleGraph, Outcome]]
    ) -> list[tuple[Article, ArticleGraph, Outcome]]:
        if self.validator is None or not pending:
            return pending
        found = self.validator.validate_graphs({g.graph.value: g.quads for _, g, _ in pending})
        # Violations reject an article; warnings and infos do not (kg validate reports them).
        report = ValidationReport([r for r in found.results if r.severity is Severity.VIOLATION])
        accepted = []
        for article, g, outcome in pending:
            problems = _problems(report, g.graph.value)
            if problems:
                self.emit(
                    ArticleResult(
                        str(article.source),
                        Outcome.REJECTED,
                        article.title,
                        problems=("does not conform to the shapes:", *problems),
                    )
                )
            else:
                accepted.append((article, g, outcome))
        return accepted


def ingest(
    store: Store,
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    entities: GazetteerEntities | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
) -> IngestReport:
    """Ingest articles from files, folders, URLs or ``-`` (``stdin``) into ``store``.

    Unchanged articles (same content hash) are skipped; changed ones replace their graph; articles
    that cannot be read, resolved or validated are rejected and nothing of them is written. Each
    batch of articles is written in one transaction.
    """
    options = options or IngestOptions()
    job = _Ingest(store, options, entities or GazetteerEntities(), on_result)
    store.ensure_vocabulary()
    items = read_sources(sources, stdin=stdin, kind=options.input_kind)
    for batch in _batches(items, max(1, options.batch_size)):
        job.batch(batch)
    return job.report


@dataclass(frozen=True)
class Extraction:
    """What ingest would store for one article: its claims and its graph."""

    analysis: ArticleAnalysis
    graph: ArticleGraph


def extract(
    sources: Sequence[str],
    *,
    extract: bool = True,
    base_iri: str | None = None,
    stdin: IO[bytes] | None = None,
    input_kind: InputKind | None = None,
) -> tuple[list[Extraction], list[ArticleError]]:
    """What ingest would store for ``sources``, without touching a store."""
    iris = IriScheme(base_iri or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE)
    analyser = Analyser(extract=extract, base_iri=iris.base)
    run = Run.start()
    found: list[Extraction] = []
    errors: list[ArticleError] = []
    for item in read_sources(sources, stdin=stdin, kind=input_kind):
        if isinstance(item, ArticleError):
            errors.append(item)
            continue
        try:
            analysis = analyser.analyse(item)
        except ArticleError as err:
            errors.append(err)
            continue
        found.append(Extraction(analysis, map_article(analysis, iris, run)))
    return found, errors


# --------------------------------------------------------------------------------------------
# Read side: query, export, validate, stats
# --------------------------------------------------------------------------------------------


def query(store: Store, sparql: str, *, union: bool = True, update: bool = False) -> QueryResult | None:
    """Run a SPARQL query (or, with ``update``, an update, returning ``None``)."""
    if update:
        store.update(sparql)
        return None
    return store.query(sparql, union=union)


def export(
    store: Store, out: BinaryIO, fmt: RdfFormat, *, graph: str | None = None, vocabulary: bool = True
) -> int:
    """Serialise the store (or one graph) to ``out``; the number of triples or quads written."""
    target = None
    if graph is not None:
        target = ox.NamedNode(graph)
        if graph not in store.graph_names():
            raise KgError(
                f"no graph {graph} in the store at {store.location}",
                hint="list graphs with: kg query 'SELECT DISTINCT ?g { GRAPH ?g {} }'",
            )
    return store.export(out, fmt, graph=target, vocabulary=vocabulary)


# --------------------------------------------------------------------------------------------
# Push: copy the embedded store or RDF files into a remote store
# --------------------------------------------------------------------------------------------


def push(
    remote: Store,
    *,
    source: Store | None = None,
    files: Sequence[str] = (),
    options: PushOptions | None = None,
    fmt: RdfFormat | None = None,
    stdin: IO[bytes] | None = None,
) -> PushReport:
    """Copy ``source`` (a store) or RDF ``files`` into the remote store ``remote``, in chunks, then
    count the triples of every target graph on the server (see :mod:`kg.store.push`).

    Each named graph keeps its name, unless ``options.graph`` names one graph for everything (the
    union of the graphs, each triple once) or ``options.default_graph`` is set. Raises
    :class:`kg.store.push.PushError`, with the report of what landed, when the server fails for
    good; a re-run with ``options.replace`` ends with the same content (without it, blank nodes
    would be added again).
    """
    from kg.errors import UsageError
    from kg.store.push import PushOptions, Unit, push_units, quads_unit
    from kg.store.remote import RemoteStore

    options = options or PushOptions()
    if not isinstance(remote, RemoteStore):
        raise UsageError("push copies into a remote store", hint="pass --endpoint URL or --profile NAME")
    if options.graph is not None and options.default_graph:
        raise UsageError("give --graph IRI or --default-graph, not both")
    one = options.graph is not None or options.default_graph
    target = ox.NamedNode(options.graph) if options.graph is not None else None
    units: list[Unit] = []
    if files:
        quads = read_quads(files, fmt=fmt, stdin=stdin)
        if one:
            units.append(quads_unit(target, quads))
        else:
            by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]] = {}
            for q in quads:
                by_graph.setdefault(q.graph_name, []).append(q)
            units.extend(
                quads_unit(g if isinstance(g, ox.NamedNode) else None, qs) for g, qs in by_graph.items()
            )
    elif source is None:
        raise UsageError("nothing to push: give RDF files or a store")
    elif one:
        store = source

        def union(out: BinaryIO, rdf: RdfFormat) -> int:
            return store.export(out, RdfFormat.NTRIPLES, vocabulary=options.vocabulary)

        units.append(Unit(target, union))
    else:
        units.extend(
            _graph_unit(source, g)
            for g in source.graph_names()
            if options.vocabulary or g != VOCABULARY_GRAPH.value
        )
    return push_units(remote, units, options)


def _graph_unit(source: Store, graph: str) -> Unit:
    from kg.store.push import Unit

    name = ox.NamedNode(graph)

    def write(out: BinaryIO, rdf: RdfFormat) -> int:
        return source.export(out, rdf, graph=name)

    return Unit(name, write, packable=True)


def validate_store(store: Store, validator: Validator | None = None) -> ValidationReport:
    """Validate the store: the union of its article graphs, with kg's vocabulary, as one data graph.

    The graphs are copied into memory first: validating an on-disk union of graphs in place is
    far slower (a triple stored in many graphs, like an actor's label, comes back once per graph).
    """
    validator = validator or Validator()
    return validator.validate(q for q in store.quads() if q.graph_name != VOCABULARY_GRAPH)


def validate_files(
    paths: Sequence[str],
    validator: Validator | None = None,
    *,
    fmt: RdfFormat | None = None,
    stdin: IO[bytes] | None = None,
) -> ValidationReport:
    """Validate RDF files a user brings (``-`` for ``stdin``), together as one data graph, against
    kg's shapes (or the validator's). Syntax errors raise :class:`InputError` with a position."""
    validator = validator or Validator()
    return validator.validate_files(paths, fmt=fmt, stdin=stdin)


@dataclass
class Stats:
    """Counts over a store."""

    articles: int = 0
    claims: int = 0
    graphs: int = 0
    quads: int = 0
    triples: int = 0
    actors_by_type: list[tuple[str, int]] = field(default_factory=list)
    claims_by_relation: list[tuple[str, int]] = field(default_factory=list)
    claims_by_cameo_root: list[tuple[str, str, int]] = field(default_factory=list)
    claims_by_modality: list[tuple[str, int]] = field(default_factory=list)


def _rows(store: Store, sparql: str) -> list[list[str]]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return [[term.value if term is not None else "" for term in row] for row in result]


def stats(store: Store) -> Stats:
    """Counts of articles, actors by type, claims by relation, CAMEO root and modality, triples.

    Counts over graphs (named graphs, quads, distinct triples, actors) leave out the graphs a
    server keeps for itself (Virtuoso's); the others count kg's classes and codes, which those
    graphs do not have.
    """
    own = store.own_graphs_filter("?g")
    not_vocab = f"FILTER(?g != {VOCABULARY_GRAPH}) {own}"
    s = Stats()
    s.articles = int(_rows(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a a kg:Article }")[0][0])
    s.claims = int(_rows(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a kg:Claim }")[0][0])
    s.graphs = len(store.graph_names())
    s.quads = int(_rows(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o }} {own} }}")[0][0])
    s.triples = int(
        _rows(
            store,
            f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} {not_vocab} }} }}",
        )[0][0]
    )
    s.actors_by_type = [
        (t.rsplit("#", 1)[-1], int(n))
        for t, n in _rows(
            store,
            f"""
        SELECT ?type (COUNT(DISTINCT ?e) AS ?n) {{
          GRAPH ?g {{ ?e a ?type }} {not_vocab}
          ?type rdfs:subClassOf* kg:Actor .
        }} GROUP BY ?type ORDER BY DESC(?n) ?type""",
        )
    ]
    s.claims_by_relation = [
        (label, int(n))
        for label, n in _rows(
            store,
            """
        SELECT ?label (COUNT(DISTINCT ?c) AS ?n) {
          ?c a kg:Claim ; kg:relation ?r . OPTIONAL { ?r rdfs:label ?l }
          BIND(COALESCE(STR(?l), STR(?r)) AS ?label)
        } GROUP BY ?label ORDER BY DESC(?n) ?label""",
        )
    ]
    s.claims_by_cameo_root = [
        (code, label, int(n))
        for code, label, n in _rows(
            store,
            """
        SELECT ?code ?label (COUNT(DISTINCT ?c) AS ?n) {
          ?c a kg:Claim ; kg:cameoEvent ?e .
          ?e skos:broader* ?root . ?root skos:topConceptOf cameo:scheme ;
             skos:notation ?code ; skos:prefLabel ?label .
        } GROUP BY ?code ?label ORDER BY ?code""",
        )
    ]
    s.claims_by_modality = [
        (m, int(n))
        for m, n in _rows(
            store,
            """
        SELECT ?m (COUNT(DISTINCT ?c) AS ?n) {
          ?c a kg:Claim ; kg:modality ?mod . ?mod skos:notation ?m
        } GROUP BY ?m ORDER BY DESC(?n) ?m""",
        )
    ]
    return s


#: Names kg's own shapes among ``--shapes`` (``--shapes @kg --shapes mine.ttl``: both).
KG_SHAPES = "@kg"


def shapes_paths(paths: Sequence[str]) -> list[Path]:
    """Shape files from files and folders (``*.ttl`` and other RDF suffixes in folders); ``@kg``
    stands for kg's own shapes."""
    from kg.resources import shape_files

    out: list[Path] = []
    for name in paths:
        p = Path(name)
        if name == KG_SHAPES:
            out.extend(shape_files())
        elif p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and RdfFormat.from_suffix(f.name))
            if not found:
                raise InputError("no RDF files (.ttl, .nt, .jsonld, ...) in this shapes folder", source=name)
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(
                "no such shapes file or folder", source=name, hint=f"{KG_SHAPES} names kg's own shapes"
            )
    return list(dict.fromkeys(out))
