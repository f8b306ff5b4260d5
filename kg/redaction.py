"""Keeping credentials out of everything kg prints: messages, hints, logs.

The remote store registers every password and token it is given (:func:`register_credentials`),
with the forms a server may echo them in: as they are, URL-encoded, HTML-escaped and, for a user
and password, the base64 ``user:password`` of an HTTP Basic ``Authorization`` header.
:func:`redact` hides all of them, and also any ``Authorization`` header value and any
``Basic``/``Bearer`` credential, known or not. The CLI runs every error message and hint through
it, and a :class:`RedactingFilter` runs every log record through it.

No dependencies: the CLI can redact without loading the HTTP stack.

>>> register_credentials("alice", "wrongPW1")
>>> redact("denied: got Basic YWxpY2U6d3JvbmdQVzE=; password wrongPW1")
'denied: got Basic ***; password ***'
"""

from __future__ import annotations

import base64
import html
import logging
import re
import threading
from urllib.parse import quote, quote_plus

_secrets: set[str] = set()
_lock = threading.Lock()
#: An ``Authorization`` header's value: to the end of the line, or between quotes (JSON, a dict).
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*)(?:(['\"])(?:(?!\2)[^\r\n])*+\2?|[^\r\n]+)")
#: A Basic or Bearer credential anywhere, as a header carries it (see :func:`_hide_credential`).
_CREDENTIAL = re.compile(r"\b(Basic|Bearer)(\s+)([A-Za-z0-9+/._~-]+=*)")


def register_secret(secret: str | None) -> None:
    """Make :func:`redact` hide ``secret`` from now on, and the forms a server may echo it in."""
    if not secret:
        return
    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe=""), html.escape(secret)}
    with _lock:
        _secrets.update(forms)


def register_credentials(user: str | None, password: str | None = None, token: str | None = None) -> None:
    """Register a password or token (:func:`register_secret`) and, for a user and password, the
    base64 ``user:password`` a Basic ``Authorization`` header carries (UTF-8 and Latin-1)."""
    register_secret(password)
    register_secret(token)
    if user is not None and password:
        for encoding in ("utf-8", "latin-1"):
            try:
                raw = f"{user}:{password}".encode(encoding)
            except UnicodeEncodeError:
                continue
            register_secret(base64.b64encode(raw).decode("ascii"))


def redact(text: str) -> str:
    """``text`` with every registered secret, any ``Authorization`` header value and any Basic or
    Bearer credential hidden.

    >>> register_secret("s3cret")
    >>> redact("login s3cret; Authorization: Basic dXNlcjpzM2NyZXQ=")
    'login ***; Authorization: ***'
    >>> redact('WWW-Authenticate: Basic realm="db"; sent Bearer eyJhbGciOi.x')
    'WWW-Authenticate: Basic realm="db"; sent Bearer ***'
    """
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "***")
    text = _AUTH_HEADER.sub(lambda m: f"{m[1]}{m[2] or ''}***{m[2] or ''}", text)
    return _CREDENTIAL.sub(_hide_credential, text)


def _hide_credential(m: re.Match[str]) -> str:
    """``Basic`` + base64 of ``user:password``, or ``Bearer`` + a token-like word (12 characters
    or more, with a digit or punctuation) -- not words of a sentence ("Bearer tokens"), nor an
    auth parameter (``Basic realm="db"``)."""
    scheme, space, value = m.groups()
    if scheme == "Basic":
        try:
            secret = len(value) >= 4 and b":" in base64.b64decode(value, validate=True)
        except ValueError:
            secret = False
    else:
        secret = len(value) >= 12 and bool(re.search(r"[0-9._~+/-]", value))
    return f"{scheme}{space}***" if secret else m[0]


class RedactingFilter(logging.Filter):
    """A logging filter that runs :func:`redact` over every record (attach it to handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
