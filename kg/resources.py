"""Where kg finds the files it ships: the ontology and the SHACL shapes.

An installed wheel carries them inside the package (``kg/_resources/``); a source checkout or an
editable install uses the top-level ``ontology/`` and ``shapes/`` folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.errors import KgError

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise KgError(
        f"kg's {name}/ folder is missing from the installation ({_PACKAGE})",
        hint="reinstall kg: pip install --force-reinstall kg",
    )


@cache
def ontology_dir() -> Path:
    """The folder holding ``kg.ttl`` (the ontology) and ``cameo.ttl`` (the CAMEO scheme)."""
    return _find("ontology")


@cache
def shapes_dir() -> Path:
    """The folder holding kg's SHACL shapes (``*.ttl``)."""
    return _find("shapes")


def ontology_files() -> list[Path]:
    """The vocabulary files loaded into every store: ontology first, then the CAMEO scheme."""
    return sorted(ontology_dir().glob("*.ttl"), key=lambda p: (p.name != "kg.ttl", p.name))


def shape_files() -> list[Path]:
    """kg's own shapes files, in a stable order."""
    return sorted(shapes_dir().glob("*.ttl"))
