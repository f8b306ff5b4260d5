"""Article records: JSON (one object or an array of objects), JSON Lines, CSV (one article per row).

Each record carries the fields of :mod:`kg.readers.fields`, with the article text in ``text``
(or ``body``/``content``). Errors name the file and the line of the record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from kg.errors import ArticleError
from kg.model import Article, Position
from kg.readers.fields import build_article


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _record(value: Any, source: str, line: int) -> Article | ArticleError:
    """The article of one JSON record, or why it is not one."""
    if not isinstance(value, dict):
        return ArticleError(
            f"a record must be a JSON object, not {type(value).__name__}", source=source, line=line
        )
    try:
        return build_article(value, text=None, source=source, locate=lambda _path: Position(source, line))
    except ArticleError as err:
        return err


def _json_error(err: json.JSONDecodeError, source: str, line_offset: int = 0) -> ArticleError:
    return ArticleError(
        f"bad JSON: {err.msg}", source=source, line=err.lineno + line_offset, column=err.colno
    )


def read_json(text: str, source: str) -> Iterator[Article | ArticleError]:
    """One article per object: a single object, or each object of a top-level array."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    pos = len(text) - len(stripped)
    if not stripped.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            yield _json_error(err, source)
            return
        yield _record(value, source, _line_of(text, pos))
        return
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            yield ArticleError(
                "bad JSON: the array is not closed by ']'", source=source, line=_line_of(text, pos)
            )
            return
        if text[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            yield _json_error(err, source)
            return
        yield _record(value, source, _line_of(text, pos))
        pos = end


def read_jsonl(text: str, source: str) -> Iterator[Article | ArticleError]:
    """One article per non-empty line."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield ArticleError(f"bad JSON: {err.msg}", source=source, line=lineno, column=err.colno)
            continue
        yield _record(value, source, lineno)


def _at(source: str, line: int) -> Callable[[tuple[str | int, ...]], Position]:
    """A locator that places every field of a row on the row's line."""
    here = Position(source, line)
    return lambda _path: here


def read_csv(text: str, source: str) -> Iterator[Article | ArticleError]:
    """One article per row; the header row names the fields (``url,date,title,text`` at least)."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        yield ArticleError(
            "a CSV file of articles needs a header row with at least a 'title' column", source=source, line=1
        )
        return
    line = 2
    try:
        for row in reader:
            record = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            try:
                yield build_article(record, text=None, source=source, locate=_at(source, line))
            except ArticleError as err:
                yield err
            line = reader.line_num + 1
    except csv.Error as err:
        yield ArticleError(f"bad CSV: {err}", source=source, line=reader.line_num)
