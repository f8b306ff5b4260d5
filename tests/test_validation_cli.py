"""``kg validate`` and ``kg shapes`` as a user runs them: any RDF format, several files, standard
input, the store; every report format; exit codes; --fail-on, --max-reports, --shapes, --ontology,
--inference, --engine."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.iris import IriScheme
from kg.mapping import map_article
from kg.store.local import LocalStore
from kg.validation.render import JSON_SCHEMA

from .conftest import FIXED_RUN, sample_analysis

IRIS = IriScheme("https://data.example.org/")
KG = "https://w3id.org/kg-news/ontology#"
SH = "http://www.w3.org/ns/shacl#"
PREFIXES = "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n@prefix ex: <http://example.org/> .\n"
BAD = PREFIXES + '<https://x.org/c> a kg:Country ; kg:iso3166Alpha3 "pk" .\n'


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def good_quads() -> list[ox.Quad]:
    return map_article(sample_analysis(), IRIS, FIXED_RUN).quads


def write(path: Path, fmt: ox.RdfFormat, quads: list[ox.Quad]) -> Path:
    with path.open("wb") as out:
        ox.serialize(quads if fmt.supports_datasets else [q.triple for q in quads], out, fmt)
    return path


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("rdf", ox.RdfFormat.RDF_XML),
    ],
)
def test_any_rdf_format_from_its_suffix(
    runner: CliRunner, tmp_path: Path, suffix: str, fmt: ox.RdfFormat
) -> None:
    path = write(tmp_path / f"article.{suffix}", fmt, good_quads())
    result = run(runner, "validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Conforms:")


def test_several_files_are_one_data_graph(runner: CliRunner, tmp_path: Path) -> None:
    quads = good_quads()
    half = len(quads) // 2
    a = write(tmp_path / "a.ttl", ox.RdfFormat.TURTLE, quads[:half])
    b = write(tmp_path / "b.nq", ox.RdfFormat.N_QUADS, quads[half:])
    assert run(runner, "validate", str(a), str(b)).exit_code == 0
    # a second label in another file: the files are validated together
    other = tmp_path / "other.ttl"
    other.write_text(
        f"<{IRIS.entity('vladimir-putin').value}> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"V. V. Putin" .\n'
    )
    result = run(runner, "validate", str(a), str(b), str(other), "-f", "json")
    assert result.exit_code == 1
    assert {(r["focus"], r["component"]) for r in json.loads(result.stdout)["results"]} == {
        (IRIS.entity("vladimir-putin").value, "MaxCountConstraintComponent")
    }


def test_standard_input(runner: CliRunner) -> None:
    data = ox.serialize([q.triple for q in good_quads()], format=ox.RdfFormat.N_TRIPLES)
    assert run(runner, "validate", "-", "--input-format", "nt", input=data).exit_code == 0
    assert run(runner, "validate", "-", "--input-format", "turtle", input=BAD).exit_code == 1
    no_format = run(runner, "validate", "-", input=BAD)
    assert no_format.exit_code == 2 and "kg: hint: pass --input-format (one of: turtle," in no_format.stderr


def test_unknown_suffix_hint_names_the_commands_option(runner: CliRunner, tmp_path: Path) -> None:
    """validate and push set the data's format with --input-format (-f is validate's report
    format); an ontology file has no format option, so it needs a suffix."""
    unknown = tmp_path / "data.xyz"
    unknown.write_text(BAD)
    result = run(runner, "validate", str(unknown))
    assert result.exit_code == 2
    assert "kg: hint: pass --input-format (one of: turtle," in result.stderr
    assert "--format/-f" not in result.stderr
    push = run(
        runner,
        "push",
        str(unknown),
        "--endpoint",
        "http://127.0.0.1:9/query",
        "--gsp-url",
        "http://127.0.0.1:9/store",
        "--retries",
        "0",
    )
    assert push.exit_code == 2 and "pass --input-format" in push.stderr and "--format" not in push.stderr
    good = tmp_path / "good.ttl"
    good.write_text(PREFIXES)
    ontology = run(runner, "validate", str(good), "--ontology", str(unknown))
    assert ontology.exit_code == 2
    assert "ontology" in ontology.stderr and "name the file with a suffix: .ttl" in ontology.stderr


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)
    assert run(runner, "validate", str(bad)).exit_code == 1
    assert run(runner, "validate", str(bad), "-f", "nope").exit_code == 2
    assert run(runner, "validate", str(bad), "--fail-on", "never").exit_code == 2
    unknown = tmp_path / "data.xyz"
    unknown.write_text(BAD)
    assert run(runner, "validate", str(unknown)).exit_code == 2
    missing = run(runner, "validate", str(tmp_path / "missing.ttl"))
    assert missing.exit_code == 3 and "missing.ttl: no such file" in missing.stderr
    broken = tmp_path / "broken.nt"
    broken.write_text('<http://e/a> <http://e/b> "x" .\n<http://e/a> <http://e/b> .\n')
    result = run(runner, "validate", str(broken))
    assert result.exit_code == 3
    assert f"{broken}:2:" in result.stderr and "syntax error" in result.stderr
    assert "Traceback" not in result.output


RDF_XML_HEAD = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        # an undeclared prefix on an element and on an attribute: the start of the element
        ('  <rdf:Description rdf:about="http://e/a">\n    <e:p>x</e:p>\n', ":4:5:", "prefix e:"),
        ('  <rdf:Description e:p="x" rdf:about="http://e/a b:c">\n', ":3:3:", "prefix e:"),
        ("  <rdf:Description>\n  </rdf:Descriptio>\n", ":4:5:", "mismatched tag"),
    ],
)
def test_rdf_xml_errors_have_a_line_and_column(
    runner: CliRunner, tmp_path: Path, body: str, where: str, message: str
) -> None:
    bad = tmp_path / "bad.rdf"
    bad.write_text(RDF_XML_HEAD + body + "  </rdf:Description>\n</rdf:RDF>\n")
    result = run(runner, "validate", str(bad))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: error: {bad}{where} XML syntax error: ")
    assert message in result.stderr and "Traceback" not in result.output


def test_rdf_xml_error_without_a_position_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """pyoxigraph's RDF/XML parser reports no position for an RDF-level error (a bad IRI in
    well-formed XML): kg says so instead of making one up."""
    bad = tmp_path / "bad.rdf"
    bad.write_text(
        RDF_XML_HEAD + '  <rdf:Description rdf:about="http://e/a">\n'
        '    <rdf:value rdf:resource="not an iri"/>\n  </rdf:Description>\n</rdf:RDF>\n'
    )
    result = run(runner, "validate", str(bad))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kg: error: {bad}: RDF syntax error: ")
    assert "'not an iri'" in result.stderr
    assert "no line or column: the RDF parser does not report one" in result.stderr


WARNING_SHAPES = (
    PREFIXES
    + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Soft a sh:NodeShape ; sh:targetClass kg:Country ;
    sh:property [ sh:path kg:capital ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "A country should name its capital." ] .
ex:Softer a sh:NodeShape ; sh:targetClass kg:Country ;
    sh:property [ sh:path kg:motto ; sh:minCount 1 ; sh:severity sh:Info ;
                  sh:message "A country may have a motto." ] .
"""
)


