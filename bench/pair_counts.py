"""The embedded store's ``overlap_matrix`` and ``bridge_firms`` at one size, each
against the form it replaced (every two alliances' member sets intersected; a Python
dict counting every pair of each firm's alliances), in one process: the answers
compared equal, then the median of 7 calls of each.

    PYTHONPATH=. python -m bench.pair_counts 100000
"""

from __future__ import annotations

import functools
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from alliancekg.questions import scan


def intersecting(index: scan.Memberships, values: dict[str, Any]) -> scan.Answer:
    """``overlap_matrix`` as it was up to the eighth round."""
    proposed = values["include_proposed"]
    alliances = sorted(
        i
        for i, n in index.nodes.items()
        if index.alliance_label in n.labels
        and n.props.get("status") is not None
        and (proposed or n.props.get("status") != "proposed")
    )
    members = {a: index.members_now(a) for a in alliances}
    out: scan.Answer = []
    for a in alliances:
        a_ko, a_en = index.names(a)
        for b in alliances:
            b_ko, b_en = index.names(b)
            shared = len(members[a]) if a == b else len(members[a] & members[b])
            out.append(
                {"a": a, "a_ko": a_ko, "a_en": a_en, "b": b, "b_ko": b_ko, "b_en": b_en,
                 "shared": shared}
            )  # fmt: skip
    return out


def counting(index: scan.Memberships, values: dict[str, Any]) -> scan.Answer:
    """``bridge_firms`` as it was up to the eighth round."""
    proposed: bool = values["include_proposed"]
    sharing: dict[tuple[str, str], int] = {}
    bridge: dict[tuple[str, str], str] = {}
    for member in index.of_member:
        if index.is_alliance(member):
            continue
        held = index.alliances_of(member, proposed)
        for i, a in enumerate(held):
            for b in held[i + 1 :]:
                pair = (a, b)
                sharing[pair] = sharing.get(pair, 0) + 1
                bridge[pair] = member
    pairs: dict[str, list[tuple[str, str]]] = {}
    for pair, count in sharing.items():
        if count == 1:
            pairs.setdefault(bridge[pair], []).append(pair)
    out: scan.Answer = []
    for firm, bridged in sorted(pairs.items(), key=lambda x: (-len(x[1]), x[0])):
        name_ko, name_en = index.names(firm)
        out.append(
            {
                "id": firm,
                "name_ko": name_ko,
                "name_en": name_en,
                "bridged_pairs": len(bridged),
                "pairs": [
                    {"a": a, "a_ko": index.names(a)[0], "b": b, "b_ko": index.names(b)[0]}
                    for a, b in sorted(bridged)
                ],
            }
        )
    return out


def ask(backend: Any, name: str, _: scan.Memberships, values: dict[str, Any]) -> scan.Answer:
    answer: scan.Answer = backend.run(name, values)
    return answer


def main() -> None:
    os.environ["NEO4J_URI"] = ""
    from alliancekg.backends.embedded import EmbeddedBackend
    from alliancekg.config import Settings
    from bench.common import seed_dir

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t = time.perf_counter()
    backend = EmbeddedBackend(Settings(), [seed_dir(size)])
    print("startup", round(time.perf_counter() - t, 1))
    index = backend._memberships
    assert index is not None
    question = {"overlap_matrix": intersecting, "bridge_firms": counting}
    for name, before in question.items():
        after = scan.FAST[name]
        for proposed in (True, False):
            values = {"include_proposed": proposed}
            assert before(index, values) == after(index, values), name
            cases: list[tuple[str, Callable[[scan.Memberships, dict[str, Any]], scan.Answer]]] = [
                ("before", before),
                ("after", after),
                ("after, backend.run", functools.partial(ask, backend, name)),
            ]
            for case, fn in cases:
                times = []
                for _ in range(7):
                    t = time.perf_counter()
                    rows = len(fn(index, values))
                    times.append(time.perf_counter() - t)
                median = round(statistics.median(times) * 1000, 1)
                print(name, "include_proposed", proposed, case, rows, "rows, median ms", median)


if __name__ == "__main__":
    main()
