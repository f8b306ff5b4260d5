"""Bad input at the CLI edge, as a user types it: the documented exit code, a ``kg: error:`` line on
standard error, never a traceback, and nothing half-written on standard output."""

from __future__ import annotations

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
