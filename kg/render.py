"""Rendering results for people (tables) and programs (SPARQL 1.1 results formats, RDF).

>>> print(table(["a", "b"], [["x", "1"], ["longer", None]]), end="")
a       b
------  -
x       1
longer
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import UsageError
from kg.formats import RdfFormat, ResultsFormat
from kg.model import ArticleAnalysis, Claim
from kg.store.base import QueryResult
from kg.vocab import PREFIXES

MAX_CELL = 70


def data_prefixes(base: str) -> dict[str, str]:
    """Prefixes for kg's own data IRIs under ``base`` (used in tables and Turtle output)."""
    return {
        name: f"{base}{name}/" for name in ("article", "graph", "entity", "event", "claim", "evidence", "run")
    }


class TermFormatter:
    """Short forms of RDF terms for tables: prefixed names, literal values."""

    def __init__(self, base: str | None = None, extra: dict[str, str] | None = None) -> None:
        """kg's prefixes, those of the data IRIs under ``base``, and ``extra`` ones (a user's)."""
        prefixes = {**(extra or {}), **PREFIXES, **(data_prefixes(base) if base else {})}
        self._prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            for prefix, iri in self._prefixes:
                if term.value.startswith(iri) and len(term.value) > len(iri):
                    local = term.value[len(iri) :]
                    if all(c.isalnum() or c in "-_." for c in local):
                        return f"{prefix}:{local}"
            return f"<{term.value}>"
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.Literal):
            return term.value
        return str(term)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 claim``, ``2 claims``: a count with its noun.

    >>> plural(1, "claim"), plural(0, "focus node"), plural(2, "query", "queries")
    ('1 claim', '0 focus nodes', '2 queries')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


def _width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text
    )


