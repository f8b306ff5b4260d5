"""The remote store without a server: profiles, URLs, retries, authentication, redaction, chunking.

HTTP goes through a fake requests adapter that plays a script of answers (or errors) and records
what kg sent; the servers themselves are exercised in test_remote_oxigraph/_virtuoso/_faults.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
import urllib3.exceptions
from requests.adapters import BaseAdapter

from kg.errors import AuthError, InputError, RemoteError, UsageError
from kg.redaction import RedactingFilter, redact, register_secret
from kg.store.http import HttpClient, retry_after
from kg.store.profiles import (
    AuthKind,
    Credentials,
    Endpoint,
    RemoteOptions,
    ServerKind,
    UnionMode,
    check_url,
    resolve_endpoint,
)
from kg.store.push import PushError, PushOptions, push_units, quads_unit
from kg.store.remote import (
    RemoteStore,
    _shift_position,
    destructive,
    nquads_update,
    query_form,
    split_lines,
    with_prefixes,
)

# --------------------------------------------------------------------------------------------
# A scripted HTTP adapter
# --------------------------------------------------------------------------------------------

Answer = tuple[int, dict[str, str], bytes] | Exception | Callable[[requests.PreparedRequest], Any]


class Script(BaseAdapter):
    """Answers requests from a list (the last answer repeats) and records them."""

    def __init__(self, answers: list[Answer]) -> None:
        super().__init__()
        self.answers = answers
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if callable(answer) and not isinstance(answer, Exception):
            answer = answer(request)
        if isinstance(answer, Exception):
            raise answer
        status, headers, body = answer
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response._content = body
        response.url = request.url or ""
        response.request = request
        response.connection = self  # type: ignore[attr-defined]
        response.reason = {200: "OK", 401: "Unauthorized", 500: "Internal Server Error"}.get(status, "")
        return response

    def close(self) -> None:
        pass


def client_with(
    answers: list[Answer], endpoint: Endpoint | None = None, **kwargs: Any
) -> tuple[HttpClient, Script, list[float]]:
    script = Script(answers)
    sleeps: list[float] = []

    def session() -> requests.Session:
        s = requests.Session()
        s.mount("http://", script)
        return s

    ep = endpoint or Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store")
    return HttpClient(ep, session_factory=session, sleep=sleeps.append, **kwargs), script, sleeps


JSON = {"Content-Type": "application/sparql-results+json"}
ASK_TRUE = (200, JSON, b'{"head":{},"boolean":true}')


def refused() -> requests.exceptions.ConnectionError:
    return requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(
            None,  # type: ignore[arg-type]
            "/",
            urllib3.exceptions.NewConnectionError(None, "Connection refused"),  # type: ignore[arg-type]
        )
    )


def dropped() -> requests.exceptions.ConnectionError:
    """The server closed the connection after the request was sent."""
    return requests.exceptions.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
    )


# --------------------------------------------------------------------------------------------
# Profiles and URLs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("server", "given", "query", "update", "gsp"),
    [
        ("oxigraph", "http://h:7878", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        (
            "oxigraph",
            "http://h:7878/query",
            "http://h:7878/query",
            "http://h:7878/update",
            "http://h:7878/store",
        ),
        (
            "virtuoso",
            "http://h:8890/sparql/",
            "http://h:8890/sparql",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
        ),
        (
            "fuseki",
            "http://h:3030/kg",
            "http://h:3030/kg/query",
            "http://h:3030/kg/update",
            "http://h:3030/kg/data",
        ),
        (
            "fuseki",
            "http://h:3030/kg/sparql",
            "http://h:3030/kg/query",
            "http://h:3030/kg/update",
            "http://h:3030/kg/data",
        ),
        (
            "graphdb",
            "http://h:7200/repositories/kg",
            "http://h:7200/repositories/kg",
            "http://h:7200/repositories/kg/statements",
            "http://h:7200/repositories/kg/rdf-graphs/service",
        ),
        ("generic", "https://h/sparql", "https://h/sparql", "https://h/sparql", None),
    ],
)
def test_server_layouts(server: str, given: str, query: str, update: str, gsp: str | None) -> None:
    ep = resolve_endpoint(RemoteOptions(endpoint=given, server=server), environ={})
    assert ep is not None
    assert (ep.query_url, ep.update_url, ep.gsp_url) == (query, update, gsp)


def test_server_quirks() -> None:
    virtuoso = resolve_endpoint(RemoteOptions(endpoint="http://h:8890", server="virtuoso"), environ={})
    oxigraph = resolve_endpoint(RemoteOptions(endpoint="http://h:7878", server="oxigraph"), environ={})
    assert virtuoso and oxigraph
    assert virtuoso.auth is AuthKind.DIGEST and virtuoso.union is UnionMode.NATIVE and virtuoso.capped_results
    assert virtuoso.is_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
    assert not virtuoso.is_system_graph("https://kg.example/graph/1")
    assert oxigraph.union is UnionMode.PARAMETER and oxigraph.dataset_upload and oxigraph.auth is None


def test_no_endpoint_means_the_local_store() -> None:
    assert resolve_endpoint(RemoteOptions(), environ={}) is None


def test_explicit_urls_and_numbers_win_over_the_layout() -> None:
    ep = resolve_endpoint(
        RemoteOptions(
            endpoint="http://h:8890",
            server="virtuoso",
            update_url="http://h:8890/other-update",
            auth="basic",
            timeout=3,
            retries=0,
            max_chunk_bytes=5000,
        ),
        environ={},
    )
    assert ep is not None
    assert (
        ep.update_url == "http://h:8890/other-update" and ep.gsp_url == "http://h:8890/sparql-graph-crud-auth"
    )
    assert (ep.auth, ep.timeout, ep.retries, ep.max_chunk_bytes) == (AuthKind.BASIC, 3, 0, 5000)


def test_urls_with_credentials_are_refused_without_echoing_them() -> None:
    with pytest.raises(UsageError) as err:  # a usage error (exit 2), not a server's answer
        check_url("http://alice:s3cr3t-pw@db.example:8890/sparql")
    assert "s3cr3t-pw" not in str(err.value) and "alice" not in str(err.value)
    assert "KG_USER" in (err.value.hint or "") and "http://db.example:8890/sparql" in str(err.value)
    assert err.value.exit_code == 2
    with pytest.raises(UsageError):
        check_url("ftp://db.example/sparql")
    with pytest.raises(UsageError):
        check_url("localhost:7878")


@pytest.mark.parametrize(
    "url",
    [
        "http://dba:s3cr#et@127.0.0.1:42405",  # '#' ends the authority for a URL parser
        "http://dba:s3/cr@127.0.0.1:42405/sparql",  # '/' starts the path
        "http://dba:s3?cr@127.0.0.1:42405",  # '?' starts the query
        "http://dba:12?cr@127.0.0.1:42405",  # ... after what looks like a port
        "http://dba:p@ss@127.0.0.1:42405",  # '@' in the password
        "https://alice@127.0.0.1:42405",  # a user alone
    ],
)
def test_userinfo_is_refused_whatever_the_password_holds(url: str, tmp_path: Path) -> None:
    secret = url.split("//", 1)[1].rsplit("@", 1)[0]
    for options in (
        RemoteOptions(endpoint=url),
        RemoteOptions(endpoint="http://db:1/sparql", update_url=url),
        RemoteOptions(endpoint="http://db:1/sparql", gsp_url=url),
    ):
        with pytest.raises(UsageError, match="user name or password in the URL") as err:
            resolve_endpoint(options, environ={})
        assert secret not in str(err.value) and secret not in (err.value.hint or "")
        assert "127.0.0.1:42405" in str(err.value) and err.value.exit_code == 2
    config = tmp_path / "kg.toml"
    config.write_text(f'[profiles.x]\nendpoint = "{url}"\n')
    with pytest.raises(UsageError, match="user name or password in the URL") as err:
        resolve_endpoint(RemoteOptions(profile="x", config=str(config)), environ={})
    assert secret not in str(err.value)


def test_profiles_from_kg_toml(tmp_path: Path) -> None:
    config = tmp_path / "kg.toml"
    config.write_text(
        '[profiles.lab]\nserver = "virtuoso"\nendpoint = "http://db.lab:8890"\n'
        "max-chunk-bytes = 10_000_000\nretries = 2\nbackoff = 0.1\n\n"
        '[profiles.fuseki]\nserver = "fuseki"\nendpoint = "http://f:3030/kg"\nunion = "native"\n'
    )
    env = {"KG_CONFIG": str(config)}
    lab = resolve_endpoint(RemoteOptions(profile="lab"), environ=env)
    assert lab is not None
    assert lab.query_url == "http://db.lab:8890/sparql" and lab.max_chunk_bytes == 10_000_000
    assert (lab.retries, lab.backoff, lab.profile) == (2, 0.1, "lab")
    # options given explicitly win over the profile
    other = resolve_endpoint(
        RemoteOptions(profile="lab", endpoint="http://other:8890", retries=7), environ=env
    )
    assert other is not None and other.query_url == "http://other:8890/sparql" and other.retries == 7
    fuseki = resolve_endpoint(RemoteOptions(profile="fuseki"), environ=env)
    assert (
        fuseki is not None and fuseki.union is UnionMode.NATIVE and fuseki.gsp_url == "http://f:3030/kg/data"
    )
    with pytest.raises(UsageError, match=r"no profile 'nope'.*profiles there: fuseki, lab"):
        resolve_endpoint(RemoteOptions(profile="nope"), environ=env)


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ('[profiles.x]\nendpoint = "http://h"\npassword = "hunter2"\n', UsageError, "credentials do not go"),
        ('[profiles.x]\nendpoint = "http://h"\ncolour = "red"\n', UsageError, "unknown key 'colour'"),
        ('[profiles.x]\nendpoint = "http://h"\nserver = "stardog"\n', UsageError, "unknown server kind"),
        ('[profiles.x]\nendpoint = "http://h"\nretries = -1\n', UsageError, "non-negative"),
        ("[profiles.x\n", UsageError, "not valid TOML"),
        ('[profiles.x]\nserver = "oxigraph"\n', UsageError, "has no endpoint"),
    ],
)
def test_bad_profiles_are_explained(tmp_path: Path, body: str, error: type[Exception], message: str) -> None:
    config = tmp_path / "kg.toml"
    config.write_text(body)
    with pytest.raises(error, match=message) as err:
        resolve_endpoint(RemoteOptions(profile="x", config=str(config)), environ={})
    assert "hunter2" not in str(err.value)


def test_only_the_profile_used_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "kg.toml"
    config.write_text(
        '[profiles.broken]\nendpoint = "http://h"\npassword = "hunter2"\ncolour = "red"\n\n'
        '[profiles.lab]\nserver = "oxigraph"\nendpoint = "http://lab:7878"\n'
    )
    lab = resolve_endpoint(RemoteOptions(profile="lab", config=str(config)), environ={})
    assert lab is not None and lab.update_url == "http://lab:7878/update"
    with pytest.raises(UsageError, match=r"credentials do not go in kg\.toml") as err:
        resolve_endpoint(RemoteOptions(profile="broken", config=str(config)), environ={})
    assert err.value.exit_code == 2 and "hunter2" not in str(err.value)


def test_missing_config_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="no config file found"):
        resolve_endpoint(RemoteOptions(profile="lab"), environ={"XDG_CONFIG_HOME": str(tmp_path)})


def test_credentials_come_from_the_environment_and_never_show() -> None:
    creds = Credentials.from_env({"KG_USER": "dba", "KG_PASSWORD": "pw-123", "KG_TOKEN": "tok-456"})
    assert creds is not None and creds.user == "dba"
    assert "pw-123" not in repr(creds) and "tok-456" not in repr(creds)
    assert Credentials.from_env({}) is None


# --------------------------------------------------------------------------------------------
# Small pure functions
# --------------------------------------------------------------------------------------------


def test_query_form_prefixes_and_destructive_updates() -> None:
    assert query_form("PREFIX a: <http://a/>\n# c\nASK { ?s ?p ?o }") == "ASK"
    assert query_form("select * { ?s ?p ?o }") == "SELECT"
    assert query_form("DESCRIBE <http://a/>") == "DESCRIBE"
    assert query_form("INSERT DATA {}") is None
    text = with_prefixes("PREFIX kg: <http://mine/>\nSELECT * { ?s a kg:X ; skos:prefLabel ?l }")
    assert "PREFIX kg: <http://mine/>" in text and text.count("PREFIX kg:") == 1
    assert text.startswith("PREFIX cameo: <https://w3id.org/kg-news/cameo/>") and "\n" in text
    assert text.index("PREFIX skos:") < text.index("\n")  # all added prefixes on line 1
    assert destructive("DROP SILENT GRAPH <http://g>") and destructive("clear all")
    assert destructive("MOVE <http://a> TO <http://b>")
    assert destructive("INSERT DATA { <http://a> <http://b> <http://c> }") is None
    assert _shift_position("error at 1:130: expected", 120) == "error at 1:10: expected"
    assert _shift_position("error at 2:5: expected", 120) == "error at 2:5: expected"


@pytest.mark.parametrize(
    ("update", "asks"),
    [
        ('INSERT DATA { <urn:a> <urn:b> "no DROP here" }', False),  # keywords in strings ...
        ("INSERT DATA { <urn:a> <urn:b> '''a\nCLEAR ALL''' }", False),
        ('INSERT DATA { <urn:a> <urn:b> "it\\"s a DROP" }', False),
        ("# DROP ALL first?\nINSERT DATA { <urn:a> <urn:b> <urn:drop> }", False),  # comments, IRIs
        ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:copy _:move }", False),  # prefixed names
        ('INSERT DATA { <urn:a> <urn:b> "x"@en-drop }', False),  # language tags
        ("DELETE DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", False),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", False),  # one graph
        ("DELETE { GRAPH <urn:g> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("INSERT { GRAPH ?g { ?s <urn:p> 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("DROP SILENT GRAPH <urn:g>", True),
        ("clear all", True),
        ("INSERT DATA { <urn:a> <urn:b> 1 } ; COPY <urn:a> TO <urn:b>", True),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", True),  # every graph on the server
        ("delete where { graph $g { ?s kg:theme ?o } }", True),
        ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s a kg:Claim } }", True),
    ],
)
def test_destructive_updates_are_told_by_their_keywords_not_their_text(update: str, asks: bool) -> None:
    assert (destructive(update) is not None) is asks


def test_split_lines_never_splits_a_line() -> None:
    data = b"".join(f"<http://e/{i}> <http://e/p> {'x' * (i % 7)!r} .\n".encode() for i in range(500))
    chunks = list(split_lines(data, 1000))
    assert b"".join(chunks) == data
    assert all(len(c) <= 1000 and c.endswith(b"\n") for c in chunks)
    long_line = b"a" * 50 + b"\n"
    assert list(split_lines(b"x\n" + long_line + b"y\n", 20)) == [b"x\n", long_line, b"y\n"]


def test_retry_after_in_seconds_and_as_a_date() -> None:
    from datetime import UTC, datetime

    response = requests.Response()
    response.headers["Retry-After"] = "7"
    assert retry_after(response) == 7
    response.headers["Retry-After"] = "Wed, 21 Oct 2015 07:28:10 GMT"
    assert retry_after(response, now=datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)) == 10
    response.headers["Retry-After"] = "soon"
    assert retry_after(response) is None


# --------------------------------------------------------------------------------------------
# Retries and timeouts
# --------------------------------------------------------------------------------------------


def test_retries_on_429_and_5xx_honour_retry_after_then_succeed() -> None:
    client, script, sleeps = client_with(
        [(429, {"Retry-After": "3"}, b""), (503, {}, b""), (502, {}, b""), ASK_TRUE]
    )
    response = client.request("POST", "http://db.test/query", what="the query")
    assert response.status_code == 200 and len(script.sent) == 4
    assert sleeps == [3.0, 1.0, 2.0]  # Retry-After, then backoff 0.5 s doubling
    assert client.retries == 3


def test_retries_give_up_with_an_honest_message() -> None:
    ep = Endpoint("http://db.test/query", retries=2, backoff=0.01)
    client, script, _ = client_with([(500, {"Content-Type": "text/plain"}, b"disk full")], ep)
    with pytest.raises(RemoteError) as err:
        client.request("POST", "http://db.test/query", what="the query at db")
    assert len(script.sent) == 3
    assert "the query at db failed: HTTP 500 Internal Server Error (after 3 attempts): disk full" in str(
        err.value
    )
    assert err.value.exit_code == 5


def test_a_too_long_retry_after_is_reported_not_waited_for() -> None:
    client, _, sleeps = client_with([(503, {"Retry-After": "3600"}, b"")])
    with pytest.raises(RemoteError, match="asks to wait 3600 s"):
        client.request("GET", "http://db.test/store", what="reading")
    assert sleeps == []


def test_connection_errors_are_retried_for_idempotent_requests() -> None:
    client, script, _ = client_with([dropped(), refused(), ASK_TRUE])
    assert client.request("PUT", "http://db.test/store?graph=g", what="w", data=b"x").ok
    assert len(script.sent) == 3


def test_a_non_idempotent_request_is_not_repeated_once_it_may_have_arrived() -> None:
    client, script, _ = client_with([dropped(), ASK_TRUE])
    with pytest.raises(RemoteError, match="connection was reset"):
        client.request("POST", "http://db.test/update", what="the update", idempotent=False)
    assert len(script.sent) == 1
    # ... but it is when no connection was made, or the server said it did not process it
    client, script, _ = client_with([refused(), (503, {}, b""), ASK_TRUE])
    assert client.request("POST", "http://db.test/update", what="u", idempotent=False).ok
    assert len(script.sent) == 3
    client, script, _ = client_with([(500, {}, b""), ASK_TRUE])
    with pytest.raises(RemoteError, match="HTTP 500"):
        client.request("POST", "http://db.test/update", what="u", idempotent=False)


def test_timeouts_are_passed_and_reported() -> None:
    seen: list[Any] = []

    def slow(request: requests.PreparedRequest) -> Exception:
        return requests.exceptions.ReadTimeout("read timed out")

    ep = Endpoint("http://db.test/query", timeout=2.5, connect_timeout=1.5, retries=1, backoff=0)
    client, script, _ = client_with([slow], ep)
    original = script.send

    def spy(request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        seen.append(kwargs.get("timeout"))
        return original(request, **kwargs)

    script.send = spy  # type: ignore[method-assign]
    with pytest.raises(RemoteError) as err:
        client.request("POST", "http://db.test/query", what="the query")
    assert seen == [(1.5, 2.5), (1.5, 2.5)]
    assert "no answer within 2.5 s (after 2 attempts)" in str(err.value)
    assert "--timeout" in (err.value.hint or "")


def refused_for_real() -> requests.exceptions.ConnectionError:
    """A refused connection as urllib3 raises it: NewConnectionError from ConnectionRefusedError."""
    new = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection")  # type: ignore[arg-type]
    new.__cause__ = ConnectionRefusedError(111, "Connection refused")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", new))  # type: ignore[arg-type]


def test_a_refused_connection_is_retried_only_once_the_server_was_reached() -> None:
    # the first request: nothing listens there (a wrong port, a server not started): no retries
    ep = Endpoint("http://127.0.0.1:1/query", retries=5, backoff=0.01)
    with pytest.raises(RemoteError) as err:
        HttpClient(ep).request("POST", ep.query_url, what="the query")
    assert "connection refused" in str(err.value) and "attempts" not in str(err.value)
    assert "check --endpoint" in (err.value.hint or "")
    client, script, sleeps = client_with([refused_for_real()], replace(ep, query_url="http://db.test/q"))
    with pytest.raises(RemoteError):
        client.request("POST", "http://db.test/q", what="the query")
    assert len(script.sent) == 1 and sleeps == []
    # once the server has answered, a refused connection is a restart: retried
    client, script, sleeps = client_with([ASK_TRUE, refused_for_real(), refused_for_real(), ASK_TRUE])
    client.request("POST", "http://db.test/query", what="q")
    assert client.request("POST", "http://db.test/query", what="q").ok
    assert len(script.sent) == 4 and len(sleeps) == 2


def test_connection_hints_fit_the_request_and_what_kg_did() -> None:
    def timeout(request: requests.PreparedRequest) -> Exception:
        return requests.exceptions.ReadTimeout("read timed out")

    ep = Endpoint(
        "http://db.test/query", "http://db.test/update", "http://db.test/store", retries=0, timeout=9
    )
    hints = {}
    for name, kwargs in (("query", {}), ("chunk", {"write": True, "chunked": True})):
        client, _, _ = client_with([timeout], ep)
        with pytest.raises(RemoteError) as err:
            client.request("POST", "http://db.test/query", what=name, **kwargs)
        hints[name] = err.value.hint or ""
    assert "--timeout" in hints["query"] and "--max-chunk-bytes" not in hints["query"]
    assert "--max-chunk-bytes" in hints["chunk"]
    for hint in hints.values():  # --retries 0: no claim that kg retried
        assert "retried" not in hint and "tried" not in hint.replace("not try", "")
        assert "--retries 0" in hint
    client, _, _ = client_with([timeout], replace(ep, retries=2, backoff=0))
    with pytest.raises(RemoteError) as err:
        client.request("POST", "http://db.test/query", what="q")
    assert "kg tried 3 times" in (err.value.hint or "")
    # a user's update that timed out may have been applied: kg says so, and does not send it again
    client, script, _ = client_with([timeout], replace(ep, retries=3))
    with pytest.raises(RemoteError) as err:
        RemoteStore(ep, client).update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert len(script.sent) == 1
    assert "no answer within 9 s; it may still have been applied on the server" in str(err.value)
    assert "check what the server has before running it again" in (err.value.hint or "")


# --------------------------------------------------------------------------------------------
# Authentication and redaction
# --------------------------------------------------------------------------------------------

CHALLENGE_BASIC = (401, {"WWW-Authenticate": 'Basic realm="db"'}, b"")
CHALLENGE_DIGEST = (
    401,
    {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5", opaque="o"'},
    b"",
)


def test_a_401_asks_the_prompt_and_answers_the_servers_scheme() -> None:
    asked: list[tuple[str, bool]] = []

    def prompt(question: str, secret: bool) -> str:
        asked.append((question, secret))
        return "alice" if not secret else "pa55-word"

    client, script, _ = client_with([CHALLENGE_BASIC, ASK_TRUE, ASK_TRUE], prompt=prompt)
    assert client.request("POST", "http://db.test/query", what="q").ok
    assert [secret for _, secret in asked] == [False, True]  # the password is asked hidden
    assert script.sent[1].headers["Authorization"].startswith("Basic ")
    # later requests send the credentials at once, and nobody is asked again
    client.request("POST", "http://db.test/query", what="q")
    assert script.sent[2].headers["Authorization"].startswith("Basic ") and len(asked) == 2


def test_digest_is_used_when_the_server_asks_for_it() -> None:
    creds = Credentials("dba", "dba-pw")
    # the first 401 names the scheme; requests' digest auth answers the next challenge itself
    client, script, _ = client_with([CHALLENGE_DIGEST, CHALLENGE_DIGEST, ASK_TRUE], credentials=creds)
    assert client.request("PUT", "http://db.test/store?graph=g", what="w", data=b"x").ok
    header = script.sent[-1].headers["Authorization"]
    assert header.startswith("Digest ") and 'username="dba"' in header and "dba-pw" not in header


def test_bearer_tokens_are_sent_at_once() -> None:
    client, script, _ = client_with([ASK_TRUE], credentials=Credentials(token="tok-789"))
    client.request("POST", "http://db.test/query", what="q")
    assert script.sent[0].headers["Authorization"] == "Bearer tok-789"


def test_refused_or_missing_credentials_are_auth_errors_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ep = Endpoint("http://db.test/query", auth=AuthKind.BASIC)
    echo = (
        401,
        {"WWW-Authenticate": 'Basic realm="db"', "Content-Type": "text/plain"},
        b"bad login wr0ng-pw",
    )
    client, _, _ = client_with([echo], ep, credentials=Credentials("alice", "wr0ng-pw"))
    with caplog.at_level(logging.DEBUG, logger="kg.remote"), pytest.raises(AuthError) as err:
        client.request("POST", "http://db.test/query", what="the query")
    assert "refused the credentials" in str(err.value) and "wr0ng-pw" not in str(err.value)
    assert "***" in str(err.value)  # the server's echo of the password is redacted
    assert all("wr0ng-pw" not in r.getMessage() for r in caplog.records)
    assert err.value.exit_code == 5
    client, _, _ = client_with([CHALLENGE_BASIC])  # no credentials, nobody to ask
    with pytest.raises(AuthError, match="needs credentials") as missing:
        client.request("POST", "http://db.test/query", what="the query")
    assert "KG_USER and KG_PASSWORD" in (missing.value.hint or "")


def test_the_redacting_filter_hides_secrets_and_authorization_headers() -> None:
    register_secret("t0ps3cret")
    record = logging.LogRecord("kg.remote", logging.INFO, __file__, 1, "sent %s with %s", None, None)
    record.args = ("t0ps3cret", "Authorization: Basic YWxpY2U6dDBwczNjcmV0")
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "sent *** with Authorization: ***"
    assert redact("{'Authorization': 'Bearer abc'}") == "{'Authorization': '***'}"


def test_redaction_hides_the_forms_a_server_echoes_credentials_in() -> None:
    from kg.redaction import register_credentials

    register_credentials("bob", "p&ss w/rd", None)
    # the base64 of a Basic header, URL-encoded, HTML-escaped; Authorization headers to the line end
    text = (
        "got Basic Ym9iOnAmc3Mgdy9yZA== for user=bob&password=p%26ss%20w%2Frd or p%26ss+w%2Frd in "
        '<b>p&amp;ss w/rd</b>\nAuthorization: Digest username="bob", response="0f1e"\nnext line'
    )
    hidden = redact(text)
    for secret in ("Ym9iOnAmc3Mgdy9yZA==", "p%26ss%20w%2Frd", "p%26ss+w%2Frd", "p&amp;ss w/rd", "0f1e"):
        assert secret not in hidden
    assert hidden.endswith("Authorization: ***\nnext line") and "user=bob" in hidden
    # RFC 3986 percent-encoding that keeps '/', and a different case of the hex digits
    assert "w/rd" not in redact("echo p%26ss%20w/rd and P%26SS%20W%2FRD")
    assert redact("echo p%26ss%20w/rd and P%26SS%20W%2FRD") == "echo *** and ***"
    # a proxy URL carries its password percent-encoded; the proxy may echo it decoded
    register_credentials("puser", "Proxy%2FPw55", None)
    proxy_basic = "cHVzZXI6UHJveHkvUHc1NQ=="  # base64 of puser:Proxy/Pw55
    assert redact(f"as puser:Proxy/Pw55, header {proxy_basic}") == "as puser:***, header ***"
    # Basic and Bearer credentials nobody registered, but not words of a sentence
    assert redact("sent Basic dXNlcjpwdw== and Bearer abc.def-123456") == "sent Basic *** and Bearer ***"
    prose = 'Basic realm="db"; Basic authentication and Bearer tokens'
    assert redact(prose) == prose


# --------------------------------------------------------------------------------------------
# The remote store over the script: content types, errors
# --------------------------------------------------------------------------------------------


def store_with(answers: list[Answer], **changes: Any) -> tuple[RemoteStore, Script]:
    ep = replace(
        Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store", retries=0),
        **changes,
    )
    client, script, _ = client_with(answers, ep)
    return RemoteStore(ep, client), script


def test_the_content_type_is_checked_before_parsing() -> None:
    html = (200, {"Content-Type": "text/html"}, b"<html><body>Welcome</body></html>")
    store, _ = store_with([html], union=UnionMode.NATIVE)
    with pytest.raises(RemoteError, match="answered with text/html, not SPARQL results") as err:
        store.query("SELECT * { ?s ?p ?o }")
    assert "Virtuoso: /sparql" in (err.value.hint or "")
    broken = (200, JSON, b'{"head": {"vars": ["s"]}, "results": {"bindings": [ {')
    store, _ = store_with([broken], union=UnionMode.NATIVE)
    with pytest.raises(RemoteError, match="not valid application/sparql-results\\+json"):
        list(store.query("SELECT * { ?s ?p ?o }"))  # type: ignore[arg-type]


def test_queries_are_posted_as_a_form_with_an_accept_header() -> None:
    store, script = store_with(
        [ASK_TRUE], union=UnionMode.PARAMETER, union_parameters=(("union-default-graph", ""),)
    )
    assert bool(store.query("ASK { ?s ?p ?o }"))
    sent = script.sent[0]
    assert sent.method == "POST" and sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.headers["Accept"].startswith("application/sparql-results+json")
    assert "union-default-graph=" in str(sent.body)
    store, script = store_with(
        [ASK_TRUE], union=UnionMode.PARAMETER, union_parameters=(("union-default-graph", ""),)
    )
    store.query("ASK { ?s ?p ?o }", union=False)
    assert "union-default-graph" not in str(script.sent[0].body)


def test_the_dataset_union_mode_names_every_graph() -> None:
    graphs = (
        200,
        JSON,
        b'{"head":{"vars":["g"]},"results":{"bindings":['
        b'{"g":{"type":"uri","value":"http://g/1"}},{"g":{"type":"uri","value":"http://g/2"}}]}}',
    )
    store, script = store_with([graphs, ASK_TRUE, ASK_TRUE], union=UnionMode.DATASET)
    store.query("ASK { ?s ?p ?o }")
    body = script.sent[1].body
    assert isinstance(body, str)
    assert body.count("default-graph-uri=http%3A%2F%2Fg%2F") == 2 and body.count("named-graph-uri=") == 2
    store.query("ASK { ?s ?p ?o }", union=False)  # the graph list is kept
    body = script.sent[2].body
    assert isinstance(body, str)
    assert (
        "default-graph-uri=urn%3Ax-kg%3Aempty-default-graph" in body and body.count("named-graph-uri=") == 2
    )


def test_a_rejected_query_is_an_input_error_with_the_servers_words() -> None:
    answer = (400, {"Content-Type": "text/plain"}, b"Parse error at 1:200: unexpected '}'")
    store, _ = store_with([answer], union=UnionMode.NATIVE)
    with pytest.raises(InputError) as err:
        store.query("SELECT * { ?s ?p ?o } }")
    assert "the endpoint rejected the query" in str(err.value) and err.value.exit_code == 3
    assert "1:200" not in str(err.value)  # moved back by the prefixes kg added
    text = "INSERT DATA { <http://a> <http://b> }"
    column = len(with_prefixes(text)) - len(text) + 37
    store, _ = store_with([(400, {"Content-Type": "text/plain"}, f"error at 1:{column}: expected".encode())])
    with pytest.raises(InputError) as err:
        store.update(text)  # the same for updates
    assert "error at 1:37: expected" in str(err.value) and err.value.exit_code == 3


def test_a_400_to_kgs_own_requests_is_a_remote_error_not_unreadable_input() -> None:
    update_only = (400, {"Content-Type": "text/plain"}, b"The URL query parameter update must be set")
    # kg's own queries (list of graphs, counts, reads of a graph) are valid SPARQL: the URL is wrong
    store, _ = store_with([update_only], union=UnionMode.DATASET)
    for call in (
        store.graph_names,
        lambda: store.count_triples([ox.NamedNode("http://g/1")]),
        lambda: store.fingerprints([ox.NamedNode("http://g/1")]),
        lambda: list(replace_gsp(store).quads(ox.NamedNode("http://g/1"))),
    ):
        with pytest.raises(RemoteError) as err:
            call()
        assert not isinstance(err.value, InputError) and err.value.exit_code == 5
        assert "update must be set" in str(err.value) and "--endpoint" in (err.value.hint or "")
    # your query, sent to a URL that takes updates only: the URL is wrong, not your query
    store, _ = store_with([update_only], union=UnionMode.NATIVE)
    with pytest.raises(RemoteError) as err:
        store.query("ASK {}")
    assert err.value.exit_code == 5 and "SPARQL query URL" in (err.value.hint or "")
    # kg's own update refused with a 400, or yours sent to a URL that takes queries only: exit 5
    query_only = (400, {"Content-Type": "text/plain"}, b"The URL query parameter query must be set")
    store, _ = store_with([query_only], update_url="http://db.test/sparql")
    with pytest.raises(RemoteError) as err:
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert err.value.exit_code == 5 and "--update-url" in (err.value.hint or "")
    store, _ = store_with([(400, {}, b"SP031: too many lines of SQL")])
    with pytest.raises(RemoteError) as err:
        store.send(ox.NamedNode("http://g/1"), b"<http://a> <http://b> <http://c> .\n", replace=True)
    assert err.value.exit_code == 5


def replace_gsp(store: RemoteStore) -> RemoteStore:
    """The same store without a GSP URL: graphs are read with CONSTRUCT."""
    return RemoteStore(replace(store.endpoint, gsp_url=None), store.client)


def test_a_cut_construct_is_found_by_the_servers_row_limit(caplog: pytest.LogCaptureFixture) -> None:
    def triples(n: int) -> Answer:
        body = "".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(n)).encode()
        return (200, {"Content-Type": "application/n-triples", "Server": "Virtuoso/07.20"}, body)

    limit = (200, {"Content-Type": "text/tab-separated-values", "X-SPARQL-MaxRows": "4"}, b"?v0\n")
    store, script = store_with([triples(5), limit, triples(3), triples(5)], union=UnionMode.NATIVE)
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        assert len(list(store.query(construct))) == 5  # type: ignore[arg-type]
    probe = script.sent[1].body
    assert isinstance(probe, str) and "LIMIT+4" in probe and "SELECT" in probe  # 5 - 1 rows asked for
    assert [r.getMessage() for r in caplog.records if "may have cut" in r.getMessage()]
    assert "more than the 4 rows" in caplog.records[-1].getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        store.query(construct)  # 3 triples: below the limit kg knows now, no second probe
        store.query(construct)  # 5 again: warned without asking again
    assert len(script.sent) == 4 and len(caplog.records) == 1
    # a server with no limit below the answer: one probe, then none for smaller answers
    plenty = (200, {"Content-Type": "text/tab-separated-values"}, b"?v0\n")
    store, script = store_with([triples(5), plenty, triples(4)], union=UnionMode.NATIVE)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        store.query(construct)
        store.query(construct)
    assert len(script.sent) == 3 and not caplog.records


def test_updates_need_an_update_url() -> None:
    store, _ = store_with([ASK_TRUE], update_url=None)
    with pytest.raises(UsageError, match="no update URL"):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")


# --------------------------------------------------------------------------------------------
# Chunking and packing (a recording store instead of a server)
# --------------------------------------------------------------------------------------------


class Recorder(RemoteStore):
    """Records what a push sends; can fail the n-th request."""

    def __init__(self, endpoint: Endpoint, fail_at: int | None = None) -> None:
        super().__init__(endpoint, HttpClient(endpoint))
        self.calls: list[tuple[str, str | None, bytes, bool]] = []
        self.fail_at = fail_at

    def _check(self) -> None:
        if self.fail_at is not None and len(self.calls) >= self.fail_at:
            raise RemoteError("HTTP 503 Service Unavailable (after 6 attempts)", transient=True)

    def send(
        self,
        target: ox.NamedNode | None,
        body: bytes,
        *,
        replace: bool,
        fmt: Any = None,
        idempotent: bool = True,
    ) -> None:  # type: ignore[override]
        self._check()
        kind = "nquads" if fmt is not None and fmt.value == "nq" else ("put" if replace else "post")
        self.calls.append((kind, target.value if target else None, body, idempotent))

    def drop_graphs(self, graphs: Any) -> None:
        self._check()
        self.calls.append(("drop", " ".join(g.value if g else "DEFAULT" for g in graphs), b"", True))

    #: Graphs the "server" has (for the check before a packed replace).
    existing: frozenset[str] = frozenset()

    def existing_graphs(self, graphs: Any) -> set[str]:
        self._check()
        self.calls.append(("check", " ".join(g.value for g in graphs), b"", True))
        return {g.value for g in graphs} & self.existing

    def replace_nquads(self, body: bytes, parts: Any, drop: Any, *, idempotent: bool = True) -> None:
        self._check()
        update = nquads_update(body, parts, drop)
        self.calls.append(
            ("update", " ".join(g.value if g else "DEFAULT" for g in drop), update.encode(), idempotent)
        )

    def count_triples(self, graphs: Any) -> dict[str, int]:
        return {}


def graph_quads(name: str, n: int, blank: bool = False) -> list[ox.Quad]:
    g = ox.NamedNode(name)
    subject: ox.NamedNode | ox.BlankNode = ox.BlankNode("b1") if blank else ox.NamedNode(f"{name}/s")
    return [ox.Quad(subject, ox.NamedNode("http://p/v"), ox.Literal(f"value {i:05d}"), g) for i in range(n)]


def test_big_graphs_go_in_chunks_first_put_then_post() -> None:
    ep = Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store")
    store = Recorder(ep)
    unit = quads_unit(ox.NamedNode("http://g/big"), graph_quads("http://g/big", 300))
    report = push_units(store, [unit], PushOptions(replace=True, max_chunk_bytes=2000, jobs=3, verify=False))
    kinds = [c[0] for c in store.calls]
    assert kinds[0] == "put" and set(kinds[1:]) == {"post"} and len(kinds) == report.graphs[0].chunks > 5
    assert all(len(c[2]) <= 2000 and c[2].endswith(b"\n") for c in store.calls)
    sent = b"".join(c[2] for c in store.calls)
    got = {q.triple for q in ox.parse(sent, format=ox.RdfFormat.N_TRIPLES)}
    assert got == {q.triple for q in graph_quads("http://g/big", 300)}
    assert report.graphs[0].complete and report.triples == 300


def test_without_replace_every_chunk_adds() -> None:
    store = Recorder(Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"))
    unit = quads_unit(ox.NamedNode("http://g/big"), graph_quads("http://g/big", 100))
    push_units(store, [unit], PushOptions(max_chunk_bytes=2000, verify=False))
    assert {c[0] for c in store.calls} == {"post"}


def test_small_graphs_the_server_lacks_are_packed_into_plain_n_quads_posts() -> None:
    ep = Endpoint(
        "http://db.test/query", "http://db.test/update", "http://db.test/store", dataset_upload=True
    )
    store = Recorder(ep)
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 10)) for i in range(30)]
    report = push_units(store, units, PushOptions(replace=True, max_chunk_bytes=4000, jobs=1, verify=False))
    checks = [c for c in store.calls if c[0] == "check"]
    loads = [c for c in store.calls if c[0] == "nquads"]
    assert 1 < len(loads) < 30 and len(checks) == len(loads)  # one check per pack, no drops
    assert {c[0] for c in store.calls} == {"check", "nquads"}
    checked = " ".join(c[1] or "" for c in checks).split()
    assert sorted(checked) == sorted(f"http://g/{i}" for i in range(30))  # each checked once
    got = {q for c in loads for q in ox.parse(c[2], format=ox.RdfFormat.N_QUADS)}
    assert got == {q for u in range(30) for q in graph_quads(f"http://g/{u}", 10)}
    assert all(g.complete for g in report.graphs) and report.chunks >= 30
    assert report.requests == len(store.calls)


def test_a_packed_replace_of_graphs_the_server_has_is_one_update_that_drops_and_inserts() -> None:
    ep = Endpoint(
        "http://db.test/query", "http://db.test/update", "http://db.test/store", dataset_upload=True
    )
    store = Recorder(ep)
    store.existing = frozenset({"http://g/3", "http://g/17"})
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 10)) for i in range(30)]
    push_units(store, units, PushOptions(replace=True, max_chunk_bytes=4000, jobs=1, verify=False))
    assert not [c for c in store.calls if c[0] == "drop"]  # never a drop on its own
    updates = [c for c in store.calls if c[0] == "update"]
    assert sorted(c[1] for c in updates) == ["http://g/17", "http://g/3"]  # the packs with them
    # applied to a store that has old content, the updates and posts give exactly the new content
    server = ox.Store()
    old = ox.NamedNode("http://old/value")
    for name in ("http://g/3", "http://g/17", "http://g/29"):
        server.add(ox.Quad(old, old, ox.Literal("old"), ox.NamedNode(name)))
    for kind, _, body, _ in store.calls:
        if kind == "update":
            server.update(body.decode())
        elif kind == "nquads":
            server.load(body, format=ox.RdfFormat.N_QUADS)
    expected = {q for u in range(30) for q in graph_quads(f"http://g/{u}", 10)}
    assert set(server) - expected == {ox.Quad(old, old, ox.Literal("old"), ox.NamedNode("http://g/29"))}
    assert expected <= set(server)  # g/29 was not in the push; the replaced graphs lost "old"


def test_the_update_for_a_pack_keeps_default_graph_lines_and_odd_literals() -> None:
    g = ox.NamedNode("http://e/g")
    quads = [
        ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal('a "q" \\ \n é'), g),
        ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), g, g),  # the graph as object
        ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://e/p"), ox.Literal("1", language="en"), g),
    ]
    default = [ox.Quad(ox.NamedNode("http://e/d"), ox.NamedNode("http://e/p"), ox.Literal("d"))]
    part1 = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    part2 = ox.serialize(default, format=ox.RdfFormat.N_QUADS)
    assert part1 is not None and part2 is not None
    body = part1 + part2
    update = nquads_update(body, [(g, 0, len(part1)), (None, len(part1), len(body))], [g, None])
    server = ox.Store()
    server.add(ox.Quad(g, g, g, g))
    server.update(update)
    got = {
        (
            str(q.subject)[:2] if isinstance(q.subject, ox.BlankNode) else q.subject,
            q.predicate,
            q.object,
            q.graph_name,
        )
        for q in server
    }
    want = {
        (
            str(q.subject)[:2] if isinstance(q.subject, ox.BlankNode) else q.subject,
            q.predicate,
            q.object,
            q.graph_name,
        )
        for q in quads + default
    }
    assert got == want


def test_a_graph_with_blank_nodes_is_not_split() -> None:
    store = Recorder(Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"))
    unit = quads_unit(ox.NamedNode("http://g/b"), graph_quads("http://g/b", 200, blank=True))
    with pytest.raises(PushError, match="blank nodes") as err:
        push_units(store, [unit], PushOptions(max_chunk_bytes=2000, verify=False))
    assert "--max-chunk-bytes" in (err.value.hint or "")
    # in one chunk it is fine, and the request is not repeated blindly (it is not idempotent)
    store = Recorder(Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"))
    push_units(store, [unit], PushOptions(verify=False))
    assert [c[3] for c in store.calls] == [False]


def test_a_failed_push_reports_what_landed() -> None:
    store = Recorder(
        Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"), fail_at=3
    )
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 5)) for i in range(6)]
    with pytest.raises(PushError) as err:
        push_units(store, units, PushOptions(replace=True, jobs=1, verify=False))
    report = err.value.report
    assert [g.name for g in report.landed] == ["http://g/0", "http://g/1", "http://g/2"]
    assert "3 of 6 graph(s) landed completely" in str(err.value)
    assert "HTTP 503" in str(err.value) and err.value.exit_code == 5
    assert "run the same push again" in (err.value.hint or "")


def test_an_error_the_server_gives_every_time_is_not_retried_nor_a_rerun_suggested() -> None:
    # Virtuoso's GSP without a default graph: HTTP 500 with a SQLSTATE of a configuration error
    virtuoso = (
        500,
        {"Content-Type": "text/plain", "Server": "Virtuoso/07.20.3229 (Linux)"},
        b"SPARQL Graph Protocol request failed HTTP/1.1 500 Request Failed Error 22023 The request to "
        b'SPARQL 1.1 Graph Store endpoint contains "default" param but the endpoint is not configured '
        b"to have default graph",
    )
    ep = Endpoint("http://db.test/sparql", "http://db.test/sparql-auth", "http://db.test/crud", retries=5)
    client, script, sleeps = client_with([virtuoso], replace(ep, server=ServerKind.VIRTUOSO))
    store = RemoteStore(client.endpoint, client)
    with pytest.raises(PushError) as err:
        push_units(store, [quads_unit(None, graph_quads("http://g/0", 3))], PushOptions(default_graph=True))
    assert len(script.sent) == 1 and sleeps == []  # at once, not after 5 retries
    assert "not configured to have default graph" in str(err.value) and err.value.exit_code == 5
    hint = err.value.hint or ""
    assert "--graph IRI" in hint and "again" not in hint
    # a 500 that may pass (a deadlock, or no words kg knows) is still retried
    for body in (b"Virtuoso 40001 Error SR172: Transaction deadlocked", b"out of memory"):
        client, script, _ = client_with([(500, {}, body), ASK_TRUE], ep)
        assert client.request("POST", "http://db.test/sparql", what="q").ok and len(script.sent) == 2


def test_generic_writes_to_virtuoso_get_hints_that_fit() -> None:
    """SPARQL updates (no GSP URL) to Virtuoso: blank nodes and big chunks fail every time."""
    ep = Endpoint("http://db.test/sparql-auth", "http://db.test/sparql-auth", None, retries=5)
    answers = {
        "blank": b"Virtuoso 37000 Error SP031: SPARQL compiler: Blank node '_:b1' is not allowed in a "
        b"constant clause",
        "lines": b"Virtuoso 37000 Error SP031: SPARQL: Internal error: The length of generated SQL text "
        b"has exceeded 10000 lines of code",
    }
    for kind, body in answers.items():
        client, script, _ = client_with(
            [(400, {"Content-Type": "text/plain", "Server": "Virtuoso/07.20.3229"}, body)], ep
        )
        store = RemoteStore(ep, client)
        unit = quads_unit(ox.NamedNode("http://g/0"), graph_quads("http://g/0", 3, blank=kind == "blank"))
        with pytest.raises(PushError) as err:
            push_units(store, [unit], PushOptions(replace=True))
        hint = err.value.hint or ""
        assert len(script.sent) == 1 and "--server virtuoso" in hint
        assert "again" not in hint and "--update-url" not in hint  # the URL did take the update
        assert ("--max-chunk-bytes" in hint) is (kind == "lines")
        assert ("takes no blank nodes" in hint) is (kind == "blank")


def test_ctrl_c_in_a_push_raises_push_interrupted_with_the_report() -> None:
    from kg.store.push import PushInterrupted, Unit

    store = Recorder(Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"))
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 5)) for i in range(2)]

    def ctrl_c(out: Any, fmt: Any) -> int:  # Ctrl-C while kg reads the third graph
        import time

        deadline = time.monotonic() + 10
        while len(store.calls) < 2 and time.monotonic() < deadline:  # once the others landed
            time.sleep(0.01)
        raise KeyboardInterrupt

    units.append(Unit(ox.NamedNode("http://g/2"), ctrl_c))
    with pytest.raises(PushInterrupted) as err:
        push_units(store, units, PushOptions(replace=True, jobs=1))
    report = err.value.report
    assert err.value.exit_code == 130 and "interrupted: 2 of 3 graph(s) landed completely" in str(err.value)
    assert [g.name for g in report.landed] == ["http://g/0", "http://g/1"]
    assert "NOT SENT http://g/2: not read yet" in report.lines()
    assert "run the same push again" in (err.value.hint or "")

    class CountInterrupted(Recorder):
        def count_triples(self, graphs: Any) -> dict[str, int]:
            raise KeyboardInterrupt

    store = CountInterrupted(store.endpoint)
    with pytest.raises(PushInterrupted, match=r"while counting .* all 2 graph") as err:
        push_units(store, units[:2], PushOptions(replace=True))
    assert len(err.value.report.landed) == 2


def test_server_kinds_are_all_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for kind in ServerKind:
        assert f"`{kind.value}`" in readme


def test_a_missing_virtuoso_fails_the_tests_saying_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from . import servers

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("KG_VIRTUOSO", raising=False)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y virtuoso-opensource"):
        servers.virtuoso_binary()


def test_parallel_requests_share_the_credentials_found_after_a_401() -> None:
    import threading

    both = threading.Barrier(2, timeout=5)

    def server(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        if "Authorization" not in request.headers:
            both.wait()  # both requests are challenged before either has credentials
            return CHALLENGE_BASIC
        return ASK_TRUE

    client, _, _ = client_with([server], credentials=Credentials("alice", "pw"))
    errors: list[Exception] = []

    def send() -> None:
        try:
            client.request("POST", "http://db.test/query", what="q")
        except Exception as err:
            errors.append(err)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_queries_can_go_as_get_for_caching_proxies(tmp_path: Path) -> None:
    config = tmp_path / "kg.toml"
    config.write_text('[profiles.cached]\nendpoint = "http://db.test/query"\nquery-method = "GET"\n')
    endpoint = resolve_endpoint(RemoteOptions(profile="cached", config=str(config)), environ={})
    assert endpoint is not None and endpoint.query_method == "get"
    store, script = store_with([ASK_TRUE], query_method="get", union=UnionMode.NATIVE)
    assert bool(store.query("ASK { ?s ?p ?o }"))
    sent = script.sent[0]
    assert sent.method == "GET" and sent.body is None and "query=PREFIX" in (sent.url or "")


# --------------------------------------------------------------------------------------------
# Honest answers: connection errors, web pages answering writes, missing credentials, URLs
# --------------------------------------------------------------------------------------------


def test_refused_unresolvable_and_timed_out_connections_say_which() -> None:
    # a real refused connection: nothing listens on port 1
    ep = Endpoint("http://127.0.0.1:1/query", retries=0, connect_timeout=7)
    with pytest.raises(RemoteError) as err:
        HttpClient(ep).request("POST", ep.query_url, what="the query")
    assert "connection refused" in str(err.value) and "within" not in str(err.value)
    # urllib3's NameResolutionError and NewConnectionError derive from ConnectTimeoutError
    unresolvable = requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(
            None,  # type: ignore[arg-type]
            "/",
            urllib3.exceptions.NameResolutionError("db.test", None, OSError("Name or service not known")),  # type: ignore[arg-type]
        )
    )
    timed_out = requests.exceptions.ConnectTimeout(
        urllib3.exceptions.MaxRetryError(
            None,  # type: ignore[arg-type]
            "/",
            urllib3.exceptions.ConnectTimeoutError(None, "timed out"),
        )
    )
    said = []
    for error in (unresolvable, refused(), timed_out):
        client, _, _ = client_with([error], Endpoint("http://db.test/query", retries=0, connect_timeout=7))
        with pytest.raises(RemoteError) as err:
            client.request("POST", "http://db.test/query", what="the query")
        said.append(str(err.value))
    assert "host name cannot be resolved" in said[0] and "within" not in said[0]
    assert "cannot connect" in said[1] and "within" not in said[1]
    assert "no connection within 7 s" in said[2]


HTML_PAGE = (
    200,
    {"Content-Type": "text/html; charset=utf-8"},
    b"<html><body><h1>Please log in</h1></body></html>",
)


def test_a_write_answered_with_a_web_page_is_an_error() -> None:
    ep = Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store", retries=0)
    for answer in (HTML_PAGE, (201, {"Content-Type": "application/xhtml+xml"}, b"<html>Sign in</html>")):
        client, _, _ = client_with([answer], ep)
        store = RemoteStore(ep, client)
        with pytest.raises(RemoteError, match="with an HTML page, not the answer of a write") as err:
            store.send(ox.NamedNode("http://g/1"), b"<http://a> <http://b> <http://c> .\n", replace=True)
        assert "Please log in" in str(err.value) or "Sign in" in str(err.value)
        assert err.value.exit_code == 5 and "login page" in (err.value.hint or "")
    client, _, _ = client_with([HTML_PAGE], ep)
    with pytest.raises(RemoteError, match="HTML page"):
        RemoteStore(ep, client).drop_graphs([ox.NamedNode("http://g/1")])
    # what servers really answer a write with is fine: nothing (Oxigraph), an empty "page"
    # (Virtuoso's GSP), Fuseki's "Success" page, SPARQL results (Virtuoso's updates)
    for fine in (
        (204, {}, b""),
        (201, {"Content-Type": "text/html; charset=UTF-8"}, b""),
        (
            200,
            {"Content-Type": "text/html"},
            b"<html>\n<head>\n</head>\n<body>\n<h1>Success</h1>\n<p>\nUpdate succeeded\n</p>\n"
            b"</body>\n</html>\n",
        ),
        (200, JSON, b'{"head":{"vars":["callret-0"]},"results":{"bindings":[]}}'),
    ):
        client, _, _ = client_with([fine], ep)
        RemoteStore(ep, client).send(None, b"<http://a> <http://b> <http://c> .\n", replace=False)
        client, _, _ = client_with([fine], ep)
        RemoteStore(ep, client).drop_graphs([None])


def test_a_push_whose_writes_get_web_pages_fails_saying_so() -> None:
    ep = Endpoint(
        "http://db.test/query",
        "http://db.test/update",
        "http://db.test/store",
        retries=0,
        dataset_upload=True,
    )
    client, _, _ = client_with([HTML_PAGE], ep)
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 5)) for i in range(9)]
    with pytest.raises(PushError, match="HTML page") as err:
        push_units(RemoteStore(ep, client), units, PushOptions(verify=False))
    assert not err.value.report.landed and err.value.exit_code == 5
    assert "0 of 9 graph(s) landed completely" in str(err.value)


def test_missing_credentials_are_not_called_refused() -> None:
    challenge_bearer = (401, {"WWW-Authenticate": 'Bearer realm="db"'}, b"")
    cases: list[tuple[Endpoint, Credentials | None, Answer, str]] = [
        (
            Endpoint("http://db.test/query", auth=AuthKind.BEARER),
            None,
            challenge_bearer,
            "no token was given",
        ),
        (
            Endpoint("http://db.test/query", auth=AuthKind.BEARER),
            Credentials("dba", "pw"),
            challenge_bearer,
            "KG_TOKEN is not set",
        ),
        (
            Endpoint("http://db.test/query", auth=AuthKind.DIGEST),
            Credentials("dba"),
            CHALLENGE_DIGEST,
            "KG_USER is set but KG_PASSWORD is not",
        ),
        (Endpoint("http://db.test/query"), None, CHALLENGE_BASIC, "no credentials were given"),
    ]
    for ep, creds, challenge, reason in cases:
        client, script, _ = client_with([challenge], ep, credentials=creds)
        with pytest.raises(AuthError) as err:
            client.request("POST", "http://db.test/query", what="the query")
        message = str(err.value)
        assert "needs credentials" in message and reason in message and "refused" not in message
        assert "not on a terminal" in message
        assert all("Authorization" not in r.headers for r in script.sent)  # nothing was sent
        wanted = "KG_TOKEN" if ep.auth is AuthKind.BEARER else "KG_USER and KG_PASSWORD"
        assert wanted in (err.value.hint or "")


def test_verbose_logs_show_the_whole_url(caplog: pytest.LogCaptureFixture) -> None:
    ep = Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store")
    client, _, _ = client_with([(204, {}, b"")], ep)
    store = RemoteStore(ep, client)
    with caplog.at_level(logging.INFO, logger="kg.remote"):
        store.send(ox.NamedNode("http://g/1"), b"<http://a> <http://b> <http://c> .\n", replace=True)
        store.send(None, b"<http://a> <http://b> <http://c> .\n", replace=False)
    lines = [r.getMessage() for r in caplog.records]
    assert any("PUT http://db.test/store?graph=http%3A%2F%2Fg%2F1 -> 204" in line for line in lines)
    assert any("POST http://db.test/store?default -> 204" in line for line in lines)


def test_writing_to_a_query_only_url_hints_at_update_url() -> None:
    # generic server: updates go to the endpoint, which here only takes queries (Oxigraph's /query)
    ep = Endpoint("http://db.test/query", "http://db.test/query", None, retries=0)
    no_query = (400, {"Content-Type": "text/plain"}, b"You should set the 'query' parameter")
    client, _, _ = client_with([no_query], ep)
    units = [quads_unit(ox.NamedNode("http://g/1"), graph_quads("http://g/1", 3))]
    with pytest.raises(RemoteError) as err:
        push_units(RemoteStore(ep, client), units, PushOptions(replace=True, verify=False))
    assert err.value.exit_code == 5 and "--update-url" in (err.value.hint or "")
    client, _, _ = client_with([no_query], ep)
    with pytest.raises(RemoteError) as user:  # a user's update, too: not an input error
        RemoteStore(ep, client).update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert user.value.exit_code == 5 and "--update-url" in (user.value.hint or "")
    # a 500 from a read-only endpoint (Virtuoso's /sparql) gets the hint as well
    client, _, _ = client_with([(500, {"Content-Type": "text/plain"}, b"SR186: No permission")], ep)
    with pytest.raises(RemoteError) as denied:
        RemoteStore(ep, client).drop_graphs([ox.NamedNode("http://g/1")])
    assert "--update-url" in (denied.value.hint or "") and "No permission" in str(denied.value)
    # a syntax error at a real update URL stays an input error (exit 3)
    ep = Endpoint("http://db.test/query", "http://db.test/update", None, retries=0)
    client, _, _ = client_with([(400, {"Content-Type": "text/plain"}, b"Parse error at 1:10")], ep)
    with pytest.raises(InputError) as syntax:
        RemoteStore(ep, client).update("INSERT DATA { <http://a> <http://b> }")
    assert syntax.value.exit_code == 3


def test_updates_name_the_update_url() -> None:
    ep = Endpoint("http://db.test/query", "http://db.test/update", None)
    client, script, _ = client_with([(204, {}, b"")], ep)
    store = RemoteStore(ep, client)
    assert store.update_location == "http://db.test/update"
    store.drop_graphs([ox.NamedNode("http://g/1")])  # kg's own updates go as the body
    assert script.sent[0].headers["Content-Type"].startswith("application/sparql-update")
    assert script.sent[0].body == b"DROP SILENT GRAPH <http://g/1>"


def test_a_failed_push_reports_what_landed_not_what_was_planned() -> None:
    store = Recorder(
        Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store"), fail_at=2
    )
    units = [quads_unit(ox.NamedNode(f"http://g/{i}"), graph_quads(f"http://g/{i}", 5)) for i in range(6)]
    with pytest.raises(PushError) as err:
        push_units(store, units, PushOptions(replace=True, jobs=1, verify=False))
    report = err.value.report
    landed_bytes = sum(len(c[2]) for c in store.calls)
    assert report.landed_size == landed_bytes < report.size
    assert report.landed_triples == 10 < report.triples
    summary = report.summary()
    assert "the push stopped after" in summary and "2 of 6 graph(s) landed completely (10 triples)" in summary
    assert "triples/s" not in summary  # no speed as if everything had landed
    lines = report.lines()
    assert any(line.startswith("NOT SENT http://g/2") for line in lines)


def test_without_replace_the_count_means_at_least_and_blank_nodes_are_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ep = Endpoint("http://db.test/query", "http://db.test/update", "http://db.test/store")
    units = [
        quads_unit(ox.NamedNode("http://g/b"), graph_quads("http://g/b", 3, blank=True)),
        quads_unit(ox.NamedNode("http://g/n"), graph_quads("http://g/n", 3)),
    ]
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        report = push_units(Recorder(ep), units, PushOptions(verify=False))
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "http://g/b have blank nodes" in warnings[0] and "--replace" in warnings[0]
    report.verified = True  # as if counted: the server may have more than was pushed
    report.graphs[0].on_server, report.graphs[1].on_server = 6, 3
    assert not report.mismatched
    assert report.summary().endswith("the server has at least the pushed triples in every graph")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kg.remote"):
        replaced = push_units(Recorder(ep), units, PushOptions(replace=True, verify=False))
    assert not caplog.records  # with --replace a re-run replaces them: nothing to warn about
    replaced.verified = True
    replaced.graphs[0].on_server, replaced.graphs[1].on_server = 3, 3
    assert replaced.summary().endswith("the server has the same triples in every graph")
