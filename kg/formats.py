"""Formats kg reads and writes, as enums: names, file suffixes, media types.

A format is chosen from an explicit name, else from the file suffix, else it is an error:

>>> RdfFormat.choose(None, "out.nq")
<RdfFormat.NQUADS: 'nq'>
>>> RdfFormat.choose("turtle", "-").media_type
'text/turtle'
>>> ResultsFormat.parse("json").media_type
'application/sparql-results+json'
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath

import pyoxigraph as ox

from kg.errors import UsageError


def is_gzip(path: str) -> bool:
    """Whether a file name says gzip (``graph.nt.gz``)."""
    return path.lower().endswith(".gz")


def _suffix(path: str) -> str:
    """The format suffix of a file name, lower-case, without the dot; the one before ``.gz``."""
    if is_gzip(path):
        path = path[:-3]
    return PurePath(path).suffix.lower().lstrip(".")


class RdfFormat(StrEnum):
    """RDF serialisations."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    NQUADS = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def oxigraph(self) -> ox.RdfFormat:
        return _OX_RDF[self]

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type

    @property
    def suffixes(self) -> tuple[str, ...]:
        return _RDF_SUFFIXES[self]

    @property
    def is_dataset(self) -> bool:
        """Whether the format keeps named graphs (N-Quads, TriG, JSON-LD)."""
        return self.oxigraph.supports_datasets

    @classmethod
    def parse(cls, name: str) -> RdfFormat:
        key = name.strip().lower()
        for fmt in cls:
            if key == fmt.value or key in _RDF_ALIASES.get(fmt, ()):
                return fmt
        raise UsageError(
            f"unknown RDF format {name!r}",
            hint=f"use one of: {', '.join(f.value for f in cls)}",
        )

    @classmethod
    def from_suffix(cls, path: str) -> RdfFormat | None:
        """The RDF format a file name implies (also with ``.gz`` after the suffix), if any."""
        suffix = _suffix(path)
        for fmt in cls:
            if suffix in fmt.suffixes:
                return fmt
        return None

    @classmethod
    def from_media_type(cls, media_type: str) -> RdfFormat | None:
        base = media_type.split(";")[0].strip().lower()
        for fmt in cls:
            if base == fmt.media_type or base in _RDF_MEDIA_ALIASES.get(fmt, ()):
                return fmt
        return None

    @classmethod
    def choose(
        cls, name: str | None, path: str | None, *, what: str = "output", option: str | None = "--format/-f"
    ) -> RdfFormat:
        """The format named, else the one ``path``'s suffix implies, else a :class:`UsageError`
        whose hint names ``option``, the command's option that sets the format (``None``: it has
        none, so the file needs a suffix)."""
        if name:
            return cls.parse(name)
        names = ", ".join(f.value for f in cls)
        suffixes = ", ".join(f".{f.suffixes[0]}" for f in cls)
        hint = f"pass {option} (one of: {names})" if option else f"name the file with a suffix: {suffixes}"
        if path and path != "-":
            found = cls.from_suffix(path)
            if found:
                return found
            raise UsageError(f"cannot tell the RDF format of {what} {path!r} from its suffix", hint=hint)
        raise UsageError(
            f"cannot tell the RDF format of {what} on standard {'output' if what == 'output' else 'input'}",
            hint=hint,
        )


_OX_RDF = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
}
_RDF_SUFFIXES = {
    RdfFormat.TURTLE: ("ttl", "turtle"),
    RdfFormat.NTRIPLES: ("nt", "ntriples"),
    RdfFormat.NQUADS: ("nq", "nquads"),
    RdfFormat.TRIG: ("trig",),
    RdfFormat.JSONLD: ("jsonld", "json-ld"),
    RdfFormat.RDFXML: ("rdf", "owl", "xml"),
}
_RDF_ALIASES = {
    RdfFormat.TURTLE: ("ttl",),
    RdfFormat.NTRIPLES: ("ntriples", "n-triples"),
    RdfFormat.NQUADS: ("nquads", "n-quads"),
    RdfFormat.JSONLD: ("json-ld",),
    RdfFormat.RDFXML: ("xml", "rdf/xml", "rdf"),
}
_RDF_MEDIA_ALIASES = {
    RdfFormat.TURTLE: ("application/x-turtle",),
    RdfFormat.NTRIPLES: ("text/plain",),
    RdfFormat.NQUADS: ("text/x-nquads",),
    RdfFormat.TRIG: ("application/x-trig",),
    RdfFormat.JSONLD: ("application/json",),
    RdfFormat.RDFXML: ("application/xml", "text/xml"),
}


class ResultsFormat(StrEnum):
    """Renderings of SELECT and ASK results: a table for people, SPARQL 1.1 result formats for programs."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"
    XML = "xml"

    @property
    def oxigraph(self) -> ox.QueryResultsFormat | None:
        return _OX_RESULTS.get(self)

    @property
    def media_type(self) -> str:
        ox_format = self.oxigraph
        return ox_format.media_type.split(";")[0] if ox_format else "text/plain"

    @classmethod
    def parse(cls, name: str) -> ResultsFormat:
        key = name.strip().lower()
        for fmt in cls:
            if key == fmt.value:
                return fmt
        raise UsageError(
            f"unknown results format {name!r}",
            hint=f"use one of: {', '.join(f.value for f in cls)}",
        )

    @property
    def suffixes(self) -> tuple[str, ...]:
        return _RESULTS_SUFFIXES[self]

    @classmethod
    def from_suffix(cls, path: str) -> ResultsFormat | None:
        """The results format a file name implies (``.csv``, ``.tsv``, ``.json``/``.srj``,
        ``.xml``/``.srx``, ``.txt`` for a table; also with ``.gz`` after it), if any.

        >>> ResultsFormat.from_suffix("partners.csv.gz")
        <ResultsFormat.CSV: 'csv'>
        """
        suffix = _suffix(path)
        for fmt in cls:
            if suffix in fmt.suffixes:
                return fmt
        return None

    @classmethod
    def from_media_type(cls, media_type: str) -> ResultsFormat | None:
        base = media_type.split(";")[0].strip().lower()
        for fmt in cls:
            if fmt.oxigraph and base == fmt.media_type:
                return fmt
        return None


_RESULTS_SUFFIXES = {
    ResultsFormat.TABLE: ("txt",),
    ResultsFormat.JSON: ("json", "srj"),
    ResultsFormat.CSV: ("csv",),
    ResultsFormat.TSV: ("tsv", "tab"),
    ResultsFormat.XML: ("xml", "srx"),
}
_OX_RESULTS = {
    ResultsFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultsFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultsFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultsFormat.XML: ox.QueryResultsFormat.XML,
}

#: Names accepted by ``kg query -f``: results formats for SELECT/ASK, RDF formats for CONSTRUCT/DESCRIBE.
QUERY_OUTPUT_NAMES = tuple(f.value for f in ResultsFormat) + tuple(f.value for f in RdfFormat)
