"""The embedded store's unpaged whole answers at one size, for this code and, beside it
in the same run, the code of another commit.

    python -m bench.whole_answers --size 100000 --before <commit>

Each code runs in its own process: the backend is built from the generated seeds of
the size (the same files for both), then each question is asked once (which works out
what a backend keeps) and timed over ``RUNS`` more calls of ``EmbeddedBackend.run``.
``--before`` checks the commit out in a worktree under ``.cache/`` and runs it with
that worktree's ``src`` first on the path. Results: results/whole_answers.json.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.common import before_args, code_result, report, seed_dir, worktree_src

RUNS = 5
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("multi_alliance_firms (defaults)", "multi_alliance_firms", {}),
    ("multi_alliance_firms as_of 2025-01-01", "multi_alliance_firms", {"as_of": "2025-01-01"}),
    ("multi_alliance_groups (defaults)", "multi_alliance_groups", {}),
    ("bridge_firms", "bridge_firms", {}),
    ("overlap_matrix", "overlap_matrix", {}),
    ("competitor_pairs", "competitor_pairs", {}),
]


def one(size: int) -> dict[str, Any]:
    import alliancekg
    from alliancekg.backends.embedded import EmbeddedBackend
    from alliancekg.config import Settings

    backend = EmbeddedBackend(Settings(NEO4J_URI=None), inputs=[seed_dir(size)])
    out: dict[str, Any] = {"code": str(alliancekg.__file__), "cases": {}}
    for case, query, params in CASES:
        rows = len(backend.run(query, params))
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            backend.run(query, params)
            times.append(time.perf_counter() - t)
        out["cases"][case] = {
            "rows": rows,
            "median_s": statistics.median(times),
            "best_s": min(times),
        }
    return out


def main() -> None:
    args = before_args(one)
    runs = {"now": code_result("bench.whole_answers", args.size, None)}
    if args.before:
        runs["before"] = code_result("bench.whole_answers", args.size, worktree_src(args.before))
    rows = []
    for case, _query, _params in CASES:
        now = runs["now"]["cases"][case]
        row: dict[str, Any] = {
            "case": case,
            "rows": now["rows"],
            "median_ms": now["median_s"] * 1000,
            "best_ms": now["best_s"] * 1000,
        }
        if "before" in runs:
            before = runs["before"]["cases"][case]
            assert before["rows"] == now["rows"], case
            row["before_median_ms"] = before["median_s"] * 1000
            row["x_before"] = before["median_s"] / now["median_s"]
        rows.append(row)
    report("whole_answers", rows, {"size": args.size, "runs": RUNS, "before": args.before})


if __name__ == "__main__":
    main()