def test_fail_on(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "soft.ttl"
    shapes.write_text(WARNING_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "ex:fr a kg:Country .\n")
    default = run(runner, "validate", str(data), "--shapes", str(shapes))
    assert default.exit_code == 0
    assert "Conforms at --fail-on violation: 0 violations, 1 warning, 1 info." in default.stdout
    assert "A country should name its capital." in default.stdout
    assert run(runner, "validate", str(data), "--shapes", str(shapes), "--fail-on", "warning").exit_code == 1
    infos = run(runner, "validate", str(data), "--shapes", str(shapes), "--fail-on", "info", "-f", "json")
    assert infos.exit_code == 1
    report = json.loads(infos.stdout)
    assert report["counts"] == {"Violation": 0, "Warning": 1, "Info": 1}
    assert report["fails"] is True and report["failOn"] == "Info" and report["conforms"] is False


def test_max_reports(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        PREFIXES
        + "".join(f'<https://x.org/c{i}> a kg:Country ; kg:iso3166Alpha3 "x{i}" .\n' for i in range(20))
    )
    full = json.loads(run(runner, "validate", str(data), "-f", "json").stdout)
    assert len(full["results"]) == 40 and full["truncated"] is False
    result = run(runner, "validate", str(data), "-f", "json", "--max-reports", "5")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report["results"]) == 5 and report["truncated"] is True
    assert report["counts"]["Violation"] == 40 and report["omitted"]["Violation"] == 35
    human = run(runner, "validate", str(data), "--max-reports", "5").stdout
    assert "Does not conform: 40 violations" in human and "left out 35 violations" in human


