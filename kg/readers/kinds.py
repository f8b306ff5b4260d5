"""The kinds of article input kg reads, and the file suffixes that name them."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from kg.errors import UsageError


class InputKind(StrEnum):
    """Kinds of article input."""

    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TEXT = "text"
    HTML = "html"

    @classmethod
    def parse(cls, name: str) -> InputKind:
        for kind in cls:
            if name.lower() in (kind.value, *_ALIASES.get(kind, ())):
                return kind
        raise UsageError(
            f"unknown input format {name!r}", hint=f"use one of: {', '.join(k.value for k in cls)}"
        )

    @classmethod
    def from_suffix(cls, path: str) -> InputKind | None:
        return SUFFIXES.get(Path(path).suffix.lower())


_ALIASES = {
    InputKind.MARKDOWN: ("md",),
    InputKind.JSONL: ("ndjson",),
    InputKind.TEXT: ("txt",),
    InputKind.HTML: ("htm",),
}
SUFFIXES = {
    ".md": InputKind.MARKDOWN,
    ".markdown": InputKind.MARKDOWN,
    ".json": InputKind.JSON,
    ".jsonl": InputKind.JSONL,
    ".ndjson": InputKind.JSONL,
    ".csv": InputKind.CSV,
    ".txt": InputKind.TEXT,
    ".text": InputKind.TEXT,
    ".html": InputKind.HTML,
    ".htm": InputKind.HTML,
}


__all__ = ["SUFFIXES", "InputKind"]
