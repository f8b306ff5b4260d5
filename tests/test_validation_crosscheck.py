"""Cross-check: kg's SPARQL engine finds the same focus nodes, constraint components and paths as an
independent SHACL engine, the pySHACL command line called directly (and kg's pySHACL engine), on
kg's shapes with good and bad graphs, and on shapes using the rest of SHACL core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.resources import shape_files
from kg.validation import Engine, Validator
from kg.validation.data import vocabulary_triples
from kg.validation.pyshacl_engine import report_from_graph
from kg.validation.report import ValidationReport

from .test_shapes import CASES, GOOD_VARIANTS, all_cases

Found = set[tuple[str, str, str | None]]


def found(report: ValidationReport) -> Found:
    """What both engines must agree on (blank nodes are named differently by each)."""
    return {("_:" if r.focus.startswith("_:") else r.focus, r.component, r.path) for r in report.results}


def pyshacl_cli(data: Path, shapes: Path, tmp_path: Path) -> ValidationReport:
    """The pySHACL command line, as a user would run it: N-Triples in, a Turtle report out."""
    out = tmp_path / "report.ttl"
    options = ["-s", str(shapes), "-sf", "nt", "-df", "nt", "-f", "turtle", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "pyshacl", *options, str(data)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    graph = rdflib.Graph()
    graph.parse(out, format="turtle")
    return report_from_graph(graph)


def write_nt(path: Path, triples: list[ox.Triple]) -> Path:
    with path.open("wb") as out:
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return path


def kg_shapes_nt(tmp_path: Path) -> Path:
    triples = [q.triple for p in shape_files() for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)]
    return write_nt(tmp_path / "shapes.nt", triples)


def test_kg_shapes_on_good_and_bad_graphs_agree_with_the_pyshacl_cli(tmp_path: Path) -> None:
    quads = all_cases()
    ours = Validator().validate(quads)
    assert not ours.conforms
    # the command line gets what kg validates: the data and kg's vocabulary (types, subclasses, schemes)
    data = write_nt(tmp_path / "data.nt", [q.triple for q in quads] + list(vocabulary_triples()))
    theirs = pyshacl_cli(data, kg_shapes_nt(tmp_path), tmp_path)
    assert found(ours) == found(theirs)
    # every bad case is found, each in its own namespace; no good variant is
    flagged = {r.focus.split("/")[2] for r in ours.results if r.focus.startswith("https://case")}
    bad = {f"case{n}.example" for n in range(len(CASES))}
    good = {f"case{n}.example" for n in range(len(CASES), len(CASES) + len(GOOD_VARIANTS))}
    assert bad - flagged <= {f"case{sorted(CASES).index('claim named by a blank node')}.example"}
    assert not flagged & good


FEATURES_SHAPES = r"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/ns#"^^xsd:anyURI ] .

ex:Person a rdfs:Class, sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 2 ; sh:datatype xsd:string ;
                  sh:minLength 2 ; sh:maxLength 12 ] ,
        [ sh:path ex:age ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minExclusive 0 ;
          sh:maxInclusive 150 ] ,
        [ sh:path ex:email ; sh:nodeKind sh:Literal ; sh:pattern "^[a-z.]+@example[.]org$" ; sh:flags "i" ] ,
        [ sh:path ex:label ; sh:uniqueLang true ; sh:languageIn ( "en" "fr" ) ] ,
        [ sh:path ex:nickname ; sh:datatype rdf:langString ; sh:severity sh:Info ] ,
        [ sh:path ex:knows ; sh:class ex:Person ; sh:nodeKind sh:IRI ; sh:disjoint ex:dislikes ] ,
        [ sh:path ( ex:address ex:city ) ; sh:minCount 1 ; sh:maxCount 1 ] ,
        [ sh:path [ sh:inversePath ex:knows ] ; sh:maxCount 2 ] ,
        [ sh:path [ sh:oneOrMorePath ex:manager ] ; sh:class ex:Person ; sh:disjoint ex:knows ] ,
        [ sh:path [ sh:alternativePath ( ex:start ex:begin ) ] ; sh:lessThanOrEquals ex:end ] ,
        [ sh:path ex:start ; sh:lessThan ex:end ] ,
        [ sh:path ex:status ; sh:in ( "active" "retired" 1 ) ; sh:severity sh:Warning ] ,
        [ sh:path ex:homepage ; sh:equals ex:website ] ,
        [ sh:path ex:email ; sh:sparql [
            sh:message "{?value} is an address of the old domain" ;
            sh:prefixes ex: ;
            sh:select '''SELECT $this ?value WHERE {
                $this $PATH ?value . FILTER(CONTAINS(STR(?value), "old")) }''' ] ] ;
    sh:sparql [
        sh:message "over 100 and no birth year" ;
        sh:prefixes ex: ;
        sh:select '''SELECT $this ?value WHERE { $this ex:age ?value .
            FILTER NOT EXISTS { $this ex:birthYear ?y } FILTER(isNumeric(?value) && ?value > 100) }''' ] .

ex:NamedPerson a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .

ex:CompanyShape a sh:NodeShape ;
    sh:targetClass ex:Company ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path ex:ceo ; sh:node ex:NamedPerson ; sh:maxCount 1 ] ,
        [ sh:path ex:employee ; sh:qualifiedValueShape [ sh:class ex:Person ] ; sh:qualifiedMinCount 2 ] ,
        [ sh:path ex:vat ; sh:datatype xsd:string ] ,
        [ sh:path ex:taxId ; sh:datatype xsd:string ] ;
    sh:xone ( [ sh:property [ sh:path ex:vat ; sh:minCount 1 ] ]
              [ sh:property [ sh:path ex:taxId ; sh:minCount 1 ] ] ) .

ex:Listed a sh:NodeShape ;
    sh:targetNode ex:alice, ex:ghost ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .

ex:KnowsSubjects a sh:NodeShape ; sh:targetSubjectsOf ex:knows ; sh:nodeKind sh:IRI ; sh:class ex:Person .
ex:KnowsObjects a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:not [ sh:class ex:Robot ] .

ex:RobotShape a sh:NodeShape ;
    sh:targetClass ex:Robot ;
    sh:and ( [ sh:property [ sh:path ex:serial ; sh:minCount 1 ] ]
             [ sh:property [ sh:path ex:serial ; sh:pattern "^R" ] ] ) ;
    sh:or ( [ sh:property [ sh:path ex:maker ; sh:minCount 1 ; sh:class ex:Company ] ]
            [ sh:property [ sh:path ex:maker ; sh:hasValue ex:selfmade ] ] ) .

ex:Off a sh:NodeShape ; sh:targetClass ex:Person ; sh:deactivated true ;
    sh:property [ sh:path ex:nothing ; sh:minCount 1 ] .

ex:TeamShape a sh:NodeShape ;
    sh:targetClass ex:Team ;
    sh:property [ sh:path ex:member ; sh:qualifiedValueShape [ sh:class ex:Lead ] ; sh:qualifiedMinCount 1 ;
                  sh:qualifiedValueShapesDisjoint true ] ,
                [ sh:path ex:member ; sh:qualifiedValueShape [ sh:class ex:Dev ] ; sh:qualifiedMaxCount 1 ;
                  sh:qualifiedValueShapesDisjoint true ] .
"""

