"""HTTP for remote stores: timeouts, retries with backoff, authentication, honest errors.

:class:`HttpClient` sends every request of a :class:`~kg.store.remote.RemoteStore`:

- **timeouts**: a connect timeout and a read timeout (``Endpoint.connect_timeout``, ``timeout``);
- **retries** with exponential backoff (``backoff`` doubling up to ``max_backoff``) after a
  connection error, a timeout, HTTP 429 or 5xx, honouring ``Retry-After``. A request that may not
  be repeated safely (a user's SPARQL update) is retried only when it cannot have reached the
  server (no connection) or the server said it did not process it (429, 503);
- **authentication**: basic, digest or bearer, from :class:`~kg.store.profiles.Credentials`
  (``KG_USER``/``KG_PASSWORD``/``KG_TOKEN``) or a prompt, asked for when the server answers 401.
  The scheme is the endpoint's (``--auth``, the profile, the server kind) or the one the server's
  ``WWW-Authenticate`` challenge names;
- **the environment**: proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) and a
  CA bundle (``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``) as requests reads them, never
  ``~/.netrc`` (credentials come from kg's own variables only);
- **errors** are :class:`~kg.errors.RemoteError` (exit 5) or :class:`~kg.errors.AuthError`, with
  what failed and what to do; credentials never appear in messages or logs
  (:func:`kg.redaction.redact`, also of what a server echoes).

Tests inject a ``session_factory`` (a :class:`requests.Session` with a fake adapter) and ``sleep``.
"""

from __future__ import annotations

import email.utils
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg import __version__
from kg.errors import AuthError, RemoteError
from kg.redaction import redact, register_credentials
from kg.store.profiles import AuthKind, Credentials, Endpoint, Prompt, ServerKind

log = logging.getLogger("kg.remote")

#: Statuses after which a request is tried again.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Statuses that say the server did not process the request: safe to repeat any request.
NOT_PROCESSED = frozenset({429, 503})
#: The longest ``Retry-After`` kg waits; a longer one is reported instead.
MAX_RETRY_AFTER = 120.0
#: A SQLSTATE in an error answer (Virtuoso: ``Virtuoso 37000 Error SP031: ...``, ``Error 22023``).
_SQLSTATE = re.compile(r"\bVirtuoso ([0-9A-Z]{5}) Error\b|\bError ((?=[A-Z]*[0-9])[0-9A-Z]{5})\b")
#: SQLSTATE classes of failures that may pass: connection, transaction rollback (deadlock),
#: insufficient resources, operator intervention, timeouts.
_TRANSIENT_SQLSTATES = ("08", "40", "53", "57", "HYT", "S1T")
#: A server's words for an error that the same request meets every time.
_CONFIGURATION = re.compile(
    r"(?i)\bnot configured\b|\bnot supported\b|\bunsupported\b|\bsyntax error\b|\bparse error\b"
    r"|\bno permission\b|\bpermission denied\b"
)


class BearerAuth(AuthBase):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self._token}"
        return r

    def __repr__(self) -> str:
        return "BearerAuth(***)"


def _scheme(challenge: str) -> AuthKind | None:
    word = challenge.strip().split(" ", 1)[0].lower()
    return {"basic": AuthKind.BASIC, "digest": AuthKind.DIGEST, "bearer": AuthKind.BEARER}.get(word)


def _chain(err: BaseException) -> Iterable[BaseException]:
    """``err`` and the exceptions it wraps (args, ``reason``, causes)."""
    seen: set[int] = set()
    todo: list[BaseException] = [err]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(e, attr, None)
            if isinstance(inner, BaseException):
                todo.append(inner)


def _not_sent(err: BaseException) -> bool:
    """Whether the request cannot have reached the server (no connection was made)."""
    return any(
        isinstance(
            e,
            urllib3.exceptions.NewConnectionError
            | urllib3.exceptions.ConnectTimeoutError
            | requests.exceptions.ConnectTimeout
            | ConnectionRefusedError,
        )
        for e in _chain(err)
    )


def _unreachable(err: BaseException) -> bool:
    """Whether nothing answers at the URL's host and port: a refused connection or a host name
    that cannot be resolved (not a timeout, which a busy network or server can cause)."""
    return any(
        isinstance(e, urllib3.exceptions.NameResolutionError | socket.gaierror | ConnectionRefusedError)
        for e in _chain(err)
    )


