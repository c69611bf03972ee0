"""Questions with parameters drawn from the data itself, for tests that ask every
question of two backends and compare the answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import product
from typing import Any

from alliancekg.rdf.propertygraph import PropertyGraph

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
    # pages of the shared members, by id
    for (a, b), limit, offset in product(
        list(product(alliances, alliances))[:6], (None, 1, 2), (0, 1, 1000)
    ):
        yield "alliance_overlap", {"a": a, "b": b, "limit": limit, "offset": offset}
    for proposed in flags:
        yield "overlap_matrix", {"include_proposed": proposed}
        yield "bridge_firms", {"include_proposed": proposed}
        yield "competitor_pairs", {"include_proposed": proposed}
        for limit, offset in product((None, 1, 3), (0, 2, 1000)):
            yield (
                "competitor_pairs",
                {"include_proposed": proposed, "limit": limit, "offset": offset},
            )
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
