"""Where a remote store is and how to talk to it: server kinds, URL layouts, named profiles.

A remote store is a SPARQL 1.1 server. kg needs up to three URLs — queries (SPARQL 1.1 Protocol),
updates, and the Graph Store Protocol (GSP) for bulk writes — plus the server's quirks: how to ask
for "default graph = union of all graphs", which graphs belong to the server itself, the upload
limit, the authentication scheme. A *server kind* knows the layout of the common servers, so a
base URL is enough:

>>> ep = resolve_endpoint(RemoteOptions(endpoint="http://localhost:8890", server="virtuoso"))
>>> print(ep.query_url, ep.update_url, ep.gsp_url, ep.auth.value, sep="\\n")
http://localhost:8890/sparql
http://localhost:8890/sparql-auth
http://localhost:8890/sparql-graph-crud-auth
digest
>>> resolve_endpoint(RemoteOptions(endpoint="http://localhost:7878/query", server="oxigraph")).gsp_url
'http://localhost:7878/store'

Named profiles live in ``kg.toml``: the file ``$KG_CONFIG`` names (``RemoteOptions.config`` in
the API), else ``./kg.toml``, else ``~/.config/kg/kg.toml`` (``$XDG_CONFIG_HOME/kg/kg.toml``)::

    [profiles.lab]
    server = "virtuoso"
    endpoint = "http://db.lab.example:8890"
    max-chunk-bytes = 10_000_000

Credentials never go in a URL or in ``kg.toml``: they come from ``KG_USER``/``KG_PASSWORD`` or
``KG_TOKEN`` (or a prompt on a terminal).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import UsageError

#: Below Virtuoso's default upload cap (20 MB) and small enough to keep a server's memory calm.
DEFAULT_MAX_CHUNK_BYTES = 16_000_000
#: ``(question, secret) -> answer``: asks a person for credentials; ``None`` when nobody can be asked.
Prompt = Callable[[str, bool], str | None]
#: A graph IRI that no store holds: the default graph of a query that must not see any data.
EMPTY_GRAPH = "urn:x-kg:empty-default-graph"


class ServerKind(StrEnum):
    """The servers kg knows the URL layout and quirks of; ``generic`` is any SPARQL 1.1 endpoint."""

    GENERIC = "generic"
    OXIGRAPH = "oxigraph"
    VIRTUOSO = "virtuoso"
    FUSEKI = "fuseki"
    GRAPHDB = "graphdb"


class AuthKind(StrEnum):
    """HTTP authentication schemes."""

    BASIC = "basic"
    DIGEST = "digest"
    BEARER = "bearer"


class UnionMode(StrEnum):
    """How kg gets a query's default graph to be the union of all graphs (what ``--union`` means).

    - ``parameter``: the server takes a request parameter (Oxigraph: ``union-default-graph``).
    - ``native``: the server's default graph already is the union (Virtuoso, GraphDB, Fuseki with
      ``tdb2:unionDefaultGraph true``, Oxigraph started with ``--union-default-graph``).
    - ``dataset``: kg names every graph as ``default-graph-uri`` and ``named-graph-uri`` (any
      SPARQL 1.1 server; one extra query to list the graphs, and long requests on big stores).

    Without the union (``--no-union``), ``native`` and ``dataset`` servers get an empty default
    graph (``default-graph-uri`` of a graph that does not exist) and every graph as
    ``named-graph-uri``; ``parameter`` servers get the request as it is.
    """

    PARAMETER = "parameter"
    NATIVE = "native"
    DATASET = "dataset"


@dataclass(frozen=True)
class Layout:
    """A server kind's URL layout (paths under the base URL) and quirks."""

    query: str
    update: str | None
    gsp: str | None
    #: Path suffixes of a URL a user may give instead of the base (stripped to find the base).
    strip: tuple[str, ...] = ()
    auth: AuthKind | None = None
    union: UnionMode = UnionMode.DATASET
    #: Request parameters that make the default graph the union (``UnionMode.PARAMETER``).
    union_parameters: tuple[tuple[str, str], ...] = ()
    #: Graphs the server keeps for itself (IRI prefixes); kg lists, exports and validates the others.
    system_graphs: tuple[str, ...] = ()
    #: The GSP URL takes N-Quads for several graphs at once (POST without ?graph=).
    dataset_upload: bool = False
    #: A GET of the GSP URL without ?graph= returns the whole dataset as N-Quads.
    dataset_download: bool = False
    #: The server cuts long answers without saying so (Virtuoso's ResultSetMaxRows, also for GSP
    #: GET and CONSTRUCT): kg counts a graph's triples before trusting a read of it.
    capped_results: bool = False


