"""Read articles from files, folders, URLs and standard input.

Each source yields :class:`~kg.model.Article` objects, or an :class:`~kg.errors.ArticleError`
for an input that is not an article (binary, empty, no title, bad date, bad front matter), so one
bad file never stops the others. The kind of input comes from an explicit ``kind``, else the file
suffix, else the content.

>>> [a.title for a in read_text_as('{"title": "T", "text": "x"}', "<stdin>", InputKind.JSON)]
['T']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.errors import ArticleError, InputError, UsageError
from kg.model import Article
from kg.readers.kinds import SUFFIXES, InputKind

__all__ = ["InputKind", "check_sources", "decode", "read_bytes", "read_sources", "read_text_as", "sniff"]

if TYPE_CHECKING:
    import requests


def sniff(text: str) -> InputKind:
    """Guess the kind of an input without a telling name (standard input, odd suffixes)."""
    head = text.lstrip()[:512]
    if head.startswith("---") or head.startswith("#"):
        return InputKind.MARKDOWN
    if head.startswith(("{", "[")):
        return _json_kind(text)
    if head.startswith("<"):
        return InputKind.HTML
    return InputKind.TEXT


def _json_kind(text: str) -> InputKind:
    r"""JSON (one value: an object or an array of them) or JSON Lines (several values, one per
    line), told from the content: is the first line a value of its own, with more lines after it?
    (Only the first line is parsed: the reader parses the rest.)

    >>> _json_kind('{"title": "A"}\n{"title": "B"}\n')
    <InputKind.JSONL: 'jsonl'>
    >>> _json_kind('[{"title": "A"},\n {"title": "B"}]')
    <InputKind.JSON: 'json'>
    """
    import json

    first, _, rest = text.lstrip().partition("\n")
    if not rest.strip():  # one line: one value (or a broken one, which the JSON reader reports)
        return InputKind.JSON
    try:  # the first line alone is a value: one per line; else it is the start of one long value
        json.loads(first)
    except json.JSONDecodeError:
        return InputKind.JSON
    return InputKind.JSONL


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (BOM dropped), ``\\r\\n`` to ``\\n``; binary or empty input is an ArticleError."""
    if b"\x00" in data[:8192]:
        raise ArticleError(
            "not a text file (binary data)",
            source=source,
            hint="kg reads Markdown, HTML, plain text, JSON, JSON Lines and CSV",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ArticleError(
            f"not UTF-8 text: byte 0x{data[err.start]:02x} cannot be decoded",
            source=source,
            line=line,
            hint="save the file as UTF-8",
        ) from None
    if not text.strip():
        raise ArticleError("empty file", source=source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_as(
    text: str, source: str, kind: InputKind, *, url: str | None = None
) -> Iterator[Article | ArticleError]:
    """Read decoded text as ``kind``."""
    from kg.readers import html, markdown, records
    from kg.readers import text as plain

    try:
        if kind is InputKind.MARKDOWN:
            yield markdown.read_markdown(text, source)
        elif kind is InputKind.TEXT:
            yield plain.read_text(text, source)
        elif kind is InputKind.HTML:
            yield html.read_html(text, source, url=url)
        elif kind is InputKind.JSON:
            yield from records.read_json(text, source)
        elif kind is InputKind.JSONL:
            yield from records.read_jsonl(text, source)
        else:
            yield from records.read_csv(text, source)
    except ArticleError as err:
        yield err
    except RecursionError:
        yield ArticleError("input is nested too deeply to read", source=source)


def read_bytes(data: bytes, source: str, kind: InputKind | None = None) -> Iterator[Article | ArticleError]:
    try:
        text = decode(data, source)
    except ArticleError as err:
        yield err
        return
    yield from read_text_as(text, source, kind or InputKind.from_suffix(source) or sniff(text))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root) / name


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def check_sources(sources: Iterable[str]) -> None:
    """Raise :class:`InputError` (unreadable input, exit code 3) if a file or folder named in
    ``sources`` does not exist: a path on the command line that is not there is a mistake in the
    command, not an article to reject."""
    missing = [s for s in sources if s != "-" and not _is_url(s) and not Path(s).exists()]
    if missing:
        raise InputError(
            "no such file or folder",
            source=missing[0],
            hint=f"also missing: {', '.join(missing[1:])}" if len(missing) > 1 else None,
        )


def read_sources(
    sources: Iterable[str],
    *,
    stdin: IO[bytes] | None = None,
    kind: InputKind | None = None,
    session: requests.Session | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Article | ArticleError]:
    """Articles from each source: a file, a folder (recursively, known suffixes), a URL, or ``-``.
    A file named twice, or also found in a folder named, is read once.

    Raises :class:`InputError` at once, before reading anything, if a file or folder named in
    ``sources`` does not exist (see :func:`check_sources`). ``on_warning`` hears of a folder that
    holds no file kg reads (nothing to reject, but likely not what was meant).
    """
    sources = list(sources)
    check_sources(sources)
    return _read_sources(sources, stdin=stdin, kind=kind, session=session, on_warning=on_warning)


def _empty_folder(folder: Path) -> str:
    others = sum(
        1
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    suffixes = ", ".join(sorted(SUFFIXES))
    if others == 1:
        return f"{folder}: no articles found: its one file has none of the suffixes kg reads ({suffixes})"
    if others:
        return (
            f"{folder}: no articles found: its {others} files have none of the suffixes kg reads ({suffixes})"
        )
    return f"{folder}: no articles found: the folder is empty"


def _read_sources(
    sources: list[str],
    *,
    stdin: IO[bytes] | None,
    kind: InputKind | None,
    session: requests.Session | None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Article | ArticleError]:
    read: set[str | Path] = set()  # what was read: a file given twice (or in a folder given too) once

    def first_time(key: str | Path) -> bool:
        if key in read:
            return False
        read.add(key)
        return True

    for source in sources:
        if source == "-":
            if stdin is None:
                raise UsageError("'-' reads standard input, but none is available here")
            if first_time("-"):
                yield from _noting_none(read_bytes(stdin.read(), "<stdin>", kind), "<stdin>", on_warning)
        elif _is_url(source):
            from kg.readers.web import read_url

            if first_time(source):
                yield from read_url(source, session)
        else:
            path = Path(source)
            if path.is_dir():
                files = 0
                for file in _walk(path):
                    files += 1
                    if first_time(file.resolve()):
                        yield from _read_file(file, kind)
                if not files and on_warning is not None:
                    on_warning(_empty_folder(path))
            elif path.exists():
                if first_time(path.resolve()):
                    yield from _noting_none(_read_file(path, kind), source, on_warning)
            else:  # gone since check_sources
                yield ArticleError("no such file or folder", source=source)


def _noting_none(
    items: Iterator[Article | ArticleError], source: str, on_warning: Callable[[str], None] | None
) -> Iterator[Article | ArticleError]:
    """``items``, and a warning when there are none (``[]``, a CSV with only its header line)."""
    found = False
    for item in items:
        found = True
        yield item
    if not found and on_warning is not None:
        on_warning(f"{source}: no articles found: it holds no records")


def _read_file(path: Path, kind: InputKind | None) -> Iterator[Article | ArticleError]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield ArticleError(f"cannot read: {err.strerror}", source=str(path))
        return
    yield from read_bytes(data, str(path), kind)
