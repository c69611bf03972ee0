"""The ``alliancekg`` command line: one module per group of commands, each command thin
(it parses, calls the library, prints).

A command's module is imported when the command runs, not before: ``alliancekg
query`` does not pay for the web server, nor ``validate`` for the Neo4j driver.

Exit codes: 0 success; 1 invalid data; 2 usage or runtime error; 3 Neo4j
unavailable; 4 unknown id or name.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

# command -> module of alliancekg.cli that defines it (a function of the same name)
COMMANDS = {
    "validate": "seeds",
    "load": "graph",
    "export": "graph",
    "doctor": "graph",
    "mapping": "graph",
    "query": "questions",
    "chart": "questions",
    "serve": "serve",
    "dedupe": "identity",
    "conflicts": "identity",
}


class LazyCommands(TyperGroup):
    """The commands of :data:`COMMANDS`, each built from its module when asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, as Typer builds it from its function; None if unknown."""
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        function = getattr(importlib.import_module(f"{__name__}.{module}"), cmd_name)
        one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        one.command(name=cmd_name)(function)
        return typer.main.get_command(one)


app = typer.Typer(
    cls=LazyCommands,
    help="Alliance knowledge graph: validate seeds, load Neo4j, query, export RDF, serve the API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main_options() -> None:
    """Alliance knowledge graph: validate seeds, load Neo4j, query, export RDF, serve the API."""


def main() -> None:  # pragma: no cover - entry point
    app()