FEATURES_DATA = """
@prefix ex: <http://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:Employee rdfs:subClassOf ex:Person .

ex:alice a ex:Person ; ex:name "Alice" ; ex:age 30 ; ex:email "Alice@Example.org" ;
    ex:label "Alice"@en, "Alice"@fr ; ex:nickname "Al"@en ; ex:knows ex:bob ;
    ex:address [ ex:city "Paris" ] ; ex:start 1 ; ex:end 2 ; ex:status "active" ;
    ex:homepage <http://alice.example> ; ex:website <http://alice.example> ; ex:manager ex:bob .
ex:bob a ex:Employee ; ex:name "Bob" ; ex:address [ ex:city "Lyon" ] ; ex:age 101 ; ex:birthYear 1923 ;
    ex:knows ex:alice .

ex:carol a ex:Person ; ex:name "C", "Carol", "Caroline" ; ex:age "old" ; ex:email "carol@old.org" ;
    ex:label "Carol"@en, "Caroline"@en, "Karola"@de ; ex:nickname "Caz" ;
    ex:knows ex:rex, "dave" ; ex:dislikes ex:rex ; ex:address [ ex:city "A" ], [ ex:city "B" ] ;
    ex:start 5 ; ex:begin 9 ; ex:end 4 ; ex:status "sacked" ; ex:homepage <http://c.example> ;
    ex:manager ex:carl .
ex:carl a ex:Person ; ex:name "Carl Wolfgang Amadeus" ; ex:age 0 ; ex:address [ ex:city "X" ] ;
    ex:manager ex:rex .
ex:dan a ex:Person ; ex:name "Dan" ; ex:age 120 ; ex:address [ ex:city "Y" ] ; ex:knows ex:alice, ex:carl .
ex:erin a ex:Person ; ex:name "Erin" ; ex:address [ ex:city "Z" ] ; ex:knows ex:alice ;
    ex:status 1 ; ex:end 3 .

ex:rex a ex:Robot ; ex:serial "X-1" .
ex:robbie a ex:Robot ; ex:serial "R-2" ; ex:maker ex:selfmade .
ex:robo a ex:Robot ; ex:maker ex:acme .

ex:acme a ex:Company ; ex:vat "FR1" ; ex:ceo ex:alice ; ex:employee ex:alice, ex:bob .
ex:globex a ex:Company ; ex:vat "DE2" ; ex:taxId "T" ; ex:ceo ex:rex ; ex:employee ex:alice ;
    ex:founded 1990 .
ex:initech a ex:Company ; ex:ceo ex:alice, ex:bob ; ex:employee ex:rex, ex:robo .

ex:team1 a ex:Team ; ex:member ex:alice .
ex:team2 a ex:Team ; ex:member ex:bob .
"""


