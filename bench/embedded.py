"""The embedded backend (``NEO4J_URI`` unset: the seeds in an in-process pyoxigraph store).

* Startup on the project's own seeds: ``EmbeddedBackend(...)`` constructed several times
  in one process, and as a fresh ``python -c`` (wall time, peak RSS) against bare
  ``python -c "import alliancekg.backends.embedded"``.
* At each size (its own process, so peak RSS is that size's): the startup by phase (read
  seeds, compiled shapes + property graph, build RDF, store load), peak RSS
  after each phase and after the queries; then the latency of the named questions
  through ``EmbeddedBackend.run``. A question answered as SPARQL is split into SPARQL
  (pyoxigraph evaluation and its term objects), ``Terms.value`` and ``fold`` (the answer
  shape). A question with a fast path (``alliancekg.questions.scan``) is also run as its
  SPARQL form, in a forked process stopped after ``BENCH_SPARQL_TIMEOUT`` seconds, as the
  baseline (``x_sparql_p50``), and the two answers are compared. The multi-alliance and
  overlap answers are also computed by a plain scan of the property graph's
  relationships (``x_naive_p50``).

``python -m bench.embedded --sizes 10000,100000``. Needs no Neo4j.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench.common import ROOT, peak_rss_mb, repeat, report, run_measured, seed_dir

RUNS = int(os.environ.get("BENCH_QUERY_RUNS", "50"))
BUDGET = float(os.environ.get("BENCH_QUERY_BUDGET", "20"))
# Constructions of the backend on the project's seeds (in process, and fresh processes).
STARTUP_RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "7"))
# SHACL over the whole graph is superlinear (see bench/load.py): above this size the
# startup is measured with SHACL skipped, and says so.
SHACL_MAX = int(os.environ.get("BENCH_SHACL_MAX", "10000"))
# The SPARQL forms of the questions with a fast path, as the baseline: at most this many
# calls, each form stopped after this many seconds.
SPARQL_RUNS = int(os.environ.get("BENCH_SPARQL_RUNS", "5"))
SPARQL_TIMEOUT = float(os.environ.get("BENCH_SPARQL_TIMEOUT", "120"))
# Calls of the split (SPARQL / terms / fold) pipeline per question.
SPLIT_RUNS = int(os.environ.get("BENCH_SPLIT_RUNS", "10"))
SEEDS = ROOT / "seeds"
TARGET_STARTUP_S = 2.0
TARGET_P50_MS = 50.0

_SETTINGS = "from alliancekg.config import Settings; "
_BUILD = (
    _SETTINGS + "from alliancekg.backends.embedded import EmbeddedBackend; "
    "b = EmbeddedBackend(Settings(NEO4J_URI=None), inputs=[{seeds!r}]); "
)
FRESH = [
    ("python -c pass (interpreter floor)", "pass"),
    ("import alliancekg.backends.embedded (baseline)", "import alliancekg.backends.embedded"),
    ("import + EmbeddedBackend(seeds)", _BUILD),
    (
        "import + EmbeddedBackend(seeds) + first answer",
        _BUILD + "b.run('multi_alliance_firms', {{}})",
    ),
]
PHASES = [
    ("validation", "read_seeds", "a. read seeds"),
    ("validation", "check_seeds", "b. check shapes (compiled) + map to property graph"),
    ("embedded", "_store", "c. store load (N-Triples from the property graph, bulk_load)"),
    ("embedded", "Memberships", "d. fast-path index (questions.scan.Memberships)"),
]


def vm_hwm_mb() -> float:
    """Peak RSS of this process so far (VmHWM), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def timed_phases(skip_shacl: bool) -> Iterator[dict[str, dict[str, float]]]:
    """Wrap the functions ``EmbeddedBackend.__init__`` calls to time each phase (and read
    the peak RSS after it); with ``skip_shacl`` the SHACL step returns no problems."""
    import alliancekg.backends.embedded
    import alliancekg.ingest.validation

    modules = {
        "validation": alliancekg.ingest.validation,
        "embedded": alliancekg.backends.embedded,
    }
    out: dict[str, dict[str, float]] = {}

    def wrap(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                out[label] = {"s": time.perf_counter() - t, "peak_rss_mb": vm_hwm_mb()}

        return timed_call

    with ExitStack() as stack:
        from unittest import mock

        for mod, attr, label in PHASES:
            fn = getattr(modules[mod], attr)
            if skip_shacl and attr == "shacl_problems":

                def fn(*_a: Any, **_k: Any) -> list[Any]:
                    return []

            stack.enter_context(mock.patch.object(modules[mod], attr, wrap(label, fn)))
        yield out


def build(inputs: list[Path], skip_shacl: bool = False) -> tuple[Any, dict[str, Any]]:
    from alliancekg.backends.embedded import EmbeddedBackend
    from alliancekg.config import Settings

    with timed_phases(skip_shacl) as phases:
        backend = EmbeddedBackend(Settings(NEO4J_URI=None), inputs=inputs)
    return backend, phases


# --- startup on the project's seeds -------------------------------------------------


def seeds_in_process() -> dict[str, Any]:
    """Constructions of the backend on seeds/ in this process: the first pays the lazy
    imports (pyshacl, the model); the median of the others is the steady cost."""
    t = time.perf_counter()
    import alliancekg.backends.embedded  # noqa: F401

    import_s = time.perf_counter() - t
    runs: list[float] = []
    phase_runs: list[dict[str, Any]] = []
    first_answer_s = 0.0
    for i in range(STARTUP_RUNS + 1):
        t = time.perf_counter()
        backend, phases = build([SEEDS])
        runs.append(time.perf_counter() - t)
        phase_runs.append(phases)
        if i == 0:
            t = time.perf_counter()
            backend.run("multi_alliance_firms", {})
            first_answer_s = time.perf_counter() - t
    steady = runs[1:]
    return {
        "import_s": import_s,
        "first_s": runs[0],
        "median_s": statistics.median(steady),
        "min_s": min(steady),
        "max_s": max(steady),
        "runs": len(steady),
        "first_answer_s": first_answer_s,
        "phases_median_s": {
            label: statistics.median(p[label]["s"] for p in phase_runs[1:] if label in p)
            for _m, _a, label in PHASES
        },
        "peak_rss_mb": peak_rss_mb(),
        "triples": backend.health()["embedded"]["triples"],
        "memberships": sum(1 for r in backend._pg.rels.values() if r.type == "MEMBER_OF"),
    }


def seeds_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    r = child(["--seeds"])
    if "error" in r:
        return [
            {
                "part": "startup",
                "size": "seeds",
                "case": "in process",
                "error": r["error"],
            }
        ]
    rows.append(
        {
            "part": "startup",
            "size": "seeds",
            "memberships": r.get("memberships"),
            "case": f"startup in process: median of {r['runs']} (first {r['first_s']:.3f} s)",
            "s": r["median_s"],
            "x_target": TARGET_STARTUP_S / r["median_s"],
            "peak_rss_mb": r["peak_rss_mb"],
            "note": f"min {r['min_s']:.3f}, max {r['max_s']:.3f}; {r['triples']:,} triples",
        }
    )
    for label, s in r["phases_median_s"].items():
        rows.append({"part": "startup", "size": "seeds", "case": f"  {label}", "s": s})
    rows.append(
        {
            "part": "startup",
            "size": "seeds",
            "case": "first answer (multi_alliance_firms)",
            "s": r["first_answer_s"],
        }
    )
    fresh: dict[str, dict[str, Any]] = {}
    # The compiled shapes' parts (ALLIANCEKG_CACHE_DIR): kept by a first run for the
    # others, in a folder of the bench's own; and, for the last case, none kept.
    kept = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    cases: list[tuple[str, str, Path | None]] = [(case, code, kept) for case, code in FRESH]
    cases.append(("import + EmbeddedBackend(seeds), nothing kept (cache empty)", _BUILD, None))
    for case, code, cache in cases:
        samples = []
        for _ in range(STARTUP_RUNS):
            folder = cache or Path(tempfile.mkdtemp(prefix="bench-cache-"))
            env = {**os.environ, "ALLIANCEKG_CACHE_DIR": str(folder)}
            if cache is not None and not any(folder.iterdir()):
                subprocess.run(
                    [sys.executable, "-c", _BUILD.format(seeds=str(SEEDS))],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            samples.append(
                run_measured(
                    [sys.executable, "-c", code.format(seeds=str(SEEDS))],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
            )
            if cache is None:
                shutil.rmtree(folder)
        bad = [s for s in samples if s["rc"]]
        fresh[case] = {
            "s": statistics.median(s["s"] for s in samples),
            "peak_rss_mb": statistics.median(s["peak_rss_mb"] for s in samples),
        }
        rows.append(
            {
                "part": "startup",
                "size": "seeds",
                "case": f"fresh python -c: {case}",
                **fresh[case],
                "note": f"median of {len(samples)} (min {min(s['s'] for s in samples):.3f}, "
                f"max {max(s['s'] for s in samples):.3f})"
                + (f"; {len(bad)} FAILED" if bad else ""),
            }
        )
    shutil.rmtree(kept, ignore_errors=True)
    base = fresh["import alliancekg.backends.embedded (baseline)"]["s"]
    for case in (
        "import + EmbeddedBackend(seeds)",
        "import + EmbeddedBackend(seeds) + first answer",
        "import + EmbeddedBackend(seeds), nothing kept (cache empty)",
    ):
        s = fresh[case]["s"]
        rows.append(
            {
                "part": "startup",
                "size": "seeds",
                "case": f"fresh python -c: {case} minus baseline",
                "s": s - base,
                "x_target": TARGET_STARTUP_S / s,
                "note": f"whole process {s:.3f} s vs target {TARGET_STARTUP_S:.0f} s",
            }
        )
    return rows


# --- one size --------------------------------------------------------------------------


def naive_multi(pg: Any, min_alliances: int = 2) -> list[dict[str, Any]]:
    """multi_alliance_firms with its defaults (as_of null, include_proposed false) as a
    scan of every relationship of the property graph, in plain Python."""
    by_firm: dict[str, list[Any]] = defaultdict(list)
    nodes = pg.nodes
    for r in pg.rels.values():
        if r.type != "MEMBER_OF" or r.props.get("status") != "active":
            continue
        a = nodes[r.end]
        if a.props.get("status") == "proposed" or "Alliance" in nodes[r.start].labels:
            continue
        by_firm[r.start].append(r)
    out: list[dict[str, Any]] = []
    for fid, rels in by_firm.items():
        count = len({r.end for r in rels})
        if count < min_alliances:
            continue
        f = nodes[fid]
        memberships = []
        for r in sorted(rels, key=lambda r: (r.end, r.id)):
            a = nodes[r.end].props
            memberships.append(
                {
                    "alliance": r.end,
                    "alliance_ko": a.get("name_ko"),
                    "alliance_en": a.get("name_en"),
                    "membership": r.id,
                    "role": r.props.get("role"),
                    "status": r.props.get("status"),
                    "joined": r.props.get("joined"),
                    "left": r.props.get("left"),
                    "date_certainty": "certain",
                    "basis": r.props.get("basis"),
                    "sources": sorted(r.props["sources"]) if r.props.get("sources") else None,
                }
            )
        out.append(
            {
                "id": fid,
                "name_ko": f.props.get("name_ko"),
                "name_en": f.props.get("name_en"),
                "kind": f.cls.label,
                "alliance_count": count,
                "dates_certain": True,
                "memberships": memberships,
            }
        )
    out.sort(key=lambda r: (-r["alliance_count"], r["id"]))
    return out


def naive_overlap(pg: Any, a: str, b: str) -> dict[str, Any]:
    """The ids behind alliance_overlap (sizes, shared members), by a scan of every
    relationship."""
    members: dict[str, set[str]] = {a: set(), b: set()}
    for r in pg.rels.values():
        if (
            r.type == "MEMBER_OF"
            and r.end in members
            and r.props.get("status") in ("active", "proposed")
        ):
            members[r.end].add(r.start)
    shared = members[a] & members[b]
    union = len(members[a] | members[b])
    return {
        "size_a": len(members[a]),
        "size_b": len(members[b]),
        "shared_count": len(shared),
        "jaccard": len(shared) / union if union else 0.0,
        "shared": sorted(shared),
    }


class GcClock:
    """Seconds spent in Python's cyclic garbage collector (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.total = 0.0
        self._start = 0.0

    def __call__(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start


GC = GcClock()


def split(backend: Any, query: str, params: dict[str, Any]) -> dict[str, Any]:
    """``EmbeddedBackend.run`` taken apart, the same steps in the same order: SPARQL
    (``store.query`` and pulling each solution out of pyoxigraph, which evaluates lazily),
    ``Terms.value`` on each solution's bound terms (timed per solution, in between), and
    ``fold`` (plus ``#:limit`` / ``#:then``); and the time the garbage collector took
    during the call, whichever step it interrupted."""
    import pyoxigraph as ox

    from alliancekg.questions.catalogue import bind, named_query
    from alliancekg.questions.folding import fold
    from alliancekg.questions.params import FOR_SPARQL, prepare
    from alliancekg.questions.sparql import QUERY_PREFIXES, sparql_form
    from alliancekg.questions.steps import THEN

    form = sparql_form(named_query(query).name)
    values = prepare(bind(named_query(query), params), FOR_SPARQL)
    terms = {p: backend._terms.param(p, values.get(p)) for p in form.params}
    text = form.with_values(terms)
    value = backend._terms.value
    clock = time.perf_counter
    gc_before = GC.total
    t0 = clock()
    solutions = backend._store.query(text, prefixes=QUERY_PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    converting = 0.0
    for solution in solutions:
        c = clock()
        rows.append({n: value(t) for n, t in zip(names, solution, strict=True) if t is not None})
        converting += clock() - c
    t1 = clock()
    answer = fold(form.answer, rows, backend._node)
    if form.limit is not None:
        answer = answer[: values[form.limit]]
    if form.then:
        answer = THEN[form.then](answer)
    t2 = clock()
    return {
        "sparql": t1 - t0 - converting,
        "terms": converting,
        "fold": t2 - t1,
        "gc": GC.total - gc_before,
        "sparql_rows": len(rows),
        "bound_terms": sum(len(r) for r in rows),
        "answer": answer,
    }


def cases(pg: Any, alliances: int) -> list[tuple[str, str, dict[str, Any]]]:
    """The questions and their parameters; the searches use words of c1's names (a
    Latin word, which matches whole words, and two Hangul syllables, which match as a
    bigram) so that they find something at every size."""
    mid = f"a{alliances // 2}"
    c1 = pg.nodes["c1"].props
    latin = "".join(ch for ch in c1["name_en"].split()[0] if ch.isalpha())
    hangul = c1["name_ko"][:2]
    return [
        ("multi_alliance_firms (defaults, min 2)", "multi_alliance_firms", {}),
        ("multi_alliance_firms (min 20)", "multi_alliance_firms", {"min_alliances": 20}),
        (
            "multi_alliance_firms first page (limit 100, the API's default)",
            "multi_alliance_firms",
            {"limit": 100},
        ),
        ("alliance_overlap a0/a1 (largest)", "alliance_overlap", {"a": "a0", "b": "a1"}),
        ("alliance_overlap a2/a3", "alliance_overlap", {"a": "a2", "b": "a3"}),
        (
            "alliance_overlap a0/a1 first page (limit 100, the API's default)",
            "alliance_overlap",
            {"a": "a0", "b": "a1", "limit": 100},
        ),
        ("alliance a0 (largest)", "alliance", {"id": "a0"}),
        (f"alliance {mid} (median size)", "alliance", {"id": mid}),
        ("company c1", "company", {"id": "c1"}),
        (
            "members_as_of a0 2025-01-01",
            "members_as_of",
            {"alliance": "a0", "as_of": "2025-01-01"},
        ),
        (f"search '{latin}' (Latin word)", "search", {"q": latin}),
        (f"search '{hangul}' (Hangul bigram)", "search", {"q": hangul}),
        ("multi_alliance_groups (defaults)", "multi_alliance_groups", {}),
        ("multi_alliance_firms as_of 2025-01-01", "multi_alliance_firms", {"as_of": "2025-01-01"}),
        ("alliance_segment_gaps a0 (largest)", "alliance_segment_gaps", {"alliance": "a0"}),
        ("overlap_matrix", "overlap_matrix", {}),
        ("bridge_firms", "bridge_firms", {}),
        ("competitor_pairs", "competitor_pairs", {}),
        (
            "competitor_pairs first page (limit 100, the API's default)",
            "competitor_pairs",
            {"limit": 100},
        ),
        ("firms_without_alliance", "firms_without_alliance", {}),
        ("single_firm_segments", "single_firm_segments", {}),
        ("mega_alliance", "mega_alliance", {}),
    ]


NAIVE_OF = {
    "multi_alliance_firms (defaults, min 2)": "NAIVE multi-alliance (Python scan, min 2)",
    "multi_alliance_firms (min 20)": "NAIVE multi-alliance (Python scan, min 20)",
    "alliance_overlap a0/a1 (largest)": "NAIVE overlap a0/a1 (Python scan)",
    "alliance_overlap a2/a3": "NAIVE overlap a2/a3 (Python scan)",
}


def digest(answer: Any) -> str:
    """The answer with every list in a canonical order (nested lists that a form leaves
    unordered compare as multisets), as one string."""

    def canonical(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: canonical(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [canonical(v) for v in value]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    top = [canonical(r) for r in answer] if isinstance(answer, list) else canonical(answer)
    return json.dumps(top, sort_keys=True, ensure_ascii=False)


def _sparql_form_child(conn: Any, backend: Any, query: str, params: dict[str, Any]) -> None:
    from alliancekg.rdf.propertygraph import without_index_keys

    q, values = backend._prepared(query, params)

    def fn() -> Any:
        return without_index_keys(backend.answer_sparql(q, values))

    t = time.perf_counter()
    first = fn()
    first_s = time.perf_counter() - t
    samples = [first_s]
    while len(samples) < SPARQL_RUNS and sum(samples) < BUDGET:
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    from bench.common import percentiles

    conn.send({"stats": percentiles(samples), "digest": digest(first), "rows": len(first)})


def sparql_form(backend: Any, query: str, params: dict[str, Any]) -> dict[str, Any]:
    """The question as its SPARQL form (what the backend ran before its fast path), in a
    forked process stopped after SPARQL_TIMEOUT seconds: up to SPARQL_RUNS calls, the
    first one included (no warm-up: a call can take minutes)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_sparql_form_child, args=(send, backend, query, params))
    start = time.perf_counter()
    proc.start()
    got = receive.poll(SPARQL_TIMEOUT)
    result = receive.recv() if got else None
    if result is None:
        proc.kill()
    proc.join()
    return {"result": result, "waited_s": time.perf_counter() - start}


def reset_peak_rss() -> bool:
    """Start VmHWM afresh (Linux: ``5`` to /proc/self/clear_refs), so that the queries'
    peak is told apart from the startup's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def timed_split(backend: Any, query: str, params: dict[str, Any]) -> dict[str, Any]:
    """Medians of :func:`split` over up to SPLIT_RUNS calls, within a quarter of BUDGET."""
    parts = []
    start = time.perf_counter()
    for _ in range(SPLIT_RUNS):
        parts.append(split(backend, query, params))
        if time.perf_counter() - start > BUDGET / 4:
            break
    return {
        **{
            f"{k}_ms": statistics.median(p[k] for p in parts) * 1000
            for k in ("sparql", "terms", "fold", "gc")
        },
        "split_n": len(parts),
    }


PREFIXES = """PREFIX akg: <https://w3id.org/alliancekg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_C1_MEMBERSHIPS = "?m a akg:Membership ; org:member ?o ; org:organization ?a ; org:role ?role ."


def probes(backend: Any, regex: str) -> list[tuple[str, str]]:
    """Small SPARQL queries that isolate what the question forms pay for: a pattern inside
    OPTIONAL (as company.rq and alliance.rq hold their lists) against the same pattern as a
    plain join or under LATERAL; a REGEX whose pattern is a variable bound by VALUES (as in
    search.rq) against the same pattern written as a constant; and the bare aggregation
    under multi_alliance_firms."""
    c1 = "VALUES ?o { id:c1 } ?o a akg:Organization ."
    lit = json.dumps(regex)
    return [
        ("c1's memberships: plain join, ?o bound", f"SELECT * WHERE {{ {c1} {_C1_MEMBERSHIPS} }}"),
        (
            "c1's memberships: inside OPTIONAL (as company.rq)",
            f"SELECT * WHERE {{ {c1} OPTIONAL {{ {_C1_MEMBERSHIPS} }} }}",
        ),
        (
            "c1's memberships: LATERAL { OPTIONAL }",
            f"SELECT * WHERE {{ {c1} LATERAL {{ OPTIONAL {{ {_C1_MEMBERSHIPS} }} }} }}",
        ),
        (
            "every membership (the scan OPTIONAL does)",
            f"SELECT * WHERE {{ {_C1_MEMBERSHIPS.replace('?o', '?f')} }}",
        ),
        (
            "REGEX on every name, pattern from VALUES (as search.rq)",
            f"SELECT ?n WHERE {{ VALUES ?q {{ {lit} }} ?n skos:prefLabel ?l "
            f'FILTER(REGEX(?l, ?q, "i")) }}',
        ),
        (
            "REGEX on every name, pattern a constant",
            f'SELECT ?n WHERE {{ ?n skos:prefLabel ?l FILTER(REGEX(?l, {lit}, "i")) }}',
        ),
        (
            "alliances per firm, bare GROUP BY (floor of multi_alliance_firms)",
            "SELECT ?f (COUNT(DISTINCT ?a) AS ?n) WHERE { ?m a akg:Membership ; "
            "org:member ?f ; org:organization ?a ; akg:status akg:active } GROUP BY ?f "
            "HAVING (COUNT(DISTINCT ?a) >= 2)",
        ),
    ]


def one_size(size: int) -> dict[str, Any]:
    """One size, in this process: startup by phase, then the questions through
    ``EmbeddedBackend.run``, the naive scans, the split of each question, the probes."""
    from alliancekg.questions.search_text import search_regex
    from alliancekg.questions.sparql import QUERY_PREFIXES

    inputs = [seed_dir(size)]
    skip_shacl = False  # the compiled shapes run at every size
    gc.callbacks.append(GC)
    load_before = os.getloadavg()[0]
    rss_start = vm_rss_mb()
    t = time.perf_counter()
    backend, phases = build(inputs, skip_shacl)
    wall = time.perf_counter() - t
    pg = backend._pg
    n = sum(1 for r in pg.rels.values() if r.type == "MEMBER_OF")
    alliances = sum(1 for x in pg.nodes.values() if "Alliance" in x.labels)
    out: dict[str, Any] = {
        "memberships": n,
        "alliances": alliances,
        "triples": len(backend._store),
        "nodes": len(pg.nodes),
        "rels": len(pg.rels),
        "startup_seconds": backend.startup_seconds,
        "startup_wall_s": wall,
        "shacl_skipped": skip_shacl,
        "phases": phases,
        "rss_start_mb": rss_start,
        "rss_after_startup_mb": vm_rss_mb(),
        "peak_rss_after_startup_mb": vm_hwm_mb(),
        "loadavg_1m_before": load_before,
        "code": code_state(),
        "peak_reset": reset_peak_rss(),
    }
    queries: list[dict[str, Any]] = []
    answers: dict[str, Any] = {}
    the_cases = cases(pg, alliances)
    for case, query, params in the_cases:
        answer = backend.run(query, params)  # also parses the .rq once

        def call(q: str = query, p: dict[str, Any] = params) -> Any:
            return backend.run(q, p)

        stats = repeat(call, RUNS, budget_s=BUDGET)
        answers[case] = answer
        queries.append(
            {
                "case": case,
                "answer_rows": len(answer)
                if query != "alliance_overlap"
                else (answer[0]["shared_count"] if answer else 0),
                **stats,
            }
        )
    out["peak_rss_queries_mb"] = vm_hwm_mb()
    out["rss_after_queries_mb"] = vm_rss_mb()
    for case, fn, check in (
        (
            "NAIVE multi-alliance (Python scan, min 2)",
            lambda: naive_multi(pg, 2),
            "multi_alliance_firms (defaults, min 2)",
        ),
        (
            "NAIVE multi-alliance (Python scan, min 20)",
            lambda: naive_multi(pg, 20),
            "multi_alliance_firms (min 20)",
        ),
        (
            "NAIVE overlap a0/a1 (Python scan)",
            lambda: naive_overlap(pg, "a0", "a1"),
            "alliance_overlap a0/a1 (largest)",
        ),
        (
            "NAIVE overlap a2/a3 (Python scan)",
            lambda: naive_overlap(pg, "a2", "a3"),
            "alliance_overlap a2/a3",
        ),
    ):
        result = fn()
        expected = answers[check]
        if isinstance(result, list):
            same = result == expected
            rows_out = len(result)
        else:
            e = expected[0] if expected else {}
            same = all(result[k] == e.get(k) for k in ("size_a", "size_b", "shared_count"))
            same = same and result["shared"] == [x["id"] for x in e.get("shared", [])]
            rows_out = result["shared_count"]
        stats = repeat(fn, RUNS, budget_s=BUDGET)
        queries.append(
            {
                "case": case,
                "answer_rows": rows_out,
                **stats,
                "note": "same answer" if same else "ANSWER DIFFERS",
            }
        )
    from alliancekg.questions.scan import FAST

    for case, query, params in the_cases:
        if query not in FAST:
            continue
        got = sparql_form(backend, query, params)
        result = got["result"]
        if result is None:
            queries.append(
                {
                    "case": f"SPARQL form: {case}",
                    "n": 0,
                    "note": f"not finished in {SPARQL_TIMEOUT:.0f} s (stopped)",
                    "timeout_s": SPARQL_TIMEOUT,
                }
            )
            continue
        same = result["digest"] == digest(answers[case])
        queries.append(
            {
                "case": f"SPARQL form: {case}",
                "answer_rows": result["rows"],
                **result["stats"],
                "note": "same answer" if same else "ANSWER DIFFERS",
            }
        )
    del answers
    # the split holds every solution's terms at once: after the peak RSS is read
    for row, (_case, query, params) in zip(queries, the_cases, strict=False):
        if query in FAST:
            continue  # answered in Python, not SPARQL
        one = split(backend, query, params)
        row["sparql_rows"] = one["sparql_rows"]
        row["bound_terms"] = one["bound_terms"]
        row.update(timed_split(backend, query, params))
    latin = next(p["q"] for _c, q, p in the_cases if q == "search")
    probe_rows = []
    for case, text in probes(backend, search_regex(latin)):
        query_text = PREFIXES + text

        def run_probe(q: str = query_text) -> int:
            return len(list(backend._store.query(q, prefixes=QUERY_PREFIXES)))

        rows_out = run_probe()
        stats = repeat(run_probe, min(RUNS, 20), budget_s=BUDGET / 2)
        probe_rows.append({"case": case, "sparql_rows": rows_out, **stats})
    out["queries"] = queries
    out["probes"] = probe_rows
    out["peak_rss_mb"] = vm_hwm_mb()
    out["loadavg_1m_after"] = os.getloadavg()[0]
    return out


def size_rows(size: int) -> list[dict[str, Any]]:
    r = child(["--one", str(size)])
    if "error" in r:
        return [{"part": "startup", "size": size, "case": "embedded", "error": r["error"]}]
    n = r["memberships"]
    base = {"size": size, "memberships": n}
    start = {"part": "startup", **base}
    query = {"part": "queries", "size": size}
    rows: list[dict[str, Any]] = []
    note = "SHACL skipped (BENCH_SHACL_MAX)" if r["shacl_skipped"] else ""
    for _m, _a, label in PHASES:
        p = None if label == "b. SHACL" and r["shacl_skipped"] else r["phases"].get(label)
        rows.append(
            {
                **start,
                "case": f"startup {label}",
                "s": p["s"] if p else None,
                "peak_rss_mb": p["peak_rss_mb"] if p else None,
                "note": f"not run (skipped above {SHACL_MAX} memberships)"
                if label == "b. SHACL" and r["shacl_skipped"]
                else "",
            }
        )
    rows.append(
        {
            **start,
            "case": "startup total (EmbeddedBackend.startup_seconds)",
            "s": r["startup_seconds"],
            "x_target": TARGET_STARTUP_S / r["startup_seconds"],
            "peak_rss_mb": r["peak_rss_after_startup_mb"],
            "note": note or f"{r['triples']:,} triples",
        }
    )
    by_case = {q["case"]: q for q in r["queries"]}
    for q in r["queries"]:
        row = {**query, **{k: v for k, v in q.items() if k not in ("mean_ms", "p99_ms")}}
        if q["case"] in NAIVE_OF and NAIVE_OF[q["case"]] in by_case:
            row["x_naive_p50"] = by_case[NAIVE_OF[q["case"]]]["p50_ms"] / q["p50_ms"]
        form = by_case.get(f"SPARQL form: {q['case']}")
        if form is not None:
            # how many times faster than the SPARQL form (a lower bound if it was stopped)
            if "timeout_s" in form:
                row["x_sparql_p50"] = form["timeout_s"] * 1000 / q["p50_ms"]
                row["note"] = "x_sparql: at least (its SPARQL form was stopped)"
            else:
                row["x_sparql_p50"] = form["p50_ms"] / q["p50_ms"]
        if not q["case"].startswith(("NAIVE", "SPARQL form")):
            row["x_target"] = TARGET_P50_MS / q["p50_ms"]
        rows.append(row)
    rows.append(
        {
            **start,
            "case": "RSS after startup (resident, not peak)",
            "peak_rss_mb": r["rss_after_startup_mb"],
            "note": f"process before startup {r['rss_start_mb']:.0f} MiB",
        }
    )
    if r["peak_reset"]:
        rows.append(
            {
                **start,
                "case": "peak RSS while answering (EmbeddedBackend.run, all questions)",
                "peak_rss_mb": r["peak_rss_queries_mb"],
                "note": f"peak counted afresh after startup; RSS after "
                f"{r['rss_after_queries_mb']:.0f} MiB",
            }
        )
    rows.append(
        {
            **start,
            "case": "load average (1 min) before / after this size; code measured",
            "note": f"{r['loadavg_1m_before']:.2f} / {r['loadavg_1m_after']:.2f} on "
            f"{os.cpu_count()} CPUs; commit {r['code']['commit']}"
            + (" (snapshot)" if r["code"].get("snapshot") else "")
            + (
                f", {len(r['code']['dirty'])} files changed in src/ queries/"
                if r["code"]["dirty"]
                else ""
            ),
        }
    )
    for p in r["probes"]:
        rows.append(
            {
                "part": "SPARQL probes",
                "size": size,
                **{k: v for k, v in p.items() if k not in ("mean_ms", "p99_ms")},
            }
        )
    return rows


def code_state() -> dict[str, Any]:
    """The code measured: the commit and the files under src/ and queries/ that differ
    from it; or, when ``alliancekg`` comes from elsewhere (a snapshot on PYTHONPATH, e.g.
    ``git archive HEAD src ontology queries | tar -x -C DIR``), that directory and the
    commit named in its COMMIT file."""
    from alliancekg.config import home

    if home().root.resolve() != ROOT.resolve():
        commit_file = home().root / "COMMIT"
        return {
            "commit": commit_file.read_text().strip() if commit_file.exists() else "?",
            "dirty": [],
            "snapshot": str(home().root),
        }

    def git(*args: str) -> str:
        p = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return p.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": git("status", "--porcelain", "--", "src", "queries").splitlines(),
    }


def child(args: list[str]) -> dict[str, Any]:
    """This module's RESULT, measured in a fresh process."""
    from bench.common import child_result

    return child_result("bench.embedded", args)


def main() -> None:
    from bench.common import sizes_arg

    if len(sys.argv) > 1 and sys.argv[1] == "--seeds":
        print("RESULT " + json.dumps(seeds_in_process()))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print("RESULT " + json.dumps(one_size(int(sys.argv[2]))))
        return
    sizes = sizes_arg()
    rows = seeds_rows()
    for size in sizes:
        seed_dir(size)
        rows += size_rows(size)
    report(
        "embedded",
        rows,
        {
            "runs": RUNS,
            "budget_s": BUDGET,
            "startup_runs": STARTUP_RUNS,
            "split_runs": SPLIT_RUNS,
            "shacl_max": SHACL_MAX,
            "targets": {"startup_s": TARGET_STARTUP_S, "p50_ms_at_1e5": TARGET_P50_MS},
            "code": code_state(),
        },
    )


if __name__ == "__main__":
    main()
