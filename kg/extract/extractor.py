"""Turn an article's text into :class:`~kg.model.Claim` objects: mentions, coded relations, claims."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from kg.entities import GazetteerEntities
from kg.extract.mentions import ContextMentions, Found, LocalEntity
from kg.extract.relations import CodedRelation, code_relations
from kg.extract.sentence import Slot
from kg.extract.text import clean_view
from kg.iris import slug
from kg.model import Article, Claim, Entity, Event, Evidence, PartialDate
from kg.vocab import relations

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer

#: Bumped when extraction changes what it finds: re-ingest then re-extracts every article.
EXTRACTOR_VERSION = "4"


class Extractor:
    """Finds the claims an article's text asserts. Loads the gazetteer on first use (~75 ms)."""

    def __init__(self, entities: GazetteerEntities | None = None) -> None:
        self.entities = entities or GazetteerEntities()

    @property
    def gazetteer(self) -> Gazetteer:
        return self.entities.gazetteer

    @property
    def version(self) -> str:
        return f"{EXTRACTOR_VERSION}/{self.gazetteer.version}"

    def coded(self, article: Article) -> list[CodedRelation]:
        """The raw coded relations (before they become claims)."""
        clean = clean_view(article.text)
        found = self.mentions(article, clean)
        return code_relations(
            article.text, clean, self.gazetteer, article.date, found.mentions, found.entities
        )

    def mentions(self, article: Article, clean: str | None = None) -> Found:
        """Actor mentions: the gazetteer's, and those found from the article's context."""
        clean = clean_view(article.text) if clean is None else clean
        mentions = self.gazetteer.find_mentions(clean, article.date)
        return ContextMentions(self.gazetteer, article.date, self.home(article)).find(clean, mentions)

    def home(self, article: Article) -> str | None:
        """The publishing government ("UK Government" releases), whom "we" refers to."""
        if not article.publisher:
            return None
        record = self.gazetteer.resolve(article.publisher, article.date)
        if record and record.kind in (
            "Country",
            "GovernmentOrganization",
            "Legislature",
            "MilitaryOrganization",
        ):
            return record.key
        return None

    def claims(self, article: Article) -> tuple[Claim, ...]:
        """The extracted claims; the same claim stated twice is one claim with two pieces of evidence."""
        best: dict[tuple[str, str, str, str], Claim] = {}
        spans: dict[tuple[str, str, str, str], dict[Evidence, None]] = {}
        clean = clean_view(article.text)
        found = self.mentions(article, clean)
        coded_relations = code_relations(
            article.text, clean, self.gazetteer, article.date, found.mentions, found.entities
        )
        for coded in coded_relations:
            claim = self._claim(article, coded, found.entities)
            if claim is None:
                continue
            key = (claim.subject.key, claim.relation.name, claim.object.key, claim.modality)
            if claim.relation.symmetric and key[2] < key[0]:
                key = (key[2], key[1], key[0], key[3])
            if key not in best or claim.confidence > best[key].confidence:
                best[key] = claim
            spans.setdefault(key, {})[claim.evidence] = None
        return tuple(
            replace(claim, more_evidence=tuple(e for e in spans[key] if e != claim.evidence))
            for key, claim in best.items()
        )

    def entity(self, slot: Slot, local: dict[str, LocalEntity] | None = None) -> Entity | None:
        if slot.label is not None:  # an institution the text names for the first time
            return Entity(slot.key, slot.kind or "Organization", slot.label)
        found = (local or {}).get(slot.key)
        if found is not None:
            country = self.entities.by_key(found.country) if found.country else None
            return Entity(found.key, found.kind, found.label, country=country)
        return self.entities.by_key(slot.key)

    def _claim(self, article: Article, coded: CodedRelation, local: dict[str, LocalEntity]) -> Claim | None:
        subject, obj = self.entity(coded.subject, local), self.entity(coded.object, local)
        if subject is None or obj is None or subject.key == obj.key:
            return None
        relation = relations()[coded.relation]
        partners = tuple(e for e in (self.entity(p, local) for p in coded.jointly_with) if e is not None)
        quote = article.text[coded.begin : coded.end]
        place = self.entity(coded.place, local) if coded.place else None
        event = None
        if coded.event_label:
            year = PartialDate(article.date.year) if article.date else None
            event = Event(slug(coded.event_label), "Summit", coded.event_label, year, place)
        speaker = self.entity(coded.speaker, local) if coded.speaker else None
        return Claim(
            subject=subject,
            relation=relation,
            object=obj,
            evidence=Evidence(coded.begin, coded.end, quote, _span(coded.subject), _span(coded.object)),
            modality=coded.modality,
            confidence=Decimal(str(coded.confidence)),
            cameo=coded.cameo or relation.cameo,
            method=coded.method,
            claimed_by=speaker,
            place=place,
            event=event,
            jointly_with=partners,
        )


def _span(slot: Slot) -> tuple[int, int] | None:
    return (slot.begin, slot.end) if slot.begin is not None and slot.end is not None else None
