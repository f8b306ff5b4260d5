"""Reading RDF files a user brings: the format (flag, else suffix), gzip when the name ends in
``.gz`` (as kg writes it), a guard against nesting that pyoxigraph's parsers do not survive, and
syntax errors as :class:`~kg.errors.InputError` with file, line and column.

>>> import io
>>> read_quads(["-"], fmt=RdfFormat.NTRIPLES, stdin=io.BytesIO(b"<a:s> <a:p> <a:o> ."))[0].object.value
'a:o'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError
from kg.formats import RdfFormat, is_gzip

#: JSON-LD and RDF/XML nested deeper than this are refused: pyoxigraph's JSON-LD parser recurses
#: (a few thousand levels overflow the stack and crash the process) and its RDF/XML parser takes
#: time quadratic in the depth (20,000 levels: 8 s). Turtle and N-Triples read any depth.
MAX_JSON_DEPTH = MAX_XML_DEPTH = 1000
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def check_json_depth(data: bytes, source: str) -> None:
    """Raise :class:`InputError` if JSON ``data`` nests more than :data:`MAX_JSON_DEPTH` levels."""
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", data)):
        depth += 1 if m.group() in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                raise InputError(
                    f"JSON-LD nested more than {MAX_JSON_DEPTH} levels deep; kg does not read it",
                    source=source,
                    hint="flatten it (a JSON-LD processor's flatten) or convert it to N-Triples",
                )


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_PREFIXED_NAME = re.compile(r"(?:^<|\s)/?([A-Za-z_][\w.-]*):[A-Za-z_]")


def check_xml_depth(data: bytes, source: str) -> None:
    """Raise :class:`InputError` if XML ``data`` nests more than :data:`MAX_XML_DEPTH` elements,
    or is not well-formed namespaced XML (an undeclared prefix such as ``e:`` included), with the
    line and column that pyoxigraph's RDF/XML parser does not give."""
    import xml.parsers.expat

    class TooDeep(Exception):
        pass

    depth = 0
    declared: dict[str, int] = {}

    def start(_name: str, _attrs: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise TooDeep

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def declare(prefix: str | None, _uri: str) -> None:
        declared[prefix or ""] = declared.get(prefix or "", 0) + 1

    def undeclare(prefix: str | None) -> None:
        declared[prefix or ""] = declared.get(prefix or "", 0) - 1

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartNamespaceDeclHandler = declare
    parser.EndNamespaceDeclHandler = undeclare
    try:
        parser.Parse(data, True)
    except TooDeep:
        raise InputError(
            f"RDF/XML nested more than {MAX_XML_DEPTH} elements deep; kg does not read it",
            source=source,
            line=parser.CurrentLineNumber,
            hint="convert it to N-Triples or Turtle",
        ) from None
    except xml.parsers.expat.ExpatError as err:
        problem = xml.parsers.expat.ErrorString(err.code)
        if err.code == xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_UNBOUND_PREFIX]:
            tag = _tag_at(data, err.lineno, err.offset)
            names = dict.fromkeys(_PREFIXED_NAME.findall(_QUOTED.sub("", tag)))
            unbound = [p for p in names if p not in ("xml", "xmlns") and declared.get(p, 0) <= 0]
            if unbound:
                problem = f"undeclared namespace prefix {', '.join(p + ':' for p in unbound)}"
        raise InputError(
            f"XML syntax error: {problem}",
            source=source,
            line=err.lineno,
            column=err.offset + 1,
            hint='declare each prefix with xmlns:prefix="..."' if "prefix" in problem else None,
        ) from None


def _tag_at(data: bytes, line: int, offset: int) -> str:
    """The markup that starts at ``line`` (1-based) and ``offset`` (0-based) of ``data``, up to ``>``."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
    start += offset
    end = data.find(b">", start)
    return data[start : end if end >= 0 else len(data)].decode("utf-8", errors="replace")


def check_depth(data: bytes, fmt: RdfFormat, source: str) -> None:
    """Refuse JSON-LD and RDF/XML nested too deeply for pyoxigraph's parsers (see above)."""
    if fmt is RdfFormat.JSONLD:
        check_json_depth(data, source)
    elif fmt is RdfFormat.RDFXML:
        check_xml_depth(data, source)


def syntax_error(err: SyntaxError, source: str, where: str = "") -> InputError:
    """A parser's syntax error as an :class:`InputError` at its line and column, when the parser
    gives them. pyoxigraph's RDF/XML parser gives none (kg finds XML errors itself first, see
    :func:`check_xml_depth`); then the hint says so, rather than a position being made up."""
    place = f" {where}" if where else ""
    return InputError(
        f"RDF syntax error{place}: {getattr(err, 'msg', err)}",
        source=source,
        line=err.lineno,
        column=err.offset,
        hint=None if err.lineno else "no line or column: the RDF parser does not report one for this error",
    )


def read_file(path: str | Path) -> bytes:
    """The bytes of an RDF file, decompressed when its name ends in ``.gz``; a missing or unreadable
    file, or one that is not gzip, is an :class:`InputError` naming it."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("not a file but a folder", source=str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", source=str(path)) from None
    if not is_gzip(str(path)):
        return data
    import gzip
    import zlib

    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(
            f"not a gzip file, although its name ends in .gz ({err})", source=str(path)
        ) from None


def read_quads(
    paths: Sequence[str],
    *,
    fmt: RdfFormat | None = None,
    stdin: IO[bytes] | None = None,
    option: str | None = "--input-format",
) -> list[ox.Quad]:
    """The quads of RDF files (``-`` for ``stdin``); each file keeps its own blank nodes. The
    format is ``fmt``, else the suffix's; ``option`` names the option that sets it, for the hint."""
    quads: list[ox.Quad] = []
    for path in paths:
        chosen = RdfFormat.choose(fmt.value if fmt else None, path, what="input", option=option)
        if path == "-":
            if stdin is None:
                raise InputError("no standard input to read", source="-")
            data = stdin.read()
        else:
            data = read_file(path)
        check_depth(data, chosen, path)
        try:
            quads.extend(ox.parse(data, format=chosen.oxigraph, rename_blank_nodes=True))
        except SyntaxError as err:
            raise syntax_error(err, path) from None
    return quads
