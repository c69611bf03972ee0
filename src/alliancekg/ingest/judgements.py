"""Writing identity judgements: a curation seed file that ``alliancekg dedupe`` appends to.

The file is an ordinary seed file (``source`` of kind ``curation``, then
``judgements``), so the judgements it holds apply wherever the seeds are read.
Entries are appended one at a time, each a complete line, so a review can stop at any
point and resume; nothing else in the file is rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..exc import UsageError
from ..ontology.ids import ID_PATTERN
from .yamlio import Entry, read_yaml


@dataclass(frozen=True)
class Judgement:
    a: str
    b: str
    decision: str  # same, different or unsure
    reason: str
    by: str | None = None
    on: str | None = None

    def as_entry(self) -> dict[str, str]:
        entry = {"a": self.a, "b": self.b, "decision": self.decision, "reason": self.reason}
        if self.by:
            entry["by"] = self.by
        entry["on"] = self.on or dt.date.today().isoformat()
        return entry


def _source_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", path.stem.casefold()).strip("-._")
    return slug if ID_PATTERN.match(slug) else "judgements"


def _header(path: Path) -> str:
    source = {
        "id": _source_id(path),
        "kind": "curation",
        "title": {"en": "Identity judgements", "ko": "동일성 판단"},
    }
    text = yaml.safe_dump({"source": source}, allow_unicode=True, sort_keys=False)
    return (
        "# Which entities of the seeds are one (same), which are not (different).\n"
        "# Written by alliancekg dedupe; edit or delete entries by hand as you like:\n"
        "# deleting a judgement undoes it.\n" + text + "judgements:\n"
    )


def check_appendable(path: Path) -> None:
    """A judgements file can take more entries: it is a curation seed file whose last
    top-level key is ``judgements`` (or it does not exist yet)."""
    if not path.exists():
        return
    data, problems = read_yaml(path, str(path))
    if problems:
        raise UsageError(f"{path} cannot be read: {problems[0]}")
    if not isinstance(data, Entry) or not data:
        raise UsageError(f"{path} is not a seed file")
    source = data.get("source")
    if not isinstance(source, dict) or source.get("kind") != "curation":
        raise UsageError(f"{path} is not a curation file (its source must have kind: curation)")
    if list(data)[-1] != "judgements":
        raise UsageError(f"{path}: 'judgements' must be the file's last section to append to it")


def append(path: Path, judgements: list[Judgement]) -> None:
    """Add ``judgements`` at the end of the file (created when missing)."""
    check_appendable(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_header(path), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    lines = []
    for j in judgements:
        flow = yaml.safe_dump(
            j.as_entry(), allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**6
        ).strip()
        lines.append(f"  - {flow}\n")
    with path.open("a", encoding="utf-8") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        f.writelines(lines)
