"""The ``kg`` command line: parses options, calls one core function, renders. Nothing else.

Exit codes (also in ``kg --help`` and the README): 0 success (validate: conforms), 1 some input
rejected or data does not conform, 2 usage error, 3 unreadable input, 4 store error, 5 remote
endpoint error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from kg import __version__
from kg.errors import EXIT_CODES, KgError, UsageError

if TYPE_CHECKING:
    from kg.model import ArticleResult

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG = "Exit codes:\n\n\b\n" + "\n".join(f"  {code:<4} {text}" for code, text in EXIT_CODES.items())


class KgGroup(click.Group):
    """Turns kg's errors into a message on stderr and the documented exit code; no tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            _error(str(err), err.hint)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            _error("interrupted; articles of the batch being written were not stored")
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)


def _error(message: str, hint: str | None = None) -> None:
    click.echo(f"kg: error: {message}", err=True)
    if hint:
        click.echo(f"kg: hint: {hint}", err=True)


def _note(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


# --------------------------------------------------------------------------------------------
# Options shared by several commands (defined once)
# --------------------------------------------------------------------------------------------


def store_option(f: F) -> F:
    return click.option(
        "--store",
        metavar="DIR",
        envvar="KG_STORE",
        default=None,
        show_envvar=True,
        help="Folder of the embedded store [default: ./kg-store].",
    )(f)


def base_iri_option(f: F) -> F:
    return click.option(
        "--base-iri",
        metavar="IRI",
        envvar="KG_BASE_IRI",
        default=None,
        show_envvar=True,
        help="Namespace of the IRIs kg mints for data [default: https://kg.example/].",
    )(f)


def output_option(f: F) -> F:
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        show_default=True,
        help="Where to write; '-' is standard output.",
    )(f)


def article_format_option(f: F) -> F:
    return click.option(
        "--input-format",
        type=click.Choice(["markdown", "json", "jsonl", "csv", "text", "html"]),
        help="Read every input as this kind [default: from the suffix, else the content].",
    )(f)


@contextmanager
def _output(path: str) -> Iterator[BinaryIO]:
    """Standard output, or a file written atomically (a temp file renamed into place)."""
    if path == "-":
        yield _stdout()
        return
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UsageError(f"cannot write {path}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _stdout() -> BinaryIO:
    return sys.stdout.buffer


def _stdin() -> BinaryIO:
    return sys.stdin.buffer


def _is_tty(path: str) -> bool:
    return path == "-" and sys.stdout.isatty()


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@click.group(
    cls=KgGroup,
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg turns the relations that news articles assert into a validated RDF knowledge graph.

    Ingest articles into an embedded store, query it with SPARQL, validate it with SHACL and
    export it for the graph database you run.

    \b
    Quick start:
      kg ingest data/articles
      kg query 'SELECT ?s ?o { ?s kg:strategicPartnerOf ?o }'
      kg export -o graph.ttl
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@store_option
@base_iri_option
@click.option("--no-validate", is_flag=True, help="Skip the SHACL gate (prints a warning).")
@click.option(
    "--extract/--no-extract",
    default=True,
    show_default=True,
    help="Extract claims from the text, or store only the curated claims.",
)
@article_format_option
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="Articles written per transaction.",
)
@click.option("-v", "--verbose", is_flag=True, help="Print one line per article.")
def ingest(
    paths: tuple[str, ...],
    store: str | None,
    base_iri: str | None,
    no_validate: bool,
    extract: bool,
    input_format: str | None,
    batch_size: int,
    verbose: bool,
) -> None:
    """Read articles into the store.

    PATH is a file, a folder (read recursively), an http(s) URL, or '-' for standard input.
    Markdown (with or without YAML front matter), HTML, plain text, JSON, JSON Lines and CSV.
    Unchanged articles are skipped, changed ones replace their graph, bad ones are rejected with
    the reason and nothing of them is stored. Exit code 1 if any article was rejected.

    \b
    Example:
      kg ingest data/articles
      cat article.md | kg ingest -
    """
    from kg import pipeline
    from kg.model import Outcome
    from kg.readers import InputKind

    options = pipeline.IngestOptions(
        validate=not no_validate,
        extract=extract,
        batch_size=batch_size,
        input_kind=InputKind.parse(input_format) if input_format else None,
    )
    if base_iri:
        options.base_iri = base_iri
    if no_validate:
        _note("warning: --no-validate: articles are stored without the SHACL gate")

    def progress(result: ArticleResult) -> None:
        if result.outcome is Outcome.REJECTED:
            _note(f"rejected {result.source}: {result.problems[0]}")
            for problem in result.problems[1:]:
                click.echo(f"    {problem}", err=True)
        elif verbose:
            _note(
                f"{result.outcome.value:<9} {result.source}"
                + (f" ({result.claims} claims, {result.triples} triples)" if result.triples else "")
            )

    with pipeline.open_store(store, create=True) as st:
        report = pipeline.ingest(st, list(paths), options, stdin=_stdin(), on_result=progress)
        where = st.location
    _note(
        f"{where}: articles read {report.read}, new {report.count(Outcome.NEW)}, "
        f"replaced {report.count(Outcome.REPLACED)}, unchanged {report.count(Outcome.UNCHANGED)}, "
        f"rejected {report.count(Outcome.REJECTED)}; claims {report.claims}, triples {report.triples}"
    )
    if report.rejected:
        sys.exit(1)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "turtle", "nt", "nq", "trig", "jsonld"]),
    default="table",
    show_default=True,
    help="table/json: the claims; turtle, nt, nq, trig, jsonld: the RDF ingest would store.",
)
@output_option
@base_iri_option
@article_format_option
@click.option("--curated-only", is_flag=True, help="Show only the claims written in the article's file.")
def extract_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str,
    base_iri: str | None,
    input_format: str | None,
    curated_only: bool,
) -> None:
    """Show the claims kg finds in articles, without touching the store.

    Each claim with its relation, modality, confidence, how it was found (curated, or the
    extractor's pattern) and its quote; or the RDF graph ingest would store (-f turtle ...).
    Exit code 1 if an article cannot be read.

    \b
    Examples:
      kg extract ../shared/seeds/russia-pakistan-partnership-2019.md
      kg extract article.md -f turtle
    """
    from kg import pipeline
    from kg.readers import InputKind
    from kg.render import claims_json, claims_table, data_prefixes

    found, errors = pipeline.extract(
        list(paths),
        extract=not curated_only,
        base_iri=base_iri,
        stdin=_stdin(),
        input_kind=InputKind.parse(input_format) if input_format else None,
    )
    for err in errors:
        _error(f"{err}")
    with _output(output) as out:
        if fmt == "table":
            for item in found:
                out.write(claims_table(item.analysis).encode("utf-8"))
        elif fmt == "json":
            out.write(claims_json([item.analysis for item in found]).encode("utf-8"))
        else:
            import pyoxigraph as ox

            from kg.formats import RdfFormat
            from kg.iris import DEFAULT_BASE
            from kg.vocab import PREFIXES

            rdf = RdfFormat.parse(fmt)
            quads = [q for item in found for q in item.graph.quads]
            prefixes = {**PREFIXES, **data_prefixes(base_iri or DEFAULT_BASE)}
            ox.serialize(
                quads if rdf.is_dataset else [q.triple for q in quads],
                out,
                rdf.oxigraph,
                prefixes=prefixes if rdf in (RdfFormat.TURTLE, RdfFormat.TRIG) else None,
            )
    if errors:
        sys.exit(1)


