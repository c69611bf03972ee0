"""Steps applied to a folded answer that a query language cannot express (a SPARQL
form names one with ``#:then``; the Cypher form does the same in Cypher)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GREEDY_METHOD = "greedy set cover: a small covering set, not guaranteed to be the smallest"


def _choose(
    candidates: list[dict[str, Any]], segments: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], list[str]]]:
    """The greedy choice: the candidate that adds the most uncovered segments, preferring
    one already in a launched alliance, then the lower id; stop when none adds anything."""
    order = {s["id"]: i for i, s in enumerate(segments)}
    covered: set[str] = set()
    chosen: list[tuple[dict[str, Any], list[str]]] = []
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
        chosen.append((best, adds))
    return chosen


def greedy_cover(answer: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Greedy set cover over ``segments`` (in order) and ``candidates`` (by id), and for
    every segment whether it is covered (by which chosen firm, on what basis), absent
    (every company is placed) or unknown (``unplaced`` companies may cover it)."""
    if not answer or not answer[0]["candidates"]:
        return []
    found = answer[0]
    segments = found["segments"]
    candidates = sorted(found["candidates"], key=lambda c: c["id"])
    chosen = _choose(candidates, segments)
    by_segment: dict[str, tuple[str, dict[str, Any] | None]] = {}
    for firm, adds in chosen:
        for segment in adds:
            assignment = next((a for a in firm["assignments"] if a["segment"] == segment), None)
            by_segment[segment] = (firm["id"], assignment)
    uncovered_as = "absent" if found["firms_placed"] == found["firms_total"] else "unknown"
    rows = []
    for s in segments:
        firm_id, assignment = by_segment.get(s["id"], (None, None))
        rows.append(
            {
                **s,
                "coverage": "covered" if firm_id is not None else uncovered_as,
                "firm": firm_id,
                "basis": assignment["basis"] if assignment else None,
                "sources": assignment["sources"] if assignment else None,
            }
        )
    unknown = any(r["coverage"] == "unknown" for r in rows)
    return [
        {
            "method": GREEDY_METHOD,
            "firm_count": len(chosen),
            "firms": [
                {
                    "id": firm["id"],
                    "name_ko": firm["name_ko"],
                    "name_en": firm["name_en"],
                    "in_alliance": firm["in_alliance"],
                    "adds": adds,
                }
                for firm, adds in chosen
            ],
            "segments": rows,
            "unplaced": found["unplaced"] if unknown else [],
            "firms_placed": found["firms_placed"],
            "firms_total": found["firms_total"],
        }
    ]


THEN: dict[str, Callable[[list[dict[str, Any]]], list[dict[str, Any]]]] = {
    "greedy_cover": greedy_cover,
}
