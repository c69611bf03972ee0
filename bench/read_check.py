"""The load path before Neo4j, reading the seeds and checking them (the compiled shapes,
mapped to the property graph), for this code and, beside it in the same run, the code
of another commit. No Neo4j needed.

    python -m bench.read_check --size 100000 --before <commit>

Each code runs in processes of its own, the codes in turns, on the same generated
seeds, with the collector paused while reading as ``alliancekg load`` does; each phase
is timed twice per process and the best kept. This code also runs the check with the
compiled shapes' memo of subjects that conformed turned off (``CompiledShapes.memo``),
its baseline in the same process. The property graphs of all runs must hash the same. Results:
results/read_check.json.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from bench.common import before_args, code_result, peak_rss_mb, report, seed_dir, worktree_src

RUNS = 2  # per process
ROUNDS = 2  # processes per code


def _digest(pg: Any) -> str:
    h = hashlib.sha256()
    for ident in sorted(pg.nodes):
        n = pg.nodes[ident]
        h.update(repr((ident, sorted(n.labels), sorted(n.props.items()))).encode())
    for key in sorted(pg.rels, key=repr):
        r = pg.rels[key]
        h.update(repr((r.type, r.start, r.end, r.id, sorted(r.props.items()))).encode())
    return h.hexdigest()


def one(size: int) -> dict[str, Any]:
    import alliancekg
    from alliancekg.collector import collector_paused
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ingest.validation import check_seeds, compiled_shapes
    from alliancekg.ontology.model import model

    m = model()
    shapes = compiled_shapes()
    inputs = [seed_dir(size)]
    out: dict[str, Any] = {"code": str(alliancekg.__file__)}
    best: dict[str, float] = {}
    digest = None
    cases = ["read", "check"] + (["check, memo off"] if hasattr(shapes, "memo") else [])
    for _ in range(RUNS):
        with collector_paused():
            t = time.perf_counter()
            seeds = read_seeds(inputs, m)
            best["read"] = min(best.get("read", 1e9), time.perf_counter() - t)
        for case in cases[1:]:
            if hasattr(shapes, "memo"):
                shapes.memo = case == "check"
            t = time.perf_counter()
            checked = check_seeds(seeds, m)
            best[case] = min(best.get(case, 1e9), time.perf_counter() - t)
            found = _digest(checked.property_graph)
            assert digest in (None, found), "the property graph differs between runs"
            digest = found
            del checked
        del seeds
    out.update({"best_s": best, "digest": digest, "peak_rss_mb": peak_rss_mb()})
    return out


def main() -> None:
    args = before_args(one)
    codes: dict[str, str | None] = {"now": None}
    if args.before:
        codes["before"] = worktree_src(args.before)
    # the codes in turns, ROUNDS processes each, the best of each phase kept: this
    # machine's speed drifts by tens of percent over minutes
    runs: dict[str, dict[str, Any]] = {}
    for _ in range(ROUNDS):
        for name, src in codes.items():
            r = code_result("bench.read_check", args.size, src)
            if name in runs:
                kept = runs[name]["best_s"]
                r["best_s"] = {k: min(v, kept.get(k, v)) for k, v in r["best_s"].items()}
                r["peak_rss_mb"] = max(r["peak_rss_mb"], runs[name]["peak_rss_mb"])
            runs[name] = r
    if args.before and runs["before"]["digest"] != runs["now"]["digest"]:
        raise SystemExit("the two codes give different property graphs")
    now = runs["now"]["best_s"]
    rows: list[dict[str, Any]] = []
    for case in ("read", "check", "check, memo off"):
        if case not in now:
            continue
        row: dict[str, Any] = {"size": args.size, "phase": case, "now_s": now[case]}
        if "before" in runs:
            before = runs["before"]["best_s"].get(case if case != "check, memo off" else "check")
            row["before_s"] = before
            row["x"] = before / now[case] if before else None
        rows.append(row)
    total = now["read"] + now["check"]
    last: dict[str, Any] = {"size": args.size, "phase": "read + check", "now_s": total}
    if "before" in runs:
        b = runs["before"]["best_s"]
        last["before_s"] = b["read"] + b["check"]
        last["x"] = last["before_s"] / total
    last["memberships_per_s"] = args.size / total
    rows.append(last)
    for name, r in runs.items():
        rows.append(
            {
                "size": args.size,
                "phase": f"process peak RSS ({name})",
                "peak_rss_mb": r["peak_rss_mb"],
            }
        )
    report(
        "read_check",
        rows,
        {
            "before": args.before,
            "runs": RUNS,
            "rounds": ROUNDS,
            "codes": {k: v["code"] for k, v in runs.items()},
        },
    )


if __name__ == "__main__":
    main()
