"""Clusters of ids that 'same' judgements join, and the one id each cluster takes.

The canonical id of a cluster is the one a judgement names as ``canonical``;
without one, the smallest id in code-point order ('-' sorts before '_' and
letters, so ``sk-telecom`` wins over ``sk_telecom``). The rule depends only on the
ids, never on the order of files or entries, so adding an unrelated source never
renames an entity.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A 'same' (or 'different') judgement between two ids, and where it is written."""

    a: str
    b: str
    where: str  # file:line, for messages
    canonical: str | None = None


@dataclass
class Clusters:
    """Which canonical id each id resolves to; ids in no cluster resolve to themselves."""

    canonical: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)

    def of(self, ident: str) -> str:
        return self.canonical.get(ident, ident)

    def merged(self) -> dict[str, list[str]]:
        """Canonical id → every id of its cluster (itself included), for clusters of two
        or more."""
        return {c: ids for c, ids in self.members.items() if len(ids) > 1}


@dataclass(frozen=True)
class Contradiction:
    different: Link
    chain: list[Link]

    def message(self) -> str:
        at = self.different.a
        steps = [at]
        for link in self.chain:
            at = link.b if link.a == at else link.a
            steps.append(f"= {at} ({link.where})")
        return (
            f"'{self.different.a}' and '{self.different.b}' are judged different, but 'same' "
            f"judgements join them: {' '.join(steps)}"
        )


@dataclass(frozen=True)
class CanonicalClash:
    cluster: list[str]
    named: list[Link]

    def message(self) -> str:
        names = ", ".join(f"'{x.canonical}' ({x.where})" for x in self.named)
        return f"judgements name different canonical ids for one entity: {names}"


def _find(parent: dict[str, str], x: str) -> str:
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(x, x) != root:
        parent[x], x = root, parent[x]
    return root


def _chain(same: list[Link], start: str, goal: str) -> list[Link]:
    """The 'same' judgements on a shortest path from ``start`` to ``goal``."""
    edges: dict[str, list[tuple[str, Link]]] = {}
    for link in same:
        edges.setdefault(link.a, []).append((link.b, link))
        edges.setdefault(link.b, []).append((link.a, link))
    came: dict[str, tuple[str, Link] | None] = {start: None}
    todo = deque([start])
    while todo:
        x = todo.popleft()
        if x == goal:
            break
        for y, link in edges.get(x, []):
            if y not in came:
                came[y] = (x, link)
                todo.append(y)
    path: list[Link] = []
    x = goal
    while (step := came.get(x)) is not None:
        x, link = step
        path.append(link)
    return list(reversed(path))


def cluster(
    same: Iterable[Link], different: Iterable[Link]
) -> tuple[Clusters, list[Contradiction], list[CanonicalClash]]:
    """Join the ids of ``same`` judgements transitively; report each ``different``
    judgement the joins contradict, and clusters whose judgements name two canonicals."""
    same = list(same)
    parent: dict[str, str] = {}
    for link in same:
        ra, rb = _find(parent, link.a), _find(parent, link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in {i for link in same for i in (link.a, link.b)}:
        groups.setdefault(_find(parent, x), []).append(x)
    contradictions = [
        Contradiction(d, _chain(same, d.a, d.b))
        for d in different
        if d.a in parent or d.b in parent
        if _find(parent, d.a) == _find(parent, d.b)
    ]
    out = Clusters()
    clashes: list[CanonicalClash] = []
    for root, ids in groups.items():
        ids.sort()
        named = [x for x in same if x.canonical is not None and _find(parent, x.a) == root]
        chosen = {x.canonical for x in named if x.canonical is not None}
        if len(chosen) > 1:
            clashes.append(CanonicalClash(ids, named))
        canonical = next(iter(chosen)) if len(chosen) == 1 else ids[0]
        out.members[canonical] = ids
        for x in ids:
            out.canonical[x] = canonical
    return out, contradictions, clashes
