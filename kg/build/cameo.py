"""Regenerate ``ontology/cameo.ttl``: the CAMEO event codes as a SKOS concept scheme.

Source: the CAMEO-to-PLOVER conversion table of the Open Event Data Alliance (``CAMEO2PLOVER-2021.txt``,
CC BY-SA 4.0), which carries the CAMEO codes 03-20 with their names and PLOVER mapping. It lacks the
families 01 (make public statement) and 02 (appeal) and the names of the root codes; those come from
the CAMEO code book (Schrodt, Conflict and Mediation Event Observations, 2012) and are listed below.

Usage::

    python -m kg.build.cameo ../shared/reference/cameo/CAMEO2PLOVER-2021.txt > ontology/cameo.ttl
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

CAMEO = "https://w3id.org/kg-news/cameo/"
KG = "https://w3id.org/kg-news/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT = "http://purl.org/dc/terms/"

# Root codes with their CAMEO names (the PLOVER table names them by PLOVER type only).
ROOT_NAMES = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

# Families 01 and 02, absent from the PLOVER table, with their PLOVER type.
SUPPLEMENT = {
    "010": ("Make statement, not specified below", "STATEMENT"),
    "011": ("Decline comment", "STATEMENT"),
    "012": ("Make pessimistic comment", "STATEMENT"),
    "013": ("Make optimistic comment", "STATEMENT"),
    "014": ("Consider policy option", "STATEMENT"),
    "015": ("Acknowledge or claim responsibility", "STATEMENT"),
    "016": ("Deny responsibility", "STATEMENT"),
    "017": ("Engage in symbolic act", "STATEMENT"),
    "018": ("Make empathetic comment", "STATEMENT"),
    "019": ("Express accord", "STATEMENT"),
    "020": ("Make an appeal or request, not specified below", "REQUEST"),
    "021": ("Appeal for material cooperation", "REQUEST"),
    "0211": ("Appeal for economic cooperation", "REQUEST"),
    "0212": ("Appeal for military cooperation", "REQUEST"),
    "0213": ("Appeal for judicial cooperation", "REQUEST"),
    "0214": ("Appeal for intelligence", "REQUEST"),
    "022": ("Appeal for diplomatic cooperation, such as policy support", "REQUEST"),
    "023": ("Appeal for aid", "REQUEST"),
    "0231": ("Appeal for economic aid", "REQUEST"),
    "0232": ("Appeal for military aid", "REQUEST"),
    "0233": ("Appeal for humanitarian aid", "REQUEST"),
    "0234": ("Appeal for military protection or peacekeeping", "REQUEST"),
    "024": ("Appeal for political reform", "REQUEST"),
    "0241": ("Appeal for change in leadership", "REQUEST"),
    "0242": ("Appeal for policy change", "REQUEST"),
    "0243": ("Appeal for rights", "REQUEST"),
    "0244": ("Appeal for change in institutions, regime", "REQUEST"),
    "025": ("Appeal to yield", "REQUEST"),
    "0251": ("Appeal for easing of administrative sanctions", "REQUEST"),
    "0252": ("Appeal for easing of popular dissent", "REQUEST"),
    "0253": ("Appeal for release of persons or property", "REQUEST"),
    "0254": ("Appeal for easing of economic sanctions, boycott, or embargo", "REQUEST"),
    "0255": ("Appeal for target to allow international involvement (non-mediation)", "REQUEST"),
    "0256": ("Appeal for de-escalation of military engagement", "REQUEST"),
    "026": ("Appeal to others to meet or negotiate", "REQUEST"),
    "027": ("Appeal to others to settle dispute", "REQUEST"),
    "028": ("Appeal to others to engage in or accept mediation", "REQUEST"),
}

LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<fields>[^#]*?)\s*(?:#\s*(?P<name>.*))?$")


@dataclass
class Code:
    code: str
    name: str
    plover: str = ""
    mode: str = ""
    contexts: list[str] = field(default_factory=list)


def quad_class(code: str) -> int:
    """CAMEO QuadClass of a code: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def parse_plover_table(text: str) -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for raw in text.splitlines():
        m = LINE.match(raw.strip())
        if not m:
            continue
        code = m["code"]
        if len(code) == 2:  # root lines carry only the PLOVER type; names come from ROOT_NAMES
            continue
        parts = [p.strip() for p in m["fields"].split(",")]
        plover = parts[0] if parts else ""
        mode = parts[1] if len(parts) > 1 else ""
        contexts = [c.strip() for c in parts[2].split(";")] if len(parts) > 2 else []
        name = (m["name"] or "").strip()
        name = name.split("  ")[0].strip()  # drop editorial remarks after the name
        if code not in codes:  # the table lists 175 twice; the first is the CAMEO name
            codes[code] = Code(code, name, plover, mode, [c for c in contexts if c])
    return codes


