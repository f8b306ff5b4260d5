"""The remote store against a real Oxigraph server (started by the test session, stopped after).

Ingest, push, query and export round-trips, and the competency queries: the remote store answers
exactly as the embedded one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.formats import RdfFormat
from kg.pipeline import IngestOptions, export, ingest, push, stats
from kg.render import write_query_result
from kg.store.local import LocalStore
from kg.store.profiles import Endpoint, RemoteOptions, UnionMode, resolve_endpoint
from kg.store.push import PushOptions
from kg.store.remote import RemoteStore
from kg.vocab import VOCABULARY_GRAPH

from .conftest import DATA, FIXED_RUN
from .servers import Server, start_oxigraph

pytestmark = pytest.mark.server

QUERIES = sorted((DATA / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStore]:
    """The sample articles in the embedded store: what every remote store must match."""
    with LocalStore.open(tmp_path_factory.mktemp("local") / "store", create=True) as store:
        report = ingest(store, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
        assert not report.rejected
        yield store


def remote_for(server: Server, **changes: object) -> RemoteStore:
    endpoint = resolve_endpoint(RemoteOptions(endpoint=server.base, server="oxigraph"), environ={})
    assert endpoint is not None
    for key, value in changes.items():
        endpoint = endpoint.__class__(**{**endpoint.__dict__, key: value})
    return RemoteStore.open(endpoint, environ={})


def rows(result: object) -> list[tuple[str, ...]]:
    """Solutions as sorted tuples of N-Triples terms (order-independent, exact terms)."""
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple("" if s[n] is None else str(s[n]) for n in names) for s in result)


def all_quads(store: LocalStore | RemoteStore) -> set[ox.Quad]:
    return set(store.quads())


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.name)
def test_ingest_remotely_answers_the_competency_queries_like_the_local_store(
    oxigraph: Server, local: LocalStore, query: Path
) -> None:
    remote = remote_for(oxigraph)
    report = ingest(remote, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
    assert report.read == 8 and not report.rejected
    assert all_quads(remote) == all_quads(local)
    text = query.read_text()
    assert rows(remote.query(text)) == rows(local.query(text)) != []


def test_ingest_again_is_a_no_op_and_a_changed_article_replaces_its_graph(
    oxigraph: Server, local: LocalStore, tmp_path: Path
) -> None:
    remote = remote_for(oxigraph)
    ingest(remote, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
    again = ingest(remote, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN))
    assert [r.outcome.value for r in again.results] == ["unchanged"] * 8
    article = tmp_path / "russia-pakistan-2019.md"
    article.write_text(
        (DATA / "articles" / "russia-pakistan-2019.md").read_text().replace("steadily", "slowly")
    )
    changed = ingest(remote, [str(article)], IngestOptions(run=FIXED_RUN))
    assert [r.outcome.value for r in changed.results] == ["replaced"]
    graph = ox.NamedNode(changed.results[0].graph or "")
    body = next(q.object.value for q in remote.quads(graph) if q.predicate.value.endswith("articleBody"))
    assert "slowly" in body and "steadily" not in body  # the old triples are gone
    assert len(list(remote.quads(graph))) == changed.results[0].triples


@pytest.mark.parametrize("chunk", [None, 20_000])
def test_push_the_store_graph_by_graph(oxigraph: Server, local: LocalStore, chunk: int | None) -> None:
    remote = remote_for(oxigraph)
    report = push(remote, source=local, options=PushOptions(replace=True, max_chunk_bytes=chunk))
    assert all_quads(remote) == all_quads(local)
    assert report.verified and not report.mismatched and not report.incomplete
    assert {g.name for g in report.graphs} == set(local.graph_names())
    assert report.triples == len(all_quads(local))
    if chunk:  # small chunks: many requests, none over the limit, the vocabulary graph split
        assert report.chunks > len(report.graphs)
        vocabulary = next(g for g in report.graphs if g.name == VOCABULARY_GRAPH.value)
        assert vocabulary.chunks > 1
    for query in QUERIES:
        assert rows(remote.query(query.read_text())) == rows(local.query(query.read_text()))


def test_push_replace_twice_gives_the_same_content_and_add_keeps_what_was_there(
    oxigraph: Server, local: LocalStore
) -> None:
    remote = remote_for(oxigraph)
    push(remote, source=local, options=PushOptions(replace=True))
    push(remote, source=local, options=PushOptions(replace=True, max_chunk_bytes=5_000))
    assert all_quads(remote) == all_quads(local)
    graph = local.graph_names()[0]
    extra = f"INSERT DATA {{ GRAPH <{graph}> {{ <http://e/x> <http://e/y> 'extra' }} }}"
    remote.update(extra)
    added = push(remote, source=local)  # no --replace: the extra triple stays, which is no error
    assert not added.mismatched and len(all_quads(remote)) == len(all_quads(local)) + 1
    replaced = push(remote, source=local, options=PushOptions(replace=True))
    assert not replaced.mismatched and all_quads(remote) == all_quads(local)


def test_push_the_union_into_one_graph(oxigraph: Server, local: LocalStore) -> None:
    remote = remote_for(oxigraph)
    target = "https://example.org/graph/everything"
    report = push(remote, source=local, options=PushOptions(graph=target, replace=True, vocabulary=False))
    union = {q.triple for q in local.quads() if q.graph_name != VOCABULARY_GRAPH}
    assert {q.triple for q in remote.quads(ox.NamedNode(target))} == union
    assert remote.graph_names() == [target]
    assert report.graphs[0].on_server == len(union) == report.triples


def test_push_files_into_named_and_default_graphs(
    oxigraph: Server, local: LocalStore, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.nq"
    with dump.open("wb") as out:
        export(local, out, RdfFormat.NQUADS, vocabulary=False)
    remote = remote_for(oxigraph)
    report = push(remote, files=[str(dump)], options=PushOptions(replace=True))
    assert {q for q in remote.quads()} == {q for q in local.quads() if q.graph_name != VOCABULARY_GRAPH}
    assert not report.mismatched
    triples = tmp_path / "few.nt"
    triples.write_text('<http://e/a> <http://e/b> "c" .\n<http://e/a> <http://e/b> "d" .\n')
    into_default = push(remote, files=[str(triples)], options=PushOptions(default_graph=True, replace=True))
    assert into_default.graphs[0].target is None and into_default.graphs[0].on_server == 2


def test_export_round_trip(oxigraph: Server, local: LocalStore) -> None:
    remote = remote_for(oxigraph)
    push(remote, source=local, options=PushOptions(replace=True))
    for fmt in (RdfFormat.NQUADS, RdfFormat.TURTLE, RdfFormat.TRIG):
        mine, theirs = io.BytesIO(), io.BytesIO()
        n_local = export(local, mine, fmt)
        n_remote = export(remote, theirs, fmt)
        assert n_local == n_remote
        parsed_local = set(ox.parse(mine.getvalue(), format=fmt.oxigraph))
        assert set(ox.parse(theirs.getvalue(), format=fmt.oxigraph)) == parsed_local


def test_results_render_exactly_as_from_the_local_store(oxigraph: Server, local: LocalStore) -> None:
    remote = remote_for(oxigraph)
    push(remote, source=local, options=PushOptions(replace=True))
    select = "SELECT ?c ?label { ?c a kg:Country ; skos:prefLabel ?label } ORDER BY ?label ?c"
    for fmt in ("json", "csv", "tsv", "xml", "table"):
        mine, theirs = io.BytesIO(), io.BytesIO()
        write_query_result(local.query(select), mine, fmt, tty=False)
        write_query_result(remote.query(select), theirs, fmt, tty=False)
        assert theirs.getvalue() == mine.getvalue(), fmt
    construct = "CONSTRUCT { ?a kg:meets ?b } WHERE { ?a kg:meets ?b }"
    mine, theirs = io.BytesIO(), io.BytesIO()
    write_query_result(local.query(construct), mine, "nt", tty=False)
    write_query_result(remote.query(construct), theirs, "nt", tty=False)
    assert sorted(theirs.getvalue().splitlines()) == sorted(mine.getvalue().splitlines())
    assert bool(remote.query("ASK { ?c a kg:Claim }")) is True
    assert bool(remote.query("ASK { ?c a kg:Claim }", union=False)) is False  # empty default graph
    assert bool(remote.query("ASK { GRAPH ?g { ?c a kg:Claim } }", union=False)) is True
    assert stats(remote) == stats(local)


@pytest.mark.parametrize("mode", [UnionMode.DATASET, UnionMode.NATIVE])
def test_union_modes_give_the_local_semantics(
    mode: UnionMode, local: LocalStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`dataset` works on any SPARQL 1.1 server; `native` on one whose default graph is the union."""
    server = start_oxigraph(
        tmp_path_factory.mktemp("union") / "data", union_default_graph=mode is UnionMode.NATIVE
    )
    try:
        remote = RemoteStore.open(
            Endpoint(f"{server.base}/query", f"{server.base}/update", f"{server.base}/store", union=mode),
            environ={},
        )
        push(remote, source=local, options=PushOptions(replace=True))
        assert bool(remote.query("ASK { ?c a kg:Claim }")) is True
        assert bool(remote.query("ASK { ?c a kg:Claim }", union=False)) is False
        assert bool(remote.query("ASK { GRAPH ?g { ?c a kg:Claim } }", union=False)) is True
        for query in QUERIES:
            assert rows(remote.query(query.read_text())) == rows(local.query(query.read_text()))
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------


