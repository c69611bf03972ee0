"""Seed records: one entry of a seed file, its values checked, and a set of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..exc import Problem
from ..ontology.model import Cls

QUOTE_GAP = " … "  # joins the quoted segments of one direct quote
UNRESOLVED = "?"  # stands in a derived id for a reference that is missing or unknown


@dataclass
class Record:
    """One entry of a seed file, its values checked and its references resolved."""

    cls: Cls
    id: str
    source_id: str
    file: str
    line: int
    label: str  # how problems name the entry, e.g. "memberships[3]"
    key_lines: dict[str, int]
    values: dict[str, Any] = field(default_factory=dict)
    # A table row without an id: a row that states a fact already stated (the same
    # derived id) joins that entry with its sources, instead of clashing with it.
    merges: bool = False

    def problem(self, message: str, key: str | None = None) -> Problem:
        line = self.key_lines.get(key, self.line) if key is not None else self.line
        entry = f"{self.label} ({self.id})" if self.id else self.label
        return Problem(message, file=self.file, line=line, entry=entry, field=key)


@dataclass
class SeedSet:
    """Every record of a set of seed files, ready to become a graph."""

    records: list[Record]
    files: list[str]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}
