"""The CLI in-process with click's CliRunner: exit codes, formats, stdin/stdout, bad input."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result

from kg.cli import cli

from .conftest import DATA

ARTICLES = str(DATA / "articles")


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def ingested(runner: CliRunner, store_dir: Path) -> Path:
    result = run(runner, "ingest", ARTICLES)
    assert result.exit_code == 0, result.stderr
    return store_dir


def test_ingest_reports_a_summary_on_stderr(runner: CliRunner, store_dir: Path) -> None:
    result = run(runner, "ingest", ARTICLES)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "articles read 8, new 8, replaced 0, unchanged 0, rejected 0" in result.stderr
    again = run(runner, "ingest", ARTICLES)
    assert "articles read 8, new 0, replaced 0, unchanged 8, rejected 0; claims 0, triples 0" in again.stderr


def test_ingest_bad_input_exits_1_and_names_the_problem(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\ndate: 2019-02-30\n---\nbody\n")
    result = run(runner, "ingest", ARTICLES, str(bad))
    assert result.exit_code == 1
    assert f"rejected {bad}: {bad}:3:7: bad date" in result.stderr
    assert "new 8" in result.stderr and "rejected 1" in result.stderr
    assert "Traceback" not in result.output


def test_ingest_from_stdin(runner: CliRunner, store_dir: Path) -> None:
    text = (DATA / "articles" / "russia-pakistan-2019.md").read_text()
    result = run(runner, "ingest", "-", input=text)
    assert result.exit_code == 0 and "new 1" in result.stderr


RECORD = (
    '{{"title": "{title}", "publisher": "Daily Post", "date": "2019-06-14", '
    '"text": "France and Germany met."}}'
)


def test_ingest_json_lines_from_stdin(runner: CliRunner, store_dir: Path) -> None:
    """JSON Lines on standard input are told from the content, as JSON Lines."""
    lines = "\n".join(RECORD.format(title=t) for t in ("One", "Two", "Three")) + "\n"
    result = run(runner, "ingest", "-", input=lines)
    assert result.exit_code == 0, result.stderr
    assert "articles read 3, new 3" in result.stderr
    with_a_bad_line = RECORD.format(title="Four") + '\n["not a record"]\n'
    result = run(runner, "ingest", "-", input=with_a_bad_line)
    assert result.exit_code == 1
    assert "rejected <stdin>: <stdin>:2:1: a record must be a JSON object, not list" in result.stderr
    assert "articles read 2, new 1" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        RECORD.format(title="One") + " " + RECORD.format(title="Two") + "\n",
        RECORD.format(title="One").replace(", ", ",\n ") + "\n" + RECORD.format(title="Two") + "\n",
    ],
)
def test_several_json_values_that_are_not_json_lines(runner: CliRunner, store_dir: Path, text: str) -> None:
    result = run(runner, "ingest", "-", input=text)
    assert result.exit_code == 1
    assert "bad JSON: Extra data" in result.stderr
    assert "kg: hint: " in result.stderr and "--input-format jsonl" in result.stderr


def test_query_formats(runner: CliRunner, ingested: Path) -> None:
    q = "SELECT ?label { ?c kg:iso3166Alpha3 'PAK' ; skos:prefLabel ?label }"
    table = run(runner, "query", q, "-f", "table")
    assert table.exit_code == 0 and table.stdout.splitlines()[0].strip() == "label"
    assert "Pakistan" in table.stdout
    data = json.loads(run(runner, "query", q).stdout)  # not a terminal: SPARQL JSON by default
    assert data["head"]["vars"] == ["label"]
    assert {b["label"]["value"] for b in data["results"]["bindings"]} == {"Pakistan"}
    rows = list(csv.reader(io.StringIO(run(runner, "query", q, "-f", "csv").stdout)))
    assert rows[0] == ["label"] and ["Pakistan"] in rows
    tsv = run(runner, "query", q, "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?label" and '"Pakistan"' in tsv
    xml = ET.fromstring(run(runner, "query", q, "-f", "xml").stdout)
    assert xml.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    ask = run(runner, "query", "ASK { ?c a kg:Claim }", "-f", "json")
    assert json.loads(ask.stdout)["boolean"] is True


def test_query_construct_as_rdf(runner: CliRunner, ingested: Path) -> None:
    q = "CONSTRUCT { ?c a kg:Country } WHERE { ?c a kg:Country }"
    turtle = run(runner, "query", q)
    graph = rdflib.Graph().parse(data=turtle.stdout, format="turtle")
    assert len(graph) >= 10
    nt = run(runner, "query", q, "-f", "nt")
    assert len(list(ox.parse(nt.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))) == len(graph)
    wrong = run(runner, "query", q, "-f", "csv")
    assert wrong.exit_code == 2 and "returns triples" in wrong.stderr


def test_query_from_file_and_stdin(runner: CliRunner, ingested: Path) -> None:
    from_file = run(runner, "query", "-q", str(DATA / "queries" / "partners-of-pakistan.rq"), "-f", "csv")
    assert from_file.exit_code == 0 and "Russia" in from_file.stdout
    piped = run(runner, "query", "-f", "csv", input="SELECT (COUNT(*) AS ?n) { ?c a kg:Claim }")
    assert piped.exit_code == 0 and piped.stdout.splitlines()[0] == "n"


def test_query_errors(runner: CliRunner, ingested: Path) -> None:
    syntax = run(runner, "query", "SELECT * WHERE {\n ?s ?p }")
    assert syntax.exit_code == 3
    assert syntax.stderr.startswith("kg: error: query:2:")
    update = run(runner, "query", "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 2 and "--update" in update.stderr
    assert run(runner, "query", "ASK { ?s ?p ?o }", "-f", "json").stdout.strip().endswith("true}")
    done = run(runner, "query", "--update", "DROP GRAPH kg:nothing-here")
    assert done.exit_code == 2 and "update failed" in done.stderr


def test_ingest_creates_the_parent_folders_of_a_new_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "build" / "local"  # build/ does not exist yet
    result = run(runner, "ingest", "--store", str(store), ARTICLES)
    assert result.exit_code == 0, result.stderr
    assert (store / "CURRENT").exists()
    (tmp_path / "plain-file").write_text("x")
    blocked = run(runner, "ingest", "--store", str(tmp_path / "plain-file" / "store"), ARTICLES)
    assert blocked.exit_code == 4 and "cannot create the store folder" in blocked.stderr


def test_missing_store_exits_4(runner: CliRunner, store_dir: Path) -> None:
    result = run(runner, "query", "ASK {}")
    assert result.exit_code == 4
    assert "no kg store" in result.stderr and "kg ingest" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("turtle", "ttl"), ("nt", "nt"), ("nq", "nq"), ("trig", "trig"), ("jsonld", "jsonld")]
)
def test_export_formats(runner: CliRunner, ingested: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    by_flag = tmp_path / f"flag.{suffix}"
    by_suffix = tmp_path / f"suffix.{suffix}"
    assert run(runner, "export", "-f", fmt, "-o", str(by_flag)).exit_code == 0
    result = run(runner, "export", "-o", str(by_suffix))
    assert result.exit_code == 0
    count = int(result.stderr.split("wrote ")[1].split()[0])
    parsed = list(ox.parse(path=str(by_suffix)))
    assert len(parsed) == count
    assert by_flag.read_bytes() == by_suffix.read_bytes()
    stdout = run(runner, "export", "-f", fmt, "-o", "-")
    assert stdout.stdout_bytes == by_flag.read_bytes()


@pytest.mark.parametrize(("name", "fmt"), [("kg.nt.gz", "nt"), ("kg.ttl.GZ", "turtle"), ("kg.gz", "nq")])
def test_export_to_gz_is_gzip(runner: CliRunner, ingested: Path, tmp_path: Path, name: str, fmt: str) -> None:
    """The format comes from the suffix before .gz (or -f); the file is gzip, the same bytes each time."""
    import gzip

    out = tmp_path / name
    args = ["export", "-o", str(out)] + (["-f", fmt] if name == "kg.gz" else [])
    result = run(runner, *args)
    assert result.exit_code == 0 and "(gzip)" in result.stderr
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(out.read_bytes()) == run(runner, "export", "-f", fmt, "-o", "-").stdout_bytes
    first = out.read_bytes()
    assert run(runner, *args).exit_code == 0 and out.read_bytes() == first
    csv_gz = tmp_path / "p.csv.gz"
    assert run(runner, "query", "SELECT ?c { ?c kg:iso3166Alpha3 'PAK' }", "-o", str(csv_gz)).exit_code == 0
    assert gzip.decompress(csv_gz.read_bytes()).decode().splitlines()[0] == "c"


def test_turtle_export_loads_in_an_independent_parser(
    runner: CliRunner, ingested: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kg.ttl"
    result = run(runner, "export", "-o", str(out))
    count = int(result.stderr.split("wrote ")[1].split()[0])
    graph = rdflib.Graph().parse(out, format="turtle")
    assert len(graph) == count
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


def test_export_errors(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    unknown = run(runner, "export", "-o", str(tmp_path / "out.data"))
    assert unknown.exit_code == 2 and "suffix" in unknown.stderr
    stdout = run(runner, "export")
    assert stdout.exit_code == 2 and "--format" in stdout.stderr
    missing = run(runner, "export", "-f", "nt", "--graph", "https://kg.example/graph/none")
    assert missing.exit_code == 2 and "no graph" in missing.stderr


def test_export_one_graph(runner: CliRunner, ingested: Path) -> None:
    graphs = json.loads(
        run(runner, "query", "SELECT DISTINCT ?g { GRAPH ?g { ?a a kg:Article } }", "--no-union").stdout
    )["results"]["bindings"]
    graph = graphs[0]["g"]["value"]
    result = run(runner, "export", "-f", "nq", "--graph", graph)
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert quads and {q.graph_name.value for q in quads} == {graph}


def test_validate(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    ok = run(runner, "validate")
    assert ok.exit_code == 0 and ok.stdout.startswith("Conforms")
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n"
        '<https://x.org/c> a kg:Country ; kg:iso3166Alpha3 "pk" .\n'
    )
    result = run(runner, "validate", str(bad), "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert {r["component"] for r in report["results"]} == {
        "PatternConstraintComponent",
        "MinCountConstraintComponent",
    }
    syntax = tmp_path / "broken.ttl"
    syntax.write_text("@prefix ex: <http://e/> .\nex:a ex:b \n")
    broken = run(runner, "validate", str(syntax))
    assert broken.exit_code == 3
    assert f"{syntax}:3:" in broken.stderr or f"{syntax}:2:" in broken.stderr


def test_stats(runner: CliRunner, ingested: Path) -> None:
    result = run(runner, "stats", "-f", "json")
    stats = json.loads(result.stdout)
    assert stats["articles"] == 8
    assert dict(stats["actors_by_type"])["Country"] >= 10
    assert any(code == "04" for code, _label, _n in stats["claims_by_cameo_root"])
    table = run(runner, "stats")
    assert "articles" in table.stdout and "CAMEO root" in table.stdout


def test_help_and_version(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert "Exit codes" in result.stdout and "ingest" in result.stdout
    for command in ("ingest", "query", "export", "validate", "stats"):
        assert run(runner, command, "--help").exit_code == 0
    assert run(runner, "--version").stdout.startswith("kg, version")


# --------------------------------------------------------------------------------------------
# One article identity per run; a file named twice is read once; -v lines in input order
# --------------------------------------------------------------------------------------------


def _article(path: Path, body: str, title: str = "Talks in Paris") -> Path:
    path.write_text(f"---\ntitle: {title}\npublisher: Daily Post\ndate: 2019-06-14\n---\n{body}\n")
    return path


def test_two_inputs_with_one_article_identity(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    first = _article(tmp_path / "a.md", "France and Germany met in Paris.")
    second = _article(tmp_path / "b.md", "France and Germany signed an agreement in Berlin.")
    result = run(runner, "ingest", str(first), str(second))
    assert result.exit_code == 1
    assert (
        f"rejected {second}: the same article as {first} (the same title, publisher and date" in result.stderr
    )
    assert "articles read 2, new 1, replaced 0, unchanged 0, rejected 1" in result.stderr
    stored = run(runner, "query", "SELECT ?t { ?a a kg:Article ; schema:articleBody ?t }", "-f", "csv").stdout
    assert "France and Germany met in Paris." in stored and "Berlin" not in stored  # the first one
    for _ in range(2):  # the same answer on every run: no "replaced 2"
        again = run(runner, "ingest", str(first), str(second))
        assert (
            "articles read 2, new 0, replaced 0, unchanged 1, rejected 1; claims 0, triples 0" in again.stderr
        )
    records = tmp_path / "records.jsonl"  # two records of one file
    records.write_text(
        '{"title": "Summit", "date": "2019-06-14", "publisher": "P", "text": "France and Germany met."}\n'
        '{"title": "Summit", "date": "2019-06-14", "publisher": "P", "text": "Italy and Spain met."}\n'
    )
    result = run(runner, "ingest", str(records))
    assert result.exit_code == 1 and "new 1" in result.stderr and "rejected 1" in result.stderr


def test_a_file_named_twice_is_read_once(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    article = _article(tmp_path / "in" / "a.md", "France and Germany met in Paris.")
    result = run(runner, "ingest", "-v", str(article), str(article), str(article.parent))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"kg: new       {article}")
    assert "articles read 1, new 1" in result.stderr and "unchanged" not in result.stderr.splitlines()[0]


def test_verbose_lines_follow_the_input_order(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    a = _article(tmp_path / "a.md", "France and Germany met in Paris.", title="A")
    b = _article(tmp_path / "b.md", "Italy and Spain met in Rome.", title="B")
    c = _article(tmp_path / "c.md", "Japan and Korea met in Seoul.", title="C")
    bad = tmp_path / "d.md"
    bad.write_text("---\ntitle: D\ndate: 2019-02-30\n---\nbody\n")
    assert run(runner, "ingest", str(b)).exit_code == 0
    result = run(runner, "ingest", "-v", str(a), str(b), str(bad), str(c))
    lines = [line.split()[1:3] for line in result.stderr.splitlines() if not line.startswith("kg: hint")]
    assert lines[:4] == [["new", str(a)], ["unchanged", str(b)], ["rejected", f"{bad}:"], ["new", str(c)]]


# --------------------------------------------------------------------------------------------
# kg extract shows what ingest would store: the same gate
# --------------------------------------------------------------------------------------------

FUTURE_CLAIM = """---
title: Talks in Paris
publisher: Daily Post
date: 2020-01-01
claims:
  - subject: France
    relation: meeting
    object: Germany
    quote: "France and Germany met in Paris"
    date: 2021-05-01
