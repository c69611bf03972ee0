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

# Sizes above these skip the RDF-path baseline and the end-to-end `alliancekg load` run.
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
    """One size, in this process: each phase timed on its own. The load path reads the
    seeds, then checks the compiled shapes and maps the property graph in one pass; the
    RDF path it replaced (rdflib graph, pySHACL in groups, mapping) runs on the same
    records as its baseline, with the garbage collector paused alike."""
    from contextlib import nullcontext
    from unittest import mock

    from alliancekg.collector import collector_paused
    from alliancekg.ingest.build import build_graph
    from alliancekg.ingest.reader import read_seeds
    from alliancekg.ingest.validation import (
        check_seeds,
        compiled_shapes,
        evidence_problems,
        shacl_problems,
    )
    from alliancekg.neo4j.load import load
    from alliancekg.ontology.model import model
    from alliancekg.rdf.mapping import to_property_graph

    inputs = [seed_dir(size)]
    s = settings()
    m = model()
    compiled_shapes()
    with collector_paused():
        t = time.perf_counter()
        seeds = read_seeds(inputs, m)
        t_read = time.perf_counter() - t
    t = time.perf_counter()
    checked = check_seeds(seeds, m, s.base_iri)
    t_check = time.perf_counter() - t
    pg = checked.property_graph
    rss_load_path = peak_rss_mb()
    t_build = t_shacl = t_map = None
    n_triples = checked.triples
    if size <= SHACL_MAX:
        with collector_paused():
            t = time.perf_counter()
            graph = build_graph(seeds, s.base_iri, m)
            t_build = time.perf_counter() - t
            t = time.perf_counter()
            problems = evidence_problems(seeds) + shacl_problems(
                graph, m, seeds.by_id(), s.base_iri
            )
            t_shacl = time.perf_counter() - t
            assert not problems, problems[:5]
            t = time.perf_counter()
            rdf_pg = to_property_graph(graph, s.base_iri, m)
            t_map = time.perf_counter() - t
        assert len(rdf_pg.rels) == len(pg.rels) and len(graph) == n_triples
        del graph, rdf_pg
    n_mem = sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")
    every = commit_every(size)
    wipe()
    d = driver()
    try:
        t = time.perf_counter()
        load(d, s.neo4j_database, pg, commit_every=every)
        t_write = time.perf_counter() - t
        # the same load again: reads the graph, finds nothing to write; twice, and
        # between them once with the collector left running while it plans (as before
        # the sixth round), the baseline
        t = time.perf_counter()
        load(d, s.neo4j_database, pg, commit_every=every)
        t_noop = time.perf_counter() - t
        with mock.patch("alliancekg.neo4j.load.collector_paused", nullcontext):
            t = time.perf_counter()
            load(d, s.neo4j_database, pg, commit_every=every)
            t_noop_gc = time.perf_counter() - t
        t = time.perf_counter()
        load(d, s.neo4j_database, pg, commit_every=every)
        t_noop = min(t_noop, time.perf_counter() - t)
    finally:
        d.close()
    return {
        "memberships": n_mem,
        "triples": n_triples,
        "nodes": len(pg.nodes),
        "rels": len(pg.rels),
        "read_s": t_read,
        "check_map_s": t_check,
        "build_s": t_build,
        "shacl_s": t_shacl,
        "map_s": t_map,
        "write_s": t_write,
        "reload_noop_s": t_noop,
        "reload_noop_collector_s": t_noop_gc,
        "commit_every": every,
        "peak_rss_mb_load_path": rss_load_path,
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

        rdf_path = (
            r["build_s"] + r["shacl_s"] + r["map_s"] if r.get("shacl_s") is not None else None
        )
        load_path = r["read_s"] + r["check_map_s"] + r["write_s"]
        for phase, sec in (
            ("a. read seeds", r["read_s"]),
            ("b. check shapes (compiled) + map to property graph", r["check_map_s"]),
            ("b0. baseline: build RDF (rdflib)", r["build_s"]),
            ("b0. baseline: SHACL (pySHACL, grouped)", r["shacl_s"]),
            ("b0. baseline: map RDF to property graph", r["map_s"]),
            ("b0. baseline: RDF path, all", rdf_path),
            ("c. Neo4j write (empty db)", r["write_s"]),
            ("c. Neo4j reload, no changes (best of 2)", r["reload_noop_s"]),
            (
                "c0. baseline: the same reload, collector running",
                r.get("reload_noop_collector_s"),
            ),
            ("a+b+c", load_path),
        ):
            row: dict[str, Any] = {
                "size": size,
                "memberships": n,
                "phase": phase,
                "s": sec,
                "memberships_per_s": per_s(sec),
                "note": f"not run (baseline skipped above {SHACL_MAX} memberships)"
                if sec is None
                else (how if phase.startswith(("c.", "a+")) else ""),
            }
            if phase.startswith("b.") and rdf_path:
                row["x_rdf_path"] = rdf_path / sec
            if phase.startswith("c. Neo4j reload") and sec:
                row["of_write"] = sec / r["write_s"]  # target: 0.1 of a full load
                if r.get("reload_noop_collector_s"):
                    row["x_collector"] = r["reload_noop_collector_s"] / sec
            rows.append(row)
        rows.append(
            {
                "size": size,
                "memberships": n,
                "phase": "process peak RSS after a+b (load path only)",
                "peak_rss_mb": r["peak_rss_mb_load_path"],
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
            command = [
                "alliancekg",
                "load",
                *(["--commit-every", str(every)] if every else []),
                "--seeds",
                str(seed_dir(size)),
            ]
            # the load, then the same load again as a user runs it (the last load's
            # record kept in a cache folder of its own), and again with no cache folder:
            # the seeds read and checked, the graph's hashes read and compared
            cache = {**os.environ, "ALLIANCEKG_CACHE_DIR": str(ROOT / ".cache" / "bench-load")}
            for phase, env in (
                ("alliancekg load (end to end, CLI)", cache),
                ("alliancekg load again, no changes (CLI, the last load kept)", cache),
                ("baseline: alliancekg load again, no changes (CLI, nothing kept)", None),
            ):
                if env is None:
                    env = {**os.environ, "ALLIANCEKG_CACHE_DIR": ""}
                e = run_measured(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                row = {
                    "size": size,
                    "memberships": n,
                    "phase": phase,
                    "s": e["s"],
                    "memberships_per_s": n / e["s"],
                    "peak_rss_mb": e["peak_rss_mb"],
                    "note": f"rc={e['rc']}; {how}",
                }
                if phase.startswith("alliancekg load (end"):
                    full = e["s"]
                else:
                    row["of_full_load"] = e["s"] / full  # target: 0.1
                rows.append(row)
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
        if r.get("phase") in ("c. Neo4j write (empty db)", "a+b+c") and r.get("memberships_per_s"):
            r["x_naive"] = r["memberships_per_s"] / nv["rows_per_s"]
    report("load", rows, {"naive_rows": NAIVE_ROWS, "shacl_max": SHACL_MAX, "e2e_max": E2E_MAX})


if __name__ == "__main__":
    main()
