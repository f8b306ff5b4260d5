"""Bad input: malformed shapes are errors that name the file (and the line); data does not make kg
hang, crash or go to the network; owl:imports are followed only with --imports."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.errors import InputError
from kg.validation import Validator, load_shapes

from .conftest import REPO

PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
DATA = PREFIXES + "ex:a a ex:Thing .\n"


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args), catch_exceptions=False)


MALFORMED = {
    "syntax error": (
        PREFIXES + "ex:S a sh:NodeShape ;\n  sh:targetClass ex:Thing\n  sh:minCount 1 .\n",
        ":6:3:",
        "syntax",
    ),
    "not SHACL": (PREFIXES + "ex:a ex:b ex:c .\n", "", "no SHACL shapes in this file"),
    "unknown constraint": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + "  sh:property [ sh:path ex:p ;\n    sh:minCont 1 ] .\n",
        ":6:",
        "unknown SHACL property sh:minCont (did you mean sh:minCount?)",
    ),
    "unknown node kind": (
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:nodeKind sh:Iri .\n",
        ":5:",
        "unknown SHACL term sh:Iri (did you mean sh:IRI?)",
    ),
    "count not a number": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + '  sh:property [ sh:path ex:p ;\n    sh:minCount "one" ] .\n',
        ":6:",
        'sh:minCount must be a non-negative integer, not "one"',
    ),
    "property shape without a path": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:P .\n"
        + "ex:P a sh:PropertyShape ;\n  sh:minCount 1 .\n",
        ":5:",
        "malformed shape ex:P: a sh:PropertyShape needs a sh:path",
    ),
    "class a literal": (
        PREFIXES + 'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:class "Thing" .\n',
        ":5:",
        'sh:class must be an IRI, not "Thing"',
    ),
    "a value of sh:property without a path": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + "  sh:property [ sh:path ex:p ; sh:minCount 1 ] ;\n"
        + "  sh:property [ sh:minCount 1 ] .\n",
        ":6:",
        "malformed shape [ ] in sh:property of ex:S: a value of sh:property must be a property shape, "
        "with a sh:path",
    ),
    "a named value of sh:property without a path": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:P .\n"
        + "ex:Q a sh:NodeShape .\n"
        + "ex:P sh:minCount 1 .\n",
        ":6:",
        "malformed shape ex:P: a value of sh:property must be a property shape",
    ),
    "a node shape with a path": (
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:path ex:p ; sh:minCount 1 .\n",
        ":5:",
        "malformed shape ex:S: a sh:NodeShape has no sh:path",
    ),
    "a count on a node shape": (
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:maxCount 1 .\n",
        ":5:",
        "sh:maxCount applies to property shapes only",
    ),
    "sh:node naming a property shape": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + "  sh:node [ sh:path ex:p ; sh:minCount 1 ] .\n",
        ":5:",
        "a value of sh:node must be a node shape, without a sh:path",
    ),
    "a member of sh:or with a count and no path": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + "  sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:minCount 1 ] ) .\n",
        "",
        "malformed shape [ ] in sh:or of ex:S: sh:minCount applies to property shapes only",
    ),
    "sh:select with an undeclared prefix": (
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + '  sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?x }" ] .\n',
        ":5:",
        "the sh:select query of a SPARQL constraint of ex:S is not valid SPARQL: a prefix is not declared",
    ),
    "broken list": (
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n  sh:in ex:notAList .\n",
        "",
        "must be a well-formed RDF list",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_shapes_name_the_file_and_line(runner: CliRunner, tmp_path: Path, case: str) -> None:
    text, where, message = MALFORMED[case]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(text)
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    for command in (["validate", str(data)], ["validate", str(data), "--engine", "pyshacl"], ["shapes"]):
        result = run(runner, *command, "--shapes", str(shapes))
        assert result.exit_code == 3, result.output
        assert f"kg: error: {shapes}{where}" in result.stderr, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.output


def test_one_bad_file_among_several_is_named(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI .\n")
    empty = tmp_path / "empty.ttl"
    empty.write_text(PREFIXES)
    with pytest.raises(InputError) as err:
        load_shapes([good, empty])
    assert err.value.source == str(empty)


def test_a_sparql_constraint_that_is_not_sparql(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        '  sh:sparql [ sh:message "m" ; sh:select "SELECT $this WHERE { $this ?p }" ] .\n'
    )
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    for engine in ("sparql", "pyshacl"):
        result = run(runner, "validate", str(data), "--shapes", str(shapes), "--engine", engine)
        assert result.exit_code == 3, result.output
        assert "Traceback" not in result.output


BROKEN_SELECT = """SELECT $this WHERE {
  $this ex:p ?x .
  FILTER (?x >>> 1)
}"""


def test_a_broken_sh_select_is_placed_in_the_shapes_file(runner: CliRunner, tmp_path: Path) -> None:
    """The file, and the line and column in the file: the query's own position (not shifted by the
    sh:prefixes kg gives the parser) counted from the line where the literal starts."""
    import pyoxigraph as ox

    with pytest.raises(SyntaxError) as parsed:
        ox.Store().query(BROKEN_SELECT, prefixes={"ex": "http://example.org/"})
    line, column = (int(n) for n in str(parsed.value).split(" ")[2].rstrip(":").split(":"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES
        + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"  # line 4
        + "  sh:sparql [\n"
        + "    sh:prefixes ex:declarations ;\n"
        + '    sh:select """'  # line 7
        + BROKEN_SELECT
        + '""" ] .\n'
        + 'ex:declarations sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/" ] .\n'
    )
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    opening = len('    sh:select """')
    where = f"{shapes}:{7 + line - 1}:{column + opening if line == 1 else column}"
    for command in (["validate", str(data)], ["validate", str(data), "--engine", "pyshacl"], ["shapes"]):
        result = run(runner, *command, "--shapes", str(shapes))
        assert result.exit_code == 3, result.output
        assert result.stderr.startswith(
            f"kg: error: {where}: the sh:select query of a SPARQL constraint of ex:S is not valid SPARQL: "
        ), result.stderr
    good = shapes.read_text().replace(">>> 1", "> 1")
    shapes.write_text(good)  # the declared prefix is known to the check
    assert run(runner, "shapes", "--shapes", str(shapes)).exit_code == 0


