"""Articles fetched from ``http(s)://`` URLs, read by the reader their media type calls for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg import __version__
from kg.errors import ArticleError
from kg.model import Article
from kg.readers.kinds import InputKind

if TYPE_CHECKING:
    import requests

TIMEOUT = (10.0, 30.0)

#: The reader for each media type a web server may answer with.
MEDIA_TYPES = {
    "text/html": InputKind.HTML,
    "application/xhtml+xml": InputKind.HTML,
    "text/markdown": InputKind.MARKDOWN,
    "text/x-markdown": InputKind.MARKDOWN,
    "application/json": InputKind.JSON,
    "application/x-ndjson": InputKind.JSONL,
    "application/jsonl": InputKind.JSONL,
    "text/csv": InputKind.CSV,
    "text/plain": InputKind.TEXT,
}


def fetch(url: str, session: requests.Session | None = None) -> tuple[str, str]:
    """GET ``url``; return the decoded text and its media type. Errors become :class:`ArticleError`."""
    import requests

    http = session or requests.Session()
    try:
        response = http.get(
            url,
            timeout=TIMEOUT,
            headers={
                "User-Agent": f"kg/{__version__} (+https://w3id.org/kg-news)",
                "Accept": "text/html, text/markdown;q=0.9, application/json;q=0.8, text/plain;q=0.5",
            },
        )
    except requests.RequestException as err:
        raise ArticleError(f"cannot fetch: {type(err).__name__}: {err}", source=url) from None
    if response.status_code >= 400:
        raise ArticleError(f"cannot fetch: HTTP {response.status_code} {response.reason}", source=url)
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if response.encoding is None or (
        media_type == "text/html" and "charset" not in response.headers.get("Content-Type", "")
    ):
        response.encoding = response.apparent_encoding or "utf-8"
    return response.text, media_type


def read_url(url: str, session: requests.Session | None = None) -> Iterator[Article | ArticleError]:
    from kg.readers import read_text_as

    try:
        text, media_type = fetch(url, session)
    except ArticleError as err:
        yield err
        return
    kind = MEDIA_TYPES.get(media_type)
    if kind is None:
        yield ArticleError(
            f"cannot read a page of type {media_type or 'unknown'}",
            source=url,
            hint="kg reads HTML, Markdown, JSON, JSON Lines, CSV and plain text",
        )
        return
    for item in read_text_as(text, url, kind, url=url):
        yield item if isinstance(item, ArticleError) or item.url else replace(item, url=url)
