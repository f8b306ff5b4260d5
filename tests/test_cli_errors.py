"""Bad input at the CLI edge, as a user types it: the documented exit code, a ``kg: error:`` line on
standard error, never a traceback, and nothing half-written on standard output."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli

from .conftest import DATA

ARTICLES = str(DATA / "articles")
ARTICLE = str(DATA / "articles" / "aukus-2021.md")


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def assert_usage_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kg: error: ")
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr


@pytest.fixture
def ingested(runner: CliRunner, store_dir: Path) -> Path:
    result = run(runner, "ingest", ARTICLES)
    assert result.exit_code == 0, result.stderr
    return store_dir


# --------------------------------------------------------------------------------------------
# User strings that become IRIs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("graph", ["not an iri", "graph/1", "https://kg.example/graph/a b", ""])
def test_export_graph_that_is_not_an_iri(runner: CliRunner, ingested: Path, graph: str) -> None:
    result = run(runner, "export", "-f", "turtle", "--graph", graph, "-o", "-")
    assert_usage_error(result, repr(graph), "IRI")
    assert result.stdout == ""


def test_push_graph_that_is_not_an_iri(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    data.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    result = run(
        runner,
        "push",
        str(data),
        "--endpoint",
        "http://127.0.0.1:9/query",
        "--gsp-url",
        "http://127.0.0.1:9/store",
        "--graph",
        "not an iri",
        "--retries",
        "0",
    )
    assert_usage_error(result, "'not an iri'", "IRI")


@pytest.mark.parametrize("option", ["--endpoint", "--gsp-url", "--update-url"])
def test_urls_that_are_not_urls(runner: CliRunner, store_dir: Path, option: str) -> None:
    args = ["--endpoint", "http://127.0.0.1:9/query"] if option != "--endpoint" else []
    result = run(runner, "stats", *args, option, "http://a host/query", "--retries", "0")
    assert_usage_error(result, option, "not a valid URL")


@pytest.mark.parametrize("base", ["", "not an iri", "https://kg.example/a b/"])
def test_bad_base_iri(runner: CliRunner, store_dir: Path, base: str) -> None:
    assert_usage_error(run(runner, "ingest", "--base-iri", base, ARTICLE), "base IRI")
    assert not store_dir.exists()  # refused before the store is created
    assert_usage_error(run(runner, "extract", "--base-iri", base, ARTICLE, "-f", "nt"), "base IRI")


@pytest.mark.parametrize("base", ["", "not an iri"])
def test_bad_base_iri_of_a_query(runner: CliRunner, ingested: Path, base: str) -> None:
    result = run(runner, "query", "--base-iri", base, "SELECT * { ?s ?p ?o } LIMIT 1", "-f", "table")
    assert_usage_error(result, "base IRI")
    assert result.stdout == ""


# --------------------------------------------------------------------------------------------
# kg query: a SERVICE endpoint that fails; the output format from -o; --update on a query
# --------------------------------------------------------------------------------------------


def _closed_port() -> int:
    """A local TCP port nothing listens on (connections to it are refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize(
    "form",
    [
        "SELECT * { SERVICE <{url}> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    ],
)
def test_failing_service_endpoint(runner: CliRunner, ingested: Path, tmp_path: Path, form: str) -> None:
    query = form.replace("{url}", f"http://127.0.0.1:{_closed_port()}/sparql")
    fmt = "json" if not form.startswith("CONSTRUCT") else "nt"
    result = run(runner, "query", query, "-f", fmt)
    assert result.exit_code == 5, result.output
    assert result.stderr.startswith("kg: error: a SERVICE endpoint of the query failed")
    assert "Traceback" not in result.output
    assert result.stdout == ""  # nothing half-written
    out = tmp_path / ("out.json" if not form.startswith("CONSTRUCT") else "out.nt")
    assert run(runner, "query", query, "-o", str(out)).exit_code == 5
    assert not out.exists() and not list(tmp_path.glob(".out*"))
    silent = run(runner, "query", query.replace("SERVICE", "SERVICE SILENT"), "-f", fmt)
    assert silent.exit_code == 0, silent.output


def test_failing_service_in_an_update(runner: CliRunner, ingested: Path) -> None:
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{_closed_port()}/> {{ ?s ?p ?o }} }}"
    result = run(runner, "query", "--update", update)
    assert result.exit_code == 5 and "SERVICE endpoint of the update failed" in result.stderr