@pytest.fixture
def features(tmp_path: Path) -> tuple[Path, Path]:
    shapes, data = tmp_path / "features-shapes.ttl", tmp_path / "features.ttl"
    shapes.write_text(FEATURES_SHAPES)
    data.write_text(FEATURES_DATA)
    return shapes, data


def as_nt(path: Path, tmp_path: Path) -> Path:
    return write_nt(
        tmp_path / f"{path.stem}.nt", [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    )


def test_shacl_core_features_agree_with_the_pyshacl_cli(features: tuple[Path, Path], tmp_path: Path) -> None:
    shapes, data = features
    ours = Validator([shapes], vocabulary=False).validate_files([str(data)])
    theirs = pyshacl_cli(as_nt(data, tmp_path), as_nt(shapes, tmp_path), tmp_path)
    assert found(ours) == found(theirs)
    assert len(found(ours)) >= 35
    components = {r.component for r in ours.results}
    assert len(components) >= 25, components  # the data exercises most of SHACL core
    # same severities and values as well, where the value is an IRI or a literal
    keyed = {
        (r.focus, r.component, r.path, r.value, r.severity)
        for r in ours.results
        if not r.focus.startswith("_:")
    }
    assert keyed == {
        (r.focus, r.component, r.path, r.value, r.severity)
        for r in theirs.results
        if not r.focus.startswith("_:")
    }


def test_what_the_sparql_engine_cannot_compile_runs_in_pyshacl(features: tuple[Path, Path]) -> None:
    shapes, data = features
    report = Validator([shapes], vocabulary=False).validate_files([str(data)])
    fallback = [e for e in report.engines if e.engine == "pySHACL"]
    assert fallback and all("qualifiedValueShapesDisjoint" in (e.reason or "") for e in fallback)
    assert len(fallback) == 2  # the two property shapes of ex:TeamShape, each on its own
    team = {
        (r.focus, r.component) for r in report.results if r.focus.startswith("http://example.org/ns#team")
    }
    assert team == {  # neither team has a lead
        ("http://example.org/ns#team1", "QualifiedMinCountConstraintComponent"),
        ("http://example.org/ns#team2", "QualifiedMinCountConstraintComponent"),
    }


def test_the_pyshacl_engine_of_kg_agrees_too(features: tuple[Path, Path]) -> None:
    shapes, data = features
    ours = Validator([shapes], vocabulary=False).validate_files([str(data)])
    theirs = Validator([shapes], vocabulary=False, engine=Engine.PYSHACL).validate_files([str(data)])
    assert found(ours) == found(theirs)
