"""The one exception root of the project, with narrow subclasses.

Each class says how it is reported: ``exit_code`` for the command line (0
success, 1 invalid data, 2 usage or runtime error, 3 Neo4j unavailable, 4
unknown id), ``http_status`` and ``error`` (the ``error`` field of the JSON
body) for the API. The CLI and the API each read these in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


class AllianceKGError(Exception):
    """Root of every error the project raises on purpose."""

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 500
    error: ClassVar[str] = "error"

    def headers(self) -> dict[str, str]:
        """HTTP headers that go with the error response."""
        return {}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the seed data, located as precisely as known."""

    message: str
    file: str | None = None
    line: int | None = None
    entry: str | None = None
    field: str | None = None
    # What kind of problem, where a caller must tell kinds apart ("ambiguous": a
    # reference by a name that several entities carry).
    code: str | None = None

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
    exit_code: ClassVar[int] = 1
    # The API serves seeds it validated at startup: invalid data there is the server's fault.
    http_status: ClassVar[int] = 500
    error: ClassVar[str] = "invalid_data"

    def __str__(self) -> str:
        n = len(self.problems)
        return f"{n} problem{'s' if n != 1 else ''} in the seed data"


class UsageError(AllianceKGError):
    """A command or request was called with arguments that cannot work."""

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 422
    error: ClassVar[str] = "bad_request"


class NotAcceptable(UsageError):
    """The Accept header names no media type the route serves."""

    http_status: ClassVar[int] = 406
    error: ClassVar[str] = "not_acceptable"

    def __init__(self, accept: str, available: list[str]) -> None:
        super().__init__(f"cannot answer with {accept!r}; available: " + ", ".join(available))


class MappingError(AllianceKGError):
    """Data that the ontology's RDF ⇄ property graph mapping cannot express."""


class FontUnavailable(AllianceKGError):
    """No font with Korean glyphs could be found for a chart."""


@dataclass
class MissingGlyphs(AllianceKGError):
    """A chart would show boxes ("tofu") for characters no font has."""

    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        shown = "; ".join(self.messages[:3])
        return f"the chart needs glyphs that no font has ({shown})"


@dataclass
class Neo4jUnavailable(AllianceKGError):
    """Neo4j cannot be used: refused, unreachable, bad credentials, no such database."""

    uri: str
    cause: str
    exit_code: ClassVar[int] = 3
    http_status: ClassVar[int] = 503
    error: ClassVar[str] = "neo4j_unavailable"

    def __str__(self) -> str:
        return f"Neo4j at {self.uri} is unavailable: {self.cause}"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


@dataclass
class TooLarge(AllianceKGError):
    """Neo4j refused the work for want of transaction memory: the server is up, but this
    transaction (a load, or a question's answer) needs more than it may hold at once.
    Asking again the same way will not help, so the API sends no Retry-After."""

    uri: str
    cause: str
    advice: str
    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 503
    error: ClassVar[str] = "too_large"

    def __str__(self) -> str:
        return f"Neo4j at {self.uri} ran out of transaction memory: {self.cause}. {self.advice}"


@dataclass
class NotFound(AllianceKGError):
    """An id or name that the graph does not hold."""

    what: str
    key: str
    exit_code: ClassVar[int] = 4
    http_status: ClassVar[int] = 404
    error: ClassVar[str] = "not_found"

    def __str__(self) -> str:
        return f"no {self.what} '{self.key}'"
