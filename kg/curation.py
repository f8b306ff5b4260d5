"""Resolve the claims a person wrote in an article's file into :class:`~kg.model.Claim` objects.

Names resolve first against the actors the article declares (``actors:``), then against the
gazetteer (countries, capitals, leaders on the article's date, organisations). A declared actor that
the gazetteer also knows keeps the gazetteer's key, so it is the same node as in other articles.
Quotes are located in the article text: the evidence offsets are where the quote occurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.entities import EntityLookup
from kg.errors import ArticleError
from kg.iris import slug
from kg.model import (
    ActorDeclaration,
    Article,
    Claim,
    CuratedClaim,
    Entity,
    Event,
    Evidence,
    Position,
)
from kg.vocab import ACTOR_KINDS, PLACE_KINDS, normalise_name, relations, resolve_relation

_ORGANISATIONS = {k for k in ACTOR_KINDS if k not in ("Country", "Person")}


def _compatible(declared: str, known: str) -> bool:
    if declared == known:
        return True
    if declared in _ORGANISATIONS and known in _ORGANISATIONS:
        return True
    return declared in PLACE_KINDS and known in PLACE_KINDS


def _fail(position: Position | None, message: str, hint: str | None = None) -> ArticleError:
    pos = position or Position("<article>")
    return ArticleError(message, source=pos.source, line=pos.line, column=pos.column, hint=hint)


@dataclass
class ArticleEntities:
    """Names usable in one article's claims: its declarations, then the gazetteer."""

    article: Article
    lookup: EntityLookup
    _declared: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for decl in self.article.actors:
            entity = self._declared_entity(decl)
            for name in (decl.name, *decl.aliases):
                self._declared.setdefault(normalise_name(name), entity)

    def _declared_entity(self, decl: ActorDeclaration) -> Entity:
        known = self.lookup.by_name(decl.name, self.article.date)
        country = self.actor(decl.country, decl.position) if decl.country else None
        if country is not None and country.kind != "Country":
            raise _fail(decl.position, f"the country of {decl.name!r} is {country.label!r}, not a country")
        if (
            known is not None
            and _compatible(decl.kind, known.kind)
            and (decl.iso3 is None or decl.iso3 == known.iso3)
        ):
            aliases = tuple(dict.fromkeys((*known.aliases, *decl.aliases, decl.name)))
            return replace(
                known, aliases=tuple(a for a in aliases if a != known.label), country=known.country or country
            )
        if decl.kind == "Country":
            if decl.iso3 is None:
                raise _fail(
                    decl.position,
                    f"country {decl.name!r} is unknown to kg and has no iso3 code",
                    hint="add iso3: (ISO 3166-1 alpha-3, e.g. PAK) to its declaration",
                )
            return Entity(decl.iso3, "Country", decl.name, decl.aliases, iso3=decl.iso3)
        return Entity(slug(decl.name), decl.kind, decl.name, decl.aliases, country=country)

    def find(self, name: str) -> Entity | None:
        return self._declared.get(normalise_name(name)) or self.lookup.by_name(name, self.article.date)

    def actor(self, name: str, position: Position | None, role: str = "actor") -> Entity:
        entity = self.find(name)
        if entity is None:
            raise _fail(
                position,
                f"unknown {role} {name!r}",
                hint="declare it under 'actors:' with a type, or use a name kg knows "
                "(a country, a capital, a leader, an organisation)",
            )
        return entity

    def place(self, name: str) -> Entity:
        return self.find(name) or Entity(slug(name), "Place", name)


def locate_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``text``; whitespace runs may differ (line breaks in YAML)."""
    begin = text.find(quote)
    if begin >= 0:
        return begin, begin + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _evidence(article: Article, claim: CuratedClaim) -> Evidence:
    span = locate_quote(article.text, claim.quote)
    if span is None:
        raise _fail(
            claim.position,
            f"quote not found in the article text: {claim.quote[:80]!r}",
            hint="copy the quote exactly from the body",
        )
    return Evidence(span[0], span[1], article.text[span[0] : span[1]])


def _event(article: Article, name: str, names: ArticleEntities) -> Event:
    for decl in article.events:
        if normalise_name(decl.name) == normalise_name(name):
            return Event(
                slug(decl.name),
                decl.kind,
                decl.name,
                decl.date,
                names.place(decl.place) if decl.place else None,
            )
    return Event(slug(name), "Event", name)


def resolve_claim(article: Article, claim: CuratedClaim, names: ArticleEntities) -> Claim:
    relation = resolve_relation(claim.relation)
    if relation is None:
        raise _fail(
            claim.position,
            f"unknown relation {claim.relation!r}",
            hint="one of: " + ", ".join(r.label for r in relations().values()),
        )
    subject = names.actor(claim.subject, claim.position, "subject")
    obj = names.actor(claim.object, claim.position, "object")
    if subject.key == obj.key:
        raise _fail(claim.position, f"subject and object are the same entity ({subject.label})")
    partners = tuple(names.actor(n, claim.position, "participant") for n in claim.jointly_with)
    for actor, other in ((subject, obj), *((p, obj) for p in partners)):
        if not relation.allows(actor.kind, other.kind):
            raise _fail(
                claim.position,
                f"{relation.label!r} is not a relation a {actor.kind} ({actor.label}) can have with a "
                f"{other.kind} ({other.label})",
                hint=f"its subject must be a {' or '.join(relation.subject_classes)} and its object a "
                f"{' or '.join(relation.object_classes)}",
            )
    speaker = names.actor(claim.claimed_by, claim.position, "speaker") if claim.claimed_by else None
    return Claim(
        subject=subject,
        relation=relation,
        object=obj,
        evidence=_evidence(article, claim),
        modality=claim.modality or ("reported" if speaker else "asserted"),
        confidence=claim.confidence if claim.confidence is not None else Decimal("1.0"),
        cameo=claim.cameo or relation.cameo,
        curated=True,
        claimed_by=speaker,
        date=claim.date,
        time_text=claim.time,
        place=names.place(claim.place) if claim.place else None,
        event=_event(article, claim.event, names) if claim.event else None,
        jointly_with=partners,
    )


def resolve_claims(article: Article, lookup: EntityLookup) -> tuple[Claim, ...]:
    """All curated claims of ``article`` resolved; the first problem raises :class:`ArticleError`."""
    names = ArticleEntities(article, lookup)
    return tuple(resolve_claim(article, c, names) for c in article.claims)