SELECT = "SELECT ?c { ?c kg:iso3166Alpha3 'PAK' }"
CONSTRUCT = "CONSTRUCT { ?c a kg:Country } WHERE { ?c kg:iso3166Alpha3 'PAK' }"


def test_query_output_format_from_the_suffix(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    import csv
    import json
    import xml.etree.ElementTree as ET

    import pyoxigraph as ox

    def query(q: str, name: str, *more: str) -> Path:
        path = tmp_path / name
        result = run(runner, "query", q, "-o", str(path), *more)
        assert result.exit_code == 0, result.stderr
        return path

    rows = list(csv.reader(query(SELECT, "p.csv").open()))
    assert rows == [["c"], ["https://kg.example/entity/PAK"]]
    assert query(SELECT, "p.tsv").read_text().splitlines() == ["?c", "<https://kg.example/entity/PAK>"]
    assert json.loads(query(SELECT, "p.json").read_text())["head"]["vars"] == ["c"]
    assert ET.parse(query(SELECT, "p.xml")).getroot().tag.endswith("sparql")
    assert query(SELECT, "p.txt").read_text().splitlines()[0] == "c"
    assert json.loads(query(SELECT, "p.csv", "-f", "json").read_text())  # -f wins over the suffix
    triples = list(ox.parse(path=str(query(CONSTRUCT, "c.nt")), format=ox.RdfFormat.N_TRIPLES))
    assert [t.object.value for t in triples] == ["https://w3id.org/kg-news/ontology#Country"]
    assert len(list(ox.parse(path=str(query(CONSTRUCT, "c.jsonld"))))) == 1
    assert len(list(ox.parse(path=str(query(CONSTRUCT, "c.rdf"))))) == 1
    assert len(list(ox.parse(path=str(query(CONSTRUCT, "c.ttl"))))) == 1


@pytest.mark.parametrize(
    ("query", "name", "words"),
    [
        (SELECT, "p.data", ["has no results suffix", ".csv"]),
        (SELECT, "p.ttl", ["names an RDF format", "SELECT"]),
        (CONSTRUCT, "c.csv", ["names a results format", "CONSTRUCT"]),
        (CONSTRUCT, "c.json", ["names a results format", ".jsonld"]),
        (CONSTRUCT, "c.data", ["has no RDF suffix", ".ttl"]),
    ],
)
def test_query_output_suffix_that_does_not_fit(
    runner: CliRunner, ingested: Path, tmp_path: Path, query: str, name: str, words: list[str]
) -> None:
    result = run(runner, "query", query, "-o", str(tmp_path / name))
    assert_usage_error(result, *words)
    assert not (tmp_path / name).exists()


def test_update_flag_on_a_query(runner: CliRunner, ingested: Path) -> None:
    result = run(runner, "query", "--update", "SELECT * { ?s ?p ?o }")
    assert_usage_error(result, "query, not an update", "without --update")


# --------------------------------------------------------------------------------------------
# A PATH that does not exist is unreadable input (exit 3); a bad article is rejected (exit 1)
# --------------------------------------------------------------------------------------------


def test_ingest_missing_path_exits_3_before_reading_anything(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nonexistent.md"
    result = run(runner, "ingest", ARTICLE, str(missing))
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"kg: error: {missing}: no such file or folder")
    assert "Traceback" not in result.output
    assert "articles read" not in result.stderr  # stopped before reading the good article
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\ndate: 2019-02-30\n---\nbody\n")
    assert run(runner, "ingest", str(bad)).exit_code == 1  # exists but is not an article


def test_extract_missing_path_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "extract", ARTICLE, str(tmp_path / "nope.md"), str(tmp_path / "gone"))
    assert result.exit_code == 3, result.output
    assert "nope.md: no such file or folder" in result.stderr and "also missing:" in result.stderr
    assert result.stdout == ""
    bad = tmp_path / "empty.md"
    bad.write_text("")
    assert run(runner, "extract", str(bad)).exit_code == 1


