"""The embedded store's ``overlap_matrix`` at one size, against the form it replaced
(every two alliances' member sets intersected), in one process: both answers compared
equal, then the median of 7 calls of each.

    PYTHONPATH=. python -m bench.overlap_matrix 100000
"""

from __future__ import annotations

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
    for proposed in (True, False):
        values = {"include_proposed": proposed}
        assert intersecting(index, values) == scan.overlap_matrix(index, values)
        cases: list[tuple[str, Callable[[scan.Memberships, dict[str, Any]], scan.Answer]]] = [
            ("before", intersecting),
            ("after", scan.overlap_matrix),
            ("after, backend.run", lambda _, v: backend.run("overlap_matrix", v)),
        ]
        for name, fn in cases:
            times = []
            for _ in range(7):
                t = time.perf_counter()
                cells = len(fn(index, values))
                times.append(time.perf_counter() - t)
            median = round(statistics.median(times) * 1000, 1)
            print(proposed, name, cells, "cells, median ms", median)


if __name__ == "__main__":
    main()
