"""Article records: JSON (one object or an array of objects), JSON Lines, CSV (one article per row).

Each record carries the fields of :mod:`kg.readers.fields`, with the article text in ``text``
(or ``body``/``content``); any other field is an error. Errors name the file, and the line and
column of the offending value in JSON and JSON Lines; in CSV, the line of the row (a column that
is not a field: line 1 and the column of its name in the header; a column without a name, as a
trailing comma in the header makes, is ignored).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from kg.errors import ArticleError
from kg.model import Article, Position
from kg.readers.fields import ARTICLE_KEYS, Locator, build_article, unknown_field


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


def _skip(tokens: Iterator[re.Match[str]], first: re.Match[str] | None) -> re.Match[str] | None:
    """Consume the JSON value whose first token is ``first``; the token after it."""
    depth = 0
    tok = first
    while tok is not None:
        if tok.group() in ("{", "["):
            depth += 1
        elif tok.group() in ("}", "]"):
            depth -= 1
        tok = next(tokens, None)
        if depth <= 0:
            return tok
    return None


def json_offset(text: str, start: int, path: tuple[str | int, ...]) -> int:
    """The offset in ``text`` of the value at ``path`` (keys and indexes) inside the JSON value
    that starts at ``start``; of the innermost value found when the path goes further.

    >>> text = '{"title": "T", "claims": [{"subject": "A"}, {"objekt": "B"}]}'
    >>> text[json_offset(text, 0, ("claims", 1, "objekt")):]
    '"B"}]}'
    """
    tokens = _JSON_TOKEN.finditer(text, start)
    tok = next(tokens, None)
    pos = tok.start() if tok is not None else start
    for step in path:
        if tok is None:
            break
        if tok.group() == "{" and isinstance(step, str):
            tok = next(tokens, None)
            while tok is not None and tok.group() != "}":
                key = json.loads(tok.group()) if tok.group().startswith('"') else None
                next(tokens, None)  # ':'
                tok = next(tokens, None)
                if key == step and tok is not None:
                    pos = tok.start()
                    break
                tok = _skip(tokens, tok)
                if tok is not None and tok.group() == ",":
                    tok = next(tokens, None)
            else:
                break
        elif tok.group() == "[" and isinstance(step, int):
            tok = next(tokens, None)
            index = 0
            while tok is not None and tok.group() != "]":
                if index == step:
                    pos = tok.start()
                    break
                tok = _skip(tokens, tok)
                if tok is not None and tok.group() == ",":
                    tok = next(tokens, None)
                index += 1
            else:
                break
        else:
            break
    return pos


def _json_locator(text: str, start: int, source: str, first_line: int = 1) -> Locator:
    """A locator for the JSON record at ``start`` of ``text`` (which begins on line ``first_line``
    of the file): the line and column of a value, found when an error needs it."""

    def locate(path: tuple[str | int, ...]) -> Position:
        offset = json_offset(text, start, path)
        line = text.count("\n", 0, offset) + first_line
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Position(source, line, column)

    return locate


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it had more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook``: a plain dict, or an :class:`_Object` naming its duplicate keys."""
    out: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in pairs:
        if key in out:
            twice.append(key)
        out[key] = value
    if not twice:
        return out
    found = _Object(out)
    found.duplicates = tuple(twice)
    return found


def _duplicate(value: Any, path: tuple[str | int, ...] = ()) -> tuple[tuple[str | int, ...], str] | None:
    """The path of the first object with a key given twice, and the key."""
    if isinstance(value, _Object):
        return path, value.duplicates[0]
    if isinstance(value, dict):
        for key, item in value.items():
            found = _duplicate(item, (*path, key))
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _duplicate(item, (*path, i))
            if found:
                return found
    return None


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs)


def _record(value: Any, source: str, locate: Locator) -> Article | ArticleError:
    """The article of one JSON record, or why it is not one."""
    twice = _duplicate(value)
    if twice is not None:
        path, key = twice
        where = locate(path)
        return ArticleError(
            f"the key {key!r} is given twice in one object (JSON would keep the last one silently)",
            source=source,
            line=where.line,
            column=where.column,
            hint="keep one of them",
        )
    if not isinstance(value, dict):
        where = locate(())
        return ArticleError(
            f"a record must be a JSON object, not {type(value).__name__}",
            source=source,
            line=where.line,
            column=where.column,
        )
    try:
        return build_article(value, text=None, source=source, locate=locate)
    except ArticleError as err:
        return err


def _json_error(err: json.JSONDecodeError, source: str, line_offset: int = 0) -> ArticleError:
    hint = None
    if err.msg == "Extra data":
        hint = (
            "a JSON file holds one value (an object, or an array of objects); for one JSON record per "
            "line (JSON Lines) name the file .jsonl or pass --input-format jsonl"
        )
    return ArticleError(
        f"bad JSON: {err.msg}", source=source, line=err.lineno + line_offset, column=err.colno, hint=hint
    )


def read_json(text: str, source: str) -> Iterator[Article | ArticleError]:
    """One article per object: a single object, or each object of a top-level array."""
    decoder = _DECODER
    stripped = text.lstrip()
    pos = len(text) - len(stripped)
    if not stripped.startswith("["):
        try:
            value = _DECODER.decode(text)
        except json.JSONDecodeError as err:
            yield _json_error(err, source)
            return
        yield _record(value, source, _json_locator(text, pos, source))
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
        yield _record(value, source, _json_locator(text, pos, source))
        pos = end


def read_jsonl(text: str, source: str) -> Iterator[Article | ArticleError]:
    """One article per non-empty line."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = _DECODER.decode(line)
        except json.JSONDecodeError as err:
            yield ArticleError(f"bad JSON: {err.msg}", source=source, line=lineno, column=err.colno)
            continue
        yield _record(value, source, _json_locator(line, 0, source, lineno))


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
    for name in reader.fieldnames:
        if name and name not in ARTICLE_KEYS:  # a column without a name holds no field
            header = text.split("\n", 1)[0]
            m = re.search(rf'(?:^|,)\s*"?({re.escape(name)})"?\s*(?:,|$)', header)
            column = m.start(1) + 1 if m else None

            def fail(
                _path: tuple[str | int, ...], message: str, hint: str | None, column: int | None = column
            ) -> ArticleError:
                return ArticleError(message, source=source, line=1, column=column, hint=hint)

            yield unknown_field(fail, (name,), name, ARTICLE_KEYS, "the header row")
            return
    line = 2
    try:
        for row in reader:
            record = {k: v for k, v in row.items() if k and v not in (None, "")}
            try:
                yield build_article(record, text=None, source=source, locate=_at(source, line))
            except ArticleError as err:
                yield err
            line = reader.line_num + 1
    except csv.Error as err:
        yield ArticleError(f"bad CSV: {err}", source=source, line=reader.line_num)