LAYOUTS: dict[ServerKind, Layout] = {
    ServerKind.GENERIC: Layout(query="", update="", gsp=None),
    ServerKind.OXIGRAPH: Layout(
        query="/query",
        update="/update",
        gsp="/store",
        strip=("/query", "/update", "/store", "/sparql"),
        union=UnionMode.PARAMETER,
        union_parameters=(("union-default-graph", ""),),
        dataset_upload=True,
        dataset_download=True,
    ),
    ServerKind.VIRTUOSO: Layout(
        query="/sparql",
        update="/sparql-auth",
        gsp="/sparql-graph-crud-auth",
        strip=("/sparql", "/sparql-auth", "/sparql-graph-crud-auth", "/sparql-graph-crud"),
        auth=AuthKind.DIGEST,
        union=UnionMode.NATIVE,
        capped_results=True,
        system_graphs=(
            "http://www.openlinksw.com/",
            "http://www.w3.org/ns/ldp#",
            "http://www.w3.org/2002/07/owl#",
            "http://localuriqaserver/",
        ),
    ),
    ServerKind.FUSEKI: Layout(
        query="/query",
        update="/update",
        gsp="/data",
        strip=("/query", "/sparql", "/update", "/data", "/get"),
        union=UnionMode.DATASET,
    ),
    ServerKind.GRAPHDB: Layout(
        query="",
        update="/statements",
        gsp="/rdf-graphs/service",
        strip=("/statements", "/rdf-graphs/service"),
        union=UnionMode.NATIVE,
    ),
}


@dataclass(frozen=True)
class Endpoint:
    """A resolved remote store: its URLs and how to talk to it. Carries no credentials."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    server: ServerKind = ServerKind.GENERIC
    auth: AuthKind | None = None
    union: UnionMode = UnionMode.DATASET
    union_parameters: tuple[tuple[str, str], ...] = ()
    system_graphs: tuple[str, ...] = ()
    dataset_upload: bool = False
    dataset_download: bool = False
    capped_results: bool = False
    #: ``post`` (a form, the default) or ``get`` (the query in the URL, for caching proxies).
    query_method: str = "post"
    max_chunk_bytes: int = DEFAULT_MAX_CHUNK_BYTES
    #: Seconds to wait for an answer (read) and for a connection.
    timeout: float = 300.0
    connect_timeout: float = 10.0
    #: Retries after a connection error, a timeout, 429 or 5xx; the backoff doubles from ``backoff``.
    retries: int = 5
    backoff: float = 0.5
    max_backoff: float = 30.0
    #: Parallel requests of a push.
    jobs: int = 2
    profile: str | None = None

    @property
    def location(self) -> str:
        """For messages: the query URL (never with credentials)."""
        return self.query_url

    def is_system_graph(self, iri: str) -> bool:
        return any(iri.startswith(prefix) for prefix in self.system_graphs)


@dataclass(frozen=True)
class RemoteOptions:
    """What a user said about the remote store (command line, environment or API call).

    ``None`` means "not said": the profile, then the server kind's layout, then the defaults apply.
    """

    endpoint: str | None = None
    update_url: str | None = None
    gsp_url: str | None = None
    server: str | None = None
    profile: str | None = None
    auth: str | None = None
    timeout: float | None = None
    retries: int | None = None
    max_chunk_bytes: int | None = None
    config: str | None = None

    @property
    def given(self) -> bool:
        """Whether a remote store was asked for at all (else kg uses the embedded store)."""
        return bool(self.endpoint or self.profile)


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def check_url(url: str, what: str = "--endpoint") -> str:
    """``url`` without a trailing slash, if it is an http(s) URL without credentials.

    Any ``@`` counts as credentials (``user:password@host``), wherever the URL parser would put it:
    a password may hold ``#``, ``/``, ``?`` or ``@``, which move the ``@`` out of what a parser
    takes for the host, and the URL is then never echoed. An ``@`` that belongs in a path or a
    query is written ``%40``.

    >>> check_url("http://localhost:7878/query/")
    'http://localhost:7878/query'
    """
    url = url.strip()
    if "@" in url:
        rest = url.rsplit("@", 1)[1]
        scheme = "https" if url.lower().startswith("https:") else "http"
        raise UsageError(
            f"{what} carries a user name or password in the URL ({scheme}://{rest}); kg does not "
            "take credentials from URLs",
            hint="remove them from the URL and set KG_USER and KG_PASSWORD (or KG_TOKEN) instead "
            "(an '@' that belongs in the path or query is written %40)",
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{what} must be an http:// or https:// URL, not {url!r}",
            hint="for example http://localhost:7878/query",
        )
    try:
        ox.NamedNode(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as err:
        raise UsageError(f"{what} {url!r} is not a valid URL: {err}") from None
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _base(url: str, layout: Layout) -> str:
    parts = urlsplit(url)
    path = parts.path
    for suffix in sorted(layout.strip, key=len, reverse=True):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# --------------------------------------------------------------------------------------------
# Profiles (kg.toml)
# --------------------------------------------------------------------------------------------

_PROFILE_KEYS = {
    "server",
    "endpoint",
    "update-url",
    "gsp-url",
    "auth",
    "timeout",
    "connect-timeout",
    "retries",
    "backoff",
    "max-chunk-bytes",
    "union",
    "system-graphs",
    "dataset-upload",
    "jobs",
    "query-method",
}
_SECRET_KEYS = {"user", "username", "password", "passwd", "token", "secret", "api-key"}


def config_paths(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where kg looks for ``kg.toml``, in order."""
    env = os.environ if environ is None else environ
    if explicit:
        return [Path(explicit)]
    if env.get("KG_CONFIG"):
        return [Path(env["KG_CONFIG"])]
    home = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [Path("kg.toml"), home / "kg" / "kg.toml"]


