"""Each sample article maps to exactly its golden graph (compared by graph isomorphism)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from .golden import GOLDEN, sample_graphs

GRAPHS = sample_graphs()


def test_every_sample_has_a_golden_file() -> None:
    assert sorted(GRAPHS) == sorted(p.name for p in GOLDEN.glob("*.ttl"))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_graph_matches_golden(name: str) -> None:
    actual = rdflib.Graph().parse(data=ox.serialize(GRAPHS[name], format=ox.RdfFormat.N_TRIPLES), format="nt")
    expected = rdflib.Graph().parse(GOLDEN / name, format="turtle")
    if not isomorphic(actual, expected):
        _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            f"{name} differs; missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]} "
            "(run 'make golden' if the change is intended)"
        )
