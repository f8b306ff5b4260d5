"""Markdown articles: with YAML front matter, or in the shape of a web article saved as Markdown.

Front matter (between ``---`` lines at the top) holds the fields of :mod:`kg.readers.fields`. Without
front matter, metadata comes from the lines under the ``# Title`` heading::

    # Title
    By [Author](...)
    Publisher, July 09, 2019
    Region: [Asia](...), [Russia and FSU](...)
    Theme: [Intelligence](...)

and the footer boilerplate of republishing sites ("This article was originally published on ...",
"The original source of this article is ...", copyright and disclaimer lines) is cut off the body.
The stored text is the Markdown body as written; evidence offsets refer to it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kg.errors import ArticleError
from kg.model import Article, Position
from kg.readers.fields import build_article
from kg.readers.header import parse_header

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps (dates stay text, so kg reports bad ones by position)
    and without duplicate keys: ``title: A`` and later ``title: B`` in one mapping is an error at
    the second key, not the last one silently winning."""

    first_line = 1  # the line of the file where the YAML text starts

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # '<<: *defaults': keys given beside it override the merged ones
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if first is not key_node:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"duplicate key {key!r} (first given on line {first.start_mark.line + self.first_line}); "
                    "give each key once",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, source: str, first_line: int) -> tuple[Any, Any]:
    """Parse YAML; return the data and a locator mapping key paths to positions in the file."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise ArticleError(
            f"bad front matter: {err.problem or err.context}",
            source=source,
            line=(mark.line + first_line) if mark else None,
            column=(mark.column + 1) if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise ArticleError(f"bad front matter: {err}", source=source, line=first_line) from None
    finally:
        loader.dispose()

    def locate(path: tuple[str | int, ...]) -> Position:
        current = node
        for step in path:
            nxt = None
            if isinstance(current, yaml.MappingNode):
                nxt = next((v for k, v in current.value if k.value == step), None)
            elif (
                isinstance(current, yaml.SequenceNode) and isinstance(step, int) and step < len(current.value)
            ):
                nxt = current.value[step]
            if nxt is None:
                break
            current = nxt
        if current is None:
            return Position(source, first_line)
        return Position(source, current.start_mark.line + first_line, current.start_mark.column + 1)

    return data, locate


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def read_markdown(text: str, source: str) -> Article:
    """Read one Markdown article (already decoded, line endings normalised to ``\\n``)."""
    if re.match(r"---[ \t]*\n", text):
        start = text.index("\n") + 1
        end = _FRONT_MATTER_END.search(text, start)
        if end is None:
            raise ArticleError("front matter is not closed by a '---' line", source=source, line=1, column=1)
        data, locate = load_yaml(text[start : end.start()], source, first_line=2)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ArticleError("front matter must be a mapping of fields (key: value)", source=source, line=2)
        body = text[end.end() :].strip("\n").rstrip()
        if "title" not in data and "headline" not in data:
            heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.MULTILINE)
            if heading:
                data = {**data, "title": heading.group(1)}
        return build_article(data, text=body, source=source, locate=locate)
    header = parse_header(text, markdown=True)
    return build_article(
        header.fields,
        text=header.body,
        source=source,
        locate=lambda path: Position(source, header.lines.get(str(path[0]) if path else "", 1)),
    )