def test_pyshacl_errors_name_the_shapes_files(tmp_path: Path) -> None:
    """What pySHACL refuses and kg's checks let through still names the shapes file."""
    import rdflib

    from kg.validation.pyshacl_engine import PyShaclEngine

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI .\n")
    engine = PyShaclEngine(load_shapes([shapes]))
    broken = rdflib.Graph()
    broken.parse(data=PREFIXES + "ex:S a sh:NodeShape ; sh:path ex:p .\n", format="turtle")
    with pytest.raises(InputError) as err:
        engine._run(rdflib.Graph(), broken, None, None, engine._files())
    assert err.value.source == str(shapes)
    assert "pySHACL cannot validate with these shapes" in str(err.value)


def test_blank_nodes_as_constants_go_to_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:property [ sh:path ex:p ; sh:in ( ex:x [ ex:q 1 ] ) ] .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text(DATA + "ex:a ex:p ex:y .\n")
    report = Validator([shapes], vocabulary=False).validate_files([str(data)])
    assert {(r.focus, r.component) for r in report.results} == {
        ("http://example.org/a", "InConstraintComponent")
    }
    assert any(e.engine == "pySHACL" and "blank node" in (e.reason or "") for e in report.engines)


def test_kgs_shapes_load_cleanly() -> None:
    assert len(Validator().shapes.target_shapes()) >= 12


