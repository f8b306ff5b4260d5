"""The remote store against a real Virtuoso (Debian's virtuoso-opensource, started by the test
session on free ports with its own database folder, stopped after).

Push with digest authentication and chunking, then query; ingest; Virtuoso's quirks (system graphs,
answers cut at ResultSetMaxRows). Without Virtuoso these tests FAIL saying how to install it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import AuthError, RemoteError
from kg.formats import RdfFormat
from kg.pipeline import IngestOptions, export, ingest, push, stats
from kg.store.local import LocalStore
from kg.store.profiles import RemoteOptions, resolve_endpoint
from kg.store.push import PushError, PushOptions
from kg.store.remote import RemoteStore
from kg.vocab import VOCABULARY_GRAPH

from .conftest import DATA, FIXED_RUN
from .servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, Server

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]

QUERIES = sorted((DATA / "queries").glob("*.rq"))
CREDENTIALS = {"KG_USER": VIRTUOSO_USER, "KG_PASSWORD": VIRTUOSO_PASSWORD}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path_factory.mktemp("local") / "store", create=True) as store:
        assert not ingest(store, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN)).rejected
        yield store


def open_virtuoso(server: Server, environ: dict[str, str] | None = None, **options: object) -> RemoteStore:
    endpoint = resolve_endpoint(
        RemoteOptions(endpoint=server.base, server="virtuoso", **options),  # type: ignore[arg-type]
        environ={},
    )
    assert endpoint is not None
    return RemoteStore.open(endpoint, environ=CREDENTIALS if environ is None else environ)


@pytest.fixture
def virtuoso(virtuoso_server: Server) -> Server:
    """The session's Virtuoso, without the graphs earlier tests left (its own graphs stay)."""
    store = open_virtuoso(virtuoso_server)
    store.drop_graphs([ox.NamedNode(g) for g in store.graph_names()])
    assert store.graph_names() == []
    return virtuoso_server


def rows(result: object) -> list[tuple[str, ...]]:
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple("" if s[n] is None else str(s[n]) for n in names) for s in result)


def test_push_with_digest_auth_and_chunks_then_query(virtuoso: Server, local: LocalStore) -> None:
    remote = open_virtuoso(virtuoso)
    assert remote.endpoint.gsp_url == f"{virtuoso.base}/sparql-graph-crud-auth"  # needs digest auth
    report = push(remote, source=local, options=PushOptions(replace=True, max_chunk_bytes=60_000))
    assert report.verified and not report.mismatched and not report.incomplete
    vocabulary = next(g for g in report.graphs if g.name == VOCABULARY_GRAPH.value)
    assert vocabulary.chunks > 5 and report.size > 60_000 * 5
    assert remote.graph_names() == local.graph_names()  # Virtuoso's own graphs are left out
    assert set(remote.quads()) == set(local.quads())
    for query in QUERIES:
        text = query.read_text()
        assert rows(remote.query(text)) == rows(local.query(text)) != [], query.name
    mine, theirs = stats(local), stats(remote)
    # every count, Virtuoso's own graphs (virtrdf# ...) left out of the quads and triples too
    assert theirs == mine
    assert theirs.quads == len(set(local.quads())) and theirs.triples > 0
    # pushing again with --replace gives the same content
    again = push(remote, source=local, options=PushOptions(replace=True, max_chunk_bytes=100_000))
    assert not again.mismatched and set(remote.quads()) == set(local.quads())


def test_export_from_virtuoso_round_trips(virtuoso: Server, local: LocalStore) -> None:
    remote = open_virtuoso(virtuoso)
    push(remote, source=local, options=PushOptions(replace=True))
    for fmt in (RdfFormat.NQUADS, RdfFormat.NTRIPLES):
        mine, theirs = io.BytesIO(), io.BytesIO()
        assert export(remote, theirs, fmt) == export(local, mine, fmt)
        assert set(ox.parse(theirs.getvalue(), format=fmt.oxigraph)) == set(
            ox.parse(mine.getvalue(), format=fmt.oxigraph)
        )