---
France and Germany met in Paris.
"""


def test_extract_runs_the_shacl_gate(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "future.md"
    bad.write_text(FUTURE_CLAIM)  # reads well, but its claim is dated after the article
    good = DATA / "articles" / "aukus-2021.md"
    result = run(runner, "extract", str(bad), str(good), "-f", "nq", "--curated-only")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: error: {bad}: does not conform to the shapes:\n")
    assert "A claim cannot be dated after the article that reports it" in result.stderr
    graphs = {q.graph_name for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS)}
    assert len(graphs) == 1  # only the good article: the bad one is left out, as ingest leaves it out
    table = run(runner, "extract", str(bad), "--curated-only")
    assert table.exit_code == 1 and "France" not in table.stdout
    assert run(runner, "ingest", str(bad), "--no-extract").exit_code == 1  # what ingest does too
    shown = run(runner, "extract", str(bad), "--curated-only", "--no-validate")
    assert shown.exit_code == 0 and "France" in shown.stdout
    assert "warning: --no-validate" in shown.stderr


def test_extract_rejects_a_second_input_with_the_same_identity(runner: CliRunner, tmp_path: Path) -> None:
    first = _article(tmp_path / "a.md", "France and Germany met in Paris.")
    second = _article(tmp_path / "b.md", "France and Germany signed an agreement in Berlin.")
    result = run(runner, "extract", str(first), str(second), "-f", "json")
    assert result.exit_code == 1
    assert f"kg: error: {second}: the same article as {first}" in result.stderr
    assert len(json.loads(result.stdout)) == 1


# --------------------------------------------------------------------------------------------
# A folder without articles is a warning, not silence
# --------------------------------------------------------------------------------------------


def test_a_folder_without_articles_is_a_warning(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").mkdir()
    (empty / ".hidden" / "notes.pdf").write_text("x")
    others = tmp_path / "others"
    others.mkdir()
    (others / "scan.pdf").write_text("x")
    result = run(runner, "ingest", str(empty), str(others))
    assert result.exit_code == 0  # nothing was rejected
    lines = result.stderr.splitlines()
    assert lines[0] == f"kg: warning: {empty}: no articles found: the folder is empty"
    assert lines[1].startswith(
        f"kg: warning: {others}: no articles found: its one file has none of the suffixes"
    )
    assert ".md" in lines[1] and "articles read 0" in lines[2]
    extracted = run(runner, "extract", str(empty))
    assert extracted.exit_code == 0 and "no articles found" in extracted.stderr
    with_articles = run(runner, "ingest", ARTICLES)
    assert "warning" not in with_articles.stderr


def test_a_file_without_records_is_a_warning(runner: CliRunner, store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "none.json").write_text("[]")
    (tmp_path / "header.csv").write_text("title,publisher,date,text\n")
    result = run(runner, "ingest", str(tmp_path / "none.json"), str(tmp_path / "header.csv"))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == f"kg: warning: {tmp_path / 'none.json'}: no articles found: it holds no records"
    assert lines[1].startswith(f"kg: warning: {tmp_path / 'header.csv'}: no articles found")
    piped = runner.invoke(cli, ["ingest", "-"], input="[]")
    assert piped.exit_code == 0 and "<stdin>: no articles found" in piped.stderr