MIXED_SHAPES = (
    PREFIXES
    + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Soft a sh:NodeShape ; sh:targetClass ex:Region ;
    sh:property [ sh:path kg:motto ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "A region should have a motto." ] .
ex:Hard a sh:NodeShape ; sh:targetClass kg:Country ;
    sh:property [ sh:path kg:capital ; sh:minCount 1 ; sh:message "A country names its capital." ] .
"""
)


def test_max_reports_never_turns_a_failure_into_a_pass(runner: CliRunner, tmp_path: Path) -> None:
    """3 violations and 2 warnings, the warnings' shape and focus nodes first: the cap lists the
    most severe results, and the verdict and exit code still count every result."""
    shapes = tmp_path / "mixed.ttl"
    shapes.write_text(MIXED_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text(
        PREFIXES
        + "".join(f"ex:a{i} a ex:Region .\n" for i in range(2))
        + "".join(f"ex:z{i} a kg:Country .\n" for i in range(3))
    )
    args = ("validate", str(data), "--shapes", str(shapes), "--max-reports", "2")
    result = run(runner, *args, "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["fails"] is True
    assert report["counts"] == {"Violation": 3, "Warning": 2, "Info": 0}
    assert [r["severity"] for r in report["results"]] == ["Violation", "Violation"]
    assert report["truncated"] is True and report["omitted"] == {"Violation": 1, "Warning": 2, "Info": 0}
    human = run(runner, *args)
    assert human.exit_code == 1
    assert human.stdout.rstrip().splitlines()[-1] == (
        "Does not conform: 3 violations, 2 warnings, 0 infos; listed the 2 most severe of 5 results "
        "(--max-reports), left out 1 violation, 2 warnings."
    )
    assert "Conforms" not in human.stdout
    # the same with the pySHACL engine, and with warnings failing
    assert run(runner, *args, "--engine", "pyshacl").exit_code == 1
    only_warnings = tmp_path / "regions.ttl"
    only_warnings.write_text(PREFIXES + "ex:a0 a ex:Region .\nex:a1 a ex:Region .\n")
    soft = run(runner, "validate", str(only_warnings), "--shapes", str(shapes), "--max-reports", "1")
    assert soft.exit_code == 0 and "Conforms at --fail-on violation: 0 violations, 2 warnings" in soft.stdout
    strict = ("validate", str(only_warnings), "--shapes", str(shapes), "--max-reports", "1")
    assert run(runner, *strict, "--fail-on", "warning").exit_code == 1


# --------------------------------------------------------------------------------------------
# Report formats
# --------------------------------------------------------------------------------------------


def check_schema(value: Any, schema: dict[str, Any], where: str = "$") -> None:
    """The subset of JSON Schema that kg's report schema uses: type, const, enum, required,
    properties, items, minimum."""
    kinds = schema.get("type")
    if kinds is not None:
        names = {
            "object": dict,
            "array": list,
            "string": str,
            "boolean": bool,
            "integer": int,
            "null": type(None),
        }
        allowed = tuple(names[k] for k in ([kinds] if isinstance(kinds, str) else kinds))
        assert isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed), where
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], where
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}.{key} missing"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check_schema(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check_schema(item, schema["items"], f"{where}[{i}]")


@pytest.fixture
def bad_store(runner: CliRunner, store_dir: Path, tmp_path: Path) -> Path:
    """A store holding an article whose claim was edited to a confidence of 1.5."""
    article = tmp_path / "in" / "summit.md"
    article.parent.mkdir()
    article.write_text(
        "---\ntitle: Partners at the summit\ndate: 2019-06-14\npublisher: Daily Post\n"
        "claims:\n  - subject: Russia\n    relation: strategic partnership\n    object: Pakistan\n"
        '    quote: "Russia and Pakistan are strategic partners"\n---\n'
        "Russia and Pakistan are strategic partners, the summit heard.\n"
    )
    result = run(runner, "ingest", str(article.parent), "--no-extract")
    assert result.exit_code == 0, result.stderr
    with LocalStore.open(store_dir) as st:
        st.update(
            "DELETE { GRAPH ?g { ?c kg:confidence ?x } } INSERT { GRAPH ?g { ?c kg:confidence 1.5 } } "
            "WHERE { GRAPH ?g { ?c a kg:Claim ; kg:confidence ?x } }"
        )
    return store_dir


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_max_reports_caps_the_listing_of_either_engine(
    runner: CliRunner, tmp_path: Path, engine: str
) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        PREFIXES
        + "".join(f'<https://x.org/c{i}> a kg:Country ; kg:iso3166Alpha3 "x{i}" .\n' for i in range(20))
    )
    args = ("validate", str(data), "--engine", engine, "--max-reports", "5")
    report = json.loads(run(runner, *args, "-f", "json").stdout)
    assert len(report["results"]) == 5 and report["truncated"] is True
    assert report["counts"]["Violation"] == 40 and report["omitted"]["Violation"] == 35
    human = run(runner, *args)
    assert human.exit_code == 1
    assert human.stdout.count("    Violation:") == 5
    assert "listed the 5 most severe of 40 results (--max-reports), left out 35 violations" in human.stdout
    table = run(runner, *args, "-f", "table").stdout
    assert sum(line.startswith("Violation") for line in table.splitlines()) == 5


def test_max_reports_on_the_store_with_pyshacl(runner: CliRunner, bad_store: Path) -> None:
    with LocalStore.open(bad_store) as st:
        st.update(
            "DELETE { GRAPH ?g { ?c kg:modality ?m } } WHERE { GRAPH ?g { ?c a kg:Claim ; kg:modality ?m } }"
        )
    result = run(runner, "validate", "--engine", "pyshacl", "--max-reports", "1")
    assert result.exit_code == 1
    assert result.stdout.count("    Violation:") == 1
    assert result.stdout.rstrip().endswith(
        "Does not conform: 2 violations, 0 warnings, 0 infos; listed the 1 most severe of 2 results "
        "(--max-reports), left out 1 violation."
    )


def test_json_follows_its_schema(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    schema = json.loads(
        (Path(__file__).parent.parent / "kg" / "validation" / "report-schema.json").read_text()
    )
    check_schema(report, schema)
    assert report["schema"] == JSON_SCHEMA
    (claim,) = report["results"]
    assert (
        claim["component"] == "MaxInclusiveConstraintComponent"
        and claim["value"] == '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    )
    assert claim["origin"]["title"] == "Partners at the summit"
    assert claim["origin"]["quote"] == "Russia and Pakistan are strategic partners"


def test_human_report_shows_where_a_node_came_from(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate")
    assert result.exit_code == 1
    out = result.stdout
    assert "from article “Partners at the summit”" in out
    assert "evidence: “Russia and Pakistan are strategic partners”" in out
    assert "shape kgsh:ClaimConfidence" in out and "Violation: kg:confidence = 1.5" in out
    assert "A claim needs exactly one confidence (kg:confidence), an xsd:decimal between 0 and 1." in out
    assert out.rstrip().endswith("Does not conform: 1 violation, 0 warnings, 0 infos.")


def test_junit_xml_for_ci(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate", "-f", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout_bytes)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert "kgsh:ClaimShape (Claim)" in suites and "kgsh:EntityShape (Entity)" in suites
    failures = root.findall(".//failure")
    assert len(failures) == int(root.get("failures", "-1")) == 1
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in suites.values())
    assert all(f.get("type") == "Violation" and f.get("message") for f in failures)
    passing = [c for c in root.iter("testcase") if c.find("failure") is None]
    assert any(c.get("name", "").endswith("focus nodes conform") for c in passing)
    (case,) = suites["kgsh:ClaimShape (Claim)"].findall("testcase/failure/..")
    assert "kg:confidence MaxInclusive" in case.get("name", "")
    assert "Partners at the summit" in (case.findtext("failure") or "")


def test_turtle_is_a_shacl_validation_report(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate", "-f", "turtle")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace(SH)
    (report,) = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms).toPython() is False
    results = list(graph.objects(report, sh.result))
    assert len(results) == 1
    for r in results:
        assert graph.value(r, sh.focusNode) is not None and graph.value(r, sh.resultSeverity) == sh.Violation
        assert graph.value(r, sh.sourceConstraintComponent) is not None


def test_turtle_restates_complex_paths(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "ex:a kg:meets ex:summit . ex:a a kg:Person . ex:summit a kg:Summit .\n")
    result = run(runner, "validate", str(data), "-f", "turtle")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace(SH)
    paths = [graph.value(r, sh.resultPath) for r in graph.objects(None, sh.result)]
    alternatives = [graph.value(p, sh.alternativePath) for p in paths if isinstance(p, rdflib.BNode)]
    assert alternatives, paths
    members = list(rdflib.collection.Collection(graph, alternatives[0]))
    assert rdflib.URIRef(KG + "meets") in members and len(members) == 21


def test_table(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)
    result = run(runner, "validate", str(bad), "-f", "table")
    assert result.stdout.splitlines()[0].split() == [
        "severity",
        "focus",
        "path",
        "value",
        "constraint",
        "message",
    ]
    assert "Pattern" in result.stdout and result.stdout.rstrip().endswith("0 infos.")


def test_verbose_says_which_engine_ran_what(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)
    result = run(runner, "validate", str(bad), "-v")
    assert "Engine: kg SPARQL engine (pyoxigraph) ran" in result.stderr
    assert (
        " ms  kgsh:ClaimShape SPARQL" in result.stderr
        or "ms  https://w3id.org/kg-news/shapes#ClaimShape" in result.stderr
    )


# --------------------------------------------------------------------------------------------
# Shapes, ontology, inference, engines
# --------------------------------------------------------------------------------------------

EXTRA_SHAPES = (
    PREFIXES
    + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Capital a sh:NodeShape ; sh:targetClass kg:Country ;
    sh:property [ sh:path kg:capital ; sh:minCount 1 ; sh:message "A country names its capital." ] .
"""
)