def test_ingest_into_virtuoso(virtuoso: Server, local: LocalStore) -> None:
    remote = open_virtuoso(virtuoso)
    report = ingest(remote, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
    assert report.read == 8 and not report.rejected
    assert set(remote.quads()) == set(local.quads())
    again = ingest(remote, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
    assert {r.outcome.value for r in again.results} == {"unchanged"}


def test_wrong_or_missing_credentials(virtuoso: Server, local: LocalStore) -> None:
    wrong = open_virtuoso(virtuoso, {"KG_USER": "dba", "KG_PASSWORD": "not-the-password"})
    with pytest.raises(AuthError) as err:
        wrong.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> <http://e/c> } }")
    assert "refused the credentials (HTTP 401)" in str(err.value) and err.value.exit_code == 5
    assert "not-the-password" not in str(err.value) + (err.value.hint or "")
    anonymous = open_virtuoso(virtuoso, {})
    with pytest.raises(PushError, match="needs credentials") as missing:
        push(anonymous, source=local)
    assert "KG_USER and KG_PASSWORD" in (missing.value.hint or "") and not missing.value.report.landed
    assert bool(anonymous.query("ASK { ?s ?p ?o }"))  # reading needs no credentials


def test_virtuoso_cuts_long_answers_and_kg_says_so(
    virtuoso: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "big.nt"
    data.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(12_000)))
    remote = open_virtuoso(virtuoso)
    report = push(remote, files=[str(data)], options=PushOptions(graph="http://e/big", replace=True))
    assert report.graphs[0].on_server == 12_000 and not report.mismatched  # counting is not cut
    with pytest.raises(RemoteError, match=r"sent 1000\d of the 12000 triples") as err:
        export(remote, io.BytesIO(), RdfFormat.NQUADS)
    assert "ResultSetMaxRows" in (err.value.hint or "")
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        result = remote.query("SELECT ?s { GRAPH <http://e/big> { ?s ?p ?o } }")
    assert len(list(result)) == 10_000  # type: ignore[arg-type]
    assert any("cut the answer of the query at 10000 rows" in r.getMessage() for r in caplog.records)
    # CONSTRUCT and DESCRIBE answers are cut without X-SPARQL-MaxRows: kg finds the limit itself
    caplog.clear()
    for layout in ("virtuoso", "generic"):  # also when kg is not told that the server is Virtuoso
        store = (
            open_virtuoso(virtuoso)
            if layout == "virtuoso"
            else RemoteStore.open(
                resolve_endpoint(RemoteOptions(endpoint=f"{virtuoso.base}/sparql"), environ={}),  # type: ignore[arg-type]
                environ={},
            )
        )
        with caplog.at_level(logging.WARNING, logger="kg.remote"):
            result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://e/big> { ?s ?p ?o } }")
        assert len(list(result)) < 12_000  # type: ignore[arg-type]
        warnings = [r.getMessage() for r in caplog.records]
        assert any("may have cut the answer of the query" in w and "10000 rows" in w for w in warnings), (
            layout
        )
        caplog.clear()
    small = tmp_path / "small.nt"
    small.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(9_000)))
    push(remote, files=[str(small)], options=PushOptions(graph="http://e/small", replace=True))
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        result = remote.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://e/small> { ?s ?p ?o } }")
    assert len(list(result)) == 9_000 and not caplog.records  # type: ignore[arg-type]


