"""What every command shares: the consoles, the seed option, settings, choices, and the
one place that turns the project's errors into a message and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from ..config import Settings
from ..exc import AllianceKGError, InvalidData, Neo4jUnavailable, Problem, UsageError

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])
E = TypeVar("E", bound=StrEnum)

SeedsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--seeds",
        "-s",
        help="Seed file or directory, repeatable (default: ALLIANCEKG_SEEDS, else seeds/). "
        "Where answers come from Neo4j (NEO4J_URI set), only load reads them.",
        show_default=False,
    ),
]


def settings(seeds: list[Path] | None = None) -> Settings:
    """Settings from the environment, with --seeds in place of ALLIANCEKG_SEEDS if given;
    a value the settings refuse is a usage error naming the variable."""
    try:
        found = Settings()
    except ValidationError as e:
        raise UsageError(
            "; ".join(
                f"{'.'.join(map(str, x['loc']))}: {x['msg']} (got {x['input']!r})"
                for x in e.errors()
            )
        ) from None
    return found.with_seeds(seeds)


def with_neo4j(s: Settings) -> Settings:
    """``s``, or :class:`Neo4jUnavailable` when it names no Neo4j."""
    if not s.neo4j_uri:
        raise Neo4jUnavailable(
            "(NEO4J_URI not set)",
            "no Neo4j configured: set NEO4J_URI, or run scripts/neo4j-local start and "
            "export what it prints",
        )
    return s


def print_warnings(warnings: list[Problem]) -> None:
    """Possible duplicates and merges that left a value out: worth a look, never fatal."""
    for w in warnings:
        err.print(f"[yellow]warning[/yellow] {w}", markup=True, highlight=False)


def or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def choose(enum: type[E], value: str, what: str) -> E:
    """``value`` as a member of ``enum`` (the same choices as the API's), or a usage error
    naming the choices."""
    try:
        return enum(value)
    except ValueError:
        raise UsageError(
            f"unknown {what} '{value}'; use {or_list([str(e) for e in enum])}"
        ) from None


def handled(fn: F) -> F:
    """Report project errors as one clear message and their exit code, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidData as e:
            for problem in e.problems:
                err.print(f"[red]error[/red] {problem}", markup=True, highlight=False)
            err.print(f"{e}", highlight=False)
            raise typer.Exit(e.exit_code) from None
        except AllianceKGError as e:
            err.print(f"[red]error[/red] {e}", highlight=False)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]