# --------------------------------------------------------------------------------------------
# Unknown top-level fields reject the article, in every kind of record
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("a.md", "---\ntitle: Talks\nauther: Jane Roe\ndate: 2019-01-01\n---\nThe talks began.\n", "3:9"),
        ("a.json", '{"title": "Talks",\n "auther": "Jane Roe", "text": "The talks began."}\n', "2:12"),
        ("a.jsonl", '{"title": "Talks", "auther": "Jane Roe", "text": "The talks began."}\n', "1:30"),
        ("a.csv", "title,auther,text\nTalks,Jane Roe,The talks began.\n", "1:7"),
    ],
)
def test_unknown_top_level_field_rejects_the_article(
    runner: CliRunner, store_dir: Path, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = run(runner, "ingest", str(path), ARTICLE)
    assert result.exit_code == 1, result.output
    assert f"rejected {path}: {path}:{where}: unknown field 'auther' in " in result.stderr
    assert "did you mean 'author'?" in result.stderr
    assert "new 1" in result.stderr and "rejected 1" in result.stderr  # the other article is stored


def test_the_sample_articles_use_only_known_fields(runner: CliRunner, store_dir: Path) -> None:
    result = run(runner, "ingest", ARTICLES)
    assert result.exit_code == 0 and "rejected 0" in result.stderr, result.stderr


# --------------------------------------------------------------------------------------------
# Output: a final newline in every format; a reader that goes away; help texts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-f", "jsonld", "-o", "-"),
        ("export", "-f", "rdfxml", "-o", "-"),
        ("query", "SELECT ?c { ?c kg:iso3166Alpha3 'PAK' }", "-f", "json"),
        ("query", "SELECT ?c { ?c kg:iso3166Alpha3 'PAK' }", "-f", "xml"),
        ("query", "ASK { ?c a kg:Country }", "-f", "json"),
        ("query", "CONSTRUCT { ?c a kg:Country } WHERE { ?c kg:iso3166Alpha3 'PAK' }", "-f", "jsonld"),
        ("extract", ARTICLE, "-f", "jsonld"),
    ],
)
def test_output_ends_with_a_newline(runner: CliRunner, ingested: Path, args: tuple[str, ...]) -> None:
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.endswith(b"\n") and not result.stdout_bytes.endswith(b"\n\n")


