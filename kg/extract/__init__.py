"""Extraction: the relations an article asserts, found in its raw text.

``Extractor`` (in :mod:`kg.extract.extractor`) is imported on first use, so that importing the
gazetteer alone stays cheap.

>>> from kg.extract import Extractor
>>> from kg.model import Article, Position
>>> from datetime import date
>>> text = "President Putin met Prime Minister Imran Khan in Bishkek."
>>> claims = Extractor().claims(Article(Position("a.txt"), "T", text, date(2019, 6, 14)))
>>> sorted((c.subject.label, c.relation.name, c.object.label) for c in claims)[:2]
[('Imran Khan', 'leaderOf', 'Pakistan'), ('Vladimir Putin', 'leaderOf', 'Russia')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.extract.extractor import EXTRACTOR_VERSION, Extractor

__all__ = ["EXTRACTOR_VERSION", "Extractor"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(name)