def test_user_shapes_instead_of_or_with_kgs(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(EXTRA_SHAPES)
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD)

    def components(*args: str) -> set[str]:
        return {
            r["component"]
            for r in json.loads(run(runner, "validate", str(bad), "-f", "json", *args).stdout)["results"]
        }

    assert components("--shapes", str(shapes)) == {"MinCountConstraintComponent"}
    assert components("--shapes", "@kg", "--shapes", str(shapes)) == {
        "MinCountConstraintComponent",
        "PatternConstraintComponent",
    }
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "mine.ttl").write_text(EXTRA_SHAPES)
    assert components("--shapes", str(folder)) == {"MinCountConstraintComponent"}


def test_ontology_adds_the_class_hierarchy(runner: CliRunner, tmp_path: Path) -> None:
    quads = [
        ox.Quad(q.subject, q.predicate, ox.NamedNode("http://example.org/Minister"), q.graph_name)
        if q.predicate.value.endswith("#type") and q.object.value == KG + "Person"
        else q
        for q in good_quads()
    ]
    data = write(tmp_path / "data.ttl", ox.RdfFormat.TURTLE, quads)
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text(
        PREFIXES + "ex:Minister <http://www.w3.org/2000/01/rdf-schema#subClassOf> kg:Person .\n"
    )
    assert run(runner, "validate", str(data)).exit_code == 1  # a Minister is no kg:Actor kg knows of
    assert run(runner, "validate", str(data), "--ontology", str(ontology)).exit_code == 0


