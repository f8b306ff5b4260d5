"""Real SPARQL servers for the tests, on 127.0.0.1 and free ports, started by the test session and
stopped after it.

- **Oxigraph server**: the ``oxigraph`` binary of the ``oxigraph`` PyPI package (dev extras).
- **Virtuoso**: ``virtuoso-t`` from Debian's ``virtuoso-opensource`` package (``make test`` installs
  it when it is missing), with its own database folder and a ``virtuoso.ini`` written here.

A test that needs a server that cannot be found or started FAILS, saying what to install; it never
skips. Register the fixtures with ``pytest_plugins = ["tests.servers"]`` in a test module.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # the password of a new Virtuoso database
VIRTUOSO_INSTALL_HINT = (
    "Debian's virtuoso-opensource package is not installed (no virtuoso-t on PATH). `make test` "
    "installs it as root (apt-get install -y virtuoso-opensource); without root run "
    "`sudo apt-get install -y virtuoso-opensource` once, or set KG_VIRTUOSO to the virtuoso-t binary"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process the test session started."""

    name: str
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    folder: Path
    log: Path
    extra: dict[str, str] = field(default_factory=dict)

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _wait(server: Server, ready: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"{server.name} exited with code {server.process.returncode} while starting:\n"
                + server.log_tail()
            )
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"{server.name} did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.access(found, os.X_OK):
        pytest.fail(
            "the Oxigraph server binary is missing: install the dev extras (pip install -e '.[dev]', "
            "which brings the `oxigraph` package)"
        )
    return found


def start_oxigraph(folder: Path, *, union_default_graph: bool = False) -> Server:
    """``oxigraph serve`` on a free port with its data in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder.parent / f"{folder.name}.log"
    args = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        args.append("--union-default-graph")
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    server = Server("Oxigraph server", f"http://127.0.0.1:{port}", process, folder, log)
    _wait(
        server,
        lambda: requests.get(f"{server.base}/query", params={"query": "ASK {}"}, timeout=2).ok,
        30,
    )
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binary() -> str:
    found = os.environ.get("KG_VIRTUOSO") or shutil.which("virtuoso-t")
    if not found or not os.access(found, os.X_OK):
        pytest.fail(VIRTUOSO_INSTALL_HINT)
    return found


def start_virtuoso(folder: Path, *, max_rows: int = 10000) -> Server:
    """``virtuoso-t`` on free ports with a new database in ``folder`` (user dba, password dba).

    ``max_rows`` is Virtuoso's ``ResultSetMaxRows`` (its default, 10000, cuts big results).
    """
    binary = virtuoso_binary()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows)
    )
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(
        "Virtuoso", f"http://127.0.0.1:{http_port}", process, folder, log, {"sql_port": str(sql_port)}
    )
    _wait(
        server,
        lambda: requests.get(f"{server.base}/sparql", params={"query": "ASK {}"}, timeout=5).ok,
        180,
    )
    return server


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()


@pytest.fixture
def oxigraph(oxigraph_server: Server) -> Server:
    """The session's Oxigraph server, emptied for this test."""
    response = requests.post(f"{oxigraph_server.base}/update", data={"update": "DROP ALL"}, timeout=60)
    assert response.ok, response.text
    return oxigraph_server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop(60)


# --------------------------------------------------------------------------------------------
# A tiny fault-injecting proxy
# --------------------------------------------------------------------------------------------


class _LocalHttp:
    """An HTTP/1.1 server on 127.0.0.1 and a free port, in a daemon thread; ``handle`` serves
    every request (any method) with the request handler as its argument."""

    def _serve(self, handle: Callable[[http.server.BaseHTTPRequestHandler], None]) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _body(request: http.server.BaseHTTPRequestHandler) -> bytes:
    length = int(request.headers.get("Content-Length") or 0)
    return request.rfile.read(length) if length else b""


def _reply(
    request: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], payload: bytes
) -> None:
    request.send_response(status)
    for k, v in headers.items():
        request.send_header(k, v)
    request.send_header("Content-Length", str(len(payload)))
    request.end_headers()
    request.wfile.write(payload)


class FaultProxy(_LocalHttp):
    """An HTTP proxy in front of a real server that injects faults, one planned action per request.

    Actions: ``pass`` (forward), ``drop`` (close the connection without forwarding), ``lose``
    (forward, then close the connection without answering: the request landed, the answer is
    lost), ``truncate`` (forward the body without its last line), ``500`` / ``502`` / ``503`` /
    ``429`` (answer that status without forwarding; 429 and 503 say ``Retry-After: 0``), ``html``
    (answer 200 with an HTML page), ``stall:SECONDS`` (wait, then forward). When the plan is used
    up, ``default`` applies. ``seen`` records (method, path, action).
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.plan: list[str] = []
        self.default = "pass"
        self.seen: list[tuple[str, str, str]] = []
        self.active = 0  # requests being handled (a stalled one may still reach the server late)
        self._lock = threading.Lock()
        self._serve(self._handle)

    def _handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.active += 1
        try:
            self._forward(request)
        finally:
            with self._lock:
                self.active -= 1

    def _forward(self, request: http.server.BaseHTTPRequestHandler) -> None:
        body = _body(request)
        action = self.next_action(request.command, request.path)
        if action == "drop":
            request.close_connection = True
            return
        if action.startswith("stall:"):
            time.sleep(float(action.split(":", 1)[1]))
            action = "pass"
        if action == "truncate":  # the last line of the body goes missing on the way
            body = body[: body.rstrip(b"\n").rfind(b"\n") + 1]
            action = "pass"
        if action in ("500", "502", "503", "429", "html"):
            html = action == "html"
            headers = {"Content-Type": "text/html" if html else "text/plain"}
            if action in ("429", "503"):
                headers["Retry-After"] = "0"
            payload = b"<html><body>Proxy says hello</body></html>" if html else b"busy"
            _reply(request, 200 if html else int(action), headers, payload)
            return
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("host", "content-length", "connection", "accept-encoding")
        }
        answer = requests.request(
            request.command, self.upstream + request.path, data=body, headers=headers, timeout=120
        )
        if action == "lose":
            request.close_connection = True
            return
        dropped = ("content-length", "connection", "transfer-encoding", "content-encoding")
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in dropped}
        _reply(request, answer.status_code, kept, answer.content)

    def next_action(self, method: str, path: str) -> str:
        with self._lock:
            action = self.plan.pop(0) if self.plan else self.default
            self.seen.append((method, path, action))
            return action

    def wait_idle(self, timeout: float = 30) -> None:
        """Wait until no request is in flight (so none lands on the server after the test)."""
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        self.wait_idle()
        super().close()


@pytest.fixture
def fault_proxy(oxigraph: Server) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the (emptied) Oxigraph server."""
    proxy = FaultProxy(oxigraph.base)
    yield proxy
    proxy.close()


# --------------------------------------------------------------------------------------------
# A tiny scripted HTTP server
# --------------------------------------------------------------------------------------------

#: ``(method, path with query, headers, body) -> (status, headers, body)``.
Answerer = Callable[[str, str, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


class TinyServer(_LocalHttp):
    """A real HTTP server on 127.0.0.1 whose answers a function gives (for misbehaving servers:
    one that echoes the Authorization header, one that answers slowly ...). ``seen`` records
    (method, path, headers)."""

    def __init__(self, answer: Answerer) -> None:
        self.answer = answer
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self._serve(self._handle)

    def _handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        body = _body(request)
        headers = dict(request.headers.items())
        self.seen.append((request.command, request.path, headers))
        _reply(request, *self.answer(request.command, request.path, headers, body))

    def __enter__(self) -> TinyServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
