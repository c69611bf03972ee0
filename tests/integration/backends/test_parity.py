"""Every named question answers the same from the embedded store as from Neo4j.

Each dataset (the analysis fixture, the article's seeds, and the seeds with a member
table of real pages) is loaded into the
real Neo4j and built into the embedded store; every question then runs with
parameters drawn from the data itself (every alliance, firm and person, pairs
of alliances, dates around every join and leave) on both backends. Rows must
come in the same order (each query orders its rows); lists inside a row are
compared as multisets, since several Cypher collects have no defined order.
Search compares the entities found, not Lucene's scores. The RDF each backend
serves (the whole graph, streamed N-Triples, every entity) must be isomorphic.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from rdflib import Graph

from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import wipe
from alliancekg.questions.catalogue import query_names
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.rdf.propertygraph import PropertyGraph
from tests.paths import FIXTURES, SEEDS
from tests.support import assert_isomorphic

pytestmark = pytest.mark.integration

DATASETS = {
    "analysis": [FIXTURES / "analysis"],
    "seeds": [SEEDS],
    # two sources that name one firm differently, joined by a judgement
    "identity": [FIXTURES / "identity" / "two-sources", FIXTURES / "identity" / "judged"],
    # subsidiaries in alliances, counted at their top parent with rollup=group
    "groups": [FIXTURES / "groups"],
}
DATES = [
    "2020-01-01",
    "2021-12-31",
    "2022-01-01",
    "2022-03-01",
    "2022-03-31",
    "2022-04-01",
    "2023-06-15",
    "2023-12-31",
    "2024-05-01",
    "2024-05-31",
    "2025-01-01",
    "2026-11-26",
]


def canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def cases(pg: PropertyGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    def ids(label: str, without: str = "") -> list[str]:
        return sorted(
            n.id for n in pg.nodes.values() if label in n.labels and without not in n.labels
        )

    alliances = ids("Alliance")
    firms = ids("Organization", without="Alliance")
    people = ids("Person")
    flags = (False, True)
    for n, proposed, as_of in product((1, 2, 3), flags, [None, *DATES]):
        for name in ("multi_alliance_firms", "multi_alliance_groups"):
            yield name, {"min_alliances": n, "include_proposed": proposed, "as_of": as_of}
    for n, limit, offset in product((1, 2), (None, 1, 2), (0, 1)):
        yield (
            "multi_alliance_groups",
            {
                "min_alliances": n,
                "include_proposed": False,
                "as_of": None,
                "limit": limit,
                "offset": offset,
            },
        )
    # pages, with and without the floor that as_of null allows
    for n, proposed, as_of, limit, offset in product(
        (1, 2), flags, (None, DATES[2]), (None, 1, 2, 5), (0, 1, 3, 1000)
    ):
        yield (
            "multi_alliance_firms",
            {
                "min_alliances": n,
                "include_proposed": proposed,
                "as_of": as_of,
                "limit": limit,
                "offset": offset,
            },
        )
    for a in alliances:
        yield "alliance", {"id": a}
        yield "alliance_segment_gaps", {"alliance": a}
        for as_of in DATES:
            yield "members_as_of", {"alliance": a, "as_of": as_of}
        for b in alliances:
            yield "alliance_overlap", {"a": a, "b": b}
    for proposed in flags:
        yield "overlap_matrix", {"include_proposed": proposed}
        yield "bridge_firms", {"include_proposed": proposed}
        yield "competitor_pairs", {"include_proposed": proposed}
    for f in firms:
        yield "company", {"id": f}
    for p in [*people, "no-such-person"]:
        yield "person", {"id": p}
    for ident in [*alliances, *firms, *people, "no-such-entity"]:
        yield "neighbourhood", {"id": ident}
    for speaker, about in product([None, *people], [None, *alliances, *firms[:8]]):
        yield "quotes", {"person": speaker, "about": about}
    for name in ("firms_without_alliance", "single_firm_segments", "mega_alliance", "sources"):
        yield name, {}
    words = {"SKT", "텔레콤", "Kolon", "AI", "the", "클라우드", "K-AI", "삼", "데이터 반도체"}
    for node in pg.nodes.values():
        for key in ("name_ko", "name_en"):
            if isinstance(node.props.get(key), str):
                words.add(node.props[key])
                words.update(node.props[key].split()[:1])
        words.update(node.props.get("aliases") or [])
    for q in sorted(words):
        yield "search", {"q": q, "limit": 100}
        # every candidate: the full-text scores of the two stores differ, so a cut at
        # 25 of 60 hits would keep different ones
        yield "reconcile", {"q": q, "limit": 100}
    merged = {x for n in pg.nodes.values() for x in n.props.get("same_as") or []}
    for ident in sorted(merged | {"no-such-id", *firms[:3]}):
        yield "resolve_id", {"id": ident}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def backends(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[tuple[Neo4jBackend, EmbeddedBackend, PropertyGraph]]:
    from alliancekg.neo4j.load import load

    paths: list[Path] = DATASETS[request.param]
    pg = to_property_graph(validate_seeds(paths).graph)
    wipe(session_driver, neo4j_settings.neo4j_database)
    load(session_driver, neo4j_settings.neo4j_database, pg)
    neo4j = Neo4jBackend(neo4j_settings, session_driver)
    embedded = EmbeddedBackend(Settings(NEO4J_URI=None), paths)
    yield neo4j, embedded, pg
    wipe(session_driver, neo4j_settings.neo4j_database)


def test_every_question_has_both_forms() -> None:
    from alliancekg.config import home

    assert query_names() == sorted(p.stem for p in home().queries.glob("*.rq"))


def test_same_answers(backends: tuple[Neo4jBackend, EmbeddedBackend, PropertyGraph]) -> None:
    neo4j, embedded, pg = backends
    asked: set[str] = set()
    differences: list[str] = []
    for name, params in cases(pg):
        asked.add(name)
        expected = neo4j.run(name, params)
        got = embedded.run(name, params)
        if name in ("search", "reconcile"):
            expected = [{k: v for k, v in r.items() if k != "score"} for r in expected]
            got = [{k: v for k, v in r.items() if k != "score"} for r in got]
            same = canonical(expected) == canonical(got)
        else:
            same = [canonical(r) for r in expected] == [canonical(r) for r in got]
        if not same:
            differences.append(
                f"{name} {params}:\n  neo4j:    "
                + json.dumps(expected, ensure_ascii=False, sort_keys=True)[:1500]
                + "\n  embedded: "
                + json.dumps(got, ensure_ascii=False, sort_keys=True)[:1500]
            )
    assert asked == set(query_names())
    differing = sorted({d.split(" ", 1)[0] for d in differences})
    assert not differences, f"in {differing}: {len(differences)} answers differ:\n" + "\n".join(
        differences[:8]
    )


def test_same_rdf(backends: tuple[Neo4jBackend, EmbeddedBackend, PropertyGraph]) -> None:
    neo4j, embedded, pg = backends
    assert_isomorphic(neo4j.graph(), embedded.graph())
    streamed = Graph()
    for piece in embedded.ntriples():
        streamed.parse(data=piece, format="nt")
    assert_isomorphic(neo4j.graph(), streamed)
    for ident in sorted(pg.nodes):
        assert_isomorphic(neo4j.entity(ident), embedded.entity(ident))
