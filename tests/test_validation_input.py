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
    for command in (["validate", str(data)], ["shapes"]):
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
