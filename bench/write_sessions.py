"""The Neo4j write of a load in several transactions (``--commit-every``), written by one
session and by several at once, in turns, on the same property graph.

    python -m bench.write_sessions --size 100000 [--commit-every 10000] [--runs 3]

The seeds of the size are read and checked once; then, for each run, the database is
emptied and the graph written with each count of sessions (``load(...,
sessions=K)``, ``--sessions``, default 1, 2 and 3), the order rotated each run so that
no count always goes first on a warmer server. Reported per count: every run's seconds,
the best and the median, and the ratio of the first count's best to this one's. Needs
the Neo4j of ``NEO4J_URI``, which it empties. Results: results/write_sessions.json.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from bench.common import driver, peak_rss_mb, report, seed_dir, settings


def main() -> None:
    from alliancekg.collector import collector_paused
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ingest.validation import check_seeds
    from alliancekg.neo4j.load import load, wipe
    from alliancekg.neo4j.read import counts
    from alliancekg.ontology.model import model

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100000, help="memberships")
    ap.add_argument("--commit-every", type=int, default=10000, help="rows per transaction")
    ap.add_argument("--runs", type=int, default=3, help="writes per session count")
    ap.add_argument("--sessions", default="1,2,3", help="session counts, comma-separated")
    args = ap.parse_args()
    counts_ = tuple(int(x) for x in args.sessions.split(","))

    m, s = model(), settings()
    with collector_paused():
        seeds = read_seeds([seed_dir(args.size)], m)
    pg = check_seeds(seeds, m, s.base_iri).property_graph
    del seeds
    d = driver()
    db = s.neo4j_database
    times: dict[int, list[float]] = {k: [] for k in counts_}
    held: dict[str, int] = {}
    try:
        for run in range(args.runs):
            order = counts_[run % len(counts_) :] + counts_[: run % len(counts_)]
            for k in order:
                wipe(d, db)
                t = time.perf_counter()
                load(d, db, pg, commit_every=args.commit_every, sessions=k)
                times[k].append(time.perf_counter() - t)
                found = counts(d, db)
                assert not held or found == held, (k, found, held)  # every count, one graph
                held = found
                print(f"run {run + 1}, {k} session(s): {times[k][-1]:.2f} s", flush=True)
    finally:
        d.close()
    memberships = sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")
    rows: list[dict[str, Any]] = []
    for k in counts_:
        best = min(times[k])
        rows.append(
            {
                "size": args.size,
                "memberships": memberships,
                "sessions": k,
                "commit_every": args.commit_every,
                "runs_s": [round(x, 2) for x in times[k]],
                "best_s": best,
                "median_s": statistics.median(times[k]),
                "memberships_per_s": memberships / best,
                "x_first_count": min(times[counts_[0]]) / best,
            }
        )
    report("write_sessions", rows, {"client_peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    main()