def test_output_file_ends_with_a_newline(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.jsonld"
    assert run(runner, "export", "-o", str(out)).exit_code == 0
    assert out.read_bytes().endswith(b"]\n")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-f", "nt"),
        ("query", "SELECT * { ?s ?p ?o } LIMIT 1", "-f", "json"),
        ("validate", "-f", "json"),
    ],
)
def test_output_to_a_folder_or_an_unwritable_place(
    runner: CliRunner, ingested: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = tmp_path / "out.ttl"
    folder.mkdir()
    assert_usage_error(run(runner, *args, "-o", str(folder)), "is a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # root writes anywhere: then a place that is no folder at all
        target = "/proc/kg-test/out.json" if os.access(locked, os.W_OK) else str(locked / "out.json")
        assert_usage_error(run(runner, *args, "-o", target), "cannot write")
    finally:
        locked.chmod(0o700)


def test_output_file_permissions_follow_the_umask_or_the_file(
    runner: CliRunner, ingested: Path, tmp_path: Path
) -> None:
    mask = os.umask(0o022)
    try:
        new = tmp_path / "new.ttl"
        assert run(runner, "export", "-o", str(new)).exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        old = tmp_path / "old.ttl"
        old.write_text("old")
        old.chmod(0o640)
        assert run(runner, "export", "-o", str(old)).exit_code == 0
        assert stat.S_IMODE(old.stat().st_mode) == 0o640 and old.read_text() != "old"
    finally:
        os.umask(mask)


def test_output_through_a_symlink_writes_its_target(
    runner: CliRunner, ingested: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.nt"
    real.write_text("old")
    link = tmp_path / "link.nt"
    link.symlink_to(real)
    assert run(runner, "export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("<")


def test_output_to_a_fifo_is_written_not_replaced(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert run(runner, "export", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0].count(b"\n") > 100


def test_a_damaged_store_is_a_store_error(runner: CliRunner, ingested: Path) -> None:
    for sst in ingested.glob("*.sst"):
        sst.write_bytes(b"\0" * 100)
    (ingested / "CURRENT").write_text("garbage\n")
    for args in (("stats",), ("export", "-o", "-", "-f", "nt"), ("ingest", ARTICLE)):
        result = run(runner, *args)
        assert result.exit_code == 4, result.output
        assert "damaged" in result.stderr and "Traceback" not in result.output


def test_export_of_a_graph_not_in_the_store_is_a_usage_error(runner: CliRunner, ingested: Path) -> None:
    assert_usage_error(
        run(runner, "export", "--graph", "https://kg.example/graph/none", "-f", "nt", "-o", "-"), "no graph"
    )


class _ClosedPipe:
    """Standard output whose reader went away."""

    def write(self, data: bytes) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-f", "nt", "-o", "-"),
        ("query", "SELECT * { ?s ?p ?o }", "-f", "csv"),
        ("query", "CONSTRUCT WHERE { ?s ?p ?o }", "-f", "nt"),
    ],
)
def test_broken_pipe_stops_quietly(
    runner: CliRunner, ingested: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    import kg.cli

    monkeypatch.setattr(kg.cli, "_stdout", _ClosedPipe)
    result = run(runner, *args)
    assert result.exit_code == 141
    assert result.stderr == ""


def test_broken_pipe_in_a_real_pipe(ingested: Path) -> None:
    """The whole process, reading one line and closing the pipe: exit 141, nothing on stderr
    (no "Exception ignored" from the interpreter's last flush)."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "export", "-f", "nt", "-o", "-", "--store", str(ingested)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().endswith(b" .\n")
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""


def test_validate_help_lists_its_exit_codes(runner: CliRunner) -> None:
    text = " ".join(run(runner, "validate", "--help").stdout.split())
    assert "Exit code 0 if the data conforms, 1 if it does not" in text
    assert "3 if DATA or shapes cannot be read" in text
    assert "4 if the store cannot be opened or read" in text and "5 if a remote store" in text


# --------------------------------------------------------------------------------------------
# A query that is not UTF-8 text is unreadable input (exit 3), not a traceback
# --------------------------------------------------------------------------------------------


def test_query_file_that_is_not_utf8(runner: CliRunner, ingested: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes(b'SELECT * {\n  ?s ?p "caf\xe9" }\n')
    result = run(runner, "query", "-q", str(query), "-f", "json")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"kg: error: {query}:2:13: the query is not UTF-8 text: byte 0xe9")
    assert "Traceback" not in result.output and result.stdout == ""
    binary = tmp_path / "binary.file"
    binary.write_bytes(bytes(range(256)) * 4)
    assert run(runner, "query", "-q", str(binary)).exit_code == 3


@pytest.mark.parametrize("args", [(), ("-q", "-"), ("-",), ("--update",)])
def test_query_on_stdin_that_is_not_utf8(runner: CliRunner, ingested: Path, args: tuple[str, ...]) -> None:
    result = run(runner, "query", *args, input=b"\xff\xfeSELECT * { ?s ?p ?o }")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("kg: error: <stdin>:1:1: the query is not UTF-8 text: byte 0xff")
    assert "Traceback" not in result.output and result.stdout == ""


def test_query_argument_that_is_not_utf8(runner: CliRunner, ingested: Path) -> None:
    # what Python makes of the bytes of kg query $'\xff' under a UTF-8 locale
    result = run(runner, "query", "SELECT * { ?s ?p '\udcff' }")
    assert result.exit_code == 3, result.output
    assert result.stderr == "kg: error: the query argument is not UTF-8 text\n"


# --------------------------------------------------------------------------------------------
# Duplicate keys in YAML front matter reject the article (the last one does not silently win)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "where", "key", "first"),
    [
        ("title: T1\ndate: 2019-01-01\ntitle: 123\n", "4:1", "title", 2),
        (
            "title: T1\ndate: 2019-01-01\nclaims:\n  - subject: France\n    relation: meeting\n"
            "    object: Germany\n    object: Italy\n    quote: France and Germany met\n",
            "8:5",
            "object",
            7,
        ),
    ],
)
def test_duplicate_front_matter_keys_reject_the_article(
    runner: CliRunner, store_dir: Path, tmp_path: Path, front: str, where: str, key: str, first: int
) -> None:
    path = tmp_path / "dup.md"
    path.write_text(f"---\n{front}---\nFrance and Germany met in Paris.\n")
    result = run(runner, "ingest", str(path))
    assert result.exit_code == 1, result.output
    assert (
        f"rejected {path}: {path}:{where}: bad front matter: duplicate key '{key}' "
        f"(first given on line {first})" in result.stderr
    )
    assert "new 0" in result.stderr
    assert run(runner, "extract", str(path)).exit_code == 1


def test_yaml_merge_keys_are_not_duplicates(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "merge.md"
    path.write_text(
        "---\ntitle: Talks\npublisher: P\ndate: 2019-01-01\n"
        "events:\n  - &summit {name: Summit, type: Summit}\n"
        "  - <<: *summit\n    name: Second summit\n---\nThe talks began.\n"
    )
    result = run(runner, "extract", str(path), "--curated-only")
    assert result.exit_code == 0, result.stderr


# --------------------------------------------------------------------------------------------
# The store folder: never written into a folder that holds other files; not created for nothing
# --------------------------------------------------------------------------------------------


def test_ingest_refuses_a_folder_that_is_not_a_store(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk\n")
    result = run(runner, "ingest", "--store", str(folder), ARTICLE)
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith(f"kg: error: {folder} is a folder with other files in it, not a kg store")
    assert "kg: hint: " in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["todo.txt"]  # nothing written into it
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(runner, "ingest", "--store", str(empty), ARTICLE).exit_code == 0  # an empty folder is fine
    again = run(runner, "ingest", "--store", str(empty), ARTICLE)  # and then it is a store
    assert again.exit_code == 0 and "unchanged 1" in again.stderr


def test_ingest_creates_no_store_when_it_stops_before_reading(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    assert run(runner, "ingest", str(tmp_path / "missing.md")).exit_code == 3
    assert run(runner, "ingest", "--base-iri", "not an iri", ARTICLE).exit_code == 2
    assert run(runner, "ingest", "--batch-size", "0", ARTICLE).exit_code == 2
    assert not store_dir.exists()


# --------------------------------------------------------------------------------------------
# click's usage errors take kg's documented form: "kg: error: ...", exit code 2
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "command"),
    [
        (["ingest", "--foo", ARTICLE], "no such option '--foo'", "kg ingest"),
        (["ingest", "--batch-size", "0", ARTICLE], "invalid value for '--batch-size'", "kg ingest"),
        (["ingest"], "missing argument 'PATH...'", "kg ingest"),
        (["nosuch"], "no such command 'nosuch'", "kg"),
        (["query", "-f", "bogus", "ASK {}"], "invalid value for '-f' / '--format'", "kg query"),
        (["validate", "--fail-on", "never"], "invalid value for '--fail-on'", "kg validate"),
    ],
)
def test_click_usage_errors_follow_the_documented_form(
    runner: CliRunner, store_dir: Path, args: list[str], message: str, command: str
) -> None:
    result = runner.invoke(cli, args, prog_name="kg", catch_exceptions=False)
    assert_usage_error(result, message)
    assert result.stderr.splitlines()[0].startswith(f"kg: error: {message}")
    assert result.stderr.splitlines()[-1] == f"kg: hint: see '{command} --help'"
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
    assert result.stdout == ""


def test_help_and_version_still_exit_0(runner: CliRunner) -> None:
    assert run(runner, "--help").exit_code == 0
    assert run(runner, "ingest", "--help").exit_code == 0
    version = run(runner, "--version")
    assert version.exit_code == 0 and version.stdout.startswith("kg, version ")


def test_exit_codes_read_the_same_in_the_help_and_the_readme(runner: CliRunner) -> None:
    import re

    from kg.errors import EXIT_CODES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = readme.split("## Exit codes", 1)[1].split("\n\n", 2)[1]
    rows = dict(re.findall(r"^\| (\d+) \| (.*) \|$", table, re.MULTILINE))
    assert {int(code): text.replace("`", "") for code, text in rows.items()} == EXIT_CODES
    help_text = " ".join(run(runner, "--help").stdout.split())
    for code, text in EXIT_CODES.items():
        assert f"{code} {' '.join(text.split())}" in help_text


def test_an_interrupted_command_says_so(
    runner: CliRunner, ingested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import pipeline

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "stats", interrupt)
    result = run(runner, "stats")
    assert result.exit_code == 130 and result.stderr == "kg: error: interrupted\n"
    monkeypatch.setattr(pipeline._Ingest, "batch", interrupt)  # Ctrl-C while a batch is written
    result = run(runner, "ingest", ARTICLE)
    assert result.exit_code == 130
    assert "the batches already written stay, the one being written was not stored" in result.stderr


# --------------------------------------------------------------------------------------------
# Every curated claim has an exact quote: none, or an empty one, rejects the article
# --------------------------------------------------------------------------------------------

CLAIM = "claims:\n  - subject: France\n    relation: meeting\n    object: Germany\n"


@pytest.mark.parametrize(
    ("quote", "where", "words"),
    [
        ("", "8:5", "a claim needs a quote"),
        (
            '    quote: ""\n',
            "11:12",
            "a claim needs a quote: the exact words of the article text it rests on (this",
        ),
        (
            "    quote: '   '\n",
            "11:12",
            "a claim needs a quote: the exact words of the article text it rests on",
        ),
        ("    quote: [a, b]\n", "11:12", "'quote' must be text, not a list"),
    ],
)
def test_a_curated_claim_needs_a_quote(
    runner: CliRunner, store_dir: Path, tmp_path: Path, quote: str, where: str, words: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        f"---\ntitle: Talks\npublisher: P\ndate: 2019-06-14\n\n\n{CLAIM}{quote}---\nFrance and Germany met.\n"
    )
    result = run(runner, "ingest", str(path), "--no-extract")
    assert result.exit_code == 1, result.output
    assert f"rejected {path}: {path}:{where}: {words}" in result.stderr
    assert run(runner, "extract", str(path)).exit_code == 1
    path.write_text(
        f"---\ntitle: Talks\npublisher: P\ndate: 2019-06-14\n{CLAIM}    quote: France and Germany met\n---\n"
        "France and Germany met.\n"
    )
    assert run(runner, "ingest", str(path), "--no-extract").exit_code == 0
