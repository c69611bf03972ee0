"""Every question through `alliancekg query NAME --param k=v --json`, on a real
Neo4j holding tests/fixtures/analysis, checked against the same hand-written
answers as the API (expected_analysis.py); the table output; bad parameters."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from alliancekg.questions.catalogue import query_names

if "tests.integration.questions.expected_analysis" not in sys.modules:
    # its checks are plain asserts: show what differs when one fails
    pytest.register_assert_rewrite("tests.integration.questions.expected_analysis")
from tests.integration.questions import expected_analysis as ex

CLI = [sys.executable, "-m", "alliancekg.cli"]


def param_text(value: object) -> str:
    """A value as written after --param key=: null, true/false, or the text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@pytest.fixture(scope="module")
def cli(analysis_graph: None, neo4j_env: dict[str, str]) -> Callable[..., Any]:
    """``cli(name, k=v, ...)``: the parsed --json answer (or the table, with as_json=False)."""

    def run(name: str, *, as_json: bool = True, **params: object) -> Any:
        args = [*CLI, "query", name]
        for key, value in params.items():
            args += ["--param", f"{key}={param_text(value)}"]
        if as_json:
            args.append("--json")
        result = subprocess.run(args, env=neo4j_env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if as_json else result.stdout

    return run


# Which query files this module asks, so that a new file cannot go untested.
ASKED = {
    "multi_alliance_firms",
    "multi_alliance_groups",
    "alliance_overlap",
    "overlap_matrix",
    "bridge_firms",
    "competitor_pairs",
    "alliance_segment_gaps",
    "firms_without_alliance",
    "single_firm_segments",
    "mega_alliance",
    "members_as_of",
    "alliance",
    "company",
    "person",
    "quotes",
    "search",
    "neighbourhood",
    "sources",
    "reconcile",
    "resolve_id",
}


def test_every_query_file_is_asked_here() -> None:
    assert set(query_names()) == ASKED


@pytest.mark.parametrize(
    ("min_alliances", "include_proposed", "as_of"),
    list(ex.MULTI_ALLIANCE),
    ids=[f"min{m}-proposed{p}-{d}" for m, p, d in ex.MULTI_ALLIANCE],
)
def test_multi_alliance_firms(
    cli: Any, min_alliances: int, include_proposed: bool, as_of: str | None
) -> None:
    rows = cli(
        "multi_alliance_firms",
        min_alliances=min_alliances,
        include_proposed=include_proposed,
        as_of=as_of,
    )
    ex.check_multi_alliance(rows, ex.MULTI_ALLIANCE[(min_alliances, include_proposed, as_of)])


def test_without_parents_every_firm_is_its_own_group(cli: Callable[..., Any]) -> None:
    # the analysis fixture states no parent: rolled up, the answer is the firms' answer,
    # each membership held by the firm itself
    groups = cli("multi_alliance_groups", min_alliances=1, include_proposed=True)
    firms = cli("multi_alliance_firms", min_alliances=1, include_proposed=True)
    assert [(g["id"], g["alliance_count"]) for g in groups] == [
        (f["id"], f["alliance_count"]) for f in firms
    ]
    for g in groups:
        assert {m["member"] for m in g["memberships"]} == {g["id"]}


def test_multi_alliance_firms_defaults(cli: Callable[..., Any]) -> None:
    ex.check_multi_alliance(cli("multi_alliance_firms"), ex.MULTI_ALLIANCE[(2, False, None)])


@pytest.mark.parametrize(("a", "b"), list(ex.OVERLAP))
def test_alliance_overlap(cli: Callable[..., Any], a: str, b: str) -> None:
    [row] = cli("alliance_overlap", a=a, b=b)
    ex.check_overlap(row, a, b)


def test_a_page_is_asked_for_on_the_command_line(cli: Callable[..., Any]) -> None:
    # limit is null unless given: a number typed for it is a number
    firms = cli("multi_alliance_firms", min_alliances=1)
    assert cli("multi_alliance_firms", min_alliances=1, limit=2, offset=1) == firms[1:3]
    (whole,) = cli("alliance_overlap", a=ex.ALPHA, b=ex.ALPHA)
    (page,) = cli("alliance_overlap", a=ex.ALPHA, b=ex.ALPHA, limit=2, offset=2)
    assert page["shared"] == whole["shared"][2:4] and page["shared_count"] == 5
    pairs = cli("competitor_pairs", include_proposed=True)
    assert cli("competitor_pairs", include_proposed=True, limit=1, offset=1) == pairs[1:2]


def test_overlap_matrix(cli: Callable[..., Any]) -> None:
    ex.check_matrix_cells(cli("overlap_matrix"), ex.MATRIX_WITH_PROPOSED)
    ex.check_matrix_cells(cli("overlap_matrix", include_proposed=False), ex.MATRIX_LAUNCHED)


@pytest.mark.parametrize("include_proposed", [False, True])
def test_bridge_firms(cli: Callable[..., Any], include_proposed: bool) -> None:
    ex.check_bridges(cli("bridge_firms", include_proposed=include_proposed), include_proposed)


@pytest.mark.parametrize("include_proposed", [False, True])
def test_competitor_pairs(cli: Callable[..., Any], include_proposed: bool) -> None:
    rows = cli("competitor_pairs", include_proposed=include_proposed)
    ex.check_competitor_pairs(rows, include_proposed)


@pytest.mark.parametrize("alliance", list(ex.GAPS))
def test_alliance_segment_gaps(cli: Callable[..., Any], alliance: str) -> None:
    ex.check_gaps(cli("alliance_segment_gaps", alliance=alliance), alliance)


def test_firms_without_alliance(cli: Callable[..., Any]) -> None:
    ex.check_without_alliance(cli("firms_without_alliance"))


def test_single_firm_segments(cli: Callable[..., Any]) -> None:
    ex.check_single_firm(cli("single_firm_segments"))


def test_neighbourhood(cli: Callable[..., Any]) -> None:
    ex.check_neighbourhood(cli("neighbourhood", id="hanbit-cloud"), "hanbit-cloud")


def test_sources(cli: Callable[..., Any]) -> None:
    assert cli("sources") == ex.SOURCES


def test_mega_alliance(cli: Callable[..., Any]) -> None:
    [row] = cli("mega_alliance")
    ex.check_mega(row)


@pytest.mark.parametrize(
    ("alliance", "as_of"), list(ex.MEMBERS_AS_OF), ids=[f"{a}-{d}" for a, d in ex.MEMBERS_AS_OF]
)
def test_members_as_of(cli: Callable[..., Any], alliance: str, as_of: str | None) -> None:
    # the API's default date is the end of time; the query file's is a fixed date
    rows = cli("members_as_of", alliance=alliance, as_of=as_of or "9999-12-31")
    ex.check_members(rows, ex.MEMBERS_AS_OF[(alliance, as_of)])


@pytest.mark.parametrize("ident", list(ex.ALLIANCES))
def test_alliance(cli: Callable[..., Any], ident: str) -> None:
    [row] = cli("alliance", id=ident)
    ex.check_alliance(row, ident)


@pytest.mark.parametrize("ident", list(ex.COMPANIES))
def test_company(cli: Callable[..., Any], ident: str) -> None:
    [row] = cli("company", id=ident)
    ex.check_company(row, ident)


def test_person(cli: Callable[..., Any]) -> None:
    [row] = cli("person", id="kim-sol")
    ex.check_person_kim_sol(row)


@pytest.mark.parametrize(("person", "about"), list(ex.QUOTES))
def test_quotes(cli: Callable[..., Any], person: str | None, about: str | None) -> None:
    ex.check_quotes(cli("quotes", person=person, about=about), person, about)


@pytest.mark.parametrize("q", list(ex.SEARCH))
def test_search(cli: Callable[..., Any], q: str) -> None:
    ex.check_search(cli("search", q=q), q)


@pytest.mark.parametrize("q", ["Cloud", "클라우드", "HBC", "얼라이언스", "김솔"])
def test_reconcile_finds_organisations_and_people_only(cli: Callable[..., Any], q: str) -> None:
    # the candidates of search without segments: a spreadsheet's cell names a firm,
    # an alliance or a person, never a value-chain segment
    want = {i for i in ex.SEARCH[q] if ex.SEARCH_KIND[i] != "Segment"}
    rows = cli("reconcile", q=q)
    assert {r["id"] for r in rows} == want
    for r in rows:
        assert r["kind"] == ex.SEARCH_KIND[r["id"]]
    if "hanbit-cloud" in want:
        [hanbit] = [r for r in rows if r["id"] == "hanbit-cloud"]
        memberships = ex.COMPANIES["hanbit-cloud"]["memberships"]
        assert [a["id"] for a in hanbit["alliances"]] == sorted(
            m[0] for m in memberships if m[3] in ("active", "proposed")
        )


def test_resolve_id_of_an_unmerged_id_is_empty(cli: Callable[..., Any]) -> None:
    # the analysis fixture merges nothing: no id is another entity's same_as
    assert cli("resolve_id", id="hanbit-cloud") == []


def test_unknown_id_is_an_empty_answer(cli: Callable[..., Any]) -> None:
    assert cli("company", id="no-such-firm") == []
    assert cli("alliance", id="hanbit-cloud") == []


# --------------------------------------------------------------------------- the table


def test_table_shows_korean_names_whole(cli: Callable[..., Any]) -> None:
    text = cli("multi_alliance_firms", as_json=False)
    assert text.startswith("Firms in at least N alliances")
    for name in (
        "한빛클라우드",
        "누리데이터",
        "새봄AI",
        "알파 얼라이언스",
        "베타 얼라이언스",
    ):
        assert name in text
    assert "감마 얼라이언스 (member, active, 2024-02, dates certain, stated)" in text
    assert text.rstrip().endswith("3 rows")


def test_table_of_search_by_korean_alias(cli: Callable[..., Any]) -> None:
    text = cli("search", as_json=False, q="알파연합")
    assert "알파 얼라이언스" in text and "Alpha Alliance" in text
    assert text.rstrip().endswith("1 row")


# --------------------------------------------------------------------------- bad parameters


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["multi_alliance_firms", "--param", "nope=1"], "has no parameter 'nope'"),
        (["multi_alliance_firms", "--param", "min_alliances=abc"], "whole number"),
        (["multi_alliance_firms", "--param", "include_proposed=maybe"], "true or false"),
        (["multi_alliance_firms", "--param", "min_alliances"], "key=value"),
        (["no_such_query"], "no query 'no_such_query'"),
        (["search", "--param", "limit=ten"], "whole number"),
        (["multi_alliance_firms", "--param", "limit=ten"], "whole number"),
        (["competitor_pairs", "--param", "limit=0"], "limit"),
        # what the API refuses with 422, the CLI refuses too
        (["multi_alliance_firms", "--param", "min_alliances=0"], "min_alliances"),
        (["multi_alliance_firms", "--param", "as_of=2024-02-30"], "2024-02-30"),
        (["multi_alliance_firms", "--param", "as_of=2024-13-01"], "2024-13-01"),
        (["multi_alliance_firms", "--param", "as_of=2024-06"], "2024-06"),
        (
            ["members_as_of", "--param", "alliance=alpha-alliance", "--param", "as_of=2024-02-30"],
            "2024-02-30",
        ),
    ],
)
def test_bad_parameter_is_one_line_and_exit_2(
    analysis_graph: None, neo4j_env: dict[str, str], args: list[str], says: str
) -> None:
    result = subprocess.run(
        [*CLI, "query", *args, "--json"], env=neo4j_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error ") and says in lines[0]
    assert result.stdout == ""


def test_neo4j_down_is_one_line_and_exit_3(neo4j_env: dict[str, str]) -> None:
    env = dict(neo4j_env, NEO4J_URI="bolt://127.0.0.1:1", NEO4J_TIMEOUT="2")
    result = subprocess.run(
        [*CLI, "query", "multi_alliance_firms", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bolt://127.0.0.1:1" in lines[0] and "refused" in lines[0]
