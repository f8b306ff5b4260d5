"""Graph stores: the embedded pyoxigraph store and remote SPARQL 1.1 servers, behind one interface.

- :class:`Store` (:mod:`kg.store.base`): what the pipeline needs from a store.
- :class:`LocalStore` (:mod:`kg.store.local`): the embedded on-disk store.
- :class:`RemoteStore` (:mod:`kg.store.remote`): any SPARQL 1.1 server (Oxigraph server, Virtuoso,
  Fuseki, GraphDB ...), described by an :class:`Endpoint` that :func:`resolve_endpoint` builds from
  :class:`RemoteOptions` (``--endpoint``, ``--server``, ``--profile`` ...).
- :func:`push_units` and friends (:mod:`kg.store.push`): chunked, verified copies into a remote
  store (``kg push``; :func:`kg.pipeline.push` builds the units from a store or files).

Names are imported lazily, so ``import kg.store`` does not load ``requests``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.store.base import QueryResult, Store
    from kg.store.local import LocalStore
    from kg.store.profiles import (
        AuthKind,
        Credentials,
        Endpoint,
        RemoteOptions,
        ServerKind,
        UnionMode,
        resolve_endpoint,
    )
    from kg.store.push import GraphPush, PushError, PushOptions, PushReport
    from kg.store.remote import RemoteStore

_WHERE = {
    "QueryResult": "kg.store.base",
    "Store": "kg.store.base",
    "LocalStore": "kg.store.local",
    "AuthKind": "kg.store.profiles",
    "Credentials": "kg.store.profiles",
    "Endpoint": "kg.store.profiles",
    "RemoteOptions": "kg.store.profiles",
    "ServerKind": "kg.store.profiles",
    "UnionMode": "kg.store.profiles",
    "resolve_endpoint": "kg.store.profiles",
    "GraphPush": "kg.store.push",
    "PushError": "kg.store.push",
    "PushOptions": "kg.store.push",
    "PushReport": "kg.store.push",
    "RemoteStore": "kg.store.remote",
}

__all__ = [
    "AuthKind",
    "Credentials",
    "Endpoint",
    "GraphPush",
    "LocalStore",
    "PushError",
    "PushOptions",
    "PushReport",
    "QueryResult",
    "RemoteOptions",
    "RemoteStore",
    "ServerKind",
    "Store",
    "UnionMode",
    "resolve_endpoint",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
