"""The ``layak`` command line: one module per command group, all registered on ``app`` (the console script
``layak = api.cli:app``; ``python -m api.cli`` runs the same)."""

from __future__ import annotations

from importlib import import_module

from api.cli.common import app

# Importing a group registers its commands; this order is the order of `layak --help`.
COMMAND_GROUPS = ("demo", "recommend", "listings", "contracts", "planning", "learning", "admin")
for _group in COMMAND_GROUPS:
    import_module(f"api.cli.{_group}")

__all__ = ["app"]