def test_errors_virtuoso_gives_every_time_are_not_retried_and_hint_what_helps(
    virtuoso: Server, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_USER", VIRTUOSO_USER)
    monkeypatch.setenv("KG_PASSWORD", VIRTUOSO_PASSWORD)
    data = tmp_path / "data.ttl"
    data.write_text('<http://e/a> <http://e/b> [ <http://e/c> "x" ] .\n<http://e/a> <http://e/d> "y" .\n')
    # its Graph Store endpoint has no default graph: at once, not after 5 retries
    result = runner.invoke(
        cli, ["push", str(data), "--default-graph", "--server", "virtuoso", "--endpoint", virtuoso.base]
    )
    assert result.exit_code == 5 and "not configured to have default graph" in result.stderr
    assert "retried" not in result.stderr and "trying again" not in result.stderr
    assert (
        "push into a named graph (--graph IRI)" in result.stderr and "run the same push" not in result.stderr
    )
    # the generic layout writes with INSERT DATA, which takes no blank nodes on Virtuoso
    generic = ["--endpoint", f"{virtuoso.base}/sparql-auth", "--auth", "digest"]
    result = runner.invoke(cli, ["push", str(data), "--graph", "http://e/g", *generic])
    assert result.exit_code == 5 and "--server virtuoso" in result.stderr
    assert "--update-url" not in result.stderr and "run the same push" not in result.stderr
    # ... nor big chunks (10,000 lines of SQL)
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(3_000)))
    result = runner.invoke(
        cli, ["push", str(big), "--graph", "http://e/big", "--max-chunk-bytes", "100000", *generic]
    )
    assert result.exit_code == 5 and "lower --max-chunk-bytes" in result.stderr
    result = runner.invoke(
        cli, ["push", str(big), "--graph", "http://e/big", "--max-chunk-bytes", "10000", *generic]
    )
    assert result.exit_code == 0, result.stderr
    # what the hint says works: --server virtuoso writes blank nodes with the Graph Store Protocol
    layout = ["--server", "virtuoso", "--endpoint", virtuoso.base]
    result = runner.invoke(cli, ["push", str(data), "--graph", "http://e/g", "--replace", "--yes", *layout])
    assert result.exit_code == 0, result.stderr


def test_cli_push_to_virtuoso_never_shows_the_password(
    virtuoso: Server, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    assert runner.invoke(cli, ["ingest", str(DATA / "articles")]).exit_code == 0
    monkeypatch.setenv("KG_USER", VIRTUOSO_USER)
    monkeypatch.setenv("KG_PASSWORD", VIRTUOSO_PASSWORD)
    args = ["push", "--server", "virtuoso", "--endpoint", virtuoso.base, "-v", "--max-chunk-bytes", "100000"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "pushed 9 of 9 graph(s)" in result.stderr
    assert "at least the pushed triples in every graph" in result.stderr  # added, not replaced
    assert "PUT" not in result.stderr or "sparql-graph-crud-auth" in result.stderr
    assert (
        "sparql-graph-crud-auth?graph=https%3A%2F%2Fkg.example%2Fgraph%2F" in result.stderr
    )  # -v: whole URL
    replaced = runner.invoke(cli, [*args, "--replace", "--yes"])
    assert replaced.exit_code == 0 and "same triples in every graph" in replaced.stderr
    monkeypatch.setenv("KG_PASSWORD", "Wr0ng-S3cret")
    refused = runner.invoke(cli, [*args, "--replace", "--yes"])
    assert refused.exit_code == 5 and "Wr0ng-S3cret" not in refused.output
    assert "refused the credentials" in refused.stderr
    query = runner.invoke(
        cli,
        [
            *("query", "-q", str(DATA / "queries" / "partners-of-pakistan.rq"), "-f", "csv"),
            *("--server", "virtuoso", "--endpoint", virtuoso.base),
        ],
    )
    assert query.exit_code == 0 and "Russia" in query.stdout


def test_validate_a_virtuoso_store(virtuoso: Server, local: LocalStore) -> None:
    """The graphs are read from the server and validated in memory: the same verdict as locally."""
    from kg.pipeline import validate_store

    push(open_virtuoso(virtuoso), source=local, options=PushOptions(replace=True))
    with open_virtuoso(virtuoso) as remote:
        report = validate_store(remote)
    assert report.conforms == validate_store(local).conforms
    assert report.conforms
