"""A remote store: any SPARQL 1.1 server, behind the same :class:`~kg.store.base.Store` interface.

- **Queries** go over the SPARQL 1.1 Protocol (POST form), with an explicit ``Accept`` header; the
  answer's ``Content-Type`` is checked before it is parsed with pyoxigraph
  (:func:`pyoxigraph.parse_query_results` for SELECT/ASK, :func:`pyoxigraph.parse` for
  CONSTRUCT/DESCRIBE), so results render exactly as from the embedded store. kg's prefixes are
  declared for you, on the query's first line so that error positions stay right.
- **Union default graph**: see :class:`~kg.store.profiles.UnionMode`.
- **Writes** use the Graph Store Protocol when the endpoint has a GSP URL (``PUT`` replaces a graph,
  ``POST`` adds to it; always with ``?graph=`` or ``?default``), else SPARQL updates
  (``DROP SILENT GRAPH`` + ``INSERT DATA``). Graphs bigger than ``max_chunk_bytes`` go in chunks
  of whole N-Triples lines: the first chunk replaces, the later ones add. ``write_graphs`` sends an
  article's ``kg:contentHash`` in its last chunk, so an interrupted write is never mistaken for
  an unchanged article.
- **Reads** of whole graphs use GSP ``GET`` (else ``CONSTRUCT``); :meth:`RemoteStore.graph_names`
  leaves out the server's own graphs (Virtuoso's ``virtrdf#`` ...).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import requests

from kg.errors import AuthError, InputError, RemoteError, UsageError
from kg.formats import RdfFormat
from kg.mapping import ArticleGraph
from kg.store.base import QueryResult, Store, is_update, vocabulary_quads
from kg.store.http import HttpClient, server_message, status_hint
from kg.store.profiles import EMPTY_GRAPH, Credentials, Endpoint, Prompt, UnionMode
from kg.vocab import KG, PREFIXES, VOCABULARY_GRAPH

_PROLOGUE = r"^\s*+(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*+)\s*+)*+"
_FORM = re.compile(_PROLOGUE + r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
#: SPARQL's tokens, as far as telling keywords from the rest needs: comments, IRIs, strings and
#: language tags (skipped), variables, prefixed names and blank nodes, words (keywords), braces.
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<skip>#[^\n]*"  # a comment
            r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI (not '<' as less-than: no spaces in IRIs)
            r'|"""(?:[^"\\]|\\.|"(?!""))*(?:""")?'  # strings, long and short
            r"|'''(?:[^'\\]|\\.|'(?!''))*(?:''')?"
            r'|"(?:[^"\\\n]|\\.)*"?'
            r"|'(?:[^'\\\n]|\\.)*'?"
            r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"  # a language tag
            r"|[A-Za-z_][\w.-]*:[\w.:%\\-]*|:[\w.:%\\-]*)",  # a prefixed name, a blank node
            r"(?P<var>[?$]\w+)",
            r"(?P<word>[A-Za-z_]\w*)",
            r"(?P<brace>[{}])",
        )
    )
)
#: Update operations that drop, clear or overwrite whole graphs.
_GRAPH_OPERATIONS = frozenset({"DROP", "CLEAR", "MOVE", "COPY"})

#: What kg asks for: SPARQL JSON (XML and TSV accepted too), N-Triples (Turtle, RDF/XML accepted).
SOLUTIONS_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, text/tab-separated-values;q=0.5"
)
TRIPLES_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
QUADS_ACCEPT = "application/n-quads, application/trig;q=0.8"
_RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Graphs named in one query kg sends about several graphs (VALUES ?g { ... }).
GRAPHS_PER_QUERY = 200
#: A server's words for "this URL takes queries, not updates" (Oxigraph, Fuseki, GraphDB).
_QUERY_ONLY = re.compile(r"(?i)\bquery\b[^.]*\bparam|\bparam[^.]*\bquery\b|'query='")
#: ... and for "this URL takes updates, not queries".
_UPDATE_ONLY = re.compile(r"(?i)\bupdate\b[^.]*\bparam|\bparam[^.]*\bupdate\b|'update='")
#: Where the query URL is on the common servers.
_QUERY_URL_HINT = (
    "is --endpoint the server's SPARQL query URL? (Oxigraph: /query, Virtuoso: /sparql, "
    "Fuseki: /DATASET/query, GraphDB: /repositories/ID) — or pass --server"
)

log = logging.getLogger("kg.remote")


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (after prefixes and comments), if found.

    >>> query_form("# who\\nPREFIX kg: <https://w3id.org/kg-news/ontology#>\\nconstruct where { ?s ?p ?o }")
    'CONSTRUCT'
    """
    m = _FORM.match(sparql)
    return m[1].upper() if m else None


def _tokens(sparql: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of the tokens that matter to :func:`destructive`: ``var``, ``word``
    (upper-cased) and ``brace``; comments, IRIs, strings and prefixed names are left out."""
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind is not None and kind != "skip":
            out.append((kind, m[0].upper() if kind == "word" else m[0]))
    return out


def destructive(sparql: str) -> str | None:
    """What an update does that kg asks about before sending it to a remote store, or ``None``:
    it drops, clears or overwrites whole graphs (``DROP``, ``CLEAR``, ``MOVE``, ``COPY``), or it
    deletes from graphs a variable chooses (``DELETE WHERE { GRAPH ?g { ... } }``: every graph on
    the server that matches, not only kg's). Keywords count as keywords only: not in strings,
    IRIs, comments or prefixed names.

    >>> destructive("DROP GRAPH <http://e/g>")
    'drops, clears or overwrites graphs'
    >>> destructive('INSERT DATA { <urn:a> <urn:b> "no DROP here" }') is None
    True
    >>> destructive("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    'deletes from every graph that matches GRAPH ?g'
    """
    tokens = _tokens(sparql)
    if any(kind == "word" and text in _GRAPH_OPERATIONS for kind, text in tokens):
        return "drops, clears or overwrites graphs"
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text != "DELETE":
            continue
        rest = tokens[i + 1 :]
        if rest[:1] == [("word", "DATA")]:
            continue  # DELETE DATA: the triples it names, nothing more
        if rest[:1] == [("word", "WHERE")]:
            rest = rest[1:]
        for variable in _graph_variables(rest):
            return f"deletes from every graph that matches GRAPH {variable}"
    return None


def _graph_variables(tokens: list[tuple[str, str]]) -> Iterator[str]:
    """The variables after ``GRAPH`` in the ``{ ... }`` block ``tokens`` start with."""
    if tokens[:1] != [("brace", "{")]:
        return
    depth = 0
    for j, (kind, text) in enumerate(tokens):
        if kind == "brace":
            depth += 1 if text == "{" else -1
            if depth == 0:
                return
        elif (kind, text) == ("word", "GRAPH") and j + 1 < len(tokens) and tokens[j + 1][0] == "var":
            yield tokens[j + 1][1]


def with_prefixes(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``sparql`` with kg's prefixes declared (those it does not declare itself), on its first line.

    >>> with_prefixes("SELECT * { ?s a kg:Claim }", {"kg": "https://w3id.org/kg-news/ontology#"})
    'PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT * { ?s a kg:Claim }'
    """
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([^\s:]*):", sparql)}
    head = " ".join(
        f"PREFIX {p}: {ox.NamedNode(iri)}" for p, iri in prefixes.items() if p.lower() not in declared
    )
    return f"{head} {sparql}" if head else sparql


def _shift_position(message: str, shift: int) -> str:
    """A server's ``line:column`` on line 1 moved back by the ``shift`` characters kg added."""
    if not shift:
        return message

    def fix(m: re.Match[str]) -> str:
        return f"{m[1]}1:{max(1, int(m[2]) - shift)}"

    return re.sub(r"(\bat )1:(\d+)", fix, message)


def split_lines(data: bytes, limit: int) -> Iterator[bytes]:
    """``data`` (lines ending in ``\\n``) in pieces of at most ``limit`` bytes, never splitting a
    line (a single longer line is a piece of its own).

    >>> list(split_lines(b"aa\\nbb\\ncc\\n", 6))
    [b'aa\\nbb\\n', b'cc\\n']
    """
    start = 0
    while len(data) - start > limit:
        cut = data.rfind(b"\n", start, start + limit) + 1
        if cut <= start:
            cut = data.find(b"\n", start + limit) + 1 or len(data)
        yield data[start:cut]
        start = cut
    if start < len(data):
        yield data[start:]


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


def _triple_lines(chunk: bytes, graph: ox.NamedNode | None) -> str:
    """N-Quads lines of one graph as N-Triples lines (the graph name cut off the end of each)."""
    if graph is None:  # the default graph: N-Quads lines without a graph name are N-Triples
        return chunk.decode("utf-8")
    suffix = f" {graph} .\n".encode()
    if chunk.count(suffix) == chunk.count(b"\n"):  # every line ends with the graph name
        return chunk.replace(suffix, b" .\n").decode("utf-8")
    parsed = ox.parse(chunk, format=ox.RdfFormat.N_QUADS)
    return _ntriples(q.triple for q in parsed).decode("utf-8")


def _drop(graph: ox.NamedNode | None) -> str:
    """The update that empties ``graph`` (``None``: the default graph), missing or not."""
    return f"DROP SILENT {'DEFAULT' if graph is None else f'GRAPH {graph}'}"


def nquads_update(
    body: bytes,
    parts: Sequence[tuple[ox.NamedNode | None, int, int]],
    drop: Sequence[ox.NamedNode | None],
) -> str:
    """One SPARQL update that drops the graphs ``drop`` and inserts the N-Quads ``body``, whose
    lines for each target graph are at the byte ranges ``parts``.

    >>> body = b'<http://e/s> <http://e/p> "1" <http://e/g> .\\n'
    >>> print(nquads_update(body, [(ox.NamedNode("http://e/g"), 0, len(body))], [ox.NamedNode("http://e/g")]))
    DROP SILENT GRAPH <http://e/g> ;
    INSERT DATA {
    GRAPH <http://e/g> {
    <http://e/s> <http://e/p> "1" .
    }
    }
    """
    out = [f"{_drop(g)} ;\n" for g in drop]
    out.append("INSERT DATA {\n")
    for graph, start, stop in parts:
        if stop <= start:
            continue
        triples = _triple_lines(body[start:stop], graph)
        out.append(triples if graph is None else f"GRAPH {graph} {{\n{triples}}}\n")
    out.append("}")
    return "".join(out)


class RemoteStore(Store):
    """A SPARQL 1.1 server as a kg store (see the module documentation)."""

    def __init__(self, endpoint: Endpoint, client: HttpClient | None = None) -> None:
        self.endpoint = endpoint
        self.client = client or HttpClient(endpoint, credentials=Credentials.from_env())
        self.location = endpoint.location
        self._graphs: list[str] | None = None
        #: The server's limit on the rows of an answer, once seen; the most rows seen not cut.
        self._max_rows: int | None = None
        self._rows_not_cut = 0

    @classmethod
    def open(
        cls,
        endpoint: Endpoint,
        *,
        credentials: Credentials | None = None,
        prompt: Prompt | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> RemoteStore:
        """A store for ``endpoint``; credentials from ``credentials``, else the environment, else
        ``prompt`` when the server asks for them."""
        creds = credentials or Credentials.from_env(environ)
        return cls(endpoint, HttpClient(endpoint, credentials=creds, prompt=prompt))

    def close(self) -> None:
        self.client.close()

    # ---------------------------------------------------------------------------------------
    # Queries
    # ---------------------------------------------------------------------------------------

    def _dataset(self, union: bool) -> list[tuple[str, str]]:
        """Protocol parameters that give a query kg's dataset (see :class:`UnionMode`)."""
        mode = self.endpoint.union
        if mode is UnionMode.PARAMETER:
            return list(self.endpoint.union_parameters) if union else []
        if union and mode is UnionMode.NATIVE:
            return []
        graphs = self.graph_names()
        named = [("named-graph-uri", g) for g in graphs]
        if union and graphs:
            return [("default-graph-uri", g) for g in graphs] + named
        return [("default-graph-uri", EMPTY_GRAPH), *named]

    def _post_query(
        self,
        sparql: str,
        accept: str,
        params: Sequence[tuple[str, str]] = (),
        what: str = "query",
        *,
        internal: bool = True,
        shift: int = 0,
        cut: bool = True,
    ) -> requests.Response:
        """Send a query; the checked answer. ``internal``: kg's own query (a 400 or a cut answer is
        a :class:`RemoteError`), else the user's (a 400 is an :class:`InputError`, a cut answer a
        warning); ``cut``: look for ``X-SPARQL-MaxRows`` (a cut answer)."""
        fields = [("query", sparql), *params]
        get = self.endpoint.query_method == "get"
        response = self.client.request(
            "GET" if get else "POST",
            self.endpoint.query_url,
            what=f"the {what} at {self.location}",
            params=fields if get else None,
            data=None if get else fields,
            headers={"Accept": accept},
            ok=(400,),
        )
        if response.status_code == 400:
            message = _shift_position(server_message(response) or "HTTP 400", shift)
            if internal or _UPDATE_ONLY.search(message):
                # kg's own queries are valid SPARQL: the URL or the server is wrong, not the input
                raise RemoteError(
                    f"{self.endpoint.query_url} did not take the {what}: HTTP 400: {message}",
                    hint=_QUERY_URL_HINT,
                )
            raise InputError(f"the endpoint rejected the {what}: {message}", source=what)
        cap = response.headers.get("X-SPARQL-MaxRows")
        if cap and cut:
            text = f"{self.location} cut the answer of the {what} at {cap} rows"
            hint = "raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
            if internal:
                raise RemoteError(text + "; kg needs the whole answer", hint=hint)
            log.warning("%s (%s)", text, hint)
        return response

    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        if is_update(sparql):
            raise UsageError("this is a SPARQL update, not a query", hint="use kg query --update")
        form = query_form(sparql)
        accept = (
            TRIPLES_ACCEPT
            if form in ("CONSTRUCT", "DESCRIBE")
            else SOLUTIONS_ACCEPT
            if form in ("SELECT", "ASK")
            else f"{SOLUTIONS_ACCEPT}, {TRIPLES_ACCEPT}"
        )
        text = with_prefixes(sparql)
        response = self._post_query(
            text, accept, self._dataset(union), internal=False, shift=len(text) - len(sparql)
        )
        capped = self.endpoint.capped_results or "virtuoso" in response.headers.get("Server", "").lower()
        return self._parse_result(
            response.content,
            response.headers.get("Content-Type", ""),
            form,
            triples=self._check_cut if capped else None,
        )

    def _check_cut(self, triples: int) -> None:
        """Warn when a server that cuts long answers without saying so (Virtuoso's
        ``ResultSetMaxRows``, which sends ``X-SPARQL-MaxRows`` for SELECT only) may have cut a
        CONSTRUCT or DESCRIBE answer of ``triples`` triples: when its limit is below that
        number. Virtuoso then sends the limit + 1 triples. kg learns the limit from a SELECT of
        ``triples - 1`` generated rows: the header comes when the limit is reached."""
        limit = self._row_limit(triples - 1)
        if limit is not None and triples > limit:
            log.warning(
                "%s may have cut the answer of the query: it has %d triples, more than the %d rows "
                "the server sends (raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)",
                self.location,
                triples,
                limit,
            )

    def _row_limit(self, rows: int) -> int | None:
        """The server's limit on the rows of an answer if it is ``rows`` or fewer, else ``None``
        (known from earlier answers, else asked with a SELECT of ``rows`` generated rows)."""
        if rows < 1 or rows <= self._rows_not_cut:
            return None
        if self._max_rows is not None:
            return self._max_rows if self._max_rows <= rows else None
        digits = len(str(rows))
        values = " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(digits))
        response = self._post_query(
            f"SELECT ?v0 WHERE {{ {values} }} LIMIT {rows}",
            "text/tab-separated-values, application/sparql-results+json;q=0.5",
            what="check of the server's row limit",
            cut=False,
        )
        cap = response.headers.get("X-SPARQL-MaxRows", "")
        if cap.isdigit():
            self._max_rows = int(cap)
            return self._max_rows if self._max_rows <= rows else None
        self._rows_not_cut = rows
        return None

    def _parse_result(
        self,
        body: bytes,
        content_type: str,
        form: str | None,
        *,
        triples: Callable[[int], None] | None = None,
    ) -> QueryResult:
        """The answer as pyoxigraph's results; ``triples`` is told the number of triples of an RDF
        answer."""
        media = content_type.split(";")[0].strip().lower()
        try:
            if form not in ("CONSTRUCT", "DESCRIBE") and media in _RESULTS_TYPES:
                results_format = _RESULTS_TYPES[media]
                checked = ox.parse_query_results(body, format=results_format)
                if isinstance(checked, ox.QuerySolutions):
                    for _ in checked:  # parsing is lazy: find errors here, not while rendering
                        pass
                    return ox.parse_query_results(body, format=results_format)
                return checked
            rdf = RdfFormat.from_media_type(media) if form not in ("SELECT", "ASK") else None
            if rdf is not None and not rdf.is_dataset:
                graph = ox.Store()
                graph.load(body, format=rdf.oxigraph)
                if triples is not None:
                    triples(len(graph))
                result = graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
                assert isinstance(result, ox.QueryTriples)
                return result
        except SyntaxError as err:
            raise RemoteError(
                f"the answer of {self.location} is not valid {media}: {err}",
                hint="the server or a proxy in between sent a broken answer",
            ) from None
        expected = "RDF triples" if form in ("CONSTRUCT", "DESCRIBE") else "SPARQL results"
        raise RemoteError(
            f"{self.location} answered with {media or 'no Content-Type'}, not {expected}",
            hint=_QUERY_URL_HINT,
        )

    def _select(self, sparql: str, what: str = "query") -> list[list[ox.NamedNode | ox.Literal | None]]:
        """Rows of a SELECT kg runs itself, over the server's own dataset."""
        response = self._post_query(sparql, SOLUTIONS_ACCEPT, what=what)
        result = self._parse_result(response.content, response.headers.get("Content-Type", ""), "SELECT")
        assert isinstance(result, ox.QuerySolutions)
        rows: list[list[Any]] = [list(row) for row in result]
        return rows

    @property
    def update_location(self) -> str:
        return self.endpoint.update_url or self.location

    def update(self, sparql: str) -> None:
        text = with_prefixes(sparql)
        self._update(text, idempotent=False, what="update", user=True, shift=len(text) - len(sparql))

    def _update_url_hint(self) -> str | None:
        """When updates go to the query URL (``generic``, no ``--update-url``), the hint that the
        URL may only take queries."""
        url = self.endpoint.update_url
        if url != self.endpoint.query_url:
            return None
        return (
            f"updates go to {url}, the query URL: if it only takes queries, pass --update-url "
            "(Oxigraph: /update, Virtuoso: /sparql-auth, Fuseki: /DATASET/update) or --server"
        )

    def _update(
        self,
        sparql: str,
        *,
        idempotent: bool = True,
        what: str = "update",
        user: bool = False,
        chunked: bool = False,
        shift: int = 0,
    ) -> None:
        """Send a SPARQL update. kg's own (``user`` false) go as the body of the request
        (``application/sparql-update``: no URL-encoding of big ``INSERT DATA``); a user's as a form.

        A 400 answer to a user's update is an :class:`InputError` (the server's words, its
        ``line:column`` moved back by the ``shift`` characters of prefixes kg added); to kg's own,
        or when the server says the URL takes queries only, a :class:`RemoteError`."""
        url = self.endpoint.update_url
        if not url:
            raise UsageError(
                f"{self.location} has no update URL", hint="pass --update-url (or --server for its layout)"
            )
        url_hint = self._update_url_hint()
        body: bytes | list[tuple[str, str]]
        if user:
            body, headers = [("update", sparql)], None
        else:
            body, headers = (
                sparql.encode("utf-8"),
                {"Content-Type": "application/sparql-update; charset=utf-8"},
            )
        try:
            response = self.client.request(
                "POST",
                url,
                what=f"the {what} at {url}",
                data=body,
                headers=headers,
                idempotent=idempotent,
                ok=(400,),
                write=True,
                chunked=chunked,
            )
        except AuthError:
            raise
        except RemoteError as err:
            if url_hint is None or err.transient:  # no answer: not a sign of a query-only URL
                raise
            raise RemoteError(err.message, hint=url_hint + (f"; {err.hint}" if err.hint else "")) from None
        if response.status_code == 400:
            message = _shift_position(server_message(response) or "HTTP 400", shift)
            query_only = bool(_QUERY_ONLY.search(message))
            if user and not query_only:  # the server's words about your update: exit 3
                raise InputError(f"the endpoint rejected the {what}: {message}", source=what, hint=url_hint)
            if query_only:
                hint = url_hint or (
                    f"{url} takes queries only: is --update-url the server's SPARQL update URL? "
                    "(Oxigraph: /update, Virtuoso: /sparql-auth, Fuseki: /DATASET/update) — or pass --server"
                )
            else:
                hint = status_hint(400, message, response, self.endpoint) or (
                    "the server could not apply kg's update; its log may say why"
                )
            raise RemoteError(f"{url} did not take the {what}: HTTP 400: {message}", hint=hint)
        self._graphs = None

    # ---------------------------------------------------------------------------------------
    # Graphs
    # ---------------------------------------------------------------------------------------

    def own_graphs_filter(self, variable: str = "?g") -> str:
        if not self.endpoint.system_graphs:
            return ""
        tests = " && ".join(
            f"!STRSTARTS(STR({variable}), {ox.Literal(prefix)})" for prefix in self.endpoint.system_graphs
        )
        return f"FILTER({tests})"

    def graph_names(self) -> list[str]:
        if self._graphs is None:
            rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "list of graphs")
            self._graphs = sorted(
                row[0].value
                for row in rows
                if isinstance(row[0], ox.NamedNode) and not self.endpoint.is_system_graph(row[0].value)
            )
        return list(self._graphs)

    def fingerprints(self, graphs: Sequence[ox.NamedNode]) -> dict[str, str]:
        rows = self._per_graphs(
            graphs, lambda values: f"SELECT ?g ?h WHERE {{ {values} GRAPH ?g {{ ?a {KG.contentHash} ?h }} }}",
            "content hashes",
        )  # fmt: skip
        return {g.value: h.value for g, h in rows if g is not None and h is not None}

    def count_triples(self, graphs: Sequence[ox.NamedNode]) -> dict[str, int]:
        """The number of triples in each of ``graphs`` on the server (0 for a missing graph)."""
        counts = {g.value: 0 for g in graphs}
        rows = self._per_graphs(
            graphs,
            lambda values: (
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
            ),
            "count of triples",
        )
        counts.update((g.value, int(n.value)) for g, n in rows if g is not None and n is not None)
        return counts

    def _per_graphs(
        self, graphs: Sequence[ox.NamedNode], query: Callable[[str], str], what: str
    ) -> Iterator[list[ox.NamedNode | ox.Literal | None]]:
        """The rows of ``query(values)`` for ``graphs`` in batches, ``values`` binding ``?g`` to a
        batch (``VALUES ?g { ... }``): one request per :data:`GRAPHS_PER_QUERY` graphs."""
        for start in range(0, len(graphs), GRAPHS_PER_QUERY):
            values = " ".join(str(g) for g in graphs[start : start + GRAPHS_PER_QUERY])
            yield from self._select(query(f"VALUES ?g {{ {values} }}"), what)

    def count_default_graph(self) -> int | None:
        """Triples in the server's default graph, where it is not the union of all graphs."""
        if self.endpoint.union is not UnionMode.PARAMETER:
            return None
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "count of triples")
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def _gsp_url(self, target: ox.NamedNode | None) -> str:
        assert self.endpoint.gsp_url
        sep = "&" if "?" in self.endpoint.gsp_url else "?"
        query = "default" if target is None else urlencode({"graph": target.value})
        return f"{self.endpoint.gsp_url}{sep}{query}"

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            return self._graph_quads(graph)
        if self.endpoint.dataset_download and self.endpoint.gsp_url:
            return self._all_quads()
        return (q for g in self.graph_names() for q in self._graph_quads(ox.NamedNode(g)))

    def _graph_quads(self, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        if self.endpoint.gsp_url:
            response = self.client.request(
                "GET",
                self._gsp_url(graph),
                what=f"reading graph {graph.value} from {self.location}",
                headers={"Accept": TRIPLES_ACCEPT},
                ok=(404,),
            )
            if response.status_code == 404:
                return iter(())
            body, content_type = response.content, response.headers.get("Content-Type", "")
        else:
            response = self._post_query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                TRIPLES_ACCEPT,
                what=f"read of graph {graph.value}",
            )
            body, content_type = response.content, response.headers.get("Content-Type", "")
        fmt = RdfFormat.from_media_type(content_type)
        if fmt is None or fmt.is_dataset:
            raise RemoteError(
                f"{self.location} sent graph {graph.value} as {content_type or 'no Content-Type'}, "
                "not N-Triples, Turtle or RDF/XML",
                hint="check --gsp-url",
            )
        try:
            parsed = list(ox.parse(body, format=fmt.oxigraph))
        except SyntaxError as err:
            raise RemoteError(
                f"graph {graph.value} from {self.location} is not valid {fmt.value}: {err}"
            ) from None
        if self.endpoint.capped_results:
            expected = self.count_triples([graph])[graph.value]
            got = len({q.triple for q in parsed})
            if got < expected:
                raise RemoteError(
                    f"{self.location} sent {got} of the {expected} triples of graph {graph.value}: "
                    "it cuts long answers",
                    hint="raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini above the "
                    "size of the biggest graph",
                )
        return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)

    def _all_quads(self) -> Iterator[ox.Quad]:
        assert self.endpoint.gsp_url
        response = self.client.request(
            "GET", self.endpoint.gsp_url, what=f"reading {self.location}", headers={"Accept": QUADS_ACCEPT}
        )
        fmt = RdfFormat.from_media_type(response.headers.get("Content-Type", ""))
        if fmt is None or not fmt.is_dataset:
            raise RemoteError(f"{self.endpoint.gsp_url} did not send N-Quads or TriG", hint="check --gsp-url")
        try:
            parsed = list(ox.parse(response.content, format=fmt.oxigraph))
        except SyntaxError as err:
            raise RemoteError(f"the dataset from {self.location} is not valid {fmt.value}: {err}") from None
        return (
            q
            for q in parsed
            if not isinstance(q.graph_name, ox.NamedNode)
            or not self.endpoint.is_system_graph(q.graph_name.value)
        )

    # ---------------------------------------------------------------------------------------
    # Writes
    # ---------------------------------------------------------------------------------------

    def send(
        self,
        target: ox.NamedNode | None,
        body: bytes,
        *,
        replace: bool,
        fmt: RdfFormat = RdfFormat.NTRIPLES,
        idempotent: bool = True,
    ) -> None:
        """Send one chunk of whole lines to ``target`` (a graph, or ``None``: the default graph).

        With ``replace`` the chunk replaces the graph (GSP ``PUT``, or ``DROP`` + ``INSERT DATA`` in
        one update); else it is added (``POST``, or ``INSERT DATA``). N-Quads (``fmt``) go to the GSP
        URL without ``?graph=``, for servers that take a dataset (``Endpoint.dataset_upload``): the
        data names its graphs. A 2xx answer that is a web page is an error (see
        :func:`~kg.store.http.check_write_answer`).
        """
        name = "the default graph" if target is None else f"graph {target.value}"
        if fmt is RdfFormat.NQUADS:
            assert self.endpoint.gsp_url
            self.client.request(
                "POST",
                self.endpoint.gsp_url,
                what=f"writing {len(body):,} bytes of N-Quads to {self.endpoint.gsp_url}",
                data=body,
                headers={"Content-Type": fmt.media_type},
                idempotent=idempotent,
                write=True,
                chunked=True,
            )
        elif self.endpoint.gsp_url:
            self.client.request(
                "PUT" if replace else "POST",
                self._gsp_url(target),
                what=f"writing {name} to {self.endpoint.gsp_url}",
                data=body,
                headers={"Content-Type": RdfFormat.NTRIPLES.media_type},
                idempotent=idempotent,
                write=True,
                chunked=True,
            )
        else:
            drop = f"{_drop(target)} ;\n" if replace else ""
            data = body.decode("utf-8")
            graph_data = data if target is None else f"GRAPH {target} {{\n{data}}}"
            insert = f"INSERT DATA {{ {graph_data} }}"
            self._update(drop + insert, idempotent=idempotent, what=f"write of {name}", chunked=True)
        self._graphs = None

    def replace_nquads(
        self,
        body: bytes,
        parts: Sequence[tuple[ox.NamedNode | None, int, int]],
        drop: Sequence[ox.NamedNode | None],
        *,
        idempotent: bool = True,
    ) -> None:
        """Write N-Quads ``body`` after dropping the graphs ``drop``, in **one** SPARQL update
        (``DROP SILENT GRAPH`` ... ; ``INSERT DATA``): on a server that applies an update as one
        transaction (Oxigraph) the graphs are replaced completely or not at all, never emptied by
        a drop whose data did not follow. ``parts`` gives the byte range of each target graph's
        lines in ``body`` (``None``: the default graph)."""
        self._update(
            nquads_update(body, parts, drop),
            idempotent=idempotent,
            what=f"replace of {len(drop)} graph(s) ({len(body):,} bytes)",
            chunked=True,
        )
        self._graphs = None

    def existing_graphs(self, graphs: Sequence[ox.NamedNode]) -> set[str]:
        """Which of ``graphs`` hold triples on the server."""
        rows = self._per_graphs(
            graphs,
            lambda values: f"SELECT ?g WHERE {{ {values} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
            "check of which graphs exist",
        )
        return {g.value for (g,) in rows if g is not None}

    def drop_graphs(self, graphs: Sequence[ox.NamedNode | None]) -> None:
        """Drop graphs (``None``: clear the default graph) in one update; missing ones are fine."""
        if graphs:
            self._update(
                " ;\n".join(map(_drop, graphs)),
                what=f"drop of {len(graphs)} graph(s)",
            )

    def replace_graph(self, graph: ox.NamedNode, triples: Sequence[ox.Triple]) -> int:
        """Replace ``graph`` with ``triples``, in chunks; the number of chunks sent."""
        chunks = list(split_lines(_ntriples(triples), self.endpoint.max_chunk_bytes)) or [b""]
        for i, chunk in enumerate(chunks):
            self.send(graph, chunk, replace=i == 0)
        return len(chunks)

    def write_graphs(self, graphs: Sequence[ArticleGraph]) -> None:
        for g in graphs:
            last = [q.triple for q in g.quads if q.predicate == KG.contentHash]
            first = [q.triple for q in g.quads if q.predicate != KG.contentHash]
            self.replace_graph(g.graph, first + last)

    def ensure_vocabulary(self) -> bool:
        wanted = {q.triple for q in vocabulary_quads()}
        current = {q.triple for q in self._graph_quads(VOCABULARY_GRAPH)}
        if current == wanted:
            return False
        self.replace_graph(VOCABULARY_GRAPH, sorted(wanted, key=str))
        return True

    # ---------------------------------------------------------------------------------------
    # Export: graph by graph (a server may cap CONSTRUCT results, e.g. Virtuoso's ResultSetMaxRows)
    # ---------------------------------------------------------------------------------------

    def _export_terms(
        self, fmt: RdfFormat, graph: ox.NamedNode | None, vocabulary: bool
    ) -> Iterable[ox.Quad] | Iterable[ox.Triple]:
        if graph is not None:
            quads = self.quads(graph)
            return quads if fmt.is_dataset else (q.triple for q in quads)
        names = [g for g in self.graph_names() if vocabulary or g != VOCABULARY_GRAPH.value]
        quads = (q for g in names for q in self._graph_quads(ox.NamedNode(g)))
        return quads if fmt.is_dataset else _distinct(q.triple for q in quads)


def _distinct(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t