def load_profiles(path: Path) -> dict[str, dict[str, Any]]:
    """The ``[profiles.NAME]`` tables of a config file (each checked only when it is used, by
    :func:`check_profile`: one broken profile does not stop the others)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise UsageError(f"cannot read the config file {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{path}: not valid TOML: {err}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise UsageError(f"{path}: 'profiles' must be a table of [profiles.NAME] tables")
    return profiles


def check_profile(name: str, table: Any, path: Path) -> dict[str, Any]:
    """``[profiles.NAME]`` of ``path``, checked: a table of known keys, no credentials."""
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [profiles.{name}] must be a table")
    for key in table:
        if key.lower() in _SECRET_KEYS:
            raise UsageError(
                f"{path}: [profiles.{name}] has '{key}'; credentials do not go in kg.toml",
                hint="remove it and set KG_USER and KG_PASSWORD (or KG_TOKEN) in the environment",
            )
        if key not in _PROFILE_KEYS:
            raise UsageError(
                f"{path}: [profiles.{name}] has an unknown key '{key}'",
                hint=f"known keys: {', '.join(sorted(_PROFILE_KEYS))}",
            )
    return table


def find_profile(
    name: str, explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], Path]:
    """The profile ``name`` from the first config file that exists."""
    paths = config_paths(explicit, environ)
    for path in paths:
        if path.is_file():
            profiles = load_profiles(path)
            if name not in profiles:
                known = ", ".join(sorted(profiles)) or "none"
                raise UsageError(f"no profile '{name}' in {path} (profiles there: {known})")
            return check_profile(name, profiles[name], path), path
        if explicit:
            raise UsageError(f"no config file at {path}")
    raise UsageError(
        f"no profile '{name}': no config file found (looked at {', '.join(map(str, paths))})",
        hint="write the profile in ./kg.toml (see the README, 'Remote graph databases'), "
        "or set KG_CONFIG to its file",
    )


def _choice(enum: type[StrEnum], value: Any, what: str) -> Any:
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        raise UsageError(
            f"unknown {what} {value!r}", hint=f"use one of: {', '.join(e.value for e in enum)}"
        ) from None


def _query_method(value: Any) -> str:
    method = str(value).strip().lower()
    if method not in ("post", "get"):
        raise UsageError(f"query-method must be 'post' or 'get', not {value!r}")
    return method


def _number(value: Any, what: str, kind: type[int] | type[float]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UsageError(f"{what} must be a non-negative number, not {value!r}")
    return kind(value)


def resolve_endpoint(options: RemoteOptions, *, environ: Mapping[str, str] | None = None) -> Endpoint | None:
    """The remote store ``options`` describe, or ``None`` when they name none (use the local store).

    Precedence: explicit options (command line, environment) over the profile over the server
    kind's layout over the defaults.
    """
    if not options.given:
        return None
    profile: dict[str, Any] = {}
    source = "--endpoint"
    if options.profile:
        profile, path = find_profile(options.profile, options.config, environ)
        source = f"endpoint of profile '{options.profile}' in {path}"
    raw_url = options.endpoint or profile.get("endpoint")
    if not raw_url:
        raise UsageError(f"profile '{options.profile}' has no endpoint", hint='add endpoint = "http://..."')
    url = check_url(str(raw_url), "--endpoint" if options.endpoint else source)
    server = _choice(ServerKind, options.server or profile.get("server") or "generic", "server kind")
    layout = LAYOUTS[server]
    if server is ServerKind.GENERIC:
        query_url = url
        update_url: str | None = url
        gsp_url: str | None = None
    else:
        base = _base(url, layout)
        query_url = base + layout.query
        update_url = base + layout.update if layout.update is not None else None
        gsp_url = base + layout.gsp if layout.gsp is not None else None
    if options.update_url or profile.get("update-url"):
        update_url = check_url(str(options.update_url or profile["update-url"]), "--update-url")
    if options.gsp_url or profile.get("gsp-url"):
        gsp_url = check_url(str(options.gsp_url or profile["gsp-url"]), "--gsp-url")
    auth_name = options.auth or profile.get("auth")
    endpoint = Endpoint(
        query_url=query_url,
        update_url=update_url,
        gsp_url=gsp_url,
        server=server,
        auth=_choice(AuthKind, auth_name, "authentication scheme") if auth_name else layout.auth,
        union=_choice(UnionMode, profile["union"], "union mode") if "union" in profile else layout.union,
        union_parameters=layout.union_parameters,
        system_graphs=tuple(profile.get("system-graphs", layout.system_graphs)),
        dataset_upload=bool(profile.get("dataset-upload", layout.dataset_upload)),
        dataset_download=layout.dataset_download,
        capped_results=layout.capped_results,
        query_method=_query_method(profile.get("query-method", "post")),
        profile=options.profile,
    )
    numbers: dict[str, Any] = {}
    for key, attr, kind in (
        ("timeout", "timeout", float),
        ("connect-timeout", "connect_timeout", float),
        ("retries", "retries", int),
        ("backoff", "backoff", float),
        ("max-chunk-bytes", "max_chunk_bytes", int),
        ("jobs", "jobs", int),
    ):
        if key in profile:
            numbers[attr] = _number(profile[key], f"'{key}' in profile '{options.profile}'", kind)
    for attr in ("timeout", "retries", "max_chunk_bytes"):
        value = getattr(options, attr)
        if value is not None:
            numbers[attr] = value
    if endpoint.union is UnionMode.PARAMETER and not endpoint.union_parameters:
        raise UsageError(
            f"union = 'parameter' needs a server that takes one (oxigraph), not {server.value}",
            hint="use union = 'native' or 'dataset'",
        )
    return replace(endpoint, **numbers)


@dataclass(frozen=True)
class Credentials:
    """A user and password, or a bearer token. ``repr`` never shows the secrets."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        """``KG_USER``/``KG_PASSWORD`` and ``KG_TOKEN``, or ``None`` when none is set."""
        env = os.environ if environ is None else environ
        found = cls(env.get("KG_USER") or None, env.get("KG_PASSWORD") or None, env.get("KG_TOKEN") or None)
        return found if (found.user or found.password or found.token) else None
