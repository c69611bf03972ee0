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
    # Other sources that state the same entry (a merged entity, a claim several make).
    extra_sources: list[str] = field(default_factory=list)
    # For a merged entity: the records it was made from.
    merged_from: list[Record] = field(default_factory=list)

    def problem(self, message: str, key: str | None = None, code: str | None = None) -> Problem:
        line = self.key_lines.get(key, self.line) if key is not None else self.line
        entry = f"{self.label} ({self.id})" if self.id else self.label
        return Problem(message, file=self.file, line=line, entry=entry, field=key, code=code)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def sources(self) -> list[str]:
        """Every source that states this entry: its file's, then the others."""
        return [self.source_id, *self.extra_sources] if self.source_id else self.extra_sources


@dataclass(frozen=True)
class Claim:
    """One source's statement of a fact that other sources state differently."""

    record: Record
    values: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree about one fact: what it is about, which fields differ, and
    each source's claim (the graph keeps them all)."""

    subject: str  # e.g. "membership of sk-telecom in k-ai-alliance"
    fields: tuple[str, ...]
    claims: tuple[Claim, ...]
    notes: tuple[str, ...] = ()  # e.g. "joined: Y-1 in etnews (published 2024) is 2023: consistent"


@dataclass
class SeedSet:
    """Every record of a set of seed files, ready to become a graph."""

    records: list[Record]
    files: list[str]
    # Things a curator should look at that do not stop a load (possible duplicates).
    warnings: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # The records as read, before merging: what evidence is checked against.
    originals: list[Record] = field(default_factory=list)
    # Merged id → its canonical id.
    merged: dict[str, str] = field(default_factory=dict)
    # The pairs judgements name (canonical ids, in order): not duplicate candidates.
    judged: set[tuple[str, str]] = field(default_factory=set)
    # Problems a caller chose to tolerate (see read_seeds).
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}
