"""Query latency: multi_alliance_firms and alliance_overlap through ``Neo4jBackend.run``,
against naive formulations that use neither labels nor indexes. Loads each size first."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from alliancekg.questions.catalogue import parse_query
from bench.common import driver, peak_rss_mb, repeat, report, seed_dir, settings, sizes_arg

RUNS = int(os.environ.get("BENCH_QUERY_RUNS", "50"))
# Comma-separated words: only the cases whose name holds one of them (all when empty).
ONLY = [w for w in os.environ.get("BENCH_QUERY_ONLY", "").split(",") if w]
# Seconds of timed calls per case before it stops early (n then says how many ran).
BUDGET = float(os.environ.get("BENCH_QUERY_BUDGET", "20"))

# The same answer as multi_alliance_firms with its defaults (as_of null, include_proposed
# false), written as a scan of every relationship with no label or index to lean on.
NAIVE_MULTI = """
MATCH (f)-[m]->(a)
WHERE type(m) = 'MEMBER_OF' AND 'Alliance' IN labels(a) AND NOT 'Alliance' IN labels(f)
  AND a.status <> 'proposed' AND m.status = 'active'
WITH f, collect({alliance: a.id, alliance_ko: a.name_ko, alliance_en: a.name_en,
                 membership: m.id, role: m.role, status: m.status, joined: m.joined,
                 left: m.left, basis: m.basis, sources: m.sources}) AS memberships
WHERE size(memberships) >= $min_alliances
RETURN f.id AS id, f.name_ko AS name_ko, f.name_en AS name_en, size(memberships) AS n,
       memberships
ORDER BY n DESC, id
SKIP $offset
LIMIT $limit
"""
# The whole answer: no page.
ALL = {"offset": 0, "limit": 10**12}

# Shared members of two alliances, found by scanning all nodes for the ids.
NAIVE_OVERLAP = """
MATCH (a) WHERE a.id = $a
MATCH (b) WHERE b.id = $b
OPTIONAL MATCH (fa)-[ma]->(a) WHERE type(ma) = 'MEMBER_OF' AND ma.status IN ['active', 'proposed']
WITH a, b, collect(DISTINCT fa.id) AS members_a
OPTIONAL MATCH (fb)-[mb]->(b) WHERE type(mb) = 'MEMBER_OF' AND mb.status IN ['active', 'proposed']
WITH a, b, members_a, collect(DISTINCT fb.id) AS members_b
WITH a, b, members_a, members_b, [x IN members_a WHERE x IN members_b] AS shared
RETURN a.id AS a, b.id AS b, size(members_a) AS size_a, size(members_b) AS size_b,
       size(shared) AS shared_count, shared