def _cell(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out, width = [], 0
    for c in text:
        width += _width(c)
        if width > limit - 1:
            break
        out.append(c)
    return "".join(out) + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str | None]], *, limit: int = MAX_CELL) -> str:
    """A plain-text table with a header rule; long cells are cut with an ellipsis."""
    cells = [[_cell(c or "", limit) for c in row] for row in rows]
    widths = [max([_width(h), *(_width(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out) + "\n"


def query_output_format(
    result: QueryResult, fmt: str | None, path: str | None = None, *, tty: bool = False
) -> RdfFormat | ResultsFormat:
    """The format to write ``result`` in: the one named ``fmt``, else the one the suffix of the
    output file ``path`` implies (results formats for SELECT/ASK, RDF formats for
    CONSTRUCT/DESCRIBE), else the default: a table on a terminal and SPARQL JSON otherwise for
    SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE. An unknown suffix is a :class:`UsageError`.
    """
    to_file = path is not None and path != "-"
    if isinstance(result, ox.QueryTriples):
        if fmt and fmt in {f.value for f in ResultsFormat}:
            raise UsageError(
                f"-f {fmt} is for SELECT and ASK results; this query returns triples",
                hint="use -f turtle, nt, nq, trig, jsonld or rdfxml",
            )
        if fmt:
            return RdfFormat.parse(fmt)
        if to_file:
            assert path is not None
            found = RdfFormat.from_suffix(path)
            if found is None:
                kind = "names a results format" if ResultsFormat.from_suffix(path) else "has no RDF suffix"
                raise UsageError(
                    f"output {path!r} {kind}, and this query returns triples (CONSTRUCT/DESCRIBE)",
                    hint="name it .ttl, .nt, .nq, .trig, .jsonld or .rdf, or pass -f turtle, nt, nq, "
                    "trig, jsonld or rdfxml",
                )
            return found
        return RdfFormat.TURTLE
    if fmt:
        try:
            return ResultsFormat.parse(fmt)
        except UsageError:
            raise UsageError(
                f"-f {fmt} is an RDF format; this query returns solutions",
                hint="use -f table, json, csv, tsv or xml",
            ) from None
    if to_file:
        assert path is not None
        results = ResultsFormat.from_suffix(path)
        if results is None:
            kind = "names an RDF format" if RdfFormat.from_suffix(path) else "has no results suffix"
            raise UsageError(
                f"output {path!r} {kind}, and this query returns solutions (SELECT/ASK)",
                hint="name it .json, .csv, .tsv, .xml or .txt (a table), or pass -f json, csv, tsv, "
                "xml or table",
            )
        return results
    return ResultsFormat.TABLE if tty else ResultsFormat.JSON


def write_query_result(
    result: QueryResult,
    out: BinaryIO,
    fmt: str | None,
    *,
    tty: bool,
    base: str | None = None,
    path: str | None = None,
) -> int:
    """Write a query result in the format named ``fmt``, else the one ``path``'s suffix implies,
    else the default (see :func:`query_output_format`); return the row count (-1 when unknown).

    pyoxigraph evaluates a query while its result is read, so a query can still fail here (a
    SERVICE endpoint that does not answer raises ``OSError``); see
    :func:`kg.pipeline.write_query`, which writes nothing then.
    """
    chosen = query_output_format(result, fmt, path, tty=tty)
    if isinstance(result, ox.QueryTriples):
        assert isinstance(chosen, RdfFormat)
        triples = list(result)
        if chosen.is_dataset:
            ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in triples), out, chosen.oxigraph)
        else:
            prefixes = {**PREFIXES, **(data_prefixes(base) if base else {})}
            ox.serialize(
                triples, out, chosen.oxigraph, prefixes=prefixes if chosen is RdfFormat.TURTLE else None
            )
        return len(triples)
    assert isinstance(chosen, ResultsFormat)
    if chosen is ResultsFormat.TABLE:
        fmt_term = TermFormatter(base)
        if isinstance(result, ox.QueryBoolean):
            out.write(b"true\n" if bool(result) else b"false\n")
            return 1
        headers = [v.value for v in result.variables]
        rows = [[fmt_term(row[i]) for i in range(len(headers))] for row in result]
        out.write(table(headers, rows).encode("utf-8"))
        return len(rows)
    ox_format = chosen.oxigraph
    assert ox_format is not None
    result.serialize(out, ox_format)
    return -1


def _claim_row(claim: Claim) -> list[str]:
    how = "curated" if claim.curated else (claim.method or "extracted")
    quote = claim.evidence.quote
    return [
        claim.subject.label,
        claim.relation.label,
        claim.object.label,
        claim.modality,
        str(claim.confidence),
        claim.cameo or "",
        how,
        quote,
    ]


def claims_table(analysis: ArticleAnalysis) -> str:
    """The claims of one article as a table, under the article's title."""
    a = analysis.article
    head = f"{a.title} ({a.source}; {a.publisher or 'no publisher'}, {a.date or 'no date'})\n"
    rows = [_claim_row(c) for c in analysis.claims]
    return (
        head
        + table(
            ["subject", "relation", "object", "modality", "confidence", "CAMEO", "found by", "quote"],
            rows,
            limit=60,
        )
        + f"{plural(len(rows), 'claim')}\n\n"
    )


def claims_json(analyses: Sequence[ArticleAnalysis]) -> str:
    """Claims of some articles as JSON: one object per article with its claims."""
    out = []
    for analysis in analyses:
        a = analysis.article
        claims = []
        for c in analysis.claims:
            claims.append(
                {
                    "subject": {"key": c.subject.key, "label": c.subject.label, "type": c.subject.kind},
                    "relation": c.relation.name,
                    "object": {"key": c.object.key, "label": c.object.label, "type": c.object.kind},
                    "modality": c.modality,
                    "confidence": float(c.confidence),
                    "cameo": c.cameo,
                    "curated": c.curated,
                    "method": c.method,
                    "claimedBy": c.claimed_by.label if c.claimed_by else None,
                    "evidence": [
                        {"begin": e.begin, "end": e.end, "quote": e.quote}
                        for e in (c.evidence, *c.more_evidence)
                    ],
                    "jointlyWith": [p.label for p in c.jointly_with],
                    "place": c.place.label if c.place else None,
                    "event": c.event.label if c.event else None,
                }
            )
        out.append(
            {
                "source": str(a.source),
                "title": a.title,
                "date": str(a.date) if a.date else None,
                "claims": claims,
            }
        )
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def json_dump(value: object, out: BinaryIO) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
