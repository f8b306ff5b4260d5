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
from typing import IO, TYPE_CHECKING, BinaryIO, cast

import pyoxigraph as ox

from kg.curation import resolve_claims
from kg.entities import GazetteerEntities
from kg.errors import ArticleError, InputError, Interrupted, UsageError
from kg.formats import RdfFormat
from kg.iris import DEFAULT_BASE, IriScheme, user_iri
from kg.mapping import ArticleGraph, Run, article_id, fingerprint, map_article
from kg.model import Article, ArticleAnalysis, ArticleResult, IngestReport, Outcome
from kg.rdffiles import read_quads
from kg.readers import InputKind, read_sources
from kg.readers import check_sources as check_sources  # for callers: missing paths before a store is made
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


def default_base_iri() -> str:
    """``$KG_BASE_IRI``, else :data:`kg.iris.DEFAULT_BASE`."""
    return os.environ.get("KG_BASE_IRI") or DEFAULT_BASE


@dataclass
class IngestOptions:
    """How to ingest. ``base_iri`` defaults to ``$KG_BASE_IRI`` or :data:`kg.iris.DEFAULT_BASE`."""

    base_iri: str = field(default_factory=default_base_iri)
    validate: bool = True
    extract: bool = True
    batch_size: int = 50
    input_kind: InputKind | None = None
    run: Run | None = None
    #: The engine of the SHACL gate: kg's SPARQL engine, or pySHACL (slower; for comparison).
    validation_engine: Engine = Engine.SPARQL

    def __post_init__(self) -> None:
        IriScheme(self.base_iri)  # a bad base IRI is a usage error before anything is read or written


class Analyser:
    """Claims of an article: curated ones resolved, extracted ones found; a curated claim wins
    when both state the same relation."""

    def __init__(
        self,
        entities: GazetteerEntities | None = None,
        *,
        extract: bool = True,
        base_iri: str = DEFAULT_BASE,
        gated: bool = True,
    ) -> None:
        """``gated``: the graphs will pass the SHACL gate; an article stored without it has another
        fingerprint, so that the next ingest with the gate replaces (and checks) it."""
        from kg.extract import Extractor

        self.entities = entities or GazetteerEntities()
        self.extractor = Extractor(self.entities) if extract else None
        self.salt = base_iri + (f" extractor {self.extractor.version}" if self.extractor else " curated only")
        if not gated:
            self.salt += " not validated"

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
        self.analyser = Analyser(
            entities, extract=options.extract, base_iri=self.iris.base, gated=options.validate
        )
        self.validator = Validator(engine=options.validation_engine) if options.validate else None
        self.on_result = on_result
        self.report = IngestReport(run=self.iris.run(self.run.id).value, validated=options.validate)
        self.seen: dict[str, str] = {}  # graph -> the input that had this article identity first

    def emit(self, result: ArticleResult) -> None:
        self.report.results.append(result)
        if self.on_result:
            self.on_result(result)

    def batch(self, items: list[Article | ArticleError]) -> None:
        """Ingest a batch: one transaction for its new and changed graphs. The results are
        reported once the batch is done, in the order of the inputs."""
        results: dict[int, ArticleResult] = {}
        articles: list[tuple[int, Article]] = []
        for i, item in enumerate(items):
            if isinstance(item, ArticleError):
                results[i] = ArticleResult(
                    item.source or "?", Outcome.REJECTED, problems=(str(item),), hint=item.hint
                )
            else:
                articles.append((i, item))
        graphs = {i: self.iris.graph(article_id(a, self.iris)) for i, a in articles}
        stored = self.store.fingerprints(list(graphs.values()))
        pending: list[tuple[int, Article, ArticleGraph, Outcome]] = []
        for i, article in articles:
            graph = graphs[i]
            first = self.seen.get(graph.value)
            if first is not None:  # an earlier input of this run had the same article identity
                err = _duplicate(article, first)
                results[i] = ArticleResult(
                    str(article.source),
                    Outcome.REJECTED,
                    article.title,
                    problems=(err.message,),
                    hint=err.hint,
                )
                continue
            self.seen[graph.value] = str(article.source)
            fp = self.analyser.fingerprint(article)
            if stored.get(graph.value) == fp:
                results[i] = ArticleResult(str(article.source), Outcome.UNCHANGED, article.title, graph.value)
                continue
            try:
                analysis = self.analyser.analyse(article, fp)
            except ArticleError as err:
                results[i] = ArticleResult(
                    str(article.source), Outcome.REJECTED, article.title, problems=(str(err),), hint=err.hint
                )
                continue
            outcome = Outcome.REPLACED if graph.value in stored else Outcome.NEW
            pending.append((i, article, map_article(analysis, self.iris, self.run), outcome))
        accepted = self._validated(pending, results)
        self.store.write_graphs([g for _, _, g, _ in accepted])
        for i, article, g, outcome in accepted:
            results[i] = ArticleResult(
                str(article.source), outcome, article.title, g.graph.value, g.claims, len(g.quads)
            )
        for i in sorted(results):
            self.emit(results[i])

    def _validated(
        self,
        pending: list[tuple[int, Article, ArticleGraph, Outcome]],
        results: dict[int, ArticleResult],
    ) -> list[tuple[int, Article, ArticleGraph, Outcome]]:
        """The pending graphs that pass the SHACL gate; the others are rejected in ``results``."""
        if self.validator is None or not pending:
            return pending
        failed = _gate(self.validator, [g for _, _, g, _ in pending])
        accepted = []
        for i, article, g, outcome in pending:
            problems = failed.get(g.graph.value)
            if problems:
                results[i] = ArticleResult(
                    str(article.source),
                    Outcome.REJECTED,
                    article.title,
                    problems=problems,
                )
            else:
                accepted.append((i, article, g, outcome))
        return accepted


