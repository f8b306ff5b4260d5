"""Namespaces, terms and the relation registry of the kg ontology.

The relation properties are not listed twice: :func:`relations` reads them from ``ontology/kg.ttl``
(every ``kg:RelationProperty`` with its label, alternative labels, CAMEO codes and symmetry).

>>> resolve_relation("strategic partnership").name
'strategicPartnerOf'
>>> resolve_relation("met").cameo
'040'
>>> KG.Claim.value
'https://w3id.org/kg-news/ontology#Claim'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.resources import ontology_dir


class Namespace:
    """Makes :class:`pyoxigraph.NamedNode` terms from a namespace IRI: ``KG.Claim``, ``KG["057"]``."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return ox.NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
KG = Namespace(ONTOLOGY_IRI + "#")
CAMEO = Namespace("https://w3id.org/kg-news/cameo/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The named graph that holds the ontology and the CAMEO scheme in a store.
VOCABULARY_GRAPH = ox.NamedNode(ONTOLOGY_IRI)

#: Prefixes used in Turtle output, tables and queries (``kg query`` declares them for you).
PREFIXES: dict[str, str] = {
    "kg": KG.iri,
    "cameo": CAMEO.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "prov": PROV.iri,
    "schema": SCHEMA.iri,
    "dcterms": DCTERMS.iri,
}

MODALITIES = ("asserted", "reported", "hypothetical", "negated", "historical")

#: Ontology classes an entity can have (local names in the kg namespace).
ACTOR_KINDS = (
    "Country",
    "Person",
    "Organization",
    "IntergovernmentalOrganization",
    "GovernmentOrganization",
    "Legislature",
    "MilitaryOrganization",
    "ArmedGroup",
    "Publisher",
    "Group",
)
PLACE_KINDS = ("Place", "City", "Facility")
EVENT_KINDS = ("Event", "Meeting", "Visit", "Summit")
ENTITY_KINDS = ACTOR_KINDS + PLACE_KINDS


def modality_term(name: str) -> ox.NamedNode:
    """The SKOS concept of a modality name (one of :data:`MODALITIES`)."""
    if name not in MODALITIES:
        raise ValueError(f"unknown modality {name!r}; expected one of {', '.join(MODALITIES)}")
    return KG[name]


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation property of the ontology, as the mapping and the extractor use it."""

    name: str
    label: str
    alt_labels: tuple[str, ...]
    symmetric: bool
    cameo: str | None
    related_cameo: tuple[str, ...]
    subject_classes: tuple[str, ...] = ("Actor",)
    object_classes: tuple[str, ...] = ("Actor",)

    @property
    def term(self) -> ox.NamedNode:
        return KG[self.name]

    def allows(self, subject_kind: str, object_kind: str) -> bool:
        """Whether an entity of ``subject_kind`` may hold this relation with one of ``object_kind``.

        >>> relations()["strategicPartnerOf"].allows("Country", "IntergovernmentalOrganization")
        True
        >>> relations()["strategicPartnerOf"].allows("Person", "Country")
        False
        """
        return is_a(subject_kind, self.subject_classes) and is_a(object_kind, self.object_classes)


def normalise_name(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of a name, for matching names people write."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", ascii_text.casefold()).strip()


def _camel_words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name)


@cache
def _ontology_terms() -> dict[str, dict[str, list[str]]]:
    """``{local name: {predicate IRI: [object values]}}`` for the kg terms of ``ontology/kg.ttl``."""
    props: dict[str, dict[str, list[str]]] = {}
    for t in ox.parse(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE):
        s = t.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(KG.iri):
            props.setdefault(s.value[len(KG.iri) :], {}).setdefault(t.predicate.value, []).append(
                t.object.value
            )
    return props


@cache
def superclasses(kind: str) -> frozenset[str]:
    """A kg class and all kg classes it is a subclass of: ``"Legislature"`` -> Legislature,
    Organization, Actor, Entity."""
    terms = _ontology_terms()
    found = {kind}
    todo = [kind]
    while todo:
        for parent in terms.get(todo.pop(), {}).get(RDFS.subClassOf.value, []):
            if parent.startswith(KG.iri) and parent[len(KG.iri) :] not in found:
                found.add(parent[len(KG.iri) :])
                todo.append(parent[len(KG.iri) :])
    return frozenset(found)


def is_a(kind: str, classes: tuple[str, ...]) -> bool:
    """Whether an entity of ``kind`` is an instance of one of ``classes`` (subclasses count)."""
    return not superclasses(kind).isdisjoint(classes)


@cache
def relations() -> dict[str, Relation]:
    """All relation properties of the ontology by local name, read from ``ontology/kg.ttl``."""
    props = _ontology_terms()
    out: dict[str, Relation] = {}
    for name, p in sorted(props.items()):
        types = p.get(RDF.type.value, [])
        if KG.RelationProperty.value not in types:
            continue
        cameo = [c.rsplit("/", 1)[1] for c in p.get(KG.cameoConcept.value, [])]
        out[name] = Relation(
            name=name,
            label=p[RDFS.label.value][0],
            alt_labels=tuple(sorted(p.get(SKOS.altLabel.value, []))),
            symmetric=OWL.SymmetricProperty.value in types,
            cameo=cameo[0] if cameo else None,
            related_cameo=tuple(sorted(c.rsplit("/", 1)[1] for c in p.get(KG.relatedCameoConcept.value, []))),
            subject_classes=_local(p.get(KG.subjectClass.value)) or ("Actor",),
            object_classes=_local(p.get(KG.objectClass.value)) or ("Actor",),
        )
    return out


def _local(iris: list[str] | None) -> tuple[str, ...]:
    return tuple(sorted(i[len(KG.iri) :] for i in iris or () if i.startswith(KG.iri)))


@cache
def _relation_index() -> dict[str, Relation]:
    index: dict[str, Relation] = {}
    for rel in relations().values():
        for name in (rel.name, _camel_words(rel.name), rel.label, *rel.alt_labels):
            index.setdefault(normalise_name(name), rel)
    return index


def resolve_relation(name: str) -> Relation | None:
    """The relation a person means by ``name``: its local name, label or an alternative label.

    Matching ignores case, accents and punctuation; returns ``None`` for an unknown name.
    """
    return _relation_index().get(normalise_name(name.removeprefix("kg:")))