def test_a_recursive_shape_goes_to_pyshacl_not_into_a_loop(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES
        + "ex:Person a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        + "  sh:property [ sh:path ex:knows ; sh:node ex:Person ] ,\n"
        + "              [ sh:path ex:name ; sh:minCount 1 ] .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + 'ex:a a ex:Person ; ex:name "A" ; ex:knows ex:b . ex:b a ex:Person .\n')
    report = Validator([shapes], vocabulary=False).validate_files([str(data)])
    assert ("http://example.org/b", "MinCountConstraintComponent") in {
        (r.focus, r.component) for r in report.results
    }
    assert any(e.engine == "pySHACL" and "recursive" in (e.reason or "") for e in report.engines)


# --------------------------------------------------------------------------------------------
# Large and deep data
# --------------------------------------------------------------------------------------------


def kg_validate(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """kg as its own process: a crash or a hang shows as such (and the timeout stops a hang)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", "validate", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def test_a_million_node_list(tmp_path: Path) -> None:
    data = tmp_path / "list.ttl"
    data.write_text(PREFIXES + "ex:a ex:p ( " + " ".join(map(str, range(1_000_000))) + " ) .\n")
    done = kg_validate(str(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Conforms")


def test_deeply_nested_turtle(tmp_path: Path) -> None:
    depth = 100_000
    turtle = tmp_path / "deep.ttl"
    turtle.write_text(PREFIXES + "ex:a ex:p " + "[ ex:p " * depth + "1" + " ]" * depth + " .\n")
    done = kg_validate(str(turtle))
    assert done.returncode == 0, done.stderr


def test_deeply_nested_rdf_xml_is_refused_not_a_hang(tmp_path: Path) -> None:
    """pyoxigraph's RDF/XML parser takes time quadratic in the depth (100,000 levels: minutes)."""
    depth = 100_000
    xml = tmp_path / "deep.rdf"
    xml.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">'
        + "<rdf:Description><ex:p>" * depth
        + "<rdf:Description/>"
        + "</ex:p></rdf:Description>" * depth
        + "</rdf:RDF>"
    )
    done = kg_validate(str(xml), timeout=60)
    assert done.returncode == 3
    assert "RDF/XML nested more than 1000 elements deep" in done.stderr


def test_deeply_nested_json_ld_is_refused_not_a_crash(tmp_path: Path) -> None:
    """pyoxigraph's JSON-LD parser recurses: ~3,000 levels crash the process, so kg refuses them."""
    depth = 5000
    data = tmp_path / "deep.jsonld"
    data.write_text(
        '{"@context": {"p": "http://example.org/p"}, "@id": "http://example.org/a", '
        + '"p": {' * depth
        + '"p": 1'
        + "}" * depth
        + "}"
    )
    done = kg_validate(str(data))
    assert done.returncode == 3, done.stderr
    assert "nested more than 1000 levels deep" in done.stderr
    shallow = tmp_path / "shallow.jsonld"
    shallow.write_text(
        '{"@id": "http://example.org/a", "http://example.org/p": {"@value": "[{not nested}]"}}'
    )
    assert kg_validate(str(shallow)).returncode == 0


# --------------------------------------------------------------------------------------------
# The network: owl:imports
# --------------------------------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    requests: list[str]


@pytest.fixture
def server() -> Iterator[_Server]:
    """A local HTTP server that serves SHACL shapes and counts the requests it gets."""
    shapes = (
        PREFIXES
        + "ex:Imported a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        + '  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "Imported: a thing has a name." ] .\n'
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            httpd.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(shapes)))
            self.end_headers()
            self.wfile.write(shapes)

        def log_message(self, *args: object) -> None:
            pass

    httpd = _Server(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_imports_are_not_followed_unless_asked(runner: CliRunner, tmp_path: Path, server: _Server) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/shapes.ttl"
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + f"<urn:mine> <http://www.w3.org/2002/07/owl#imports> <{url}> .\n"
        "ex:Mine a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text(DATA + f"<urn:data> <http://www.w3.org/2002/07/owl#imports> <{url}> .\n")
    for engine in ("sparql", "pyshacl"):
        result = run(runner, "validate", str(data), "--shapes", str(shapes), "--engine", engine)
        assert result.exit_code == 0, result.output
    assert run(runner, "shapes", "--shapes", str(shapes)).exit_code == 0
    assert server.requests == []  # neither the shapes' nor the data's import was fetched
    followed = run(runner, "validate", str(data), "--shapes", str(shapes), "--imports")
    assert followed.exit_code == 1
    assert "Imported: a thing has a name." in followed.stdout
    assert server.requests == ["/shapes.ttl"]  # the shapes' import, once; never the data's


def test_an_import_that_fails_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "<urn:mine> <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/nothing.ttl> .\n"
        "ex:Mine a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI .\n"
    )
    result = run(runner, "shapes", "--shapes", str(shapes), "--imports")
    assert result.exit_code == 3
    assert "http://127.0.0.1:9/nothing.ttl: cannot fetch the import" in result.stderr


# --------------------------------------------------------------------------------------------
# Compressed files: a name ending in .gz is read as gzip (kg writes it so)
# --------------------------------------------------------------------------------------------


def test_gzip_data_and_shapes_are_decompressed(runner: CliRunner, tmp_path: Path) -> None:
    import gzip

    shapes = tmp_path / "shapes.ttl.gz"
    shapes.write_bytes(
        gzip.compress(
            (
                PREFIXES + "ex:S a sh:NodeShape ;\n  sh:targetClass ex:Thing ;\n  sh:class ex:Other .\n"
            ).encode()
        )
    )
    data = tmp_path / "data.ttl.gz"
    data.write_bytes(gzip.compress(DATA.encode()))
    result = run(runner, "validate", str(data), "--shapes", str(shapes), "-f", "json")
    assert result.exit_code == 1, result.stderr  # the shape is read and fires on the data
    assert "http://example.org/a" in result.stdout
    nquads = tmp_path / "data.nq.gz"
    nquads.write_bytes(
        gzip.compress(b"<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://g/> .\n")
    )
    assert run(runner, "validate", str(nquads), "--shapes", str(shapes)).exit_code == 0


def test_a_gz_name_on_data_that_is_not_gzip(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl.gz"
    data.write_text(DATA)
    result = run(runner, "validate", str(data))
    assert result.exit_code == 3
    assert (
        result.stderr.startswith(f"kg: error: {data}: not a gzip file") and "Traceback" not in result.output
    )
