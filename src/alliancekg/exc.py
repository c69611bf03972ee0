"""The one exception root of the project, with narrow subclasses.

The CLI maps them to exit codes (1 invalid data, 2 usage or runtime error,
3 Neo4j unavailable) and the API to HTTP statuses, each in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class AllianceKGError(Exception):
    """Root of every error the project raises on purpose."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the seed data, located as precisely as known."""

    message: str
    file: str | None = None
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def location(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.entry is not None:
            parts.append(self.entry)
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class InvalidData(AllianceKGError):
    """The seed data is invalid; ``problems`` lists every problem found."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 1

    def __str__(self) -> str:
        n = len(self.problems)
        return f"{n} problem{'s' if n != 1 else ''} in the seed data"


class UsageError(AllianceKGError):
    """A command or request was called with arguments that cannot work."""

    exit_code = 2


@dataclass
class Neo4jUnavailable(AllianceKGError):
    """Neo4j cannot be used: refused, unreachable, bad credentials, no such database."""

    uri: str
    cause: str
    exit_code = 3

    def __str__(self) -> str:
        return f"Neo4j at {self.uri} is unavailable: {self.cause}"


@dataclass
class TooLarge(AllianceKGError):
    """Neo4j refused the work for want of transaction memory: the server is up, but this
    transaction (a load, or a question's answer) needs more than it may hold at once."""

    uri: str
    cause: str
    advice: str
    exit_code = 2

    def __str__(self) -> str:
        return f"Neo4j at {self.uri} ran out of transaction memory: {self.cause}. {self.advice}"


@dataclass
class NotFound(AllianceKGError):
    """An id or name that the graph does not hold."""

    what: str
    key: str
    exit_code = 4

    def __str__(self) -> str:
        return f"no {self.what} '{self.key}'"
