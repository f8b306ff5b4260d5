"""Faults between kg and a real Oxigraph server, injected by a tiny proxy: dropped connections, lost
answers, 500/503/429, stalls and mangled uploads. kg retries what is safe to retry, times out,
stops honestly, says what landed, and a re-run of an interrupted push ends with the same content.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import RemoteError
from kg.pipeline import IngestOptions, ingest, push
from kg.store.local import LocalStore
from kg.store.profiles import RemoteOptions, resolve_endpoint
from kg.store.push import PushError, PushOptions
from kg.store.remote import RemoteStore

from .conftest import DATA, FIXED_RUN
from .servers import FaultProxy, Server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path_factory.mktemp("local") / "store", create=True) as store:
        assert not ingest(store, [str(DATA / "articles")], IngestOptions(run=FIXED_RUN)).rejected
        yield store


def through(proxy: FaultProxy, *, pack: bool = True, **changes: object) -> RemoteStore:
    """A remote store that talks to Oxigraph through the proxy, with quick retries."""
    endpoint = resolve_endpoint(RemoteOptions(endpoint=proxy.base, server="oxigraph"), environ={})
    assert endpoint is not None
    endpoint = replace(endpoint, backoff=0.01, dataset_upload=pack, **changes)  # type: ignore[arg-type]
    return RemoteStore.open(endpoint, environ={})


def direct(server: Server) -> RemoteStore:
    endpoint = resolve_endpoint(RemoteOptions(endpoint=server.base, server="oxigraph"), environ={})
    assert endpoint is not None
    return RemoteStore.open(endpoint, environ={})


def graph_triples(store: LocalStore | RemoteStore, graph: str) -> set[ox.Triple]:
    return {q.triple for q in store.quads(ox.NamedNode(graph))}


def test_dropped_connections_and_5xx_and_429_are_retried(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore
) -> None:
    fault_proxy.plan = ["drop", "503", "500", "429", "502"]
    report = push(through(fault_proxy, pack=False), source=local, options=PushOptions(replace=True))
    assert report.retries == 5 and not report.mismatched and not report.incomplete
    assert set(direct(oxigraph).quads()) == set(local.quads())
    assert [a for _, _, a in fault_proxy.seen[:6]] == ["drop", "503", "500", "429", "502", "pass"]


def test_lost_answers_are_retried_and_the_replace_makes_it_harmless(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore
) -> None:
    # the request reaches the server, the answer is lost: kg sends it again
    fault_proxy.plan = ["lose", "pass", "lose", "lose"]
    report = push(
        through(fault_proxy, pack=False),
        source=local,
        options=PushOptions(replace=True, max_chunk_bytes=30_000),
    )
    assert report.retries == 3 and not report.mismatched
    assert set(direct(oxigraph).quads()) == set(local.quads())


def test_a_stalled_server_hits_the_timeout_then_the_retry_succeeds(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore
) -> None:
    push(direct(oxigraph), source=local, options=PushOptions(replace=True))
    fault_proxy.plan = ["stall:1.5"]
    store = through(fault_proxy, timeout=0.5, retries=1)
    assert bool(store.query("ASK { ?c a kg:Claim }"))
    assert store.client.retries == 1 and [a for _, _, a in fault_proxy.seen] == ["stall:1.5", "pass"]
    fault_proxy.plan = ["stall:1.5"]
    store = through(fault_proxy, timeout=0.5, retries=0)
    with pytest.raises(RemoteError) as err:
        store.query("ASK { ?s ?p ?o }")
    assert "no answer within 0.5 s" in str(err.value) and "--timeout" in (err.value.hint or "")


@pytest.mark.parametrize("pack", [True, False], ids=["n-quads packs", "graph by graph"])
def test_an_interrupted_push_says_what_landed_and_a_rerun_ends_with_the_same_content(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore, pack: bool
) -> None:
    fault_proxy.plan = ["pass"] * 6
    fault_proxy.default = "503"  # then the server goes away for good
    store = through(fault_proxy, pack=pack, retries=2)
    options = PushOptions(replace=True, max_chunk_bytes=40_000, jobs=1)
    with pytest.raises(PushError) as err:
        push(store, source=local, options=options)
    report = err.value.report
    assert len(report.graphs) == len(local.graph_names())
    assert 0 < len(report.landed) < len(report.graphs)
    assert f"{len(report.landed)} of {len(report.graphs)} graph(s) landed completely" in str(err.value)
    assert err.value.exit_code == 5 and "run the same push again" in (err.value.hint or "")
    server = direct(oxigraph)
    for g in report.landed:  # what the report says landed did land, completely
        assert graph_triples(server, g.name) == graph_triples(local, g.name)
    assert any(graph_triples(server, g.name) != graph_triples(local, g.name) for g in report.incomplete)
    fault_proxy.default = "pass"
    again = push(store, source=local, options=options)
    assert not again.mismatched and not again.incomplete
    assert set(server.quads()) == set(local.quads())


def test_a_mangled_upload_is_reported_by_the_count(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore, tmp_path: Path
) -> None:
    data = tmp_path / "data.nt"
    data.write_text("".join(f'<http://e/s> <http://e/p> "{i}" .\n' for i in range(10)))
    fault_proxy.plan = ["pass", "truncate"]  # the drop passes; the last line of the data goes missing
    report = push(
        through(fault_proxy), files=[str(data)], options=PushOptions(graph="http://e/g", replace=True)
    )
    assert [(g.name, g.triples, g.on_server) for g in report.mismatched] == [("http://e/g", 10, 9)]
    assert report.difference(report.graphs[0]) == -1


def test_the_cli_reports_differences_and_interruptions_with_exit_code_5(
    fault_proxy: FaultProxy,
    oxigraph: Server,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "kg.toml"
    config.write_text(
        f'[profiles.flaky]\nserver = "oxigraph"\nendpoint = "{fault_proxy.base}"\n'
        "backoff = 0.01\nretries = 1\n"
    )
    monkeypatch.setenv("KG_CONFIG", str(config))
    data = tmp_path / "data.nt"
    data.write_text("".join(f'<http://e/s> <http://e/p> "{i}" .\n' for i in range(10)))
    fault_proxy.plan = ["pass", "truncate"]
    args = ["push", str(data), "--profile", "flaky", "--graph", "http://e/g", "--replace", "--yes"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 5, result.output
    assert "pushed http://e/g: 10 triples in 1/1 chunk(s); the server has 9 (-1)" in result.stderr
    assert "1 graph(s) on" in result.stderr and "do not have the triples pushed" in result.stderr
    fault_proxy.default = "500"
    result = runner.invoke(cli, args)
    assert result.exit_code == 5 and "Traceback" not in result.output
    assert "NOT SENT http://e/g" in result.stderr
    assert "stopped:" in result.stderr and "HTTP 500" in result.stderr and "0 of 1 graph(s)" in result.stderr
    assert "kg: hint:" in result.stderr
    assert "trying again in" in result.stderr  # the retry was reported
    fault_proxy.plan, fault_proxy.default = ["html"], "pass"
    result = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "--profile", "flaky"])
    assert result.exit_code == 5 and "answered with text/html, not SPARQL results" in result.stderr


@pytest.mark.parametrize("passing", [1, 2, 3, 4])
def test_an_interrupted_replace_never_empties_a_graph_it_reports_as_not_sent(
    fault_proxy: FaultProxy, oxigraph: Server, local: LocalStore, passing: int
) -> None:
    # the server has an older version of every graph: kg's graphs plus a marker triple
    server = direct(oxigraph)
    push(server, source=local, options=PushOptions(replace=True))
    server.update(
        'INSERT { GRAPH ?g { <urn:x-kg:old> <urn:x-kg:old> "old" } } WHERE { GRAPH ?g { ?s ?p ?o } }'
    )
    old = {g: graph_triples(server, g) for g in local.graph_names()}
    # the proxy lets `passing` requests through, then answers 500 for good (no retries)
    fault_proxy.plan = ["pass"] * passing
    fault_proxy.default = "500"
    options = PushOptions(replace=True, max_chunk_bytes=40_000, jobs=1)
    with pytest.raises(PushError) as err:
        push(through(fault_proxy, retries=0), source=local, options=options)
    report = err.value.report
    fault_proxy.wait_idle()
    assert report.incomplete
    for g in report.graphs:
        now, new = graph_triples(server, g.name), graph_triples(local, g.name)
        assert now, f"{g.name} was emptied"
        if g.complete:
            assert now == new
        elif not g.landed:  # NOT SENT: the server still has exactly what it had
            assert now == old[g.name], f"{g.name} is reported NOT SENT but changed on the server"
    assert any(line.startswith("NOT SENT") for line in report.lines())


def test_writes_answered_with_a_web_page_fail_the_push_saying_so(
    fault_proxy: FaultProxy,
    oxigraph: Server,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "kg.toml"
    config.write_text(
        f'[profiles.portal]\nserver = "oxigraph"\nendpoint = "{fault_proxy.base}"\nretries = 0\n'
    )
    monkeypatch.setenv("KG_CONFIG", str(config))
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    assert runner.invoke(cli, ["ingest", "--endpoint", "", str(DATA / "articles")]).exit_code == 0
    fault_proxy.default = "html"  # every request gets "200 text/html" and a page: a login portal
    for verify in (["--no-verify"], []):
        result = runner.invoke(cli, ["push", "--profile", "portal", *verify])
        assert result.exit_code == 5, result.stderr
        assert "answered HTTP 200 with an HTML page, not the answer of a write" in result.stderr
        assert "Proxy says hello" in result.stderr and "Traceback" not in result.output
        assert "0 of 9 graph(s) landed completely" in result.stderr
        assert "pushed 9 of 9" not in result.stderr and "triples/s" not in result.stderr
    assert direct(oxigraph).graph_names() == []  # indeed nothing landed
