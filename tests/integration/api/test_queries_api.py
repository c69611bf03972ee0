"""Every question of the API, over real HTTP, answered by a real Neo4j holding
tests/fixtures/analysis, checked against the answers in expected_analysis.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings

if "tests.integration.questions.expected_analysis" not in sys.modules:
    # its checks are plain asserts: show what differs when one fails
    pytest.register_assert_rewrite("tests.integration.questions.expected_analysis")
from tests.integration.questions import expected_analysis as ex


def get_json(api: httpx.Client, path: str, **params: Any) -> Any:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def follow(api: httpx.Client, url: str) -> Iterator[tuple[Any, bool]]:
    """Each page from ``url`` on, following ``Link: rel="next"``, and whether it links
    to a next one."""
    following: str | None = url
    while following is not None:
        r = api.get(following)
        assert r.status_code == 200, r.text
        following = r.links["next"]["url"] if "next" in r.links else None
        yield r.json(), following is not None


# --------------------------------------------------------------------------- overlap


@pytest.mark.parametrize(
    ("min_alliances", "include_proposed", "as_of"),
    list(ex.MULTI_ALLIANCE),
    ids=[f"min{m}-proposed{p}-{d}" for m, p, d in ex.MULTI_ALLIANCE],
)
def test_multi_alliance_firms(
    api: httpx.Client, min_alliances: int, include_proposed: bool, as_of: str | None
) -> None:
    params: dict[str, Any] = {
        "min_alliances": min_alliances,
        "include_proposed": str(include_proposed).lower(),
    }
    if as_of is not None:
        params["as_of"] = as_of
    rows = get_json(api, "/companies/multi-alliance", **params)
    ex.check_multi_alliance(rows, ex.MULTI_ALLIANCE[(min_alliances, include_proposed, as_of)])


def test_multi_alliance_default_is_two_launched_alliances_now(api: httpx.Client) -> None:
    rows = get_json(api, "/companies/multi-alliance")
    ex.check_multi_alliance(rows, ex.MULTI_ALLIANCE[(2, False, None)])


def test_multi_alliance_pages_follow_the_next_links_to_the_whole_answer(
    api: httpx.Client,
) -> None:
    whole = get_json(api, "/companies/multi-alliance", min_alliances=1, limit=1000)
    assert len(whole) > 3
    assert [r["alliance_count"] for r in whole] == sorted(
        (r["alliance_count"] for r in whole), reverse=True
    )
    pages: list[Any] = []
    for page, linked in follow(api, "/companies/multi-alliance?min_alliances=1&limit=3"):
        pages.append(page)
        # a full page links to the next one; a short (or empty) page is the last
        assert linked == (len(page) == 3), len(page)
    assert [row for page in pages for row in page] == whole
    assert [len(p) for p in pages[:-1]] == [3] * (len(pages) - 1)
    assert get_json(api, "/companies/multi-alliance", min_alliances=1, offset=len(whole)) == []


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "1001"}, {"limit": "x"}, {"offset": "-1"}, {"offset": "1.5"}],
)
def test_multi_alliance_refuses_bad_pages(api: httpx.Client, params: dict[str, str]) -> None:
    r = api.get("/companies/multi-alliance", params=params)
    assert r.status_code == 422, r.text
    assert next(iter(params)) in r.text


def test_multi_alliance_memberships_carry_role_dates_and_basis(api: httpx.Client) -> None:
    rows = get_json(api, "/companies/multi-alliance", as_of="2022-03-01")
    hanbit = next(r for r in rows if r["id"] == "hanbit-cloud")
    by_alliance = {m["alliance"]: m for m in hanbit["memberships"]}
    assert by_alliance[ex.ALPHA]["role"] == "lead"
    assert by_alliance[ex.ALPHA]["joined"] == "2021"
    assert by_alliance[ex.BETA]["joined"] is None
    assert {m["basis"] for m in hanbit["memberships"]} == {"stated"}


@pytest.mark.parametrize(("a", "b"), list(ex.OVERLAP))
def test_alliance_overlap(api: httpx.Client, a: str, b: str) -> None:
    ex.check_overlap(get_json(api, f"/alliances/{a}/overlap/{b}"), a, b)


def test_overlap_pages_follow_the_next_links_to_every_shared_member(api: httpx.Client) -> None:
    whole = get_json(api, f"/alliances/{ex.ALPHA}/overlap/{ex.ALPHA}")
    ids = [s["id"] for s in whole["shared"]]
    assert len(ids) == whole["shared_count"] == 5 and ids == sorted(ids)
    shared: list[Any] = []
    for body, linked in follow(api, f"/alliances/{ex.ALPHA}/overlap/{ex.ALPHA}?limit=2"):
        # every page counts every member; only the list is paged
        assert {k: v for k, v in body.items() if k != "shared"} == {
            k: v for k, v in whole.items() if k != "shared"
        }
        shared.extend(body["shared"])
        assert linked == (len(shared) < 5), len(shared)
    assert shared == whole["shared"]
    past = get_json(api, f"/alliances/{ex.ALPHA}/overlap/{ex.BETA}", offset=2)
    assert past["shared_count"] == 2 and past["shared"] == []


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "1001"}, {"offset": "-1"}])
def test_overlap_refuses_bad_pages(api: httpx.Client, params: dict[str, str]) -> None:
    r = api.get(f"/alliances/{ex.ALPHA}/overlap/{ex.BETA}", params=params)
    assert r.status_code == 422, r.text
    assert next(iter(params)) in r.text


def test_matrix_counts_proposed_alliances_by_default(api: httpx.Client) -> None:
    body = get_json(api, "/alliances/matrix")
    assert [a["id"] for a in body["alliances"]] == sorted(ex.ALLIANCE_KO)
    assert [a["name_ko"] for a in body["alliances"]] == [
        ex.ALLIANCE_KO[a] for a in sorted(ex.ALLIANCE_KO)
    ]
    ex.check_matrix_cells(body["cells"], ex.MATRIX_WITH_PROPOSED)


def test_matrix_of_launched_alliances(api: httpx.Client) -> None:
    body = get_json(api, "/alliances/matrix", include_proposed="false")
    assert [a["id"] for a in body["alliances"]] == [ex.ALPHA, ex.BETA, ex.DELTA, ex.GAMMA]
    ex.check_matrix_cells(body["cells"], ex.MATRIX_LAUNCHED)


@pytest.mark.parametrize("include_proposed", [False, True])
def test_bridge_firms(api: httpx.Client, include_proposed: bool) -> None:
    rows = get_json(api, "/companies/bridges", include_proposed=str(include_proposed).lower())
    ex.check_bridges(rows, include_proposed)


@pytest.mark.parametrize("include_proposed", [False, True])
def test_competitor_pairs(api: httpx.Client, include_proposed: bool) -> None:
    rows = get_json(
        api, "/companies/competitor-pairs", include_proposed=str(include_proposed).lower()
    )
    ex.check_competitor_pairs(rows, include_proposed)


def test_competitor_pairs_pages_follow_the_next_links_to_every_pair(api: httpx.Client) -> None:
    whole = get_json(api, "/companies/competitor-pairs", include_proposed="true")
    assert len(whole) > 1
    assert [(r["a"], r["b"]) for r in whole] == sorted((r["a"], r["b"]) for r in whole)
    pairs: list[Any] = []
    for page, linked in follow(api, "/companies/competitor-pairs?include_proposed=true&limit=1"):
        assert linked == (len(page) == 1), len(page)
        pairs.extend(page)
    assert pairs == whole
    r = api.get("/companies/competitor-pairs", params={"limit": "1001"})
    assert r.status_code == 422 and "limit" in r.text


# --------------------------------------------------------------------------- gaps


@pytest.mark.parametrize("alliance", list(ex.GAPS))
def test_alliance_segment_gaps(api: httpx.Client, alliance: str) -> None:
    ex.check_gaps(get_json(api, f"/alliances/{alliance}/gaps"), alliance)


def test_firms_without_alliance(api: httpx.Client) -> None:
    ex.check_without_alliance(get_json(api, "/companies/without-alliance"))


def test_single_firm_segments(api: httpx.Client) -> None:
    ex.check_single_firm(get_json(api, "/segments/single-firm"))


def test_mega_alliance(api: httpx.Client) -> None:
    ex.check_mega(get_json(api, "/segments/mega-alliance"))


# --------------------------------------------------------------------------- as of a date


@pytest.mark.parametrize(
    ("alliance", "as_of"), list(ex.MEMBERS_AS_OF), ids=[f"{a}-{d}" for a, d in ex.MEMBERS_AS_OF]
)
def test_members_as_of(api: httpx.Client, alliance: str, as_of: str | None) -> None:
    params = {} if as_of is None else {"as_of": as_of}
    rows = get_json(api, f"/alliances/{alliance}/members", **params)
    ex.check_members(rows, ex.MEMBERS_AS_OF[(alliance, as_of)])


def test_rejoined_firm_is_one_member_with_the_right_membership_each_time(
    api: httpx.Client,
) -> None:
    def comeback(as_of: str) -> list[tuple[str, str, str | None, str]]:
        rows = get_json(api, f"/alliances/{ex.ALPHA}/members", as_of=as_of)
        return [
            (r["membership"], r["joined"], r["left"], r["status"])
            for r in rows
            if r["id"] == "comeback-soft"
        ]

    assert comeback("2021-12-31") == [(ex.M_COMEBACK_FIRST, "2021", "2022-03", "ended")]
    assert comeback("2022-12-31") == []
    assert comeback("2024-01-01") == [(ex.M_COMEBACK_AGAIN, "2023-06", None, "active")]


# --------------------------------------------------------------------------- look-ups


@pytest.mark.parametrize("ident", list(ex.COMPANIES))
def test_company(api: httpx.Client, ident: str) -> None:
    ex.check_company(get_json(api, f"/companies/{ident}"), ident)


def test_company_shows_its_people_and_quotes_about_it(api: httpx.Client) -> None:
    body = get_json(api, "/companies/hanbit-cloud")
    assert body["people"][0]["name_ko"] == "김솔"
    assert body["people"][0]["title_en"] == "CEO"
    assert body["quotes"][0]["speaker"] == "kim-sol"
    assert body["organization"]["aliases"] == ["HBC", "한빛"]
    assert body["part_of"] is None
    assert body["memberships"][0]["evidence_ko"] is None  # the fixture keeps no sentences


@pytest.mark.parametrize("ident", list(ex.NEIGHBOURHOOD))
def test_neighbourhood(api: httpx.Client, ident: str) -> None:
    ex.check_neighbourhood(get_json(api, f"/entities/{ident}/neighbourhood"), ident)


def test_neighbourhood_of_an_unknown_id_is_404(api: httpx.Client) -> None:
    response = api.get("/entities/no-such-firm/neighbourhood")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_sources(api: httpx.Client) -> None:
    assert get_json(api, "/sources") == ex.SOURCES


@pytest.mark.parametrize("ident", list(ex.ALLIANCES))
def test_alliance(api: httpx.Client, ident: str) -> None:
    ex.check_alliance(get_json(api, f"/alliances/{ident}"), ident)


def test_alliance_figures_keep_their_value_and_unit(api: httpx.Client) -> None:
    figure = get_json(api, f"/alliances/{ex.ALPHA}")["figures"][0]
    assert (figure["unit"], figure["qualifier"], figure["sources"]) == (
        "companies",
        "exact",
        [ex.SOURCE],
    )
    assert float(figure["value"]) == 5


def test_person(api: httpx.Client) -> None:
    ex.check_person_kim_sol(get_json(api, "/persons/kim-sol"))


def test_person_without_post(api: httpx.Client) -> None:
    body = get_json(api, "/persons/park-ha")
    assert body["posts"] == []
    assert [q["id"] for q in body["quotes"]] == ["quote-park-ha-omega"]
    assert [t["id"] for t in body["quotes"][0]["about"]] == [ex.OMEGA]


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize(("person", "about"), list(ex.QUOTES))
def test_quotes(api: httpx.Client, person: str | None, about: str | None) -> None:
    params = {k: v for k, v in (("person", person), ("about", about)) if v is not None}
    ex.check_quotes(get_json(api, "/quotes", **params), person, about)


def test_quotes_direct_and_indirect_as_said(api: httpx.Client) -> None:
    rows = {q["id"]: q for q in get_json(api, "/quotes", person="kim-sol")}
    for want in (ex.QUOTE_DIRECT, ex.QUOTE_INDIRECT):
        got = rows[str(want["id"])]
        assert {k: got[k] for k in want} == want
    assert rows["quote-kim-sol-direct"]["speaker"] == {
        "id": "kim-sol",
        "name_ko": "김솔",
        "name_en": "Kim Sol",
    }


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("q", list(ex.SEARCH))
def test_search(api: httpx.Client, q: str) -> None:
    ex.check_search(get_json(api, "/search", q=q), q)


def test_search_alias_hit_names_the_entity_in_both_languages(api: httpx.Client) -> None:
    [hit] = get_json(api, "/search", q="HBC")
    assert (hit["id"], hit["name_ko"], hit["name_en"]) == (
        "hanbit-cloud",
        "한빛클라우드",
        "Hanbit Cloud",
    )
    assert hit["aliases"] == ["HBC", "한빛"]


def test_search_limit(api: httpx.Client) -> None:
    rows = get_json(api, "/search", q="얼라이언스", limit=2)
    assert len(rows) == 2
    assert {r["id"] for r in rows} <= ex.SEARCH["얼라이언스"]


def test_search_text_is_never_query_syntax(api: httpx.Client) -> None:
    # Lucene operators and wildcards are searched for as text: no error, no match-all
    for q, want in [
        ("*", set()),
        ("NOT Cloud", {"hanbit-cloud", "haneul-cloud", "cloud-infrastructure"}),
        ('HBC"', {"hanbit-cloud"}),
        ("hbc~", {"hanbit-cloud"}),
        ("a:b [c TO d] {e} ^f \\ / && || ! ?", set()),
    ]:
        assert {r["id"] for r in get_json(api, "/search", q=q)} == want, q


# --------------------------------------------------------------------------- health


def test_health(api: httpx.Client, neo4j_settings: Settings) -> None:
    body = get_json(api, "/health")
    assert body["status"] == "ok"
    assert body["backend"] == "neo4j"
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["uri"] == neo4j_settings.neo4j_uri
    assert body["neo4j"]["version"].startswith("5.")
    assert body["neo4j"]["database"] == neo4j_settings.neo4j_database
    # the API's read (async, the address from the answer's summary) and the sync path
    # `alliancekg doctor` takes (the driver's server info) say the same
    backend = Neo4jBackend(neo4j_settings)
    try:
        assert backend.health()["neo4j"] == body["neo4j"]
    finally:
        backend.close()
    port = (neo4j_settings.neo4j_uri or "").rsplit(":", 1)[1]
    assert body["neo4j"]["address"].endswith(f":{port}")
