"""The ``kg`` command line: parses options, calls one core function, renders. Nothing else.

Exit codes (also in ``kg --help`` and the README): 0 success (validate: conforms), 1 some input
rejected or data does not conform, 2 usage error, 3 unreadable input, 4 store error, 5 remote
endpoint error, 130 interrupted, 141 the reader of standard output went away (broken pipe).
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar, cast

import click

from kg import __version__
from kg.errors import BROKEN_PIPE, EXIT_CODES, KgError, UsageError

if TYPE_CHECKING:
    from kg.model import ArticleResult
    from kg.store.profiles import Prompt, RemoteOptions
    from kg.store.push import PushReport

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG = "Exit codes:\n\n\b\n" + "\n".join(f"  {code:<4} {text}" for code, text in EXIT_CODES.items())


class KgGroup(click.Group):
    """Turns kg's errors into a message on stderr and the documented exit code; no tracebacks.
    click's own usage errors (an unknown option, a bad value) take the same ``kg: error:`` form."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:  # 'kg' alone: the help, as click shows it
            err.show()
            sys.exit(err.exit_code)
        except click.UsageError as err:
            hint = f"see '{err.ctx.command_path} --help'" if err.ctx is not None else None
            _error(_click_message(err), hint)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            _error(_click_message(err))
            sys.exit(err.exit_code)
        except click.Abort:  # Ctrl-C or end of input at a prompt
            _error("interrupted; nothing was changed")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            _error(str(err), err.hint)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:  # commands that leave something behind say what (Interrupted)
            _error("interrupted")
            ctx.exit(130)
        except OSError as err:  # BrokenPipeError too
            if err.errno != errno.EPIPE:
                raise
            _broken_pipe(ctx)


def _click_message(err: click.ClickException) -> str:
    """click's message in kg's style: ``No such option '--foo'.`` -> ``no such option '--foo'``."""
    message = err.format_message().strip().rstrip(".")
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    return message


