"""Plain-text articles: the first line is the title; optional metadata lines follow it.

>>> a = read_text("Talks in Geneva\\nBy Ann Lee\\nDaily Post, 3 March 2021\\n\\nThe talks began.", "t.txt")
>>> (a.title, a.authors, a.publisher, str(a.date), a.text)
('Talks in Geneva', ('Ann Lee',), 'Daily Post', '2021-03-03', 'The talks began.')
"""

from __future__ import annotations

from kg.model import Article, Position
from kg.readers.fields import build_article
from kg.readers.header import parse_header


def read_text(text: str, source: str) -> Article:
    header = parse_header(text, markdown=False)
    return build_article(
        header.fields,
        text=header.body,
        source=source,
        locate=lambda path: Position(source, header.lines.get(str(path[0]) if path else "", 1)),
    )
