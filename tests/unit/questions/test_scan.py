"""The embedded backend's fast paths give their SPARQL form's answer, exactly.

Each question answered in Python (``alliancekg.questions.scan.FAST``) is asked of
the embedded backend twice, with its fast paths and with every question as SPARQL
(``fast=False``), with parameters drawn from the data, on every dataset the tests
keep and on generated seeds with ended, proposed and dated memberships. The two
answers must hold the same records in the same order (nested lists compare as
multisets, as in the parity test, which compares both with Neo4j).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.config import Settings
from alliancekg.ingest.synth import Scale, generate
from alliancekg.questions.scan import FAST
from tests.paths import FIXTURES, SEEDS
from tests.question_cases import canonical, cases

DATASETS = {
    "seeds": [SEEDS],  # quotes, figures, events and proposers about alliances
    "analysis": [FIXTURES / "analysis"],
    "identity": [FIXTURES / "identity" / "two-sources", FIXTURES / "identity" / "judged"],
    "groups": [FIXTURES / "groups"],
    "rejoin": [FIXTURES / "rejoin"],
    "minimal": [FIXTURES / "valid" / "minimal"],
    "tables": [FIXTURES / "tables" / "example"],
}


def _generated(out: Path) -> list[Path]:
    """Generated seeds, then some memberships ended (some with a leaving date, some
    without), some proposed, one alliance proposed, and some firms with a parent or two
    above them."""
    (path,) = generate(Scale(companies=120, alliances=9, memberships=600), out)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, m in enumerate(doc["memberships"]):
        if i % 7 == 0:
            m["status"] = "ended"
            if i % 14 == 0:
                # after any joining date the generator writes (2015-2025)
                m["left"] = ("2023-06" if i % 28 else "2022") if "joined" not in m else "2026"
        elif i % 11 == 0:
            m["status"] = "proposed"
    doc["alliances"][3]["status"] = "proposed"
    for i, org in enumerate(doc["organizations"]):
        if i % 13 in (0, 1) and i + 1 < len(doc["organizations"]):
            org["parent"] = doc["organizations"][i + 1]["id"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return [path]


# multi_alliance_groups questions asked per dataset
GROUP_CASES = 6


@pytest.fixture(scope="module", params=[*sorted(DATASETS), "generated"])
def pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EmbeddedBackend, EmbeddedBackend]]:
    if request.param == "generated":
        paths = _generated(tmp_path_factory.mktemp("generated"))
    else:
        paths = DATASETS[request.param]
    settings = Settings(NEO4J_URI=None)
    yield EmbeddedBackend(settings, paths), EmbeddedBackend(settings, paths, fast=False)


def test_fast_paths_give_the_sparql_answer(pair: tuple[EmbeddedBackend, EmbeddedBackend]) -> None:
    fast, sparql = pair
    asked: dict[str, int] = {}
    nonempty: dict[str, int] = {}
    # the parts of the answers about an alliance or a company that some answer held
    held: set[str] = set()
    differences: list[str] = []
    for name, params in cases(fast._pg):
        if name not in FAST:
            continue
        if name == "multi_alliance_groups" and asked.get(name, 0) >= GROUP_CASES:
            continue  # its SPARQL form follows parents with a property path: slow
        expected = sparql.run(name, params)
        got = fast.run(name, params)
        # a fast answer is served as it is built: no index-only property in it
        assert not _index_keys(got), (name, params, _index_keys(got))
        asked[name] = asked.get(name, 0) + 1
        nonempty[name] = nonempty.get(name, 0) + bool(expected)
        if name in ("alliance", "company"):
            held |= {f"{name}.{k}" for r in expected for k, v in r.items() if v}
        # nested lists that a form leaves unordered compare as multisets
        if [canonical(r) for r in got] != [canonical(r) for r in expected]:
            differences.append(
                f"{name} {params}:\n  sparql: "
                + json.dumps(expected, ensure_ascii=False)[:1200]
                + "\n  fast:   "
                + json.dumps(got, ensure_ascii=False)[:1200]
            )
    assert set(asked) == set(FAST)
    assert not differences, f"{len(differences)} answers differ:\n" + "\n".join(differences[:5])
    # the comparison saw real answers, not only empty ones
    assert nonempty["alliance_overlap"] > 0 and nonempty["multi_alliance_firms"] > 0
    if fast.inputs == [SEEDS]:
        parts = ("alliance", "members", "figures", "events", "quotes", "proposed_by")
        assert {f"alliance.{k}" for k in parts} <= held
        parts = ("organization", "kind", "memberships", "segments", "people", "quotes")
        assert {f"company.{k}" for k in (*parts, "part_of", "group", "units")} <= held


def test_unknown_alliances_overlap_in_nothing(
    pair: tuple[EmbeddedBackend, EmbeddedBackend],
) -> None:
    fast, sparql = pair
    firm = next(n.id for n in fast._pg.nodes.values() if "Company" in n.labels)
    for params in ({"a": "no-such-alliance", "b": "no-such-alliance"}, {"a": firm, "b": firm}):
        assert fast.run("alliance_overlap", params) == sparql.run("alliance_overlap", params) == []


def _index_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {k for k in value if k.startswith("_")}
        for v in value.values():
            found |= _index_keys(v)
        return found
    if isinstance(value, list):
        return set().union(*(_index_keys(v) for v in value)) if value else set()
    return set()


def test_search_pages_cut_where_the_sparql_form_cuts(
    pair: tuple[EmbeddedBackend, EmbeddedBackend],
) -> None:
    """Default and small limits: ties on the score are broken by id in both."""
    fast, sparql = pair
    for q in ("AI", "SK", "a"):
        for params in ({"q": q}, {"q": q, "limit": 3}):
            assert fast.run("search", params) == sparql.run("search", params), params
