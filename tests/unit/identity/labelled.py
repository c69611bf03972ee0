"""The labelled fixture (tests/fixtures/identity/labelled) as seed files, and what the
duplicate detector makes of it.

Each record becomes a seed file of its own (what one source writes): its names,
aliases, identifiers and parent; an alliance record's lead as a membership with role
lead; a record's alliances as memberships; a person's employer and an organisation's
heads as posts (one person record per head's name). The detector then reads the
folder as it reads any seeds.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancekg.identity.scoring import Candidate, candidates
from alliancekg.ingest.profiles import profiles
from alliancekg.ingest.reader import read_seeds
from alliancekg.ingest.resolve import AMBIGUOUS
from alliancekg.ingest.yamlio import write_seed_file
from tests.paths import FIXTURES

LABELLED = FIXTURES / "identity" / "labelled"
THRESHOLD = 0.5


def _rows(name: str) -> list[dict[str, str]]:
    with (LABELLED / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(text: str) -> list[str]:
    return [x for x in text.split("|") if x]


def _names(row: dict[str, str]) -> dict[str, str]:
    return {lang: row[f"name_{lang}"] for lang in ("ko", "en") if row[f"name_{lang}"]}


def _head_id(name: str) -> str:
    return "head-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def write_seeds(out: Path) -> None:
    """The fixture's records as seed files under ``out``."""
    rows = _rows("entities.csv")
    heads = sorted({h for r in rows for h in _split(r.get("leaders", ""))})
    for row in rows:
        ident = row["id"]
        doc: dict[str, Any] = {
            "source": {
                "id": f"src-{ident}",
                "kind": "curation",
                "title": {"en": f"Labelled identity record {ident}"},
            }
        }
        entry: dict[str, Any] = {"id": ident, "name": _names(row)}
        if row["aliases"]:
            entry["aliases"] = _split(row["aliases"])
        memberships: list[dict[str, Any]] = []
        posts: list[dict[str, Any]] = []
        if row["type"] == "person":
            doc["persons"] = [entry]
            if row.get("employer"):
                posts.append(
                    {"person": ident, "organization": row["employer"], "title": {"en": "staff"}}
                )
        else:
            if row["identifiers"]:
                entry["identifiers"] = _split(row["identifiers"])
            if row["parent"]:
                entry["parent"] = row["parent"]
            if row["type"] == "alliance":
                entry["status"] = "active"
                if row.get("launched"):
                    entry["launched"] = row["launched"]
                doc["alliances"] = [entry]
                if row.get("lead"):
                    memberships.append(
                        {
                            "member": row["lead"],
                            "alliance": ident,
                            "role": "lead",
                            "status": "active",
                        }
                    )
            else:
                entry["kind"] = row["kind"] or "company"
                doc["organizations"] = [entry]
            for head in _split(row.get("leaders", "")):
                posts.append(
                    {"person": _head_id(head), "organization": ident, "title": {"en": "head"}}
                )
        for alliance in _split(row["alliances"]):
            memberships.append(
                {"member": ident, "alliance": alliance, "role": "member", "status": "active"}
            )
        if posts:
            doc["posts"] = posts
        if memberships:
            doc["memberships"] = memberships
        write_seed_file(out / f"{ident}.yaml", doc)
    for head in heads:
        write_seed_file(
            out / f"{_head_id(head)}.yaml",
            {
                "source": {
                    "id": f"src-{_head_id(head)}",
                    "kind": "curation",
                    "title": {"en": "Head named in the labelled records"},
                },
                "persons": [
                    {
                        "id": _head_id(head),
                        "name": {
                            "ko" if any("\uac00" <= c <= "\ud7a3" for c in head) else "en": head
                        },
                    }
                ],
            },
        )


@dataclass
class Measured:
    candidates: list[Candidate]
    true_found: int
    true_total: int
    false_found: int  # pairs labelled different, scored at or above the threshold
    misses: list[dict[str, str]]
    false_alarms: list[Candidate]
    by_category: dict[str, tuple[int, int]]  # category -> (found, labelled)

    @property
    def recall(self) -> float:
        return self.true_found / self.true_total

    @property
    def precision(self) -> float:
        return self.true_found / (self.true_found + self.false_found)


def measure(seeds_dir: Path) -> Measured:
    """Recall of the pairs labelled same, and precision over the labelled pairs, among
    candidates scored at least :data:`THRESHOLD`."""
    seeds = read_seeds([seeds_dir], tolerate=frozenset({AMBIGUOUS}))
    found = candidates(profiles(seeds), minimum=0.0)
    scores = {(c.a, c.b): c for c in found}
    pairs = _rows("pairs.csv")
    true_found = 0
    false_found: list[Candidate] = []
    misses: list[dict[str, str]] = []
    per: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for p in pairs:
        key = (p["a"], p["b"]) if p["a"] < p["b"] else (p["b"], p["a"])
        c = scores.get(key)
        high = c is not None and c.score >= THRESHOLD
        per[p["category"]] += 1
        if p["label"] == "same":
            if high:
                true_found += 1
                hits[p["category"]] += 1
            else:
                misses.append(p)
        elif high:
            assert c is not None
            false_found.append(c)
        else:
            hits[p["category"]] += 1
    return Measured(
        found,
        true_found,
        sum(1 for p in pairs if p["label"] == "same"),
        len(false_found),
        misses,
        false_found,
        {cat: (hits[cat], per[cat]) for cat in sorted(per)},
    )
