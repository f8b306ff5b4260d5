"""Keeping credentials out of everything kg prints: messages, hints, logs.

The remote store registers every password and token it is given (:func:`register_credentials`),
with the forms a server or proxy may echo them in: as they are, percent-decoded (a proxy URL
carries its password encoded), URL-encoded (with and without ``/`` kept, ``+`` for spaces),
HTML-escaped and, for a user and password, the base64 ``user:password`` of an HTTP Basic
``Authorization`` header. Matching ignores case (a server may echo ``%2f`` for ``%2F``).
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
from urllib.parse import quote, quote_plus, unquote

_secrets: set[str] = set()
_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None  # all of _secrets, built when first needed
#: An ``Authorization`` header's value: to the end of the line, or between quotes (JSON, a dict).
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*)(?:(['\"])(?:(?!\2)[^\r\n])*+\2?|[^\r\n]+)")
#: A Basic or Bearer credential anywhere, as a header carries it (see :func:`_hide_credential`).
_CREDENTIAL = re.compile(r"\b(Basic|Bearer)(\s+)([A-Za-z0-9+/._~-]+=*)")


def register_secret(secret: str | None) -> None:
    """Make :func:`redact` hide ``secret`` from now on, and the forms a server may echo it in."""
    if not secret:
        return
    forms = set()
    for plain in {secret, unquote(secret)}:
        forms.add(plain)
        forms.update(html.escape(plain, quote=q) for q in (True, False))
        for safe in ("", "/"):
            forms.update((quote(plain, safe=safe), quote_plus(plain, safe=safe)))
    global _pattern
    with _lock:
        _secrets.update(forms)
        _pattern = None


def register_credentials(user: str | None, password: str | None = None, token: str | None = None) -> None:
    """Register a password or token (:func:`register_secret`) and, for a user and password, the
    base64 ``user:password`` a Basic ``Authorization`` header carries (UTF-8 and Latin-1)."""
    register_secret(password)
    register_secret(token)
    if user is not None and password:
        pairs = {(user, password), (unquote(user), unquote(password))}  # a proxy URL's are encoded
        for (name, secret), encoding in ((pair, e) for pair in pairs for e in ("utf-8", "latin-1")):
            try:
                raw = f"{name}:{secret}".encode(encoding)
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
    text = _secrets_pattern().sub("***", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m[1]}{m[2] or ''}***{m[2] or ''}", text)
    return _CREDENTIAL.sub(_hide_credential, text)


def _secrets_pattern() -> re.Pattern[str]:
    """One pattern for all registered secrets, the longest first, ignoring case (cached)."""
    global _pattern
    with _lock:
        if _pattern is None:
            forms = sorted(_secrets, key=len, reverse=True)
            _pattern = re.compile("|".join(map(re.escape, forms)) or r"(?!)", re.IGNORECASE)
        return _pattern


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