def _read_query(sparql: str | None, query_file: str | None) -> str:
    if sparql and query_file:
        raise UsageError("give the query either as an argument or with -q, not both")
    if query_file:
        if query_file == "-":
            return sys.stdin.read()
        try:
            return Path(query_file).read_text(encoding="utf-8")
        except OSError as err:
            from kg.errors import InputError

            raise InputError(f"cannot read the query: {err.strerror}", source=query_file) from None
    if sparql == "-" or (sparql is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if sparql is None:
        raise UsageError("no query given", hint="kg query 'SELECT ...', kg query -q file.rq, or pipe it in")
    return sparql


@cli.command()
@click.argument("sparql", required=False)
@click.option("-q", "--query-file", metavar="FILE", help="Read the query from FILE ('-' for stdin).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "nt", "nq", "trig", "jsonld"]),
    help="SELECT/ASK: table (default on a terminal), json (default otherwise), csv, tsv, "
    "xml. CONSTRUCT/DESCRIBE: turtle (default), nt, nq, trig, jsonld.",
)
@output_option
@click.option(
    "--union/--no-union",
    default=True,
    show_default=True,
    help="Default graph = union of all graphs (articles and vocabulary), or the empty "
    "default graph (then use GRAPH ?g { ... }).",
)
@click.option("--update", is_flag=True, help="Allow a SPARQL update (INSERT, DELETE, DROP, ...).")
@store_option
@base_iri_option
def query(
    sparql: str | None,
    query_file: str | None,
    fmt: str | None,
    output: str,
    union: bool,
    update: bool,
    store: str | None,
    base_iri: str | None,
) -> None:
    """Run a SPARQL query against the store.

    The prefixes kg, cameo, rdf, rdfs, owl, xsd, skos, prov, schema and dcterms are predeclared.
    Queries are read-only unless --update is given.

    \b
    Examples:
      kg query 'SELECT ?c ?label { ?c a kg:Country ; skos:prefLabel ?label }'
      kg query -q data/queries/partners-of-pakistan.rq -f csv -o partners.csv
    """
    from kg import pipeline
    from kg.iris import DEFAULT_BASE
    from kg.render import write_query_result
    from kg.store.base import is_update

    text = _read_query(sparql, query_file)
    if not text.strip():
        raise UsageError("the query is empty")
    if is_update(text) and not update:
        raise UsageError(
            "this is a SPARQL update, and queries are read-only", hint="pass --update to modify the store"
        )
    with pipeline.open_store(store) as st:
        result = pipeline.query(st, text, union=union, update=update)
        if result is None:
            _note(f"update applied to {st.location}")
            return
        with _output(output) as out:
            write_query_result(result, out, fmt, tty=_is_tty(output), base=base_iri or DEFAULT_BASE)


@cli.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld", "rdfxml"]),
    help="Output format [default: from the -o suffix].",
)
@output_option
@click.option("--graph", metavar="IRI", help="Export one named graph (one article) only.")
@click.option(
    "--vocabulary/--no-vocabulary",
    default=True,
    show_default=True,
    help="Include the ontology and CAMEO scheme.",
)
@store_option
def export(fmt: str | None, output: str, graph: str | None, vocabulary: bool, store: str | None) -> None:
    """Export the store as RDF.

    Turtle, N-Triples and RDF/XML hold the union of all graphs as plain RDF 1.1 (each triple
    once); N-Quads, TriG and JSON-LD keep one named graph per article.

    \b
    Examples:
      kg export -o graph.ttl
      kg export -f nq -o - | gzip > graph.nq.gz
    """
    from kg import pipeline
    from kg.formats import RdfFormat

    chosen = RdfFormat.choose(fmt, output)
    with pipeline.open_store(store) as st, _output(output) as out:
        n = pipeline.export(st, out, chosen, graph=graph, vocabulary=vocabulary)
    kind = "quads" if chosen.is_dataset else "triples"
    _note(f"wrote {n} {kind} as {chosen.value} to {'standard output' if output == '-' else output}")


