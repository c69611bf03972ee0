"""What the explorer's pages show, shaped from the answers to the named questions.

Nothing here asks the graph: the API hands each function the answers it got
from the backend (``backend.arun(name, params)``), and these functions order,
group and count them for the templates: an alliance's timeline, the overlap
matrix as rows of cells, the gaps of every alliance as a grid, an entity's
neighbourhood as graph elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..charts.overlap import Alliance, from_cells

KIND_PAGES = {
    "Alliance": "alliances",
    "Person": "persons",
}
_RELATIVE = re.compile(r"^Y([+-]?\d+)(?:-(\d{2}))?(?:-(\d{2}))?$")


def page_of(kind: str | None, ident: str) -> str | None:
    """The explorer page of an entity of ``kind`` (None for a segment); an entity of
    unknown kind goes through ``/explore/entities/{id}``, which finds its page."""
    if kind in ("Segment", "SegmentScheme"):
        return None
    if kind is None:
        return f"/explore/entities/{ident}"
    return f"/explore/{KIND_PAGES.get(kind, 'organizations')}/{ident}"


def date_key(date: str | None) -> tuple[int, Any, Any]:
    """Sort key for dates at any precision: absolute dates in order, then dates
    relative to a source's publication (Y-1 before Y0-06), then unknown ones."""
    if date is None:
        return (2, 0, "")
    m = _RELATIVE.match(date)
    if m:
        return (1, int(m.group(1)), f"{m.group(2) or ''}-{m.group(3) or ''}")
    return (0, date, "")


def by_date(records: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: date_key(r.get(key)))


@dataclass
class Step:
    """One date of an alliance's timeline: who joined and who left on it."""

    date: str | None
    text: str | None
    joined: list[dict[str, Any]] = field(default_factory=list)
    left: list[dict[str, Any]] = field(default_factory=list)
    members: int = 0  # after this step


def timeline(members: list[dict[str, Any]]) -> list[Step]:
    """How an alliance grew: its members' joining and leaving dates in order, with the
    number of members after each; members whose date is unknown come last."""
    steps: dict[str | None, Step] = {}
    for m in members:
        step = steps.setdefault(m.get("joined"), Step(m.get("joined"), m.get("joined_text_ko")))
        step.joined.append(m)
        if m.get("left") is not None:
            steps.setdefault(m["left"], Step(m["left"], None)).left.append(m)
    ordered = sorted(steps.values(), key=lambda s: date_key(s.date))
    count = 0
    for step in ordered:
        count += len(step.joined) - len(step.left)
        step.members = count
    return ordered


@dataclass(frozen=True)
class MatrixRow:
    alliance: Alliance
    number: int
    cells: list[tuple[Alliance, int]]


def matrix(cells: list[dict[str, Any]], launched: set[str] | None) -> list[MatrixRow]:
    """The overlap matrix as rows, alliances ordered as the heatmap orders them
    (launched first, those sharing members side by side); ``launched`` is the set of
    launched alliances when proposed ones are included."""
    data = from_cells(cells, launched)
    ordered = data.alliances
    return [
        MatrixRow(a, n, [(b, data.shared.get((a.id, b.id), 0)) for b in ordered])
        for n, a in enumerate(ordered, start=1)
    ]


def overlaps_of(cells: list[dict[str, Any]], ident: str) -> list[dict[str, Any]]:
    """The other alliances sharing members with ``ident``, most shared first."""
    mine = [c for c in cells if c["a"] == ident and c["b"] != ident and c["shared"] > 0]
    return sorted(mine, key=lambda c: (-c["shared"], c["b"]))


@dataclass(frozen=True)
class GapRow:
    alliance: dict[str, Any]
    placed: int
    total: int
    coverage: dict[str, str]  # segment -> covered, absent, unknown


def segments_of(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The segments of an alliance_segment_gaps answer in value-chain order."""
    return sorted(gaps, key=lambda g: (g.get("segment_order") or 0, g["segment"]))


def gaps_grid(answers: list[list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[GapRow]]:
    """Segments (value-chain order) and one row per alliance: each segment's coverage."""
    segments: list[dict[str, Any]] = []
    rows: list[GapRow] = []
    for gaps in answers:
        if not gaps:
            continue
        ordered = segments_of(gaps)
        if not segments:
            segments = [
                {"id": g["segment"], "name_ko": g["segment_ko"], "name_en": g["segment_en"]}
                for g in ordered
            ]
        first = gaps[0]
        rows.append(
            GapRow(
                {"id": first["alliance"], "name_ko": first["alliance_ko"],
                 "name_en": first["alliance_en"]},
                first["members_placed"],
                first["members_total"],
                {g["segment"]: g["coverage"] for g in gaps},
            )
        )  # fmt: skip
    return segments, rows


def graph_elements(center: str, edges: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The neighbourhood as Cytoscape elements: nodes (named in ``lang``, with their
    page and their ring: 0 the entity, 1 one link away, 2 further) and edges (typed,
    with a membership's role and status)."""
    near = {e["target"] if e["source"] == center else e["source"]
            for e in edges if center in (e["source"], e["target"])}  # fmt: skip
    nodes: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for i, e in enumerate(edges):
        for end in ("source", "target"):
            ident = e[end]
            ko, en = e[f"{end}_ko"], e[f"{end}_en"]
            label = (ko if lang == "ko" else en) or ko or en or ident
            nodes.setdefault(
                ident,
                {
                    "id": ident,
                    "label": label,
                    "kind": e[f"{end}_kind"],
                    "url": page_of(e[f"{end}_kind"], ident),
                    "center": ident == center,
                    "ring": 0 if ident == center else (1 if ident in near else 2),
                },
            )
        out.append(
            {
                "id": e["id"] or f"{e['type']}-{i}",
                "source": e["source"],
                "target": e["target"],
                "type": e["type"],
                "role": e["role"],
                "status": e["status"],
            }
        )
    # Each ring in the order of what it hangs on, so that links run outwards, not across.
    inner = [n for n in nodes if nodes[n]["ring"] == 1]
    anchor: dict[str, int] = {}
    for e in edges:
        for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
            if a in inner and nodes[b]["ring"] == 2:
                anchor[b] = min(anchor.get(b, len(inner)), inner.index(a))
    order = sorted(nodes, key=lambda n: (nodes[n]["ring"], anchor.get(n, 0)))
    return {
        "nodes": [{"data": nodes[n]} for n in order],
        "edges": [{"data": e} for e in out],
    }


def cited(*groups: Iterable[dict[str, Any] | None], key: str = "sources") -> list[str]:
    """Every source id the records of ``groups`` cite, in order of first citation."""
    seen: dict[str, None] = {}
    for group in groups:
        for record in group:
            for ident in (record or {}).get(key) or []:
                seen.setdefault(ident, None)
    return list(seen)
