"""Turn a record of article fields (front matter, a JSON object, a CSV row) into an :class:`Article`.

The same field names work in every input kind::

    title | headline, author | authors, publisher, date | datePublished | published, url | link,
    language | lang, tags | keywords, regions | region, themes | theme, originally_published_in,
    actors, events, claims, text | body | content, id (a record's own identifier; not used)

Any other field is an error (:data:`ARTICLE_KEYS`; also in claims, actor and event declarations),
so a misspelt field (``auther``) is not silently dropped. Problems raise
:class:`~kg.errors.ArticleError` with the file, line and column of the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from kg.errors import ArticleError
from kg.model import (
    ActorDeclaration,
    Article,
    CuratedClaim,
    EventDeclaration,
    PartialDate,
    Position,
)
from kg.vocab import ENTITY_KINDS, EVENT_KINDS, MODALITIES

#: Maps a path of keys/indexes inside the record to where it was written.
Locator = Callable[[tuple[str | int, ...]], Position]

ARTICLE_KEYS = {
    "title",
    "headline",
    "author",
    "authors",
    "publisher",
    "date",
    "datePublished",
    "published",
    "url",
    "link",
    "language",
    "lang",
    "tags",
    "keywords",
    "regions",
    "region",
    "themes",
    "theme",
    "originally_published_in",
    "actors",
    "events",
    "claims",
    "text",
    "body",
    "content",
    "id",
}
CLAIM_KEYS = {
    "subject",
    "relation",
    "object",
    "quote",
    "date",
    "time",
    "place",
    "event",
    "with",
    "confidence",
    "modality",
    "claimed_by",
    "cameo",
}
ACTOR_KEYS = {"name", "type", "aliases", "country", "iso3"}
EVENT_KEYS = {"name", "type", "date", "place"}

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def parse_date(value: Any) -> date:
    """A publication date from ISO text, a datetime, or "July 09, 2019" / "9 July 2019".

    >>> parse_date("July 09, 2019")
    datetime.date(2019, 7, 9)
    >>> parse_date("2019-07-09T10:30:00Z")
    datetime.date(2019, 7, 9)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$", text)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", text)
    if m and m[1].lower() in _MONTHS:
        return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    m = re.match(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$", text)
    if m and m[2].lower() in _MONTHS:
        return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2019-07-09")


class RecordReader:
    """Reads one record's fields, raising :class:`ArticleError` at the right position."""

    def __init__(self, record: Mapping[str, Any], locate: Locator) -> None:
        self.record = record
        self.locate = locate

    def fail(self, path: tuple[str | int, ...], message: str, hint: str | None = None) -> ArticleError:
        pos = self.locate(path)
        return ArticleError(message, source=pos.source, line=pos.line, column=pos.column, hint=hint)

    def _get(
        self, container: Mapping[str, Any], path: tuple[str | int, ...], *names: str
    ) -> tuple[Any, tuple[str | int, ...]]:
        for name in names:
            if name in container and container[name] is not None:
                return container[name], (*path, name)
        return None, (*path, names[0])

    def text(
        self, container: Mapping[str, Any], path: tuple[str | int, ...], *names: str, required: bool = False
    ) -> str | None:
        value, where = self._get(container, path, *names)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(where if value is not None else path, f"missing {names[0]!r}")
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(where, f"{names[0]!r} must be text, not a {type(value).__name__}")
        return str(value).strip()

    def texts(
        self, container: Mapping[str, Any], path: tuple[str | int, ...], *names: str
    ) -> tuple[str, ...]:
        value, where = self._get(container, path, *names)
        if value is None:
            return ()
        if isinstance(value, str):
            items: Sequence[Any] = (
                [v for v in re.split(r"\s*[,;]\s*", value) if v]
                if names[0] in ("tags", "regions", "themes")
                else [value]
            )
        elif isinstance(value, list):
            items = value
        else:
            raise self.fail(where, f"{names[0]!r} must be text or a list of texts")
        out = []
        for i, item in enumerate(items):
            if isinstance(item, (dict, list)) or item is None:
                raise self.fail((*where, i), f"{names[0]!r} entries must be text")
            if str(item).strip():
                out.append(str(item).strip())
        return tuple(out)

    def article_date(self) -> date | None:
        value, where = self._get(self.record, (), "date", "datePublished", "published")
        if value is None or value == "":
            return None
        try:
            return parse_date(value)
        except ValueError as err:
            raise self.fail(where, f"bad date: {err}") from None

    def partial_date(self, container: Mapping[str, Any], path: tuple[str | int, ...]) -> PartialDate | None:
        value, where = self._get(container, path, "date")
        if value is None:
            return None
        if isinstance(value, int):
            value = str(value)
        try:
            if isinstance(value, (date, datetime)):
                return PartialDate.of(value if isinstance(value, date) else value.date())
            return PartialDate.parse(str(value))
        except ValueError as err:
            raise self.fail(where, f"bad date: {err}") from None

    def items(self, name: str) -> list[tuple[Mapping[str, Any], tuple[str | int, ...]]]:
        value = self.record.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail((name,), f"{name!r} must be a list")
        out: list[tuple[Mapping[str, Any], tuple[str | int, ...]]] = []
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.fail((name, i), f"each entry of {name!r} must be a mapping of fields")
            out.append((item, (name, i)))
        return out

    def check_keys(
        self, item: Mapping[str, Any], path: tuple[str | int, ...], allowed: set[str], what: str
    ) -> None:
        for key in item:
            if key not in allowed:
                raise unknown_field(self.fail, (*path, str(key)), key, allowed, what)


def unknown_field(
    fail: Callable[[tuple[str | int, ...], str, str | None], ArticleError],
    path: tuple[str | int, ...],
    key: object,
    allowed: set[str],
    what: str,
) -> ArticleError:
    """The error for a field that is not one of ``allowed``: the closest known one in the message
    (a misspelling is the usual cause), all of them in the hint."""
    import difflib

    close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    return fail(
        path, f"unknown field {key!r} in {what}{guess}", f"known fields: {', '.join(sorted(allowed))}"
    )


def _kind(
    reader: RecordReader,
    value: str | None,
    where: tuple[str | int, ...],
    allowed: Sequence[str],
    default: str | None,
) -> str:
    if value is None:
        if default is None:
            raise reader.fail(where, "missing 'type'", hint=f"one of: {', '.join(allowed)}")
        return default
    for kind in allowed:
        if value.replace(" ", "").lower() == kind.lower():
            return kind
    raise reader.fail((*where, "type"), f"unknown type {value!r}", hint=f"one of: {', '.join(allowed)}")


def _actors(reader: RecordReader) -> tuple[ActorDeclaration, ...]:
    out = []
    for item, path in reader.items("actors"):
        reader.check_keys(item, path, ACTOR_KEYS, "an actor declaration")
        name = reader.text(item, path, "name", required=True)
        assert name is not None
        kind = _kind(reader, reader.text(item, path, "type"), path, ENTITY_KINDS, None)
        iso3 = reader.text(item, path, "iso3")
        if iso3 is not None and not re.fullmatch(r"[A-Z]{3}", iso3):
            raise reader.fail((*path, "iso3"), f"iso3 {iso3!r} must be three capital letters, e.g. PAK")
        out.append(
            ActorDeclaration(
                name=name,
                kind=kind,
                aliases=reader.texts(item, path, "aliases"),
                country=reader.text(item, path, "country"),
                iso3=iso3,
                position=reader.locate(path),
            )
        )
    return tuple(out)


def _events(reader: RecordReader) -> tuple[EventDeclaration, ...]:
    out = []
    for item, path in reader.items("events"):
        reader.check_keys(item, path, EVENT_KEYS, "an event declaration")
        name = reader.text(item, path, "name", required=True)
        assert name is not None
        out.append(
            EventDeclaration(
                name=name,
                kind=_kind(reader, reader.text(item, path, "type"), path, EVENT_KINDS, "Event"),
                date=reader.partial_date(item, path),
                place=reader.text(item, path, "place"),
                position=reader.locate(path),
            )
        )
    return tuple(out)


def _confidence(reader: RecordReader, item: Mapping[str, Any], path: tuple[str | int, ...]) -> Decimal | None:
    value = item.get("confidence")
    if value is None:
        return None
    try:
        conf = Decimal(str(value))
    except InvalidOperation:
        conf = Decimal("NaN")
    if isinstance(value, bool) or not conf.is_finite() or not Decimal(0) <= conf <= Decimal(1):
        raise reader.fail((*path, "confidence"), f"confidence {value!r} must be a number between 0 and 1")
    return conf


def _claims(reader: RecordReader) -> tuple[CuratedClaim, ...]:
    out = []
    for item, path in reader.items("claims"):
        reader.check_keys(item, path, CLAIM_KEYS, "a claim")
        modality = reader.text(item, path, "modality")
        if modality is not None and modality.lower() not in MODALITIES:
            raise reader.fail(
                (*path, "modality"), f"unknown modality {modality!r}", hint=f"one of: {', '.join(MODALITIES)}"
            )
        cameo = reader.text(item, path, "cameo")
        if cameo is not None and not re.fullmatch(r"\d{2,4}", cameo):
            raise reader.fail(
                (*path, "cameo"), f"CAMEO code {cameo!r} must be 2 to 4 digits, as a string ('057')"
            )
        subject = reader.text(item, path, "subject", required=True)
        relation = reader.text(item, path, "relation", required=True)
        obj = reader.text(item, path, "object", required=True)
        assert subject and relation and obj
        out.append(
            CuratedClaim(
                subject=subject,
                relation=relation,
                object=obj,
                date=reader.partial_date(item, path),
                time=reader.text(item, path, "time"),
                place=reader.text(item, path, "place"),
                event=reader.text(item, path, "event"),
                jointly_with=reader.texts(item, path, "with"),
                confidence=_confidence(reader, item, path),
                modality=modality.lower() if modality else None,
                claimed_by=reader.text(item, path, "claimed_by"),
                cameo=cameo,
                position=reader.locate(path),
                quote=_quote(reader, item, path),  # last: the other fields' problems first
            )
        )
    return tuple(out)


def _quote(reader: RecordReader, item: Mapping[str, Any], path: tuple[str | int, ...]) -> str:
    """A claim's quote: required and not empty, so that every claim has evidence in exact words."""
    value = item.get("quote")
    if isinstance(value, (dict, list)):
        raise reader.fail((*path, "quote"), f"'quote' must be text, not a {type(value).__name__}")
    if value is None or not str(value).strip():
        raise reader.fail(
            (*path, "quote") if "quote" in item else path,
            "a claim needs a quote: the exact words of the article text it rests on"
            + (" (this one is empty)" if value is not None else ""),
            hint='copy the words from the body: quote: "..."; they are located in the text as the '
            "claim's evidence",
        )
    return str(value)


def publisher_from_url(url: str) -> str | None:
    """The publisher of an article that names none: its URL's host without ``www.``.

    >>> publisher_from_url("https://www.example.org/news/1")
    'example.org'
    """
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def build_article(record: Mapping[str, Any], *, text: str | None, source: str, locate: Locator) -> Article:
    """An :class:`Article` from a record of fields; ``text`` overrides the record's own text field."""
    reader = RecordReader(record, locate)
    reader.check_keys(record, (), ARTICLE_KEYS, "an article")
    title = reader.text(record, (), "title", "headline")
    if title is None:
        raise reader.fail(
            ("title",) if "title" in record else (),
            "no title",
            hint="an article needs a title: a 'title' field or a '# Title' heading",
        )
    body = text if text is not None else reader.text(record, (), "text", "body", "content")
    url = reader.text(record, (), "url", "link")
    if url is not None and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", url):
        raise reader.fail(("url",), f"url {url!r} is not an absolute URL")
    publisher = reader.text(record, (), "publisher")
    if publisher is None and url is not None:
        publisher = publisher_from_url(url)
    return Article(
        source=Position(source),
        title=title,
        text=body or "",
        date=reader.article_date(),
        authors=reader.texts(record, (), "authors", "author"),
        publisher=publisher,
        url=url,
        language=reader.text(record, (), "language", "lang"),
        tags=reader.texts(record, (), "tags", "keywords"),
        regions=reader.texts(record, (), "regions", "region"),
        themes=reader.texts(record, (), "themes", "theme"),
        originally_published_in=reader.text(record, (), "originally_published_in"),
        actors=_actors(reader),
        events=_events(reader),
        claims=_claims(reader),
    )