def _duplicate(article: Article, first: str) -> ArticleError:
    """Why an input is rejected whose article identity an earlier input of the same run had."""
    same = "url" if article.url else "title, publisher and date"
    return ArticleError(
        f"the same article as {first} (the same {same}, so the same graph): "
        "kg stores one graph per article, the first one read",
        source=article.source.source,
        line=article.source.line,
        column=article.source.column,
        hint="give the articles different urls or titles, or ingest only one of them",
    )


def _gate(validator: Validator, graphs: Sequence[ArticleGraph]) -> dict[str, tuple[str, ...]]:
    """The SHACL gate: for each graph with violations, why it is rejected (a heading, then one line
    a violation). Warnings and infos do not reject an article (kg validate reports them)."""
    if not graphs:
        return {}
    found = validator.validate_graphs({g.graph.value: g.quads for g in graphs})
    report = ValidationReport([r for r in found.results if r.severity is Severity.VIOLATION])
    problems = {g.graph.value: _problems(report, g.graph.value) for g in graphs}
    return {graph: ("does not conform to the shapes:", *found) for graph, found in problems.items() if found}


def ingest(
    store: Store,
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    entities: GazetteerEntities | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest articles from files, folders, URLs or ``-`` (``stdin``) into ``store``.

    Unchanged articles (same content hash) are skipped; changed ones replace their graph; articles
    that cannot be read, resolved or validated are rejected and nothing of them is written. Each
    batch of articles is written in one transaction. A file or folder of ``sources`` that does not
    exist raises :class:`~kg.errors.InputError` before anything is read or written; Ctrl-C raises
    :class:`~kg.errors.Interrupted` (the batches written stay).
    """
    options = options or IngestOptions()
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    # missing paths: InputError
    items = read_sources(sources, stdin=stdin, kind=options.input_kind, on_warning=warn)
    job = _Ingest(store, options, entities or GazetteerEntities(), on_result)
    job.report.warnings = warnings
    store.ensure_vocabulary()
    try:
        for batch in _batches(items, max(1, options.batch_size)):
            job.batch(batch)
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; the batches already written stay, the one being written was not stored"
        ) from None
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
    validate: bool = True,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[list[Extraction], list[ArticleError]]:
    """What ingest would store for ``sources``, without touching a store: the articles ingest
    would accept, and why it would reject the others (in the order of the inputs), by the same
    rules: an input that is not an article, a second input with an article identity already read,
    and (with ``validate``) a graph that fails the SHACL gate. A missing file or folder raises
    :class:`~kg.errors.InputError`, as for :func:`ingest`."""
    iris = IriScheme(base_iri if base_iri is not None else default_base_iri())
    analyser = Analyser(extract=extract, base_iri=iris.base)
    run = Run.start()
    outcomes: list[Extraction | ArticleError] = []
    seen: dict[str, str] = {}
    for item in read_sources(sources, stdin=stdin, kind=input_kind, on_warning=on_warning):
        if isinstance(item, ArticleError):
            outcomes.append(item)
            continue
        graph = iris.graph(article_id(item, iris)).value
        if graph in seen:
            outcomes.append(_duplicate(item, seen[graph]))
            continue
        seen[graph] = str(item.source)
        try:
            analysis = analyser.analyse(item)
        except ArticleError as err:
            outcomes.append(err)
            continue
        outcomes.append(Extraction(analysis, map_article(analysis, iris, run)))
    found = [o for o in outcomes if isinstance(o, Extraction)]
    failed = _gate(Validator(), [e.graph for e in found]) if validate else {}
    for n, outcome in enumerate(outcomes):
        if isinstance(outcome, Extraction) and outcome.graph.graph.value in failed:
            where = outcome.analysis.article.source
            outcomes[n] = ArticleError(
                "\n    ".join(failed[outcome.graph.graph.value]),
                source=where.source,
                line=where.line,
                column=where.column,
                hint="kg ingest rejects it; kg extract --no-validate shows it anyway",
            )
    return (
        [o for o in outcomes if isinstance(o, Extraction)],
        [o for o in outcomes if isinstance(o, ArticleError)],
    )


# --------------------------------------------------------------------------------------------
# Read side: query, export, validate, stats
# --------------------------------------------------------------------------------------------


def read_query(
    argument: str | None,
    query_file: str | None = None,
    *,
    stdin: IO[bytes] | None = None,
    interactive: bool = True,
) -> str:
    """The text of a SPARQL query: the ``argument``, else the file ``query_file``, else ``stdin``
    (``-`` for either, or neither given and standard input not ``interactive``, a terminal).

    The text must be UTF-8: a file or standard input that is not is an :class:`InputError`
    (unreadable input, exit code 3) naming it and where the first bad byte is.
    """

    if argument and query_file:
        raise UsageError("give the query either as an argument or with -q, not both")
    if query_file == "-" or argument == "-" or (argument is None and query_file is None and not interactive):
        if stdin is None:
            raise UsageError("no query given, and no standard input to read it from")
        return _query_text(stdin.read(), "<stdin>")
    if query_file:
        try:
            data = Path(query_file).read_bytes()
        except OSError as err:
            raise InputError(f"cannot read the query: {err.strerror or err}", source=query_file) from None
        return _query_text(data, query_file)
    if argument is None:
        raise UsageError("no query given", hint="kg query 'SELECT ...', kg query -q file.rq, or pipe it in")
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:  # bytes the locale could not decode, as in kg query $'\xff'
        raise InputError("the query argument is not UTF-8 text") from None
    return argument


def _query_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"the query is not UTF-8 text: byte 0x{data[err.start]:02x} cannot be decoded",
            source=source,
            line=line,
            column=column,
            hint="a SPARQL query is UTF-8 text; save the file as UTF-8",
        ) from None


def query(store: Store, sparql: str, *, union: bool = True, update: bool = False) -> QueryResult | None:
    """Run a SPARQL query (or, with ``update``, an update, returning ``None``)."""
    if update:
        store.update(sparql)
        return None
    return store.query(sparql, union=union)


#: Query output held in memory up to this size before it spills into a temporary file.
QUERY_BUFFER_BYTES = 32 * 1024 * 1024


def write_query(
    store: Store,
    sparql: str,
    out: BinaryIO,
    *,
    fmt: str | None = None,
    path: str | None = None,
    union: bool = True,
    tty: bool = False,
    base_iri: str | None = None,
) -> int:
    """Run a read-only query and write its result to ``out``; return the row count (-1 if unknown).

    The format is ``fmt``, else the one the suffix of the output file ``path`` implies, else the
    default (see :func:`kg.render.query_output_format`). ``base_iri`` (default ``$KG_BASE_IRI``)
    shortens kg's data IRIs in tables and Turtle. The result is evaluated and serialised into a
    buffer before anything reaches ``out``: a query that fails while it runs (a ``SERVICE``
    endpoint that does not answer: :class:`~kg.errors.RemoteError`) writes nothing.
    """
    import shutil
    import tempfile

    from kg.render import write_query_result
    from kg.store.base import evaluation_error

    base = IriScheme(base_iri if base_iri is not None else default_base_iri()).base
    result = store.query(sparql, union=union)
    with tempfile.SpooledTemporaryFile(max_size=QUERY_BUFFER_BYTES) as buffer:
        try:
            n = write_query_result(result, cast(BinaryIO, buffer), fmt, tty=tty, base=base, path=path)
        except OSError as err:
            raise evaluation_error(err, sparql, store.location) from None
        buffer.seek(0)
        shutil.copyfileobj(buffer, out)
    return n


def export(
    store: Store, out: BinaryIO, fmt: RdfFormat, *, graph: str | None = None, vocabulary: bool = True
) -> int:
    """Serialise the store (or one graph) to ``out``; the number of triples or quads written."""
    target = None
    if graph is not None:
        target = user_iri(graph, "graph")
        if graph not in store.graph_names():
            raise UsageError(
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
    target = user_iri(options.graph, "graph") if options.graph is not None else None
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