def kg(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def env(oxigraph: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Server:
    monkeypatch.setenv("KG_ENDPOINT", oxigraph.base)
    monkeypatch.setenv("KG_SERVER", "oxigraph")
    monkeypatch.setenv("KG_STORE", str(tmp_path / "local-store"))
    return oxigraph


def test_cli_ingest_query_stats_validate_export_against_the_server(
    runner: CliRunner, env: Server, tmp_path: Path
) -> None:
    result = kg(runner, "ingest", str(DATA / "articles"))
    assert result.exit_code == 0, result.stderr
    assert f"{env.base}/query: articles read 8, new 8" in result.stderr
    assert not (tmp_path / "local-store").exists()  # nothing was written locally
    query = kg(runner, "query", "-q", str(DATA / "queries" / "partners-of-pakistan.rq"), "-f", "csv")
    assert query.exit_code == 0 and "Russia" in query.stdout
    stat = kg(runner, "stats", "-f", "json")
    assert stat.exit_code == 0 and json.loads(stat.stdout)["articles"] == 8
    valid = kg(runner, "validate")
    assert valid.exit_code == 0, valid.output
    out = tmp_path / "remote.nq"
    exported = kg(runner, "export", "-o", str(out))
    assert exported.exit_code == 0 and len(list(ox.parse(path=str(out)))) > 6000


def test_cli_push_needs_yes_to_replace_when_not_on_a_terminal(
    runner: CliRunner, env: Server, tmp_path: Path
) -> None:
    assert kg(runner, "ingest", "--endpoint", "", str(DATA / "articles")).exit_code == 0  # local store
    refused = kg(runner, "push", "--replace")
    assert refused.exit_code == 2 and "pass --yes to confirm" in refused.stderr
    assert (
        requests.post(f"{env.base}/query", data={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"}).json()["boolean"]
        is False
    )  # nothing was sent
    done = kg(runner, "push", "--replace", "--yes", "--max-chunk-bytes", "50000", "-v")
    assert done.exit_code == 0, done.stderr
    assert "pushed 9 of 9 graph(s), 6,970 triples" in done.stderr or "pushed 9 of 9 graph(s)" in done.stderr
    assert "the server has the same triples in every graph" in done.stderr
    assert "PUT" in done.stderr or "POST" in done.stderr  # -v shows the requests
    drop = kg(runner, "query", "--update", "DROP GRAPH <https://w3id.org/kg-news/ontology>")
    assert drop.exit_code == 2 and "--yes" in drop.stderr
    dropped = kg(runner, "query", "--update", "--yes", "DROP GRAPH <https://w3id.org/kg-news/ontology>")
    assert dropped.exit_code == 0
    ask = kg(runner, "query", "ASK { GRAPH <https://w3id.org/kg-news/ontology> { ?s ?p ?o } }", "-f", "json")
    assert json.loads(ask.stdout)["boolean"] is False


def test_cli_push_reports_a_difference_on_the_server(runner: CliRunner, env: Server, tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    data.write_text('<http://e/a> <http://e/b> "1" .\n<http://e/a> <http://e/b> "2" .\n')
    graph = "http://e/graph"
    first = kg(runner, "push", str(data), "--graph", graph, "--replace", "--yes")
    assert first.exit_code == 0, first.stderr
    # push another file into the same graph with --replace, then compare with the first push
    more = tmp_path / "more.nt"
    more.write_text('<http://e/a> <http://e/b> "3" .\n')
    second = kg(runner, "push", str(more), "--graph", graph)  # added: the server has 3 >= 1
    assert second.exit_code == 0 and "at least the pushed triples in every graph" in second.stderr
    assert "same triples" not in second.stderr


def test_cli_refuses_credentials_in_the_url(runner: CliRunner, env: Server) -> None:
    result = kg(runner, "query", "ASK {}", "--endpoint", "http://alice:pa55w0rd@127.0.0.1:1/query")
    assert result.exit_code == 2  # a usage error: the server was never asked
    assert "pa55w0rd" not in result.output and "KG_USER and KG_PASSWORD" in result.stderr


def test_cli_push_needs_a_remote_store(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_ENDPOINT", raising=False)
    result = kg(runner, "push")
    assert result.exit_code == 2 and "kg push needs a remote store" in result.stderr


def test_cli_warns_that_blank_nodes_are_pushed_again_without_replace(
    runner: CliRunner, env: Server, tmp_path: Path
) -> None:
    data = tmp_path / "blank.ttl"
    data.write_text('<http://e/a> <http://e/b> [ <http://e/c> "x" ] .\n<http://e/a> <http://e/d> "y" .\n')
    args = ["push", str(data), "--graph", "http://e/g"]
    count = "SELECT (COUNT(*) AS ?n) { GRAPH <http://e/g> { ?s ?p ?o } }"
    for run in (1, 2):
        result = kg(runner, *args)
        assert result.exit_code == 0, result.stderr
        assert "http://e/g have blank nodes" in result.stderr and "--replace" in result.stderr
        assert "at least the pushed triples" in result.stderr and "same triples" not in result.stderr
        answer = kg(runner, "query", count, "-f", "csv").stdout.split()
        assert answer[-1] == {1: "3", 2: "5"}[run]  # the blank node's 2 triples again, "y" once
    replaced = kg(runner, *args, "--replace", "--yes")
    assert replaced.exit_code == 0 and "blank nodes" not in replaced.stderr
    assert "the server has the same triples in every graph" in replaced.stderr
    assert kg(runner, "query", count, "-f", "csv").stdout.split()[-1] == "3"


def test_cli_update_names_the_update_url(runner: CliRunner, env: Server) -> None:
    result = kg(
        runner, "query", "--update", "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } }"
    )
    assert result.exit_code == 0 and f"update applied to {env.base}/update" in result.stderr


def test_cli_writing_to_a_query_only_url_hints_at_update_url(
    runner: CliRunner, env: Server, tmp_path: Path
) -> None:
    data = tmp_path / "data.nt"
    data.write_text('<http://e/a> <http://e/b> "1" .\n')
    generic = ["--server", "generic", "--endpoint", f"{env.base}/query", "--retries", "0"]
    pushed = kg(runner, "push", str(data), "--graph", "http://e/g", *generic)
    assert pushed.exit_code == 5, pushed.stderr
    assert "--update-url" in pushed.stderr and "Traceback" not in pushed.output
    updated = kg(runner, "query", "--update", "CLEAR ALL", "--yes", *generic)
    assert updated.exit_code == 5 and "--update-url" in updated.stderr
    fixed = kg(
        runner, "push", str(data), "--graph", "http://e/g", *generic, "--update-url", f"{env.base}/update"
    )
    assert fixed.exit_code == 0, fixed.stderr


def test_cli_a_refused_connection_is_not_a_timeout(runner: CliRunner, env: Server) -> None:
    result = kg(runner, "query", "ASK {}", "--endpoint", "http://127.0.0.1:1", "--retries", "0")
    assert result.exit_code == 5 and "connection refused" in result.stderr
    assert "no connection within" not in result.stderr