"""

# alliance_overlap.cypher as it was up to the sixth round: every shared member's map
# built, in a group per member; the baseline of the paged, semi-join form that replaced it.
BEFORE_OVERLAP = """
MATCH (a:Alliance {id: $a}), (b:Alliance {id: $b})
CALL (a) {
  OPTIONAL MATCH (fa:Organization)-[ma:MEMBER_OF]->(a)
  WHERE ma.status IN ['active', 'proposed']
  RETURN count(DISTINCT fa.id) AS size_a
}
CALL (b) {
  OPTIONAL MATCH (fb:Organization)-[mb:MEMBER_OF]->(b)
  WHERE mb.status IN ['active', 'proposed']
  RETURN count(DISTINCT fb.id) AS size_b
}
CALL (a, b) {
  MATCH (s:Organization)-[ma:MEMBER_OF]->(a)
  WHERE ma.status IN ['active', 'proposed']
  MATCH (s)-[mb:MEMBER_OF]->(b)
  WHERE mb.status IN ['active', 'proposed']
  WITH s, collect(DISTINCT ma) AS in_a, collect(DISTINCT mb) AS in_b
  RETURN count(DISTINCT s.id) AS n_shared,
         collect({id: s.id, name_ko: s.name_ko, name_en: s.name_en,
                  memberships:
                    [m IN in_a | {alliance: a.id, role: m.role, status: m.status,
                                  sources: m.sources}]
                    + CASE WHEN a = b THEN []
                           ELSE [m IN in_b | {alliance: b.id, role: m.role, status: m.status,
                                              sources: m.sources}]
                      END}) AS shared
}
RETURN a.id AS a, size_a, b.id AS b, size_b, n_shared AS shared_count, shared
"""


def load_size(size: int) -> int:
    """Make Neo4j hold a size; the number of memberships it holds.

    A database that already holds the size (as many memberships, and the firms and
    alliances the generator makes for it) is left as it is: rereading and diffing 10^6
    memberships takes minutes. ``BENCH_RELOAD=1`` loads anyway."""
    # the loader's own path, minus SHACL (bench.load measures that)
    from alliancekg.ingest.build import build_graph
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.neo4j.load import load
    from alliancekg.neo4j.read import counts
    from alliancekg.ontology.model import model
    from alliancekg.rdf.mapping import to_property_graph
    from bench.common import commit_every, scale_for

    s = settings()
    if os.environ.get("BENCH_RELOAD") != "1":
        d = driver()
        try:
            held = counts(d, s.neo4j_database)
        finally:
            d.close()
        companies, alliances = scale_for(size)
        if (
            held.get("MEMBER_OF") == size
            and held.get("Alliance") == alliances
            and held.get("Company") == companies
        ):
            return size
    m = model()
    g = build_graph(read_seeds([seed_dir(size)], m), s.base_iri, m)
    pg = to_property_graph(g, s.base_iri, m)
    d = driver()
    try:
        # a load writes only the difference: after another size it replaces that graph
        load(d, s.neo4j_database, pg, commit_every=commit_every(size))
    finally:
        d.close()
    return sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")


NAIVE_OF = {
    "multi_alliance_firms (defaults, min 2)": "NAIVE multi-alliance (full scan, min 2)",
    "multi_alliance_firms (min 2, first page of 100)": "NAIVE multi-alliance (page of 100)",
    "multi_alliance_firms (min 2, page 100 at offset 5000)": "NAIVE multi-alliance (page at 5000)",
    "multi_alliance_firms (min 20)": "NAIVE multi-alliance (full scan, min 20)",
    "alliance_overlap a0/a1 (largest)": "NAIVE overlap a0/a1 (full scan)",
    "alliance_overlap a0/a1, first page of 100": "NAIVE overlap a0/a1 (full scan)",
    "alliance_overlap a2/a3": "NAIVE overlap a2/a3 (full scan)",
}
# multi_alliance_firms.cypher as it was up to the seventh round: the page's floor and
# its firms found by the count with proposals, every candidate's memberships read;
# the baseline of the form that reads the page from both kept counts.
BEFORE_MULTI = parse_query(
    "multi_alliance_firms",
    (Path(__file__).parent / "baselines" / "multi_alliance_firms_round7.cypher").read_text(),
)
# alliance_overlap.cypher as it was up to the eighth round: both alliances' memberships
# read for every question; the baseline of the form that reads the kept member ids.
BEFORE_OVERLAP_PAGE = parse_query(
    "alliance_overlap",
    (Path(__file__).parent / "baselines" / "alliance_overlap_round7.cypher").read_text(),
)
# each case against the form it replaced, run in the same process
BEFORE_OF = {
    "multi_alliance_firms (min 2, first page of 100), driver direct": (
        "BEFORE multi (min 2, first page of 100), driver direct"
    ),
    "alliance_overlap a0/a1, driver direct": "BEFORE overlap a0/a1, driver direct",
    "alliance_overlap a0/a1, first page of 100, driver direct": (
        "BEFORE overlap a0/a1, first page of 100 (memberships read), driver direct"
    ),
    "alliance_overlap a0/a1, first page of 100": (
        "BEFORE overlap a0/a1, first page of 100 (memberships read), driver direct"
    ),
}


def one_size(size: int) -> list[dict[str, Any]]:
    from neo4j import RoutingControl

    from alliancekg.backends.neo4j import Neo4jBackend
    from alliancekg.questions.catalogue import bind, named_query

    n = load_size(size)
    backend = Neo4jBackend(settings())
    d = driver()
    multi = named_query("multi_alliance_firms")
    overlap = named_query("alliance_overlap")
    rows: list[dict[str, Any]] = []
    try:
        # a0, a1 are the two largest alliances (power law); a2, a3 the next two
        cases: list[tuple[str, Any]] = [
            (
                "multi_alliance_firms (defaults, min 2)",
                lambda: backend.run("multi_alliance_firms", {}),
            ),
            (
                "multi_alliance_firms (min 2, first page of 100)",
                lambda: backend.run("multi_alliance_firms", {"limit": 100}),
            ),
            (
                "multi_alliance_firms (min 2, page 100 at offset 5000)",
                lambda: backend.run("multi_alliance_firms", {"limit": 100, "offset": 5000}),
            ),
            (
                "multi_alliance_firms (min 20)",
                lambda: backend.run("multi_alliance_firms", {"min_alliances": 20}),
            ),
            (
                "alliance_overlap a0/a1 (largest)",
                lambda: backend.run("alliance_overlap", {"a": "a0", "b": "a1"}),
            ),
            (
                "alliance_overlap a0/a1, first page of 100",
                lambda: backend.run("alliance_overlap", {"a": "a0", "b": "a1", "limit": 100}),
            ),
            (
                "alliance_overlap a2/a3",
                lambda: backend.run("alliance_overlap", {"a": "a2", "b": "a3"}),
            ),
            (
                "multi_alliance_firms (min 2, first page of 100), driver direct",
                lambda: d.execute_query(
                    multi.cypher, bind(multi, {"limit": 100}), routing_=RoutingControl.READ
                ),
            ),
            (
                "BEFORE multi (min 2, first page of 100), driver direct",
                lambda: d.execute_query(
                    BEFORE_MULTI.cypher,
                    bind(BEFORE_MULTI, {"limit": 100}),
                    routing_=RoutingControl.READ,
                ),
            ),
            (
                "multi_alliance_firms (min 2), driver direct",
                lambda: d.execute_query(
                    multi.cypher, bind(multi, {}), routing_=RoutingControl.READ
                ),
            ),
            (
                "alliance_overlap a0/a1, driver direct",
                lambda: d.execute_query(
                    overlap.cypher,
                    bind(overlap, {"a": "a0", "b": "a1"}),
                    routing_=RoutingControl.READ,
                ),
            ),
            (
                "alliance_overlap a0/a1, first page of 100, driver direct",
                lambda: d.execute_query(
                    overlap.cypher,
                    bind(overlap, {"a": "a0", "b": "a1", "limit": 100}),
                    routing_=RoutingControl.READ,
                ),
            ),
            (
                "BEFORE overlap a0/a1, first page of 100 (memberships read), driver direct",
                lambda: d.execute_query(
                    BEFORE_OVERLAP_PAGE.cypher,
                    bind(BEFORE_OVERLAP_PAGE, {"a": "a0", "b": "a1", "limit": 100}),
                    routing_=RoutingControl.READ,
                ),
            ),
            (
                "BEFORE overlap a0/a1, driver direct",
                lambda: d.execute_query(
                    BEFORE_OVERLAP, {"a": "a0", "b": "a1"}, routing_=RoutingControl.READ
                ),
            ),
            (
                "NAIVE multi-alliance (full scan, min 2)",
                lambda: d.execute_query(NAIVE_MULTI, {"min_alliances": 2, **ALL}),
            ),
            (
                "NAIVE multi-alliance (page of 100)",
                lambda: d.execute_query(
                    NAIVE_MULTI, {"min_alliances": 2, "offset": 0, "limit": 100}
                ),
            ),
            (
                "NAIVE multi-alliance (page at 5000)",
                lambda: d.execute_query(
                    NAIVE_MULTI, {"min_alliances": 2, "offset": 5000, "limit": 100}
                ),
            ),
            (
                "NAIVE multi-alliance (full scan, min 20)",
                lambda: d.execute_query(NAIVE_MULTI, {"min_alliances": 20, **ALL}),
            ),
            (
                "NAIVE overlap a0/a1 (full scan)",
                lambda: d.execute_query(NAIVE_OVERLAP, {"a": "a0", "b": "a1"}),
            ),
            (
                "NAIVE overlap a2/a3 (full scan)",
                lambda: d.execute_query(NAIVE_OVERLAP, {"a": "a2", "b": "a3"}),
            ),
        ]
        cases = [c for c in cases if not ONLY or any(w in c[0] for w in ONLY)]
        result_rows: dict[str, Any] = {}
        for name, params in (
            ("multi_alliance_firms (defaults, min 2)", {}),
            ("multi_alliance_firms (min 2, first page of 100)", {"limit": 100}),
            (
                "multi_alliance_firms (min 2, page 100 at offset 5000)",
                {"limit": 100, "offset": 5000},
            ),
            ("multi_alliance_firms (min 20)", {"min_alliances": 20}),
        ):
            if name not in dict(cases):
                continue
            try:
                result_rows[name] = len(backend.run("multi_alliance_firms", params))
            except Exception as e:
                result_rows[name] = f"error: {type(e).__name__}"
        pair: dict[str, Any] = {"a": "a0", "b": "a1"}
        for name, pair_params in (
            ("alliance_overlap a0/a1 (largest)", pair),
            ("alliance_overlap a0/a1, first page of 100", {**pair, "limit": 100}),
        ):
            if name not in dict(cases):
                continue
            try:  # shared members in the answer, of shared_count
                (answer,) = backend.run("alliance_overlap", pair_params)
                result_rows[name] = f"{len(answer['shared'])} of {answer['shared_count']}"
            except Exception as e:
                result_rows[name] = f"error: {type(e).__name__}"
        by_case: dict[str, dict[str, float]] = {}
        for name, fn in cases:
            t = time.perf_counter()
            try:
                stats = repeat(fn, RUNS, budget_s=BUDGET)
            except Exception as e:  # e.g. Neo4j's transaction memory limit at scale
                rows.append(
                    {
                        "size": size,
                        "memberships": n,
                        "case": name,
                        "error": f"{type(e).__name__}: {str(e)[:160]}",
                        "wall_s": time.perf_counter() - t,
                    }
                )
                continue
            by_case[name] = stats
            rows.append(
                {
                    "size": size,
                    "memberships": n,
                    "case": name,
                    "result_rows": result_rows.get(name),
                    **{k: v for k, v in stats.items() if k != "mean_ms"},
                    "wall_s": time.perf_counter() - t,
                }
            )
        for r in rows:
            if r["case"] in NAIVE_OF and "p50_ms" in r and NAIVE_OF[r["case"]] in by_case:
                r["x_naive_p50"] = by_case[NAIVE_OF[r["case"]]]["p50_ms"] / r["p50_ms"]
            if r["case"] in BEFORE_OF and "p50_ms" in r and BEFORE_OF[r["case"]] in by_case:
                r["x_before_p50"] = by_case[BEFORE_OF[r["case"]]]["p50_ms"] / r["p50_ms"]
    finally:
        d.close()
        backend.close()
    return rows


def load_in_child(size: int) -> int:
    """Load a size from a separate process, so that this one stays small and the
    processes it starts do not inherit its peak RSS (Linux keeps it across fork+exec)."""
    import subprocess

    from bench.common import ROOT

    p = subprocess.run(
        [sys.executable, "-m", "bench.queries", "--load-only", str(size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(p.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--load-only":
        print(load_size(int(sys.argv[2])))
        return
    rows: list[dict[str, Any]] = []
    for size in sizes_arg(sys.argv[1:]):
        rows += one_size(size)
    report("queries", rows, {"runs": RUNS, "budget_s": BUDGET, "client_peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    main()