def _broken_pipe(ctx: click.Context) -> None:
    """Whoever read our output stopped reading (``kg export -o - | head -1``): stop quietly, as
    Python's documentation advises for SIGPIPE (standard output pointed at /dev/null, so that the
    interpreter's last flush does not complain), with exit code 141 (128 + SIGPIPE), what a shell
    reports for a program that SIGPIPE ended."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real standard output (tests)
        pass
    ctx.exit(BROKEN_PIPE)


def _error(message: str, hint: str | None = None) -> None:
    from kg.redaction import redact  # credentials never reach the terminal, whatever a server said

    click.echo(f"kg: error: {redact(message)}", err=True)
    if hint:
        click.echo(f"kg: hint: {redact(hint)}", err=True)


def _note(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def _warning(message: str) -> None:
    click.echo(f"kg: warning: {message}", err=True)


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
        help="Where to write; '-' is standard output; a FILE ending in .gz is gzip-compressed.",
    )(f)


def article_format_option(f: F) -> F:
    return click.option(
        "--input-format",
        type=click.Choice(["markdown", "json", "jsonl", "csv", "text", "html"]),
        help="Read every input as this kind [default: from the suffix, else the content].",
    )(f)


_ENDPOINT_OPTIONS = (
    click.option(
        "--endpoint",
        metavar="URL",
        envvar="KG_ENDPOINT",
        show_envvar=True,
        help="Use the remote SPARQL 1.1 store at URL instead of the embedded one: its query URL, "
        "or its base URL with --server.",
    ),
    click.option(
        "--server",
        type=click.Choice(["generic", "oxigraph", "virtuoso", "fuseki", "graphdb"]),
        envvar="KG_SERVER",
        show_envvar=True,
        help="The remote server's URL layout and quirks [default: generic].",
    ),
    click.option(
        "--update-url",
        metavar="URL",
        envvar="KG_UPDATE_URL",
        show_envvar=True,
        help="SPARQL update URL [default: from --server, else --endpoint].",
    ),
    click.option(
        "--gsp-url",
        metavar="URL",
        envvar="KG_GSP_URL",
        show_envvar=True,
        help="Graph Store Protocol URL [default: from --server].",
    ),
    click.option(
        "--profile",
        metavar="NAME",
        envvar="KG_PROFILE",
        show_envvar=True,
        help="A remote store named in kg.toml ($KG_CONFIG, ./kg.toml or ~/.config/kg/kg.toml).",
    ),
    click.option(
        "--auth",
        type=click.Choice(["basic", "digest", "bearer"]),
        envvar="KG_AUTH",
        help="Authentication scheme [default: the server's]; credentials come from KG_USER and "
        "KG_PASSWORD, or KG_TOKEN, else a prompt on a terminal.",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(0.1),
        metavar="SECONDS",
        envvar="KG_TIMEOUT",
        help="Seconds to wait for the remote server's answer [default: 300].",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 100),
        metavar="N",
        envvar="KG_RETRIES",
        help="Retries after a connection error (a refused one once the server has answered), a "
        "timeout, HTTP 429 or 5xx [default: 5].",
    ),
)


def endpoint_options(f: F) -> F:
    """The remote-store options, handed to the command as one ``remote: RemoteOptions``."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.store.profiles import RemoteOptions

        kwargs["remote"] = RemoteOptions(
            endpoint=kwargs.pop("endpoint"),
            server=kwargs.pop("server"),
            update_url=kwargs.pop("update_url"),
            gsp_url=kwargs.pop("gsp_url"),
            profile=kwargs.pop("profile"),
            auth=kwargs.pop("auth"),
            timeout=kwargs.pop("timeout"),
            retries=kwargs.pop("retries"),
        )
        ctx = click.get_current_context()
        if "store" in kwargs and ctx.command.name != "push":  # push: --store is the source
            kwargs["remote"] = _one_store(ctx, kwargs["remote"])
        if kwargs["remote"].given:
            _remote_logging(logging.WARNING)
        return f(*args, **kwargs)

    for option in reversed(_ENDPOINT_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _one_store(ctx: click.Context, remote: RemoteOptions) -> RemoteOptions:
    """The store a command uses when --store and a remote store are both named: both on the
    command line is a usage error; else the command line wins over the environment (both from
    the environment: the remote store, as KG_ENDPOINT or KG_PROFILE asks)."""
    from click.core import ParameterSource

    def on_command_line(name: str) -> bool:
        return bool(ctx.params.get(name)) and ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE

    if not (remote.given and ctx.params.get("store")):
        return remote
    remote_named = [f"--{n}" for n in ("endpoint", "profile") if on_command_line(n)]
    if on_command_line("store"):
        if remote_named:
            raise UsageError(
                f"--store and {remote_named[0]} name two stores; give one",
                hint="--store is a folder of the embedded store, --endpoint (or --profile) a remote store",
            )
        from kg.store.profiles import RemoteOptions

        env = " and ".join(f"KG_{n.upper()}" for n in ("endpoint", "profile") if ctx.params.get(n))
        _note(f"using the embedded store at {ctx.params['store']} (--store), not {env} from the environment")
        return RemoteOptions()
    return remote


class _EchoHandler(logging.Handler):
    """Log records of kg's remote store as ``kg: ...`` lines on stderr, credentials redacted."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"kg: {self.format(record)}", err=True)


def _remote_logging(level: int) -> None:
    from kg.redaction import RedactingFilter

    logger = logging.getLogger("kg.remote")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        handler = _EchoHandler()
        handler.addFilter(RedactingFilter())
        logger.addHandler(handler)
    logger.setLevel(level)


def _credential_prompt() -> Prompt | None:
    """Asks for credentials on a terminal; ``None`` (nobody to ask) otherwise."""
    if not sys.stdin.isatty():
        return None

    def ask(question: str, secret: bool) -> str | None:
        answer: str = click.prompt(question, default="", show_default=False, hide_input=secret, err=True)
        return answer or None

    return ask


def _confirm(action: str, yes: bool) -> None:
    """Ask before a destructive remote operation on a terminal; elsewhere it needs --yes."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(f"{action}; not on a terminal, so kg cannot ask", hint="pass --yes to confirm")
    if not click.confirm(f"kg: {action}. Go on?", default=False, err=True):
        raise UsageError("cancelled; nothing was changed")


class _EndsWithNewline:
    """Passes bytes on to ``out`` and remembers the last one, so that :meth:`finish` can end the
    text with a newline: pyoxigraph's JSON, XML and JSON-LD writers stop at the closing bracket,
    and a shell prompt would follow it on the same line."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._last = b"\n"  # nothing written: nothing to end

    def write(self, data: bytes) -> int:
        if len(data):
            self._last = bytes(data[-1:])
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

    def finish(self) -> None:
        if self._last != b"\n":
            self._out.write(b"\n")


@contextmanager
def _output(path: str) -> Iterator[BinaryIO]:
    """Standard output, or a file written atomically (a temp file renamed into place); a file
    whose name ends in ``.gz`` is written gzip-compressed. Output that does not end with a
    newline gets one."""
    with _output_stream(path) as out:
        ending = _EndsWithNewline(out)
        yield cast(BinaryIO, ending)
        ending.finish()


@contextmanager
def _output_stream(path: str) -> Iterator[BinaryIO]:
    """The stream ``-o PATH`` names: standard output for ``-``; a regular file written in full or
    not at all (a temporary file beside it, renamed over it at the end; a symlink is written
    through, an existing file keeps its permissions, a new one gets those of the umask); a FIFO or
    device (``/dev/null``) written to directly. ``.gz`` compresses."""
    if path == "-":
        yield _stdout()
        return
    from kg.formats import is_gzip

    target = Path(os.path.realpath(path))  # through symlinks: the link stays, its target is written
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder", hint="name a file after -o")
    if not target.parent.exists():
        raise UsageError(f"cannot write {path}: folder {Path(path).parent} does not exist")
    if target.exists() and not target.is_file():  # a FIFO, /dev/null, /dev/stdout: no rename
        with _opened(path, lambda: open(target, "wb")) as out:
            yield from _packed(out, is_gzip(path))
        return
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    fd, tmp = _opened_tmp(path, target)
    try:
        with os.fdopen(fd, "wb") as out:
            yield from _packed(out, is_gzip(path))
        try:
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except OSError as err:
            raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _packed(out: BinaryIO, gzip_it: bool) -> Iterator[BinaryIO]:
    if not gzip_it:
        yield out
        return
    import gzip

    # no file name or time in the header: the same content gives the same bytes
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as packed:
        yield cast(BinaryIO, packed)


@contextmanager
def _opened(path: str, opener: Callable[[], BinaryIO]) -> Iterator[BinaryIO]:
    try:
        stream = opener()
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
    with stream:
        yield stream


def _opened_tmp(path: str, target: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise UsageError(
            f"cannot write {path}: {err.strerror or err} (in folder {target.parent})",
            hint="choose a folder you can write to, or -o - for standard output",
        ) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
@endpoint_options
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
    remote: RemoteOptions,
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
    the reason and nothing of them is stored; so is a second input that is the same article as an
    earlier one (the same url, or title, publisher and date). A folder without articles is a
    warning. Exit code 1 if any article was rejected; 3 if a PATH does not exist (then nothing is
    read and no store created); 4 if the store cannot be opened, or --store is a folder that holds
    other files and no store.

    \b
    Example:
      kg ingest data/articles
      cat article.md | kg ingest -
    """
    from kg import pipeline
    from kg.model import Outcome
    from kg.readers import InputKind
    from kg.render import plural

    options = pipeline.IngestOptions(
        validate=not no_validate,
        extract=extract,
        batch_size=batch_size,
        input_kind=InputKind.parse(input_format) if input_format else None,
        base_iri=base_iri if base_iri is not None else pipeline.default_base_iri(),
    )
    if no_validate:
        _warning("--no-validate: articles are stored without the SHACL gate")

    def progress(result: ArticleResult) -> None:
        if result.outcome is Outcome.REJECTED:
            _note(f"rejected {result.source}: {result.problems[0]}")
            for problem in result.problems[1:]:
                click.echo(f"    {problem}", err=True)
            if result.hint:
                _note(f"hint: {result.hint}")
        elif verbose:
            _note(
                f"{result.outcome.value:<9} {result.source}"
                + (
                    f" ({plural(result.claims, 'claim')}, {plural(result.triples, 'triple')})"
                    if result.triples
                    else ""
                )
            )

    pipeline.check_sources(paths)  # a PATH that does not exist: exit 3 before a store is created
    with pipeline.open_store(store, create=True, remote=remote, prompt=_credential_prompt()) as st:
        report = pipeline.ingest(
            st, list(paths), options, stdin=_stdin(), on_result=progress, on_warning=_warning
        )
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
@click.option(
    "--no-validate",
    is_flag=True,
    help="Skip the SHACL gate: also show articles ingest would reject for failing the shapes.",
)
def extract_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str,
    base_iri: str | None,
    input_format: str | None,
    curated_only: bool,
    no_validate: bool,
) -> None:
    """Show the claims kg finds in articles, without touching the store.

    Each claim with its relation, modality, confidence, how it was found (curated, or the
    extractor's pattern) and its quote; or the RDF graph ingest would store (-f turtle ...).
    Articles ingest would reject are left out, with the reason on standard error, by the same
    rules: not an article, bad metadata, the same article as an earlier input, a graph that fails
    the SHACL gate (unless --no-validate). Exit code 1 if an article is rejected; 3 if a PATH does
    not exist.

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
        validate=not no_validate,
        on_warning=_warning,
    )
    if no_validate:
        _warning("--no-validate: articles are shown without the SHACL gate")
    for err in errors:
        _error(str(err), err.hint)
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


@cli.command()
@click.argument("sparql", required=False)
@click.option("-q", "--query-file", metavar="FILE", help="Read the query from FILE ('-' for stdin).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(
        ["table", "json", "csv", "tsv", "xml", "turtle", "nt", "nq", "trig", "jsonld", "rdfxml"]
    ),
    help="SELECT/ASK: table, json, csv, tsv, xml; CONSTRUCT/DESCRIBE: turtle, nt, nq, trig, jsonld, "
    "rdfxml. Default: from the suffix of -o (.json, .csv, .tsv, .xml, .txt; .ttl, .nt, .nq, .trig, "
    ".jsonld, .rdf), else a table on a terminal, SPARQL JSON otherwise, Turtle for CONSTRUCT.",
)
@output_option
@click.option(
    "--union/--no-union",
    default=True,
    show_default=True,
    help="Default graph = union of all graphs (articles and vocabulary), or the empty "
    "default graph (then use GRAPH ?g { ... }).",
)
@click.option(
    "--update", is_flag=True, help="Run a SPARQL update (INSERT, DELETE, DROP, ...); it takes only updates."
)
@click.option(
    "-y",
    "--yes",
    is_flag=True,
    help="Do not ask before a DROP, CLEAR, MOVE or COPY, or a DELETE from GRAPH ?g, on a remote store.",
)
@store_option
@endpoint_options
@base_iri_option
def query(
    sparql: str | None,
    query_file: str | None,
    fmt: str | None,
    output: str,
    union: bool,
    update: bool,
    yes: bool,
    store: str | None,
    remote: RemoteOptions,
    base_iri: str | None,
) -> None:
    """Run a SPARQL query against the store.

    The prefixes kg, cameo, rdf, rdfs, owl, xsd, skos, prov, schema and dcterms are predeclared.
    Queries are read-only unless --update is given. The result is written once it is complete: a
    SERVICE endpoint that fails is exit code 5, with nothing written.

    \b
    Examples:
      kg query 'SELECT ?c ?label { ?c a kg:Country ; skos:prefLabel ?label }'
      kg query -q data/queries/partners-of-pakistan.rq -f csv -o partners.csv
    """
    from kg import pipeline
    from kg.store.base import is_update

    text = pipeline.read_query(sparql, query_file, stdin=_stdin(), interactive=sys.stdin.isatty())
    if not text.strip():
        raise UsageError("the query is empty")
    if is_update(text) and not update:
        raise UsageError(
            "this is a SPARQL update, and queries are read-only", hint="pass --update to modify the store"
        )
    if update and not is_update(text):
        raise UsageError(
            "this is a SPARQL query, not an update (INSERT, DELETE, DROP, LOAD, ...)",
            hint="run it without --update",
        )
    with pipeline.open_store(store, remote=remote, prompt=_credential_prompt()) as st:
        if update:
            if remote.given:
                from kg.store.remote import destructive

                does = destructive(text)
                if does:
                    _confirm(f"this update {does} at {st.location}", yes)
            pipeline.query(st, text, union=union, update=True)
            _note(f"update applied to {st.update_location}")
            return
        with _output(output) as out:
            pipeline.write_query(
                st, text, out, fmt=fmt, path=output, union=union, tty=_is_tty(output), base_iri=base_iri
            )


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
@endpoint_options
def export(
    fmt: str | None,
    output: str,
    graph: str | None,
    vocabulary: bool,
    store: str | None,
    remote: RemoteOptions,
) -> None:
    """Export the store as RDF.

    Turtle, N-Triples and RDF/XML hold the union of all graphs as plain RDF 1.1 (each triple
    once); N-Quads, TriG and JSON-LD keep one named graph per article. The format comes from -f,
    else from the suffix of -o; a file named *.gz is written gzip-compressed, in the format of the
    suffix before .gz.

    \b
    Examples:
      kg export -o graph.ttl
      kg export -o graph.nq.gz
      kg export -f nq -o - | gzip > graph.nq.gz
    """
    from kg import pipeline
    from kg.formats import RdfFormat, is_gzip

    chosen = RdfFormat.choose(fmt, output)
    with pipeline.open_store(store, remote=remote, prompt=_credential_prompt()) as st, _output(output) as out:
        n = pipeline.export(st, out, chosen, graph=graph, vocabulary=vocabulary)
    from kg.render import plural

    kind = "quad" if chosen.is_dataset else "triple"
    packed = " (gzip)" if output != "-" and is_gzip(output) else ""
    where = "standard output" if output == "-" else output
    _note(f"wrote {plural(n, kind)} as {chosen.value}{packed} to {where}")


def shapes_option(f: F) -> F:
    return click.option(
        "--shapes",
        "shapes",
        multiple=True,
        metavar="FILE_OR_DIR",
        help="SHACL shapes to use instead of kg's (repeatable); '@kg' adds kg's own shapes.",
    )(f)


@cli.command()
@click.argument("data", nargs=-1, metavar="[DATA]...")
@shapes_option
@click.option(
    "--ontology",
    "ontology",
    multiple=True,
    metavar="FILE",
    help="Ontology (class hierarchy) to mix into the data for class-based checks (repeatable).",
)
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default="none",
    show_default=True,
    help="rdfs: infer types from subclasses, subproperties, domains and ranges before validating.",
)
@click.option("--imports", is_flag=True, help="Follow owl:imports of the shapes and ontology files.")
@click.option(
    "--input-format",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld", "rdfxml"]),
    help="Format of DATA (needs DATA) [default: from the suffix].",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["human", "table", "json", "turtle", "junit"]),
    default="human",
    show_default=True,
    help="Report format: human (grouped by focus node), table, json (schema kg-validation-report/1), "
    "turtle (a sh:ValidationReport), junit (XML for CI systems).",
)
@output_option
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="The least severe result that makes the exit code 1.",
)
@click.option(
    "--max-reports",
    type=click.IntRange(1),
    metavar="N",
    help="List at most N results, the most severe first; the verdict and the counts still cover "
    "every result.",
)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: kg's engine (shapes compiled to SPARQL; pySHACL runs what it cannot compile); "
    "pyshacl: pySHACL for everything.",
)
@click.option("-v", "--verbose", is_flag=True, help="Print which engine ran which shapes, and timings.")
@store_option
@endpoint_options
def validate(
    data: tuple[str, ...],
    shapes: tuple[str, ...],
    ontology: tuple[str, ...],
    inference: str,
    imports: bool,
    input_format: str | None,
    fmt: str,
    output: str,
    fail_on: str,
    max_reports: int | None,
    engine: str,
    verbose: bool,
    store: str | None,
    remote: RemoteOptions,
) -> None:
    """Validate the store, or RDF files, against SHACL shapes.

    DATA are RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML; '-' for standard
    input), validated together; without DATA the store is validated. kg's vocabulary (class
    hierarchy, CAMEO scheme) is mixed into the data. owl:imports are not followed unless --imports.

    Exit code 0 if the data conforms, 1 if it does not (a result at least as severe as --fail-on),
    2 for a usage error, 3 if DATA or shapes cannot be read (with file, line and column), 4 if the
    store cannot be opened or read, 5 if a remote store (--endpoint) fails.

    \b
    Examples:
      kg validate
      kg validate colleague.ttl dump.nq -f json
      kg validate data.ttl --shapes @kg --shapes my-shapes.ttl -f junit -o report.xml
    """
    from kg import pipeline
    from kg.formats import RdfFormat
    from kg.validation import Engine, Inference, Severity, Validator
    from kg.validation import render as report_render

    if input_format and not data:
        raise UsageError(
            "--input-format is the format of DATA files, and none are given (without DATA kg "
            "validates the store)",
            hint=f"name the files, or '-' for standard input: kg validate - --input-format {input_format}",
        )
    validator = Validator(
        pipeline.shapes_paths(list(shapes)) if shapes else None,
        engine=Engine.parse(engine),
        ontology=[Path(p) for p in ontology],
        inference=Inference.parse(inference),
        imports=imports,
        max_reports=max_reports,
    )
    if data:
        report = pipeline.validate_files(
            list(data), validator, fmt=RdfFormat.parse(input_format) if input_format else None, stdin=_stdin()
        )
    else:
        with pipeline.open_store(store, remote=remote, prompt=_credential_prompt()) as st:
            report = pipeline.validate_store(st, validator)
    threshold = Severity.parse(fail_on)
    if verbose:
        for line in report_render.engine_lines(report):
            _note(line)
        for name, seconds in report.timings:
            _note(f"{seconds * 1000:9.1f} ms  {name}")
    rendered = {
        "human": lambda: report_render.human(report, fail_on=threshold).encode(),
        "table": lambda: report_render.as_table(report, fail_on=threshold).encode(),
        "json": lambda: report_render.as_json(report, fail_on=threshold).encode(),
        "turtle": lambda: report_render.as_turtle(report),
        "junit": lambda: report_render.as_junit(report, fail_on=threshold),
    }[fmt]()
    with _output(output) as out:
        out.write(rendered)
    if not (fmt == "human" and output == "-"):
        _note(report_render.verdict(report, threshold))
    if report.fails(threshold):
        sys.exit(1)


@cli.command("shapes")
@shapes_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--imports", is_flag=True, help="Follow owl:imports of the shapes files.")
def shapes_command(shapes: tuple[str, ...], fmt: str, imports: bool) -> None:
    """List the SHACL shapes: what each targets, what it enforces and its message.

    Also says which engine runs each shape (kg's SPARQL engine, or pySHACL for what it cannot
    compile). Exit code 3 if a shapes file cannot be read or is not well-formed SHACL.

    \b
    Examples:
      kg shapes
      kg shapes --shapes my-shapes.ttl -f json
    """
    from kg import pipeline
    from kg.validation import describe_shapes
    from kg.validation import render as report_render

    summaries = describe_shapes(pipeline.shapes_paths(list(shapes)) if shapes else None, imports=imports)
    text = report_render.shapes_json(summaries) if fmt == "json" else report_render.shapes_text(summaries)
    _stdout().write(text.encode("utf-8"))


@cli.command()
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@store_option
@endpoint_options
def stats(fmt: str, store: str | None, remote: RemoteOptions) -> None:
    """Counts: articles, actors by type, claims by relation, CAMEO root and modality, triples."""
    import dataclasses

    from kg import pipeline
    from kg.render import json_dump, table

    with pipeline.open_store(store, remote=remote, prompt=_credential_prompt()) as st:
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


@cli.command("push")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option(
    "--each-graph", is_flag=True, help="Each named graph goes to the graph of the same name [default]."
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Everything goes into this one named graph (the union of the graphs, each triple once).",
)
@click.option("--default-graph", is_flag=True, help="Everything goes into the remote default graph.")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace each target graph (a PUT of its first chunk, or one update with the graphs packed "
    "with it; asks first on a terminal, else needs --yes). Without it the triples are added to what "
    "the server has.",
)
@click.option("-y", "--yes", is_flag=True, help="Do not ask before replacing graphs.")
@click.option(
    "--max-chunk-bytes",
    type=click.IntRange(1000),
    metavar="BYTES",
    help="Largest request body [default: 16000000; Virtuoso refuses over 20 MB by default].",
)
@click.option("--jobs", type=click.IntRange(1, 64), metavar="N", help="Requests at once [default: 2].")
@click.option(
    "--vocabulary/--no-vocabulary",
    default=True,
    show_default=True,
    help="Push the vocabulary graph (ontology, CAMEO) too.",
)
@click.option("--no-verify", is_flag=True, help="Do not count the triples on the server afterwards.")
@click.option(
    "--input-format",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld", "rdfxml"]),
    help="Format of FILE [default: from the suffix].",
)
@click.option("-v", "--verbose", is_flag=True, help="Print every graph and every request.")
@store_option
@endpoint_options
def push_command(
    files: tuple[str, ...],
    each_graph: bool,
    graph: str | None,
    default_graph: bool,
    replace: bool,
    yes: bool,
    max_chunk_bytes: int | None,
    jobs: int | None,
    vocabulary: bool,
    no_verify: bool,
    input_format: str | None,
    verbose: bool,
    store: str | None,
    remote: RemoteOptions,
) -> None:
    """Copy the embedded store, or RDF files, into a remote store.

    Uses the Graph Store Protocol, always naming the target graph. Big graphs go in chunks of
    whole N-Triples lines under --max-chunk-bytes; with --replace the first chunk of each graph
    replaces it. Afterwards kg counts the triples of every target graph on the server and
    reports any difference (exit code 5). A push with --replace that stopped part-way can be run
    again: it ends with the same content.

    \b
    Examples:
      kg push --server oxigraph --endpoint http://localhost:7878 --replace --yes
      KG_USER=dba KG_PASSWORD=... kg push --server virtuoso --endpoint http://localhost:8890
      kg push dump.nq --endpoint http://localhost:7878/query --gsp-url http://localhost:7878/store
      kg push colleague.ttl --graph https://example.org/graph/colleague --profile lab
    """
    from kg import pipeline
    from kg.errors import RemoteError
    from kg.formats import RdfFormat
    from kg.store.push import PushError, PushInterrupted, PushOptions

    if not remote.given:
        raise UsageError(
            "kg push needs a remote store",
            hint="pass --endpoint URL (e.g. --server oxigraph --endpoint http://localhost:7878) or --profile",
        )
    if sum((each_graph, graph is not None, default_graph)) > 1:
        raise UsageError("give one of --each-graph, --graph IRI and --default-graph")
    options = PushOptions(
        graph=graph,
        default_graph=default_graph,
        replace=replace,
        vocabulary=vocabulary,
        max_chunk_bytes=max_chunk_bytes,
        jobs=jobs,
        verify=not no_verify,
    )
    if verbose:
        _remote_logging(logging.INFO)
    with pipeline.open_store(None, remote=remote, prompt=_credential_prompt()) as target:
        if replace:
            _confirm(f"--replace replaces the target graphs at {target.location}", yes)
        try:
            if files:
                report = pipeline.push(
                    target,
                    files=list(files),
                    options=options,
                    fmt=RdfFormat.parse(input_format) if input_format else None,
                    stdin=_stdin(),
                )
            else:
                with pipeline.open_store(store) as source:
                    report = pipeline.push(target, source=source, options=options)
        except (PushError, PushInterrupted) as err:  # what landed, then the error (exit 5 or 130)
            _push_report(err.report, verbose)
            raise
    _push_report(report, verbose)
    if report.mismatched:
        raise RemoteError(
            f"{len(report.mismatched)} graph(s) on {report.location} do not have the triples pushed",
            hint="run the push again with --replace; if the difference stays, the server changed "
            "the data (a Virtuoso may normalise literals)",
        )


def _push_report(report: PushReport, verbose: bool) -> None:
    for line in report.lines(verbose):
        _note(line)


def main() -> None:
    """Entry point of the ``kg`` console script and ``python -m kg``."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