def build(table_text: str) -> list[ox.Triple]:
    codes = parse_plover_table(table_text)
    for code, (name, plover) in SUPPLEMENT.items():
        codes.setdefault(code, Code(code, name, plover))
    for code, name in ROOT_NAMES.items():
        codes[code] = Code(code, name, "")
    scheme = ox.NamedNode(CAMEO + "scheme")
    concept = ox.NamedNode(SKOS + "Concept")
    in_scheme = ox.NamedNode(SKOS + "inScheme")
    en = "en"
    triples = [
        ox.Triple(scheme, RDF_TYPE, ox.NamedNode(SKOS + "ConceptScheme")),
        ox.Triple(scheme, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("CAMEO event codes", language=en)),
        ox.Triple(scheme, RDFS_LABEL, ox.Literal("CAMEO event codes", language=en)),
        ox.Triple(
            scheme,
            ox.NamedNode(DCT + "source"),
            ox.NamedNode("https://github.com/openeventdata/PLOVER"),
        ),
        ox.Triple(
            scheme,
            ox.NamedNode(DCT + "license"),
            ox.NamedNode("https://creativecommons.org/licenses/by-sa/4.0/"),
        ),
        ox.Triple(
            scheme,
            ox.NamedNode(DCT + "rights"),
            ox.Literal(
                "Derived from the CAMEO-to-PLOVER table of the Open Event Data Alliance "
                "(Philip Schrodt, 2021), CC BY-SA 4.0; CAMEO by Schrodt et al.",
                language=en,
            ),
        ),
    ]
    for code in sorted(codes):
        c = codes[code]
        node = ox.NamedNode(CAMEO + code)
        label = ox.Literal(c.name, language=en)
        triples += [
            ox.Triple(node, RDF_TYPE, concept),
            ox.Triple(node, in_scheme, scheme),
            ox.Triple(node, ox.NamedNode(SKOS + "notation"), ox.Literal(code)),
            ox.Triple(node, ox.NamedNode(SKOS + "prefLabel"), label),
            ox.Triple(node, RDFS_LABEL, label),
            ox.Triple(
                node,
                ox.NamedNode(KG + "quadClass"),
                ox.Literal(
                    str(quad_class(code)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                ),
            ),
        ]
        if len(code) == 2:
            triples.append(ox.Triple(node, ox.NamedNode(SKOS + "topConceptOf"), scheme))
            triples.append(ox.Triple(scheme, ox.NamedNode(SKOS + "hasTopConcept"), node))
        else:
            parent = code[:2] if len(code) == 3 else code[:3]
            if parent not in codes:
                raise ValueError(f"CAMEO code {code} has no parent {parent} in the table")
            triples.append(ox.Triple(node, ox.NamedNode(SKOS + "broader"), ox.NamedNode(CAMEO + parent)))
        if c.plover:
            triples.append(ox.Triple(node, ox.NamedNode(KG + "ploverEventType"), ox.Literal(c.plover)))
        if c.mode:
            triples.append(ox.Triple(node, ox.NamedNode(KG + "ploverMode"), ox.Literal(c.mode)))
        for ctx in c.contexts:
            triples.append(ox.Triple(node, ox.NamedNode(KG + "ploverContext"), ox.Literal(ctx)))
    return triples


HEADER = """\
# CAMEO event codes as a SKOS concept scheme, generated by `python -m kg.build.cameo`.
# Derived from the CAMEO-to-PLOVER conversion table of the Open Event Data Alliance
# (openeventdata/PLOVER, edited by Philip Schrodt, 2021), licensed CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/); this file is shared under the same licence.
# CAMEO: Schrodt, P. A., Conflict and Mediation Event Observations Event and Actor Codebook (2012).
# Codes are strings with their leading zeros (skos:notation); skos:broader links each code to the
# code one level up; kg:quadClass gives the QuadClass (1-4).
"""


def render(triples: list[ox.Triple]) -> bytes:
    body = ox.serialize(
        triples,
        format=ox.RdfFormat.TURTLE,
        prefixes={
            "cameo": CAMEO,
            "kg": KG,
            "skos": SKOS,
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "dcterms": DCT,
        },
    )
    assert body is not None
    return HEADER.encode() + b"\n" + body


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.buffer.write(render(build(Path(argv[0]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
