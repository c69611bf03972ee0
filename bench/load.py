"""Load throughput: the loader's phases, end-to-end ``alliancekg load``, and a naive
per-row MERGE baseline. Each size runs in its own process (peak RSS per size)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

from bench.common import (
    ROOT,
    child_result,
    commit_every,
    driver,
    peak_rss_mb,
    report,
    run_measured,
    seed_dir,
    settings,
)

# Sizes above these skip the SHACL phase and the end-to-end `alliancekg load` run.
SHACL_MAX = int(os.environ.get("BENCH_SHACL_MAX", "1000000"))
E2E_MAX = int(os.environ.get("BENCH_E2E_MAX", "1000000"))
NAIVE_ROWS = int(os.environ.get("BENCH_NAIVE_ROWS", "5000"))


def wipe() -> None:
    from alliancekg.neo4j.load import wipe as wipe_graph

    d = driver()
    try:
        wipe_graph(d, settings().neo4j_database)
    finally:
        d.close()


def phases(size: int) -> dict[str, Any]:
    """One size, in this process: each phase timed on its own."""
    from alliancekg.ingest.build import build_graph
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ingest.validation import evidence_problems, shacl_problems
    from alliancekg.neo4j.load import load
    from alliancekg.ontology.model import model
    from alliancekg.rdf.mapping import to_property_graph

    inputs = [seed_dir(size)]
    s = settings()
    m = model()
    t = time.perf_counter()
    seeds = read_seeds(inputs, m)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    graph = build_graph(seeds, s.base_iri, m)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    problems = evidence_problems(seeds)
    t_evidence = time.perf_counter() - t
    t_shacl: float | None = None
    if size <= SHACL_MAX:
        t = time.perf_counter()
        problems += shacl_problems(graph, m, seeds.by_id(), s.base_iri)
        t_shacl = time.perf_counter() - t
    assert not problems, problems[:5]
    t = time.perf_counter()
    pg = to_property_graph(graph, s.base_iri, m)
    t_map = time.perf_counter() - t
    n_mem = sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")
    every = commit_every(size)
    wipe()
    d = driver()
    try:
        t = time.perf_counter()
        load(d, s.neo4j_database, pg, commit_every=every)
        t_write = time.perf_counter() - t
        # the same load again: reads the graph, finds nothing to write
        t = time.perf_counter()
        load(d, s.neo4j_database, pg, commit_every=every)
        t_noop = time.perf_counter() - t
    finally:
        d.close()
    return {
        "memberships": n_mem,
        "triples": len(graph),
        "nodes": len(pg.nodes),
        "rels": len(pg.rels),
        "read_s": t_read,
        "build_s": t_build,
        "evidence_s": t_evidence,
        "shacl_s": t_shacl,
        "map_s": t_map,
        "write_s": t_write,
        "reload_noop_s": t_noop,
        "commit_every": every,
        "peak_rss_mb": peak_rss_mb(),
    }


def naive(rows: int) -> dict[str, Any]:
    """One ``session.run`` per membership row: MERGE firm, MERGE alliance, MERGE the
    relationship, auto-commit. Own labels (Naive*), with uniqueness constraints so the
    MERGEs are index look-ups, not scans: a fair, not a straw-man, baseline."""
    import yaml

    doc = yaml.safe_load((seed_dir(10_000) / "synthetic-000.yaml").read_text(encoding="utf-8"))
    mems = doc["memberships"][:rows]
    d = driver()
    db = settings().neo4j_database
    try:
        for label in ("NaiveOrg", "NaiveAlliance"):
            d.execute_query(
                f"CREATE CONSTRAINT naive_{label.lower()} IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.id IS UNIQUE",
                database_=db,
            )
        d.execute_query(
            "MATCH (n) WHERE n:NaiveOrg OR n:NaiveAlliance DETACH DELETE n", database_=db
        )
        q = (
            "MERGE (f:NaiveOrg {id: $member}) "
            "MERGE (a:NaiveAlliance {id: $alliance}) "
            "MERGE (f)-[m:NAIVE_MEMBER_OF {id: $id}]->(a) "
            "SET m.role = $role, m.status = $status, m.joined = $joined"
        )
        with d.session(database=db) as session:
            t = time.perf_counter()
            for r in mems:
                session.run(
                    q,
                    member=r["member"],
                    alliance=r["alliance"],
                    id=f"m.{r['member']}.{r['alliance']}",
                    role=r["role"],
                    status=r["status"],
                    joined=r.get("joined"),
                ).consume()
            elapsed = time.perf_counter() - t
        d.execute_query(
            "MATCH (n) WHERE n:NaiveOrg OR n:NaiveAlliance DETACH DELETE n", database_=db
        )
    finally:
        d.close()
    return {"rows": len(mems), "s": elapsed, "rows_per_s": len(mems) / elapsed}


def main() -> None:
    from bench.common import sizes_arg

    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print("RESULT " + json.dumps(phases(int(sys.argv[2]))))
        return
    sizes = sizes_arg()
    rows: list[dict[str, Any]] = []
    for size in sizes:
        seed_dir(size)
        r = child_result("bench.load", ["--one", str(size)])
        if "error" in r:
            rows.append({"case": f"phases@{size}", "error": r["error"]})
            continue
        n = r["memberships"]
        how = (
            f"commits every {r['commit_every']:,} rows"
            if r.get("commit_every")
            else "one transaction"
        )

        def per_s(sec: float | None, n: int = n) -> float | None:
            return n / sec if sec else None

        no_shacl = r["read_s"] + r["build_s"] + r["evidence_s"] + r["map_s"] + r["write_s"]
        for phase, sec in (
            ("a. read seeds", r["read_s"]),
            ("a. build RDF", r["build_s"]),
            ("a. evidence", r["evidence_s"]),
            ("b. SHACL", r["shacl_s"]),
            ("c. map to property graph", r["map_s"]),
            ("d. Neo4j write (empty db)", r["write_s"]),
            ("d. Neo4j reload, no changes", r["reload_noop_s"]),
            ("a+c+d (all but SHACL)", no_shacl),
            ("a+b+c+d", no_shacl + r["shacl_s"] if r["shacl_s"] else None),
        ):
            rows.append(
                {
                    "size": size,
                    "memberships": n,
                    "phase": phase,
                    "s": sec,
                    "memberships_per_s": per_s(sec),
                    "note": f"not run (SHACL skipped above {SHACL_MAX} memberships)"
                    if sec is None
                    else (how if phase.startswith(("d.", "a+")) else ""),
                }
            )
        rows.append(
            {
                "size": size,
                "memberships": n,
                "phase": "process peak RSS (phases run)",
                "peak_rss_mb": r["peak_rss_mb"],
            }
        )
        if size <= E2E_MAX:
            wipe()
            every = commit_every(size)
            e = run_measured(
                [
                    "alliancekg",
                    "load",
                    *(["--commit-every", str(every)] if every else []),
                    "--seeds",
                    str(seed_dir(size)),
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            rows.append(
                {
                    "size": size,
                    "memberships": n,
                    "phase": "alliancekg load (end to end, CLI)",
                    "s": e["s"],
                    "memberships_per_s": n / e["s"],
                    "peak_rss_mb": e["peak_rss_mb"],
                    "note": f"rc={e['rc']}; {how}",
                }
            )
    nv = naive(NAIVE_ROWS)
    rows.append(
        {
            "phase": "naive per-row MERGE baseline",
            "memberships": nv["rows"],
            "s": nv["s"],
            "memberships_per_s": nv["rows_per_s"],
        }
    )
    for r in rows:
        if r.get("phase") in ("d. Neo4j write (empty db)", "a+c+d (all but SHACL)") and r.get(
            "memberships_per_s"
        ):
            r["x_naive"] = r["memberships_per_s"] / nv["rows_per_s"]
    report("load", rows, {"naive_rows": NAIVE_ROWS, "shacl_max": SHACL_MAX, "e2e_max": E2E_MAX})


if __name__ == "__main__":
    main()
