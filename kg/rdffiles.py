"""Reading RDF files a user brings: the format (flag, else suffix), a guard against nesting that
pyoxigraph's parsers do not survive, and syntax errors as :class:`~kg.errors.InputError` with
file, line and column.

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
from kg.formats import RdfFormat

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


def check_xml_depth(data: bytes, source: str) -> None:
    """Raise :class:`InputError` if XML ``data`` nests more than :data:`MAX_XML_DEPTH` elements."""
    import xml.parsers.expat

    class TooDeep(Exception):
        pass

    depth = 0

    def start(_name: str, _attrs: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise TooDeep

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
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
        raise InputError(
            f"XML syntax error: {xml.parsers.expat.ErrorString(err.code)}",
            source=source,
            line=err.lineno,
            column=err.offset + 1,
        ) from None


def check_depth(data: bytes, fmt: RdfFormat, source: str) -> None:
    """Refuse JSON-LD and RDF/XML nested too deeply for pyoxigraph's parsers (see above)."""
    if fmt is RdfFormat.JSONLD:
        check_json_depth(data, source)
    elif fmt is RdfFormat.RDFXML:
        check_xml_depth(data, source)


def syntax_error(err: SyntaxError, source: str, where: str = "") -> InputError:
    """A parser's syntax error as an :class:`InputError` at its line and column."""
    place = f" {where}" if where else ""
    return InputError(
        f"RDF syntax error{place}: {getattr(err, 'msg', err)}",
        source=source,
        line=err.lineno,
        column=err.offset,
    )


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
            try:
                data = Path(path).read_bytes()
            except FileNotFoundError:
                raise InputError("no such file", source=path) from None
            except OSError as err:
                raise InputError(f"cannot read: {err.strerror or err}", source=path) from None
        check_depth(data, chosen, path)
        try:
            quads.extend(ox.parse(data, format=chosen.oxigraph, rename_blank_nodes=True))
        except SyntaxError as err:
            raise syntax_error(err, path) from None
    return quads
