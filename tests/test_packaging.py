"""The wheel carries what an installed kg needs: ontology, shapes, gazetteer; `python -m kg` works."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_wheel_ships_ontology_shapes_and_gazetteer(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "kg/_resources/ontology/kg.ttl",
        "kg/_resources/ontology/cameo.ttl",
        "kg/_resources/shapes/kg.ttl",
        "kg/extract/data/gazetteer.json",
        "kg/cli.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kg = kg.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_python_dash_m_kg() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.startswith("kg, version")
