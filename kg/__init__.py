"""kg: the relations that news articles assert, as a clean, validated, queryable knowledge graph.

The public API lives in :mod:`kg.api`; this module stays light so ``kg --help`` starts fast.
"""

__version__ = "0.1.0"
