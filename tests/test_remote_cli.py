"""The command line against misbehaving remote servers (tiny scripted HTTP servers, no database):
what kg prints, and with which exit code."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.errors import RemoteError

from .conftest import DATA
from .servers import TinyServer


def kg(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KG_ENDPOINT", "KG_SERVER", "KG_PROFILE", "KG_USER", "KG_PASSWORD", "KG_TOKEN", "KG_STORE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def echo() -> Iterator[TinyServer]:
    """A server that refuses every request and repeats the Authorization header it got."""

    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        got = headers.get("Authorization", "nothing")
        return (
            401,
            {"WWW-Authenticate": 'Basic realm="db"', "Content-Type": "text/plain"},
            f"denied: got {got}".encode(),
        )

    with TinyServer(answer) as server:
        yield server


def test_credentials_a_server_echoes_are_never_printed(
    runner: CliRunner, echo: TinyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_USER", "alice")
    monkeypatch.setenv("KG_PASSWORD", "wrongPW1")
    result = kg(runner, "query", "ASK {}", "--endpoint", echo.base, "--auth", "basic")
    assert result.exit_code == 5, result.output
    assert "refused the credentials" in result.stderr and "denied: got Basic ***" in result.stderr
    sent = echo.seen[0][2]["Authorization"]
    assert sent == "Basic " + base64.b64encode(b"alice:wrongPW1").decode()  # what the server echoed
    assert sent.split()[1] not in result.output and "wrongPW1" not in result.output
    monkeypatch.delenv("KG_USER")
    monkeypatch.delenv("KG_PASSWORD")
    monkeypatch.setenv("KG_TOKEN", "tok-5e1f-99aa")
    result = kg(runner, "query", "ASK {}", "--endpoint", echo.base, "--auth", "bearer")
    assert result.exit_code == 5 and "denied: got Bearer ***" in result.stderr
    assert "tok-5e1f-99aa" not in result.output


def test_a_password_with_url_delimiters_is_refused_not_printed(runner: CliRunner) -> None:
    for url in (
        "http://dba:s3cr#et@127.0.0.1:1",
        "http://dba:s3/cr@127.0.0.1:1",
        "http://dba:12?cr@127.0.0.1:1",
    ):
        result = kg(runner, "query", "ASK {}", "--endpoint", url, "--retries", "0")
        assert result.exit_code == 2, result.output  # a usage error: the server was never asked
        assert "user name or password in the URL (http://127.0.0.1:1)" in result.stderr
        assert "s3cr" not in result.output and "12?cr" not in result.output


def test_kgs_own_requests_refused_with_400_exit_5_with_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    """kg ingest --endpoint .../update (Oxigraph's update URL, given as the query URL)."""

    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if b"update=" in body:
            return 204, {}, b""
        return 400, {"Content-Type": "text/plain"}, b"The URL query parameter update must be set"

    with TinyServer(answer) as server:
        for args in (
            ["ingest", str(DATA / "articles")],
            ["stats"],
            ["export", "-f", "nt", "-o", str(tmp_path / "out.nt")],
            ["query", "ASK {}"],
        ):
            result = kg(runner, *args, "--endpoint", f"{server.base}/update", "--retries", "0")
            assert result.exit_code == 5, (args, result.output)  # not 3: no input of yours is wrong
            assert "update must be set" in result.stderr and "SPARQL query URL" in result.stderr


def test_store_and_endpoint_on_one_command_line_are_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = str(tmp_path / "no-store")
    both = kg(runner, "query", "ASK {}", "--store", missing, "--endpoint", "http://127.0.0.1:1/query")
    assert both.exit_code == 2 and "--store and --endpoint name two stores" in both.stderr
    monkeypatch.setenv("KG_CONFIG", str(tmp_path / "kg.toml"))
    (tmp_path / "kg.toml").write_text('[profiles.lab]\nendpoint = "http://127.0.0.1:1/query"\n')
    both = kg(runner, "stats", "--store", missing, "--profile", "lab")
    assert both.exit_code == 2 and "--store and --profile name two stores" in both.stderr
    # an explicit --store wins over KG_ENDPOINT from the environment, and kg says so
    monkeypatch.setenv("KG_ENDPOINT", "http://127.0.0.1:1/query")
    local = kg(runner, "query", "ASK {}", "--store", missing)
    assert local.exit_code == 4 and "no kg store at" in local.stderr  # the embedded store was used
    assert "not KG_ENDPOINT from the environment" in local.stderr
    # an explicit --endpoint wins over KG_STORE; both from the environment: the remote store
    monkeypatch.setenv("KG_STORE", missing)
    for args in (["--endpoint", "http://127.0.0.1:1/query"], []):
        remote = kg(runner, "query", "ASK {}", "--retries", "0", *args)
        assert remote.exit_code == 5 and "connection refused" in remote.stderr
    # kg push reads --store and writes to --endpoint: both are fine there
    pushed = kg(runner, "push", "--store", missing, "--endpoint", "http://127.0.0.1:1/query")
    assert pushed.exit_code == 4 and "no kg store at" in pushed.stderr  # the source: missing


def test_proxies_of_the_environment_are_honoured_netrc_is_not(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/sparql-results+json"}, b'{"head":{},"boolean":true}'

    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.invalid login nina password netrc-pw-77\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HOME", str(tmp_path))
    with TinyServer(answer) as proxy:
        host = proxy.base.removeprefix("http://")
        monkeypatch.setenv("HTTP_PROXY", f"http://puser:proxy-pw-31@{host}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        args = ["query", "ASK {}", "-f", "json", "--server", "oxigraph", "--retries", "0"]
        result = kg(runner, *args, "--endpoint", "http://db.invalid:7878")
        assert result.exit_code == 0, result.output  # the proxy answered for the unresolvable host
        _method, path, headers = proxy.seen[0]
        assert path.startswith("http://db.invalid:7878/query")  # a proxy request: the absolute URL
        assert headers["Proxy-Authorization"].startswith("Basic ")
        assert "Authorization" not in headers  # ~/.netrc (NETRC) is not read
        monkeypatch.setenv("NO_PROXY", "db.invalid")  # NO_PROXY: straight to the host, which fails
        bypassed = kg(runner, *args, "--endpoint", "http://db.invalid:7878")
        assert bypassed.exit_code == 5 and "cannot be resolved" in bypassed.stderr
        assert len(proxy.seen) == 1
    monkeypatch.delenv("NO_PROXY")
    gone = kg(runner, *args, "--endpoint", "http://db.invalid:7878")  # the proxy is gone
    assert gone.exit_code == 5 and "the proxy failed" in gone.stderr
    assert "proxy-pw-31" not in gone.output


def test_the_ca_bundle_of_the_environment_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg.store.http import HttpClient
    from kg.store.profiles import Endpoint

    seen: list[object] = []

    class Spy(requests.adapters.HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
            seen.append(kwargs.get("verify"))
            raise requests.exceptions.ConnectionError("stop here")

    def session() -> requests.Session:
        s = requests.Session()
        s.mount("https://", Spy())
        return s

    bundle = tmp_path / "corporate-ca.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    client = HttpClient(Endpoint("https://db.example/query", retries=0), session_factory=session)
    with pytest.raises(RemoteError):
        client.request("POST", "https://db.example/query", what="q")
    assert seen == [str(bundle)]


def test_update_confirmation_follows_what_the_update_does(runner: CliRunner) -> None:
    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        return 204, {}, b""

    with TinyServer(answer) as server:
        args = ["query", "--update", "--server", "oxigraph", "--endpoint", server.base]
        text = kg(runner, *args, 'INSERT DATA { <urn:a> <urn:b> "no DROP here" }')
        assert text.exit_code == 0, text.output  # applied without asking
        assert len(server.seen) == 1
        every = kg(runner, *args, "DELETE WHERE { GRAPH ?g { ?s <urn:b> ?o } }")
        assert every.exit_code == 2 and "deletes from every graph that matches GRAPH ?g" in every.stderr
        assert "--yes" in every.stderr and len(server.seen) == 1  # nothing was sent
        assert kg(runner, *args, "--yes", "DELETE WHERE { GRAPH ?g { ?s <urn:b> ?o } }").exit_code == 0


# --------------------------------------------------------------------------------------------
# Ctrl-C during a push: a real SIGINT to a real kg process
# --------------------------------------------------------------------------------------------


def _nquads(tmp_path: Path, graphs: int = 12, triples: int = 40) -> Path:
    data = tmp_path / "data.nq"
    data.write_text(
        "".join(
            f'<http://e/s{i}> <http://e/p> "{i}" <http://e/g{g}> .\n'
            for g in range(graphs)
            for i in range(triples)
        )
    )
    return data


def _start_push(server: TinyServer, data: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    args = [sys.executable, "-m", "kg", "push", str(data), "--endpoint", f"{server.base}/sparql"]
    args += ["--gsp-url", f"{server.base}/store", "--jobs", "1", "--no-verify", "--replace", "--yes"]
    return subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_ctrl_c_during_a_push_reports_what_landed_and_exits_130(tmp_path: Path) -> None:
    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.2)
        return 204, {}, b""

    with TinyServer(answer) as server:
        push = _start_push(server, _nquads(tmp_path))
        _wait_for(lambda: len(server.seen) >= 3)
        push.send_signal(signal.SIGINT)
        _, stderr = push.communicate(timeout=30)
    assert push.returncode == 130, stderr
    assert "Traceback" not in stderr and "not stored" not in stderr  # not ingest's message
    landed = len(server.seen)  # kg waited for the request on its way: it landed
    assert f"interrupted: {landed} of 12 graph(s) landed completely" in stderr
    assert stderr.count("NOT SENT http://e/g") == 12 - landed
    assert "kg: hint: run the same push again: it replaces each graph again" in stderr


def test_a_second_ctrl_c_stops_waiting_and_says_a_request_may_have_landed(tmp_path: Path) -> None:
    release = threading.Event()

    def answer(
        method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if "g2" in path:
            release.wait(60)  # the third graph's request hangs
        return 204, {}, b""

    with TinyServer(answer) as server:
        try:
            push = _start_push(server, _nquads(tmp_path))
            _wait_for(lambda: len(server.seen) >= 3)
            push.send_signal(signal.SIGINT)
            lines: list[str] = []
            assert push.stderr is not None
            while not any("waiting for the requests" in line for line in lines):
                lines.append(push.stderr.readline())
            push.send_signal(signal.SIGINT)
            stderr = "".join(lines) + push.communicate(timeout=30)[1]
        finally:
            release.set()
    assert push.returncode == 130, stderr
    assert "IN FLIGHT (may have landed) http://e/g2" in stderr
    assert "interrupted: 2 of 12 graph(s) landed completely" in stderr