@cli.command()
@click.argument("data", nargs=-1, metavar="[DATA]...")
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    metavar="FILE_OR_DIR",
    help="SHACL shapes to use instead of kg's (repeatable).",
)
@click.option(
    "--input-format",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld", "rdfxml"]),
    help="Format of DATA [default: from the suffix].",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["human", "table", "json", "turtle"]),
    default="human",
    show_default=True,
    help="Report format.",
)
@output_option
@store_option
def validate(
    data: tuple[str, ...],
    shapes: tuple[str, ...],
    input_format: str | None,
    fmt: str,
    output: str,
    store: str | None,
) -> None:
    """Validate the store, or RDF files, against SHACL shapes.

    DATA are RDF files ('-' for standard input); without DATA the store is validated.
    Exit code 0 if the data conforms, 1 if it does not.

    \b
    Examples:
      kg validate
      kg validate colleague.ttl -f json
    """
    from kg import pipeline
    from kg.formats import RdfFormat
    from kg.validation import Validator
    from kg.validation import render as report_render

    validator = Validator(pipeline.shapes_paths(list(shapes)) if shapes else None)
    if data:
        report = pipeline.validate_files(
            list(data), validator, fmt=RdfFormat.parse(input_format) if input_format else None, stdin=_stdin()
        )
    else:
        with pipeline.open_store(store) as st:
            report = pipeline.validate_store(st, validator)
    rendered = {
        "human": lambda: report_render.human(report).encode(),
        "table": lambda: report_render.as_table(report).encode(),
        "json": lambda: report_render.as_json(report).encode(),
        "turtle": lambda: report_render.as_turtle(report),
    }[fmt]()
    with _output(output) as out:
        out.write(rendered)
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@store_option
def stats(fmt: str, store: str | None) -> None:
    """Counts: articles, actors by type, claims by relation, CAMEO root and modality, triples."""
    import dataclasses

    from kg import pipeline
    from kg.render import json_dump, table

    with pipeline.open_store(store) as st:
        s = pipeline.stats(st)
    out = _stdout()
    if fmt == "json":
        json_dump(dataclasses.asdict(s), out)
        return
    text = table(
        ["what", "count"],
        [
            ["articles", str(s.articles)],
            ["claims", str(s.claims)],
            ["named graphs", str(s.graphs)],
            ["quads (all graphs)", str(s.quads)],
            ["distinct triples (articles)", str(s.triples)],
        ],
    )
    text += "\n" + table(["actor type", "count"], [[t, str(n)] for t, n in s.actors_by_type])
    text += "\n" + table(["relation", "claims"], [[r, str(n)] for r, n in s.claims_by_relation])
    text += "\n" + table(
        ["CAMEO root", "name", "claims"], [[c, label, str(n)] for c, label, n in s.claims_by_cameo_root]
    )
    text += "\n" + table(["modality", "claims"], [[m, str(n)] for m, n in s.claims_by_modality])
    out.write(text.encode("utf-8"))


def main() -> None:
    """Entry point of the ``kg`` console script and ``python -m kg``."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
