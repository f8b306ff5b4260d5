"""Metadata lines under a title, and footer boilerplate, of articles saved as Markdown or text.

>>> text = "# A title\\nBy [Ann Lee](#)\\nDaily Post, July 09, 2019\\n\\nBody text.\\n"
>>> h = parse_header(text, markdown=True)
>>> h.fields["title"], h.fields["author"], h.fields["publisher"], h.fields["date"], h.body
('A title', ['Ann Lee'], 'Daily Post', 'July 09, 2019', 'Body text.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_BYLINE = re.compile(r"^By\s+(.+)$", re.IGNORECASE)
_PUBLISHER_DATE = re.compile(rf"^(?P<publisher>[^,]+?),\s+(?P<date>{_DATE})\s*$")
_DATE_ONLY = re.compile(rf"^(?P<date>{_DATE})\s*$")
_FIELD = re.compile(
    r"^(?P<key>Region|Regions|Theme|Themes|In-depth Report|Tags|Date|Published|"
    r"Publisher|Author|Authors|URL|Source|Language):\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"^(?:\\?\*\s*$|Note to readers:|\*?This article was (?:originally )?published|"
    r"The original source of this article is|Copyright\s*(?:©|\(c\))|\*\*Disclaimer|Disclaimer:)",
    re.IGNORECASE,
)
_ORIGINALLY = re.compile(
    r"originally published (?:on|in|by|at)\s+\[?([^\]\(\*\n]+?)\]?(?:\([^)]*\))?\.?\*?\s*$", re.IGNORECASE
)
_FIELD_NAMES = {
    "region": "regions",
    "regions": "regions",
    "theme": "themes",
    "themes": "themes",
    "in-depth report": "tags",
    "tags": "tags",
    "date": "date",
    "published": "date",
    "publisher": "publisher",
    "author": "author",
    "authors": "author",
    "url": "url",
    "source": "url",
    "language": "language",
}


def plain(text: str) -> str:
    """Markdown inline markup removed: links become their text, emphasis marks go."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


def _names(text: str, *, people: bool = False) -> list[str]:
    """Comma-separated names; for people also split on "and" and "&" ("By A and B")."""
    separators = r",\s*|\s+and\s+|\s*&\s*" if people else r",\s*"
    return [n for n in (plain(p) for p in re.split(separators, plain(text))) if n]


@dataclass
class Header:
    """Metadata fields found above the body, the body text, and the line of each field."""

    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict)


def _read_field(line: str, header: Header, lineno: int) -> bool:
    found: list[str]
    if m := _BYLINE.match(line):
        header.fields["author"] = _names(m[1], people=True)
        found = ["author"]
    elif m := _PUBLISHER_DATE.match(plain(line)):
        header.fields["publisher"], header.fields["date"] = m["publisher"].strip(), m["date"]
        found = ["publisher", "date"]
    elif m := _DATE_ONLY.match(plain(line)):
        header.fields["date"] = m["date"]
        found = ["date"]
    elif m := _FIELD.match(line):
        key = _FIELD_NAMES[m["key"].lower()]
        if key in ("regions", "themes", "tags"):
            header.fields.setdefault(key, []).extend(_names(m["value"]))
        elif key == "author":
            header.fields["author"] = _names(m["value"], people=True)
        else:
            header.fields[key] = plain(m["value"])
        found = [key]
    else:
        return False
    for key in found:
        header.lines[key] = lineno
    return True


def parse_header(text: str, *, markdown: bool) -> Header:
    """Split an article into metadata fields and body; cut known footer boilerplate."""
    lines = text.split("\n")
    header = Header()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines):
        title_line = lines[i].strip()
        m = re.match(r"^#\s+(.+?)\s*#*$", title_line)
        if m:
            header.fields["title"] = plain(m[1])
        elif not markdown:
            header.fields["title"] = plain(title_line)
        if "title" in header.fields:
            header.lines["title"] = i + 1
            i += 1
    while i < len(lines):
        line = lines[i].strip()
        if line and not _read_field(line, header, i + 1):
            break
        i += 1
    body_start = i
    end = len(lines)
    for j in range(body_start + 1, len(lines)):
        if _FOOTER.match(lines[j].strip()):
            end = j
            break
    for line in lines[end:]:
        if m := _ORIGINALLY.search(line.strip()):
            header.fields["originally_published_in"] = plain(m[1]).rstrip(".")
            break
    header.body = "\n".join(lines[body_start:end]).strip("\n").rstrip()
    return header
