"""The as-of rule in Cypher agrees with its reference in dates.py, case by case."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import yaml
from neo4j import Driver

from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ontology.dates import Certainty, member_on
from tests.support import load_seeds

JOINED = [
    None,
    "Y-1",
    "2023",
    "2024",
    "2025",
    "2024-05",
    "2024-06",
    "2024-07",
    "2024-06-14",
    "2024-06-15",
    "2024-06-16",
]
LEFT = [None, "2024", "2024-06", "2024-06-15", "2024-06-16", "2025", "2023-12"]
DAYS = [
    dt.date(2024, 6, 15),
    dt.date(2024, 6, 1),
    dt.date(2024, 6, 30),
    dt.date(2024, 1, 1),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 1),
]


def _cases() -> list[tuple[str | None, str | None]]:
    cases = []
    for joined, left in itertools.product(JOINED, LEFT):
        if joined and left and not joined.startswith("Y") and joined[:4] > left[:4]:
            continue  # left before joined is invalid data
        if (
            joined
            and left
            and not joined.startswith("Y")
            and len(joined) >= 7
            and len(left) >= 7
            and joined[:7] > left[:7]
        ):
            continue
        if joined and left and len(joined) == 10 and len(left) == 10 and joined > left:
            continue
        cases.append((joined, left))
    return cases


def test_members_as_of_follows_the_reference_rule(
    driver: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    cases = _cases()
    doc: dict[str, object] = {
        "source": {"id": "as-of-cases", "kind": "curation", "title": {"en": "As-of cases"}},
        "organizations": [
            {"id": f"f{i}", "kind": "company", "name": {"en": f"Firm {i}"}}
            for i in range(len(cases))
        ],
        "alliances": [{"id": "club", "name": {"en": "Club"}, "status": "active"}],
        "memberships": [
            {
                "member": f"f{i}",
                "alliance": "club",
                "role": "member",
                "status": "ended" if left else "active",
                **({"joined": joined} if joined else {}),
                **({"left": left} if left else {}),
            }
            for i, (joined, left) in enumerate(cases)
        ],
    }
    (tmp_path / "cases.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    load_seeds(driver, neo4j_settings, tmp_path)
    backend = Neo4jBackend(neo4j_settings)
    outcomes: set[str | None] = set()
    try:
        for day in DAYS:
            rows = backend.run("members_as_of", {"alliance": "club", "as_of": day.isoformat()})
            got = {r["id"]: r["date_certainty"] for r in rows}
            for i, (joined, left) in enumerate(cases):
                want = member_on(joined, left, left is not None, day)
                expected = None if want is Certainty.NO else want.value
                assert got.get(f"f{i}") == expected, (joined, left, day.isoformat())
                outcomes.add(expected)
    finally:
        backend.close()
    assert outcomes == {"certain", "uncertain", None}