def _describe(err: BaseException, timeouts: tuple[float, float]) -> str:
    """What went wrong with a connection, in words that are true for the case.

    urllib3's ``NewConnectionError`` (and its ``NameResolutionError``) derive from
    ``ConnectTimeoutError``, so the kinds are checked in order of precedence over the whole chain:
    a refused connection or an unknown host is not a timeout.
    """
    chain = list(_chain(err))

    def found(*kinds: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, kinds)), None)

    if found(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return "the proxy failed (HTTP_PROXY, HTTPS_PROXY or ALL_PROXY; NO_PROXY to bypass it)"
    if found(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return "the host name cannot be resolved (is the host name in the URL right?)"
    if found(ConnectionRefusedError):
        return "connection refused (is the server running, and is the port right?)"
    new_connection = found(urllib3.exceptions.NewConnectionError)
    timed_out = found(requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError)
    if timed_out is not None and not isinstance(timed_out, urllib3.exceptions.NewConnectionError):
        return f"no connection within {timeouts[0]:g} s"
    if found(requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError):
        return f"no answer within {timeouts[1]:g} s"
    if found(ConnectionResetError):
        return "the connection was reset by the server"
    if found(urllib3.exceptions.IncompleteRead, requests.exceptions.ChunkedEncodingError):
        return "the answer was cut off"
    if any(type(e).__name__ == "RemoteDisconnected" for e in chain):
        return "the server closed the connection without answering"
    if new_connection is not None:
        os_error = next(
            (e for e in chain if isinstance(e, OSError) and not isinstance(e, requests.RequestException)),
            None,
        )
        detail = (os_error.strerror or str(os_error)) if os_error is not None else ""
        return f"cannot connect ({detail})" if detail else "cannot connect"
    return f"connection failed ({type(err).__name__})"


def retry_after(response: requests.Response, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def server_message(response: requests.Response, limit: int = 400) -> str:
    """The first lines of an error answer's text, for a message (HTML reduced to its text)."""
    try:
        text = response.text
    except Exception:
        return ""
    if "html" in response.headers.get("Content-Type", ""):
        text = re.sub(r"(?s)<(script|style).*?</\1>|<[^>]+>", " ", text)
    text = " ".join(text.split())
    return redact(text[:limit] + ("…" if len(text) > limit else ""))


#: Media types of web pages: a write answered with one was probably not done (a login page, a proxy).
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: The text of the HTML page some servers answer a successful update with (Fuseki: "Success").
_SUCCESS_PAGE = re.compile(r"(?i)^\W*(?:success|succeeded)\b")


def check_write_answer(response: requests.Response, what: str) -> None:
    """Raise :class:`RemoteError` when a 2xx answer to a write (GSP ``PUT``/``POST``, SPARQL
    update) is a web page: the protocols answer writes with an empty body, SPARQL results or a
    short status, never with an HTML page, which says that something else (a login page, a proxy,
    the wrong URL) took the request. An empty HTML answer (Virtuoso's GSP) and Fuseki's "Success"
    page are writes that were done."""
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media not in _PAGE_TYPES:
        return
    text = server_message(response, 200)
    if not text or _SUCCESS_PAGE.match(text):
        return
    raise RemoteError(
        f"{what}: the server answered HTTP {response.status_code} with an HTML page, not the answer "
        f"of a write, so the write may not have been done: {text}",
        hint="is it a login page or a proxy in between? check the URL (--endpoint, --update-url, "
        "--gsp-url, --server) and the credentials",
    )


class HttpClient:
    """Sends requests to one remote store with timeouts, retries and authentication."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        credentials: Credentials | None = None,
        prompt: Prompt | None = None,
        session_factory: Callable[[], requests.Session] = requests.Session,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self._credentials = credentials
        self._prompt = prompt
        self._session_factory = session_factory
        self._sleep = sleep
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._auth: AuthBase | None = None
        self._asked = False
        #: Retries done so far (for reports and tests).
        self.retries = 0
        #: The CA bundle of REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE (else requests' own), and the
        #: proxies of HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY by scheme://host:port.
        self._verify: str | bool = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
        self._proxies: dict[str, dict[str, str]] = {}
        #: Whether the server answered (or took a connection) in this run: a refused connection
        #: before that is a server that is not running or a wrong URL, after it a restart.
        self._reached = False
        if credentials:
            register_credentials(credentials.user, credentials.password, credentials.token)
            kind = endpoint.auth or (AuthKind.BEARER if credentials.token else None)
            if kind is not None:
                self._auth = self._make_auth(kind, credentials)

    @property
    def timeouts(self) -> tuple[float, float]:
        return (self.endpoint.connect_timeout, self.endpoint.timeout)

    def session(self) -> requests.Session:
        """This thread's session (requests sessions are not shared between threads)."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._session_factory()
            session.headers["User-Agent"] = f"kg/{__version__}"
            # never credentials from ~/.netrc: requests reads it only with trust_env, so the
            # environment's proxies and CA bundle go with each request instead (_environment)
            session.trust_env = False
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _environment(self, url: str) -> dict[str, str]:
        """The proxies the environment names for ``url`` (none when NO_PROXY covers its host), as
        requests would find them with ``trust_env``; a proxy's password is never printed."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            found = self._proxies.get(key)
        if found is None:
            found = {k: v for k, v in requests.utils.get_environ_proxies(url).items() if k != "no"}
            for proxy in found.values():
                proxy_parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
                register_credentials(proxy_parts.username, proxy_parts.password)
            with self._lock:
                self._proxies[key] = found
        return found

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    # ---------------------------------------------------------------------------------------

    def _make_auth(self, kind: AuthKind, creds: Credentials) -> AuthBase | None:
        if kind is AuthKind.BEARER:
            return BearerAuth(creds.token) if creds.token else None
        if creds.user is None or creds.password is None:
            return None
        if kind is AuthKind.DIGEST:
            return HTTPDigestAuth(creds.user, creds.password)
        return HTTPBasicAuth(creds.user, creds.password)

    def _ask(self, kind: AuthKind | None) -> Credentials | None:
        """Credentials from the prompt, once per client."""
        if self._asked or self._prompt is None:
            return None
        self._asked = True
        where = self.endpoint.location
        if kind is AuthKind.BEARER:
            token = self._prompt(f"Token for {where}", True)
            return Credentials(token=token) if token else None
        user = self._prompt(f"User for {where}", False)
        if not user:
            return None
        password = self._prompt(f"Password for {user} at {where}", True)
        return Credentials(user, password) if password is not None else None

    def _answer_challenge(self, response: requests.Response, used: AuthBase | None) -> bool:
        """After a 401: install credentials for the scheme asked for; whether to send again."""
        with self._lock:
            if self._auth is not used:
                return True  # another thread has installed credentials meanwhile
            if self._auth is not None and self._credentials is not None:
                return False  # the credentials we sent were refused
            kind = self.endpoint.auth or _scheme(response.headers.get("WWW-Authenticate", ""))
            creds = self._credentials
            if creds is None or (kind is AuthKind.BEARER and not creds.token):
                creds = self._ask(kind)
            if creds is None:
                return False
            register_credentials(creds.user, creds.password, creds.token)
            if kind is None:
                kind = AuthKind.BEARER if creds.token and not creds.user else AuthKind.BASIC
            auth = self._make_auth(kind, creds)
            if auth is None:
                return False
            self._credentials, self._auth = creds, auth
            return True

    def _missing(self, kind: AuthKind | None) -> tuple[str, str]:
        """Why no credentials went with a request the server wants them for; and the hint."""
        creds = self._credentials
        asked = " at the prompt" if self._asked else ""
        terminal = "" if self._prompt is not None else " (and kg is not on a terminal, so it cannot ask)"
        if kind is AuthKind.BEARER:
            other = " (KG_USER and KG_PASSWORD do not count for bearer)" if creds and creds.user else ""
            return (
                f"no token was given{asked}: KG_TOKEN is not set{other}{terminal}",
                "set KG_TOKEN, or run kg on a terminal to be asked",
            )
        if creds is not None and creds.user and not creds.password:
            reason = "KG_USER is set but KG_PASSWORD is not"
        elif creds is not None and creds.password and not creds.user:
            reason = "KG_PASSWORD is set but KG_USER is not"
        elif creds is not None and creds.token:
            scheme = kind.value if kind else "user and password"
            reason = f"only KG_TOKEN is set, and the server asks for a user and password ({scheme})"
        else:
            reason = f"no credentials were given{asked}: KG_USER and KG_PASSWORD are not set"
        return reason + terminal, "set KG_USER and KG_PASSWORD, or run kg on a terminal to be asked"

    def _refused(self, response: requests.Response, what: str, sent: bool) -> AuthError:
        """The error for a 401 or 403; ``sent``: whether the request carried credentials."""
        message = server_message(response, 200)
        detail = f": {message}" if message else ""
        if response.status_code == 401:
            if not sent:
                kind = self.endpoint.auth or _scheme(response.headers.get("WWW-Authenticate", ""))
                reason, hint = self._missing(kind)
                return AuthError(
                    f"{what} needs credentials (HTTP 401 from {response.url.split('?')[0]}); {reason}",
                    hint=hint,
                )
            return AuthError(
                f"{what}: the server refused the credentials (HTTP 401){detail}",
                hint="check KG_USER and KG_PASSWORD (or KG_TOKEN), and --auth basic|digest|bearer",
            )
        return AuthError(
            f"{what}: not allowed (HTTP 403){detail}",
            hint="the user needs the right to do this on the server (Virtuoso: SPARQL_UPDATE)",
        )

    def _connection_hint(
        self,
        reason: str,
        attempt: int,
        safe: bool,
        first_contact: bool,
        write: bool,
        chunked: bool,
        sent: bool,
    ) -> str:
        """What to do about a request that failed without an answer; true to what kg did."""
        if first_contact:
            return "check --endpoint (host and port) and that the server is running"
        if "no answer" in reason:
            hint = "the server may be busy: raise --timeout"
            if chunked:
                hint += ", or send smaller requests (kg push --max-chunk-bytes, max-chunk-bytes in kg.toml)"
        else:
            hint = "check that the server is running and reachable"
        if attempt:
            hint += f"; kg tried {attempt + 1} times with backoff (--retries)"
        elif not safe:
            hint += "; kg does not send again a request that may have reached the server"
        elif self.endpoint.retries == 0:
            hint += "; --retries 0: kg did not try again"
        if write and sent and not safe:  # a user's update: sending it twice may not be harmless
            hint += "; check what the server has before running it again"
        return hint

    def _delay(self, attempt: int, response: requests.Response | None) -> float:
        wait = retry_after(response) if response is not None else None
        if wait is None:
            wait = min(self.endpoint.backoff * (2**attempt), self.endpoint.max_backoff)
        return wait

    # ---------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: list[tuple[str, str]] | dict[str, str] | None = None,
        data: bytes | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
        ok: Iterable[int] = (),
        write: bool = False,
        chunked: bool = False,
    ) -> requests.Response:
        """Send a request and return a successful (2xx, or one of ``ok``) response.

        Raises :class:`RemoteError` (or :class:`AuthError`) with ``what`` in the message when the
        request fails after the retries; for a ``write``, also when a 2xx answer is a web page
        (:func:`check_write_answer`). ``chunked``: the body is a chunk of a bigger write, whose
        size ``max-chunk-bytes`` sets (hints say so).

        A refused connection or an unknown host before the server has answered once in this run
        is reported at once: nothing listens there, or the URL is wrong. Later (a server that
        restarts) they are retried like other connection errors.
        """
        accepted = set(ok)
        attempt = 0
        challenged = False
        while True:
            started = time.monotonic()
            auth = self._auth
            try:
                response = self.session().request(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    auth=auth,
                    timeout=self.timeouts,
                    allow_redirects=method in ("GET", "HEAD"),
                    proxies=self._environment(url),
                    verify=self._verify,
                )
            except requests.exceptions.RequestException as err:
                reason = _describe(err, self.timeouts)
                sent = not _not_sent(err)
                if sent:
                    self._reached = True
                first_contact = not self._reached and _unreachable(err)
                safe = idempotent or not sent
                if attempt < self.endpoint.retries and safe and not first_contact:
                    delay = self._delay(attempt, None)
                    log.warning("%s: %s; trying again in %.1f s", what, reason, delay)
                    self.retries += 1
                    attempt += 1
                    self._sleep(delay)
                    continue
                tries = f" (after {attempt + 1} attempts)" if attempt else ""
                applied = "; it may still have been applied on the server" if write and sent else ""
                raise RemoteError(
                    f"{what} failed: {reason}{tries}{applied} [{method} {url}]",
                    hint=self._connection_hint(reason, attempt, safe, first_contact, write, chunked, sent),
                    transient=True,
                ) from None
            self._reached = True
            status = response.status_code
            log.info(
                "%s %s -> %d in %.2f s (%s)",
                method,
                url,
                status,
                time.monotonic() - started,
                what,
            )
            if status == 401 and not challenged:
                challenged = True
                if self._answer_challenge(response, auth):
                    response.close()
                    continue
            if 200 <= status < 300:
                if write:
                    check_write_answer(response, what)
                return response
            if status in accepted:
                return response
            if status in (401, 403):
                raise self._refused(response, what, auth is not None)
            message = server_message(response)
            again = not deterministic(status, message)
            if (
                status in RETRY_STATUSES
                and again
                and attempt < self.endpoint.retries
                and (idempotent or status in NOT_PROCESSED)
            ):
                delay = self._delay(attempt, response)
                if delay > MAX_RETRY_AFTER:
                    raise RemoteError(
                        f"{what}: the server is busy (HTTP {status}) and asks to wait {delay:.0f} s",
                        hint="try again later",
                        transient=True,
                    )
                log.warning("%s: HTTP %d; trying again in %.1f s", what, status, delay)
                response.close()
                self.retries += 1
                attempt += 1
                self._sleep(delay)
                continue
            tries = f" (after {attempt + 1} attempts)" if attempt else ""
            raise RemoteError(
                f"{what} failed: HTTP {status} {response.reason or ''}".rstrip()
                + tries
                + (f": {message}" if message else ""),
                hint=status_hint(status, message, response, self.endpoint),
                transient=again and status in RETRY_STATUSES,
            )


def deterministic(status: int, message: str) -> bool:
    """Whether a server answers the same request with the same error every time, so that trying
    again cannot help: a 4xx (but 408 and 429), or a 5xx whose text names a configuration or
    syntax error (a SQLSTATE other than a connection, deadlock or timeout one; "not configured").

    >>> deterministic(500, "Error 22023 The request ... the endpoint is not configured to have default graph")
    True
    >>> deterministic(500, "disk full"), deterministic(503, ""), deterministic(500, "Virtuoso 40001 Error")
    (False, False, False)
    """
    if status in (408, 429):
        return False
    if 400 <= status < 500:
        return True
    if status < 500:
        return False
    m = _SQLSTATE.search(message)
    if m:
        return not (m[1] or m[2]).startswith(_TRANSIENT_SQLSTATES)
    return bool(_CONFIGURATION.search(message))


def status_hint(status: int, message: str, response: requests.Response, endpoint: Endpoint) -> str | None:
    """What to do about an error answer: from what the server said where kg knows the words
    (Virtuoso's), else from the status. Never "try again" for an error that recurs."""
    hints: list[str] = []
    server = response.headers.get("Server", "")
    virtuoso = "virtuoso" in server.lower() or bool(re.search(r"\bVirtuoso [0-9A-Z]{5} Error\b", message))
    if virtuoso and endpoint.server is ServerKind.GENERIC:
        hints.append(
            "the server is Virtuoso: pass --server virtuoso (kg then writes with its Graph Store "
            "Protocol, which takes blank nodes and big requests)"
        )
    if re.search(r"(?i)blank node\b.*\bnot allowed", message):
        hints.append(
            "this server's INSERT DATA takes no blank nodes: write with a Graph Store Protocol URL "
            "(--gsp-url)"
        )
    if re.search(r"(?i)lines of code|generated SQL text", message):
        hints.append("or send smaller requests: lower --max-chunk-bytes (each chunk is one INSERT DATA)")
    if re.search(r"(?i)\bdefault\b.*\bnot configured to have default graph", message):
        hints.append("this server has no default graph to write to: push into a named graph (--graph IRI)")
    if not hints:
        if status == 404:
            hints.append("check the URL (--endpoint, --update-url, --gsp-url) or the --server kind")
        elif status == 413:
            hints.append("the request is larger than the server accepts: lower --max-chunk-bytes")
        elif status >= 500 and deterministic(status, message):
            hints.append(
                "the server refuses this request every time (a configuration or syntax error); its "
                "log may say more"
            )
        elif status >= 500:
            hints.append("the server failed; its log may say why")
    return "; ".join(hints) or None