def test_rdfs_inference(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + 'ex:fr kg:iso3166Alpha3 "FRA" .\n')  # no type, no label
    assert run(runner, "validate", str(data)).exit_code == 0  # nothing is targeted
    result = run(runner, "validate", str(data), "--inference", "rdfs", "-f", "json")
    assert result.exit_code == 1  # kg:iso3166Alpha3 has domain kg:Country: a country needs a label
    assert {(r["focus"], r["path"]) for r in json.loads(result.stdout)["results"]} == {
        ("http://example.org/fr", "http://www.w3.org/2004/02/skos/core#prefLabel")
    }


def test_the_pyshacl_engine_gives_the_same_report(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        BAD
        + "<https://x.org/claim> a kg:Claim ; kg:subject <https://x.org/c> ; kg:object <https://x.org/c> .\n"
    )

    def results(engine: str) -> list[tuple[str, str, str | None]]:
        report = json.loads(run(runner, "validate", str(bad), "-f", "json", "--engine", engine).stdout)
        return sorted((r["focus"], r["component"], r["path"]) for r in report["results"])

    assert results("sparql") == results("pyshacl")
    assert len(results("sparql")) > 8


def test_validate_the_store(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate", "-f", "json", "--engine", "pyshacl")
    assert result.exit_code == 1 and len(json.loads(result.stdout)["results"]) == 1
    assert run(runner, "validate", "--store", str(bad_store.parent / "none")).exit_code == 4


def test_kg_shapes_lists_targets_and_messages(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "shapes")
    assert result.exit_code == 0
    out = result.stdout
    assert "kgsh:ClaimShape — Claim" in out and "targets: instances of kg:Claim" in out
    assert "message: A claim needs exactly one subject (kg:subject), a kg:Actor." in out
    assert "SPARQL constraint Claim not dated after its article" in out
    as_json = json.loads(run(runner, "shapes", "-f", "json").stdout)
    claim = next(s for s in as_json if s["key"].endswith("#ClaimShape"))
    assert claim["targets"] == [f"instances of <{KG}Claim>"] and claim["properties"]
    mine = tmp_path / "mine.ttl"
    mine.write_text(EXTRA_SHAPES)
    listed = run(runner, "shapes", "--shapes", str(mine)).stdout
    assert "<http://example.org/Capital>" in listed and "A country names its capital." in listed


# --------------------------------------------------------------------------------------------
# The same inputs give the same report: blank-node shapes and data nodes get stable names
# --------------------------------------------------------------------------------------------

BLANK_SHAPES = (
    PREFIXES
    + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:CountryShape a sh:NodeShape ; sh:targetClass kg:Country ;
    sh:property [ sh:path kg:capital ; sh:minCount 1 ] ;
    sh:property [ sh:path kg:motto ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "A country should have a motto." ] ;
    sh:property [ sh:path kg:member ;
                  sh:qualifiedValueShape [ sh:class kg:Organization ] ; sh:qualifiedMinCount 1 ;
                  sh:qualifiedValueShapesDisjoint true ] .
[] a sh:NodeShape ; sh:targetClass kg:Person ;
    sh:property [ sh:path kg:capital ; sh:minCount 1 ] .
"""
)
STABLE_ID = r"_:[bn][0-9a-f]{16}(-\d+)?"


def test_json_report_is_the_same_on_every_run(runner: CliRunner, tmp_path: Path) -> None:
    import re

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(BLANK_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text(
        PREFIXES
        + "ex:fr a kg:Country .\n[] a kg:Country ; kg:member [ a kg:Country ] .\nex:p a kg:Person .\n"
    )

    def report(*more: str) -> str:
        result = run(
            runner, "validate", str(data), "--shapes", str(shapes), "--shapes", "@kg", "-f", "json", *more
        )
        assert result.exit_code == 1, result.stderr
        return result.stdout

    first = report()
    assert first == report()  # the shapes and data are parsed again, with new random blank nodes
    assert report("--engine", "pyshacl") == report("--engine", "pyshacl")
    parsed = json.loads(first)
    ids = re.findall(r'"(_:[^"]*)"', first)
    assert ids and all(re.fullmatch(STABLE_ID, i) for i in ids), ids
    assert any(e["engine"] == "pySHACL" for e in parsed["engines"])  # the disjoint qualified shape
    blank_shapes = {r["shape"] for r in parsed["results"] if r["shape"].startswith("_:")}
    assert len(blank_shapes) >= 3
    # kg shapes names the same blank-node shapes by the same keys
    listed = json.loads(run(runner, "shapes", "--shapes", str(shapes), "-f", "json").stdout)

    def keys(items: list[dict[str, Any]]) -> set[str]:
        return {k for s in items for k in (s["key"], *keys(s["properties"]))}

    assert blank_shapes <= keys(listed)


def test_kg_shapes_shows_severity_message_and_engine_of_every_shape(
    runner: CliRunner, tmp_path: Path
) -> None:
    import re

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(BLANK_SHAPES)
    text = run(runner, "shapes", "--shapes", str(shapes)).stdout
    assert text == run(runner, "shapes", "--shapes", str(shapes)).stdout
    ids = re.findall(r"_:\S+?(?=\)|\s|$)", text)
    assert ids and all(re.fullmatch(STABLE_ID, i) for i in ids), ids
    fields = ("targets:", "checks:", "severity:", "message:", "engine:")
    heads = [
        line
        for line in text.splitlines()
        if line and not line.lstrip().startswith(fields) and "shapes with targets" not in line
    ]
    assert len(heads) == 6  # two node shapes, four property shapes
    assert text.count("severity: ") == text.count("message: ") == text.count("engine:  ") == len(heads)
    assert "severity: Warning" in text and "severity: Violation" in text
    assert "message: A country should have a motto." in text
    assert "engine:  kg SPARQL engine (pyoxigraph)" in text and "engine:  pySHACL (" in text
    assert "[ ]  (_:b" in text and "kg:capital  (_:b" in text


def test_input_format_without_data_is_a_usage_error(runner: CliRunner, bad_store: Path) -> None:
    result = run(runner, "validate", "--input-format", "nt")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kg: error: --input-format is the format of DATA files, and none")
    assert "kg validate - --input-format nt" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------------------------
# Report wording: default messages name the parameter; paths and plurals read well; origins
# --------------------------------------------------------------------------------------------

PLAIN_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxInclusive 150 ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern "^[A-Z]" ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:email ex:phone ) ] ; sh:minCount 2 ] .
"""


def test_default_messages_name_the_parameter(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PLAIN_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text(
        '@prefix ex: <http://example.org/> .\nex:ann a ex:Person ; ex:age "old", 200 ; ex:email "a" .\n'
    )
    report = json.loads(run(runner, "validate", str(data), "--shapes", str(shapes), "-f", "json").stdout)
    messages = {(r["component"].removesuffix("ConstraintComponent"), r["message"]) for r in report["results"]}
    assert ("Datatype", "the value is not a literal of datatype xsd:integer") in messages  # not the path
    assert ("MaxInclusive", "the value is greater than 150") in messages
    assert ("MinCount", "fewer than 1 value") in messages
    assert ("MinCount", "fewer than 2 values") in messages
    assert not any("http://example.org/" in m for _, m in messages)


def test_human_report_writes_paths_with_the_shapes_prefixes(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PLAIN_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:ann a ex:Person ; ex:name "Ann" ; ex:age 3 .\n')
    human = run(runner, "validate", str(data), "--shapes", str(shapes))
    assert human.exit_code == 1
    assert "    Violation: (ex:email|ex:phone)\n" in human.stdout
    assert "http://example.org/" not in human.stdout
    table = run(runner, "validate", str(data), "--shapes", str(shapes), "-f", "table").stdout
    assert "(ex:email|ex:phone)" in table and "ex:ann" in table


def test_counts_read_well_in_the_singular(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PLAIN_SHAPES)
    data = tmp_path / "data.ttl"
    data.write_text(
        '@prefix ex: <http://example.org/> .\nex:ann a ex:Person ; ex:name "Ann" ; ex:email "a", "b" .\n'
    )
    result = run(runner, "validate", str(data), "--shapes", str(shapes))
    assert result.exit_code == 0 and "Conforms: 1 focus node checked, no results." in result.stdout
    assert "\n1 shape with targets, from " in run(runner, "shapes", "--shapes", str(shapes)).stdout
    article = tmp_path / "a.md"
    article.write_text(
        "---\ntitle: Talks\npublisher: P\ndate: 2019-06-14\nclaims:\n  - subject: France\n"
        "    relation: meeting\n    object: Germany\n    quote: France and Germany met\n---\n"
        "France and Germany met in Paris.\n"
    )
    assert "\n1 claim\n" in run(runner, "extract", str(article), "--curated-only").stdout
    ingested = run(runner, "ingest", "-v", "--no-extract", str(article))
    assert "(1 claim, " in ingested.stderr


def test_an_actor_in_several_articles_has_a_stable_origin(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, partner in enumerate(["Germany", "Italy", "Spain"]):
        (folder / f"{n}.md").write_text(
            f"---\ntitle: Talks {n}\npublisher: P\ndate: 2019-06-1{n}\nclaims:\n  - subject: France\n"
            f"    relation: meeting\n    object: {partner}\n    quote: France and {partner} met\n---\n"
            f"France and {partner} met in Paris.\n"
        )
    assert run(runner, "ingest", "--no-extract", str(folder)).exit_code == 0
    with LocalStore.open(store_dir) as st:
        st.update(
            "DELETE { GRAPH ?g { ?e skos:prefLabel ?l } } "
            "WHERE { GRAPH ?g { ?e kg:iso3166Alpha3 'FRA' ; skos:prefLabel ?l } }"
        )
    reports = [json.loads(run(runner, "validate", "-f", "json").stdout) for _ in range(3)]
    assert reports[0] == reports[1] == reports[2]  # the same article every time
    (result,) = [r for r in reports[0]["results"] if r["focus"].endswith("/FRA")]
    assert result["origin"]["articles"] == 3
    human = run(runner, "validate").stdout
    assert f"“{result['origin']['title']}”" in human and "(one of 3 articles that use it)" in human


def test_default_messages_use_the_shapes_files_prefixes(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:t ex:owner ex:q .\n")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:t ;\n"
        "  sh:property [ sh:path ex:owner ; sh:class ex:Agent ] .\n"
    )
    result = runner.invoke(cli, ["validate", str(data), "--shapes", str(shapes), "-f", "human"])
    assert result.exit_code == 1
    assert "not an instance of ex:Agent" in result.stdout
