"""HTML article pages: metadata from JSON-LD, OpenGraph and ``<meta>`` tags; text from the paragraphs.

Metadata, best source first: a schema.org ``NewsArticle``/``Article`` in JSON-LD; OpenGraph and
article meta tags (``og:title``, ``og:site_name``, ``article:published_time``, ``author``); the
``<title>`` and first ``<h1>``. The stored text is the text of headings, paragraphs, list items and
quotes inside ``<article>`` (else ``<main>``, else ``<body>``), one block per paragraph, without
navigation, headers, footers, scripts and forms.

>>> page = '<html><head><title>T</title><meta property="og:site_name" content="Daily Post">'
>>> page += '<meta property="article:published_time" content="2021-03-03T10:00:00Z"></head>'
>>> page += '<body><nav>Menu</nav><article><h1>Talks open</h1>'
>>> page += '<p>The talks   began.</p></article></body></html>'
>>> a = read_html(page, "p.html")
>>> (a.title, a.publisher, str(a.date), a.text)
('Talks open', 'Daily Post', '2021-03-03', 'Talks open\\n\\nThe talks began.')
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from kg.model import Article, Position
from kg.readers.fields import build_article

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "svg",
    "button",
    "select",
    "iframe",
}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td"}
_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "Report",
}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self.title = ""
        self.h1 = ""
        self.canonical = ""
        self.blocks: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self._skip = 0
        self._in: list[str] = []
        self._block: list[str] | None = None
        self._capture: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "")
            return
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._capture, self._text = "jsonld", []
            return
        if tag == "title" and not self.title:
            self._capture, self._text = "title", []
            return
        if tag in _SKIP:
            self._skip += 1
            return
        if tag in ("article", "main", "body"):
            self._in.append(tag)
        if tag in _BLOCKS and self._block is None:
            self._block = []
            self._block_tag = tag

    def handle_endtag(self, tag: str) -> None:
        if self._capture and tag in ("script", "title"):
            text = "".join(self._text)
            if self._capture == "jsonld":
                self.jsonld.append(text)
            else:
                self.title = " ".join(text.split())
            self._capture = None
            return
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._block is not None and tag == self._block_tag:
            text = " ".join("".join(self._block).split())
            if text:
                if self._block_tag == "h1" and not self.h1:
                    self.h1 = text
                for container in set(self._in):
                    self.blocks[container].append(text)
            self._block = None
        if tag in ("article", "main", "body") and tag in self._in:
            self._in.reverse()
            self._in.remove(tag)
            self._in.reverse()

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._text.append(data)
        elif not self._skip and self._block is not None:
            self._block.append(data)


def _jsonld_article(scripts: list[str]) -> dict[str, Any]:
    def walk(value: Any) -> dict[str, Any] | None:
        if isinstance(value, list):
            for v in value:
                if found := walk(v):
                    return found
        elif isinstance(value, dict):
            types = value.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in _ARTICLE_TYPES for t in types):
                return value
            if "@graph" in value:
                return walk(value["@graph"])
        return None

    for script in scripts:
        try:
            found = walk(json.loads(script))
        except (json.JSONDecodeError, RecursionError):
            continue
        if found:
            return found
    return {}


def _name(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _name(v)]
    if isinstance(value, dict):
        return _name(value.get("name"))
    return [str(value).strip()] if value else []


def read_html(text: str, source: str, *, url: str | None = None) -> Article:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    ld = _jsonld_article(parser.jsonld)
    meta = parser.meta
    title = (_name(ld.get("headline")) or [meta.get("og:title") or parser.h1 or parser.title or ""])[0]
    authors = _name(ld.get("author")) or [
        a for a in (meta.get("author"), meta.get("article:author")) if a and "://" not in a
    ]
    publisher = (_name(ld.get("publisher")) or [meta.get("og:site_name", "")])[0] or None
    date = (
        ld.get("datePublished")
        or meta.get("article:published_time")
        or meta.get("date")
        or meta.get("dc.date")
        or meta.get("datepublished")
    )
    page_url = ld.get("url") if isinstance(ld.get("url"), str) else None
    page_url = page_url or meta.get("og:url") or parser.canonical or url
    blocks = parser.blocks["article"] or parser.blocks["main"] or parser.blocks["body"]
    record: dict[str, Any] = {
        "title": title,
        "author": authors,
        "publisher": publisher,
        "date": date,
        "url": page_url if page_url and re.match(r"^https?://", page_url) else None,
        "language": meta.get("og:locale") or None,
        "tags": [t.strip() for t in meta.get("keywords", "").split(",") if t.strip()],
    }
    return build_article(
        record, text="\n\n".join(blocks), source=source, locate=lambda _path: Position(source)
    )
