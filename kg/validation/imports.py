"""``owl:imports`` of shapes and ontology files, followed only when a user asks (``--imports``).

Data graphs' imports are never followed (as in pySHACL). Local files (``file:`` IRIs) are read;
``http(s)`` documents are fetched with a timeout and a size limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyoxigraph as ox

from kg.errors import InputError
from kg.formats import RdfFormat
from kg.rdffiles import check_depth, read_file, syntax_error

OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
TIMEOUT_S = 20
MAX_BYTES = 50_000_000
MAX_DOCUMENTS = 100


def _fetch(iri: str) -> tuple[bytes, RdfFormat]:
    parsed = urlparse(iri)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
        return read_file(path), RdfFormat.from_suffix(path.name) or RdfFormat.TURTLE
    if parsed.scheme not in ("http", "https"):
        raise InputError("cannot import: only file:, http: and https: IRIs can be imported", source=iri)
    import requests

    accept = "text/turtle, application/n-triples, application/rdf+xml;q=0.9, application/ld+json;q=0.8"
    try:
        with requests.get(iri, headers={"Accept": accept}, timeout=TIMEOUT_S, stream=True) as response:
            response.raise_for_status()
            data = b""
            for chunk in response.iter_content(65536):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise InputError(f"the imported document is larger than {MAX_BYTES} bytes", source=iri)
            media = response.headers.get("Content-Type", "")
    except requests.RequestException as err:
        raise InputError(f"cannot fetch the import: {err}", source=iri) from None
    fmt = RdfFormat.from_media_type(media) or RdfFormat.from_suffix(parsed.path) or RdfFormat.TURTLE
    return data, fmt


def resolve_imports(triples: Sequence[ox.Triple], *, what: str) -> list[ox.Triple]:
    """The triples of every document ``triples`` import, transitively (each document once)."""
    seen: set[str] = set()
    todo = [
        t.object.value
        for t in triples
        if t.predicate.value == OWL_IMPORTS and isinstance(t.object, ox.NamedNode)
    ]
    out: list[ox.Triple] = []
    while todo:
        iri = todo.pop(0)
        if iri in seen:
            continue
        seen.add(iri)
        if len(seen) > MAX_DOCUMENTS:
            raise InputError(f"more than {MAX_DOCUMENTS} documents imported by the {what}", source=iri)
        data, fmt = _fetch(iri)
        check_depth(data, fmt, iri)
        try:
            found = [
                q.triple for q in ox.parse(data, format=fmt.oxigraph, base_iri=iri, rename_blank_nodes=True)
            ]
        except SyntaxError as err:
            raise syntax_error(err, iri, "in an import") from None
        out.extend(found)
        todo.extend(
            t.object.value
            for t in found
            if t.predicate.value == OWL_IMPORTS and isinstance(t.object, ox.NamedNode)
        )
    return out
