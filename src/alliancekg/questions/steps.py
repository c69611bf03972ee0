"""Steps applied to a folded answer that a query language cannot express (a SPARQL
form names one with ``#:then``; the Cypher form does the same in Cypher)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def greedy_cover(answer: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Greedy set cover over ``segments`` (in order) and ``candidates`` (by id): take the
    candidate that adds the most uncovered segments, preferring one already in a launched
    alliance, then the lower id; stop when no candidate adds anything."""
    if not answer or not answer[0]["candidates"]:
        return []
    segments = answer[0]["segments"]
    order = {s["id"]: i for i, s in enumerate(segments)}
    candidates = sorted(answer[0]["candidates"], key=lambda c: c["id"])
    covered: set[str] = set()
    chosen: list[dict[str, Any]] = []
    for _ in segments:
        best: dict[str, Any] | None = None
        best_gain = 0
        for c in candidates:
            gain = len(set(c["segments"]) - covered)
            if gain == 0:
                continue
            if (
                best is None
                or gain > best_gain
                or (gain == best_gain and c["in_alliance"] and not best["in_alliance"])
            ):
                best, best_gain = c, gain
        if best is None:
            break
        adds = sorted(set(best["segments"]) - covered, key=lambda s: order.get(s, len(order)))
        covered.update(adds)
        chosen.append(
            {
                "id": best["id"],
                "name_ko": best["name_ko"],
                "name_en": best["name_en"],
                "in_alliance": best["in_alliance"],
                "adds": adds,
            }
        )
    return [
        {
            "method": "greedy set cover: a small covering set, not guaranteed to be the smallest",
            "firm_count": len(chosen),
            "firms": chosen,
            "uncovered": [s for s in segments if s["id"] not in covered],
        }
    ]


THEN: dict[str, Callable[[list[dict[str, Any]]], list[dict[str, Any]]]] = {
    "greedy_cover": greedy_cover,
}
