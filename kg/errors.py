"""One exception hierarchy for kg.

Every error kg raises on purpose is a :class:`KgError`. The CLI turns each class into a documented
exit code (see :data:`EXIT_CODES` and the README); library callers catch :class:`KgError` or a
subclass. Messages say what is wrong, where, and what to do; they never contain credentials.

>>> try:
...     raise InputError("unexpected end of file", source="a.ttl", line=3, column=7)
... except KgError as err:
...     print(err)
a.ttl:3:7: unexpected end of file
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of all kg errors."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(KgError):
    """The command or call was malformed: unknown format, conflicting options, missing argument."""

    exit_code = 2


class InputError(KgError):
    """Input that cannot be read: a missing file, bad syntax, an unreadable query."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.source = source
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """``file:line:column`` as far as known, or an empty string."""
        parts = [p for p in (self.source, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class ArticleError(InputError):
    """An article was rejected: not an article, bad metadata, a claim that cannot be mapped.

    The pipeline collects these per article instead of stopping; other articles go on.
    """


class StoreError(KgError):
    """The store cannot be opened or written: missing, locked by another process, corrupt."""

    exit_code = 4


class RemoteError(KgError):
    """A remote SPARQL endpoint failed: connection, timeout, HTTP error, unexpected response.

    ``transient``: the same request may succeed later (no connection, a timeout, 429, 503, a 5xx
    that is not a configuration error), so running it again can help; else the server will
    answer it the same way again (a 4xx, a configuration or syntax error, a web page).
    """

    exit_code = 5

    def __init__(self, message: str, *, hint: str | None = None, transient: bool = False) -> None:
        super().__init__(message, hint=hint)
        self.transient = transient


class AuthError(RemoteError):
    """The remote endpoint refused the credentials, or wants credentials that were not given.

    Credentials given the wrong way (in a URL, in ``kg.toml``) are a :class:`UsageError`."""


class Interrupted(KgError):
    """The user interrupted kg (Ctrl-C), and kg has said what that left behind."""

    exit_code = 130


#: The exit codes and what they mean, as ``kg --help`` lists them and the README's table says.
EXIT_CODES: dict[int, str] = {
    0: "success; for validate: the data conforms",
    1: "some input was rejected, or the data does not conform to the shapes",
    2: (
        "usage error: bad option, unknown format, conflicting arguments, credentials in a URL or kg.toml, "
        "an -o file that cannot be written, --graph naming no graph in the store"
    ),
    3: "unreadable input: missing file, syntax error (with file, line and column)",
    4: "store error: the store is missing, locked by another process, damaged or unwritable",
    5: (
        "remote endpoint error: connection, timeout, HTTP error, refused or missing credentials, "
        "a write answered with a web page"
    ),
    130: (
        "interrupted (Ctrl-C); ingest keeps the batches it finished, not the one it was writing; "
        "push says which graphs landed"
    ),
    141: "the reader of the output went away (a broken pipe: head stopped reading); kg stops quietly",
}

#: The exit code when standard output is a pipe that its reader closed: 128 + SIGPIPE.
BROKEN_PIPE = 141
