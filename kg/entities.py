"""Entities from the gazetteer, as the model's :class:`~kg.model.Entity`.

:class:`EntityLookup` is what claim resolution and extraction need from a gazetteer: find an entity
by a name a person wrote, or by its key. :class:`GazetteerEntities` implements it over
:class:`kg.extract.gazetteer.Gazetteer`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from kg.model import Entity

if TYPE_CHECKING:
    from kg.extract.gazetteer import EntityRecord, Gazetteer

#: How many aliases of a gazetteer entity the graph records as skos:altLabel.
MAX_ALIASES = 12


class EntityLookup(Protocol):
    """Finds entities by name or key."""

    def by_name(self, name: str, on: date | None = None) -> Entity | None: ...

    def by_key(self, key: str) -> Entity | None: ...


class GazetteerEntities:
    """:class:`EntityLookup` over the packaged gazetteer (loaded on first use)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._cache: dict[str, Entity | None] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from kg.extract.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def by_name(self, name: str, on: date | None = None) -> Entity | None:
        record = self.gazetteer.resolve(name, on)
        return self.entity(record) if record else None

    def by_key(self, key: str) -> Entity | None:
        if key not in self._cache:
            record = self.gazetteer.get(key)
            self._cache[key] = self.entity(record) if record else None
        return self._cache[key]

    def entity(self, record: EntityRecord) -> Entity:
        """The model entity of a gazetteer record; its state comes along as ``country``."""
        country = None
        if record.country and record.country != record.key:
            country = self.by_key(record.country)
        return Entity(
            key=record.key,
            kind=record.kind,
            label=record.label,
            aliases=tuple(a for a in record.aliases if a != record.label)[:MAX_ALIASES],
            iso3=record.iso3,
            country=country,
        )
