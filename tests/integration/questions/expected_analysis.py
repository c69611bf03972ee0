"""The answers to every question about tests/fixtures/analysis, written by hand.

The API tests (test_queries_api.py) and the CLI tests (test_queries_cli.py)
check these same answers, so that both ways of asking agree with what a
person reading the fixture would say. Each answer says why it holds; none is
computed from the graph.

The fixture, in short (see its header comment):

    alpha  (active)    hanbit-cloud 2021 lead, nuri-data 2022-03, haneul-cloud 2023-06-15,
                       saebom-ai Y-1, comeback-soft 2021..2022-03 (ended) and again 2023-06
    beta   (active)    hanbit-cloud undated, nuri-data 2022-03 founder, dasom-apps 2022-03 lead,
                       mirae-apps 2022..2023 (ended)
    gamma  (active)    gaon-si Y-1 lead, saebom-ai 2024-02; the alliance itself covers data
    delta  (active)    mirae-apps 2024-05 lead, sori-voice 2024-05,
                       dasom-apps 2024-05 (ended, leaving date unknown)
    omega  (proposed)  yejeong-tech, gaon-si, saebom-ai (proposed members)

    segments: bitna-chip semiconductors; hanbit-cloud (stated) and haneul-cloud
    cloud-infrastructure; nuri-data and gamma-alliance data; saebom-ai
    foundation-models and ai-platforms; yejeong-tech ai-platforms; dasom-apps and
    mirae-apps applications; comeback-soft and gaon-si si-consulting; nobody security.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from neo4j import Driver

from alliancekg.config import Settings
from alliancekg.ingest.validation import validate_seeds
from alliancekg.neo4j.load import load
from alliancekg.rdf.mapping import to_property_graph
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "analysis"
SOURCE = "analysis-fixture"

ALPHA, BETA, GAMMA, DELTA, OMEGA = (
    "alpha-alliance",
    "beta-alliance",
    "gamma-alliance",
    "delta-alliance",
    "omega-alliance",
)
ALLIANCE_KO = {
    ALPHA: "알파 얼라이언스",
    BETA: "베타 얼라이언스",
    GAMMA: "감마 얼라이언스",
    DELTA: "델타 얼라이언스",
    OMEGA: "오메가 얼라이언스",
}
COMPANY_KO = {
    "hanbit-cloud": "한빛클라우드",
    "haneul-cloud": "하늘클라우드",
    "nuri-data": "누리데이터",
    "saebom-ai": "새봄AI",
    "comeback-soft": "돌아온소프트",
    "dasom-apps": "다솜앱스",
    "mirae-apps": "미래앱스",
    "gaon-si": "가온정보기술",
    "sori-voice": "소리보이스",
    "bitna-chip": "빛나칩",
    "yejeong-tech": "예정테크",
}
SEGMENTS = [
    "semiconductors",
    "cloud-infrastructure",
    "data",
    "foundation-models",
    "ai-platforms",
    "applications",
    "si-consulting",
    "security",
]


def load_analysis(driver: Driver, settings: Settings) -> None:
    """Load the fixture the way the tests load seeds (validated, then one transaction)."""
    graph = validate_seeds([FIXTURE]).graph
    load(driver, settings.neo4j_database, to_property_graph(graph))


# --------------------------------------------------------------------------- memberships
# Membership ids follow m.<member>.<alliance>[.<joined>] (docs/data-format.md).

M_HANBIT_ALPHA = "m.hanbit-cloud.alpha-alliance.2021"
M_HANBIT_BETA = "m.hanbit-cloud.beta-alliance"
M_NURI_ALPHA = "m.nuri-data.alpha-alliance.2022-03"
M_NURI_BETA = "m.nuri-data.beta-alliance.2022-03"
M_HANEUL_ALPHA = "m.haneul-cloud.alpha-alliance.2023-06-15"
M_SAEBOM_ALPHA = "m.saebom-ai.alpha-alliance.y-1"
M_COMEBACK_FIRST = "m.comeback-soft.alpha-alliance.2021"
M_COMEBACK_AGAIN = "m.comeback-soft.alpha-alliance.2023-06"
M_DASOM_BETA = "m.dasom-apps.beta-alliance.2022-03"
M_MIRAE_BETA = "m.mirae-apps.beta-alliance.2022"
M_GAON_GAMMA = "m.gaon-si.gamma-alliance.y-1"
M_SAEBOM_GAMMA = "m.saebom-ai.gamma-alliance.2024-02"
M_MIRAE_DELTA = "m.mirae-apps.delta-alliance.2024-05"
M_SORI_DELTA = "m.sori-voice.delta-alliance.2024-05"
M_DASOM_DELTA = "m.dasom-apps.delta-alliance.2024-05"
M_YEJEONG_OMEGA = "m.yejeong-tech.omega-alliance"
M_GAON_OMEGA = "m.gaon-si.omega-alliance"
M_SAEBOM_OMEGA = "m.saebom-ai.omega-alliance"

C, U = "certain", "uncertain"

# --------------------------------------------------------------------------- multi-alliance
# (min_alliances, include_proposed, as_of) -> the firms, in answer order (most
# alliances first, then id), each as (id, alliance_count, dates_certain,
# {membership: date_certainty}).
MultiFirm = tuple[str, int, bool, dict[str, str]]

MULTI_ALLIANCE: dict[tuple[int, bool, str | None], list[MultiFirm]] = {
    # Now, launched alliances only: alpha∩beta = {hanbit, nuri}; saebom is in alpha
    # and gamma. Without as_of every active membership is certain.
    (2, False, None): [
        ("hanbit-cloud", 2, True, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: C}),
        ("nuri-data", 2, True, {M_NURI_ALPHA: C, M_NURI_BETA: C}),
        ("saebom-ai", 2, True, {M_SAEBOM_ALPHA: C, M_SAEBOM_GAMMA: C}),
    ],
    # Every firm with an active membership of a launched alliance. comeback-soft
    # counts its current (rejoined) membership only; dasom-apps and mirae-apps
    # not their ended ones; yejeong-tech (proposal only) and bitna-chip are out.
    (1, False, None): [
        ("hanbit-cloud", 2, True, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: C}),
        ("nuri-data", 2, True, {M_NURI_ALPHA: C, M_NURI_BETA: C}),
        ("saebom-ai", 2, True, {M_SAEBOM_ALPHA: C, M_SAEBOM_GAMMA: C}),
        ("comeback-soft", 1, True, {M_COMEBACK_AGAIN: C}),
        ("dasom-apps", 1, True, {M_DASOM_BETA: C}),
        ("gaon-si", 1, True, {M_GAON_GAMMA: C}),
        ("haneul-cloud", 1, True, {M_HANEUL_ALPHA: C}),
        ("mirae-apps", 1, True, {M_MIRAE_DELTA: C}),
        ("sori-voice", 1, True, {M_SORI_DELTA: C}),
    ],
    # With the proposed omega-alliance: saebom-ai is in three, gaon-si in two.
    (2, True, None): [
        ("saebom-ai", 3, True, {M_SAEBOM_ALPHA: C, M_SAEBOM_GAMMA: C, M_SAEBOM_OMEGA: C}),
        ("gaon-si", 2, True, {M_GAON_GAMMA: C, M_GAON_OMEGA: C}),
        ("hanbit-cloud", 2, True, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: C}),
        ("nuri-data", 2, True, {M_NURI_ALPHA: C, M_NURI_BETA: C}),
    ],
    (3, True, None): [
        ("saebom-ai", 3, True, {M_SAEBOM_ALPHA: C, M_SAEBOM_GAMMA: C, M_SAEBOM_OMEGA: C}),
    ],
    (3, False, None): [],
    # On 2021-12-31: hanbit joined alpha in 2021 (certain on the year's last day);
    # its beta membership is undated (uncertain). nuri joined both in 2022-03.
    (2, False, "2021-12-31"): [
        ("hanbit-cloud", 2, False, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: U}),
    ],
    # On 2022-03-01: nuri joined both in 2022-03, not certainly by the 1st.
    (2, False, "2022-03-01"): [
        ("hanbit-cloud", 2, False, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: U}),
        ("nuri-data", 2, False, {M_NURI_ALPHA: U, M_NURI_BETA: U}),
    ],
    # On 2022-04-01: comeback-soft left alpha in 2022-03 (gone); mirae-apps joined
    # beta in 2022 (uncertain on April 1st); gaon-si and saebom-ai joined Y-1
    # (relative: uncertain); saebom-ai joins gamma only in 2024-02. `dates_certain`
    # says whether the dates settle that the firm is in min_alliances: hanbit-cloud
    # certainly is in one (alpha), though its second (beta) is uncertain.
    (1, False, "2022-04-01"): [
        ("hanbit-cloud", 2, True, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: U}),
        ("nuri-data", 2, True, {M_NURI_ALPHA: C, M_NURI_BETA: C}),
        ("dasom-apps", 1, True, {M_DASOM_BETA: C}),
        ("gaon-si", 1, False, {M_GAON_GAMMA: U}),
        ("mirae-apps", 1, False, {M_MIRAE_BETA: U}),
        ("saebom-ai", 1, False, {M_SAEBOM_ALPHA: U}),
    ],
    # On 2024-06-30: dasom-apps's ended delta membership has no leaving date
    # (uncertain); mirae-apps left beta in 2023.
    (2, False, "2024-06-30"): [
        ("dasom-apps", 2, False, {M_DASOM_BETA: C, M_DASOM_DELTA: U}),
        ("hanbit-cloud", 2, False, {M_HANBIT_ALPHA: C, M_HANBIT_BETA: U}),
        ("nuri-data", 2, True, {M_NURI_ALPHA: C, M_NURI_BETA: C}),
        ("saebom-ai", 2, False, {M_SAEBOM_ALPHA: U, M_SAEBOM_GAMMA: C}),
    ],
}


def check_multi_alliance(rows: list[dict[str, Any]], expected: list[MultiFirm]) -> None:
    got = [
        (
            r["id"],
            r["alliance_count"],
            r["dates_certain"],
            {m["membership"]: m["date_certainty"] for m in r["memberships"]},
        )
        for r in rows
    ]
    assert got == expected
    for r in rows:
        assert r["name_ko"] == COMPANY_KO[r["id"]]
        assert r["kind"] == "Company"
        for m in r["memberships"]:
            assert m["sources"] == [SOURCE], m
            assert m["alliance_ko"] == ALLIANCE_KO[m["alliance"]]


# --------------------------------------------------------------------------- members as of
# (alliance, as_of) -> {membership: date_certainty}. None means the API's default
# (no as_of: every membership that has not certainly ended).
MEMBERS_AS_OF: dict[tuple[str, str | None], dict[str, str]] = {
    # joined '2021' is uncertain in the middle of 2021; Y-1 always is.
    (ALPHA, "2021-06-15"): {M_HANBIT_ALPHA: U, M_COMEBACK_FIRST: U, M_SAEBOM_ALPHA: U},
    # ... and certain on 2021-12-31.
    (ALPHA, "2021-12-31"): {M_HANBIT_ALPHA: C, M_COMEBACK_FIRST: C, M_SAEBOM_ALPHA: U},
    # left '2022-03': certainly not yet left on March 1st; joined '2022-03' uncertain.
    (ALPHA, "2022-03-01"): {
        M_HANBIT_ALPHA: C,
        M_COMEBACK_FIRST: C,
        M_NURI_ALPHA: U,
        M_SAEBOM_ALPHA: U,
    },
    # left '2022-03': gone by April 1st; joined '2022-03' certain.
    (ALPHA, "2022-04-01"): {M_HANBIT_ALPHA: C, M_NURI_ALPHA: C, M_SAEBOM_ALPHA: U},
    # the day before haneul-cloud joined (2023-06-15); comeback-soft rejoined in 2023-06.
    (ALPHA, "2023-06-14"): {
        M_HANBIT_ALPHA: C,
        M_NURI_ALPHA: C,
        M_COMEBACK_AGAIN: U,
        M_SAEBOM_ALPHA: U,
    },
    # the day haneul-cloud joined counts, for certain.
    (ALPHA, "2023-06-15"): {
        M_HANBIT_ALPHA: C,
        M_NURI_ALPHA: C,
        M_HANEUL_ALPHA: C,
        M_COMEBACK_AGAIN: U,
        M_SAEBOM_ALPHA: U,
    },
    # the last day of 2023-06: the rejoin is certain.
    (ALPHA, "2023-06-30"): {
        M_HANBIT_ALPHA: C,
        M_NURI_ALPHA: C,
        M_HANEUL_ALPHA: C,
        M_COMEBACK_AGAIN: C,
        M_SAEBOM_ALPHA: U,
    },
    (ALPHA, None): {
        M_HANBIT_ALPHA: C,
        M_NURI_ALPHA: C,
        M_HANEUL_ALPHA: C,
        M_COMEBACK_AGAIN: C,
        M_SAEBOM_ALPHA: U,
    },
    # beta: hanbit-cloud's membership is undated; mirae-apps was in 2022..2023.
    (BETA, "2022-12-31"): {M_HANBIT_BETA: U, M_NURI_BETA: C, M_DASOM_BETA: C, M_MIRAE_BETA: C},
    (BETA, "2023-06-15"): {M_HANBIT_BETA: U, M_NURI_BETA: C, M_DASOM_BETA: C, M_MIRAE_BETA: U},
    (BETA, "2024-01-01"): {M_HANBIT_BETA: U, M_NURI_BETA: C, M_DASOM_BETA: C},
    # delta: joined 2024-05, uncertain mid-month, certain on its last day; an
    # ended membership without a leaving date stays uncertain.
    (DELTA, "2024-05-15"): {M_MIRAE_DELTA: U, M_SORI_DELTA: U, M_DASOM_DELTA: U},
    (DELTA, "2024-05-31"): {M_MIRAE_DELTA: C, M_SORI_DELTA: C, M_DASOM_DELTA: U},
    (DELTA, "2020-01-01"): {},
    (GAMMA, None): {M_GAON_GAMMA: U, M_SAEBOM_GAMMA: C},
    # a proposed alliance has no members on any date
    (OMEGA, None): {},
}


def check_members(rows: list[dict[str, Any]], expected: dict[str, str]) -> None:
    assert {r["membership"]: r["date_certainty"] for r in rows} == expected
    assert len(rows) == len(expected)
    for r in rows:
        assert r["sources"] == [SOURCE], r
        assert r["name_ko"] == COMPANY_KO[r["id"]]


# --------------------------------------------------------------------------- overlap
# (a, b) -> size_a, size_b, shared, Jaccard |A∩B|/|A∪B|, overlap |A∩B|/min(|A|,|B|),
# and each shared member's memberships in the two as {(alliance, role, status)}.
# Members: active or proposed memberships (ended ones do not count):
#   alpha 5 {hanbit, nuri, haneul, saebom, comeback}, beta 3 {hanbit, nuri, dasom},
#   gamma 2 {gaon, saebom}, delta 2 {mirae, sori}, omega 3 {yejeong, gaon, saebom}.
Overlap = tuple[int, int, int, Fraction, Fraction, dict[str, set[tuple[str, str, str]]]]

OVERLAP: dict[tuple[str, str], Overlap] = {
    (ALPHA, BETA): (
        5,
        3,
        2,
        Fraction(2, 6),
        Fraction(2, 3),
        {
            "hanbit-cloud": {(ALPHA, "lead", "active"), (BETA, "member", "active")},
            "nuri-data": {(ALPHA, "member", "active"), (BETA, "founder", "active")},
        },
    ),
    (BETA, ALPHA): (
        3,
        5,
        2,
        Fraction(2, 6),
        Fraction(2, 3),
        {
            "hanbit-cloud": {(ALPHA, "lead", "active"), (BETA, "member", "active")},
            "nuri-data": {(ALPHA, "member", "active"), (BETA, "founder", "active")},
        },
    ),
    (ALPHA, GAMMA): (
        5,
        2,
        1,
        Fraction(1, 6),
        Fraction(1, 2),
        {"saebom-ai": {(ALPHA, "member", "active"), (GAMMA, "member", "active")}},
    ),
    (GAMMA, OMEGA): (
        2,
        3,
        2,
        Fraction(2, 3),
        Fraction(2, 2),
        {
            "gaon-si": {(GAMMA, "lead", "active"), (OMEGA, "proposed_member", "proposed")},
            "saebom-ai": {(GAMMA, "member", "active"), (OMEGA, "proposed_member", "proposed")},
        },
    ),
    (ALPHA, OMEGA): (
        5,
        3,
        1,
        Fraction(1, 7),
        Fraction(1, 3),
        {"saebom-ai": {(ALPHA, "member", "active"), (OMEGA, "proposed_member", "proposed")}},
    ),
    # delta shares no member with anyone (mirae-apps's beta membership has ended)
    (ALPHA, DELTA): (5, 2, 0, Fraction(0), Fraction(0), {}),
    (BETA, DELTA): (3, 2, 0, Fraction(0), Fraction(0), {}),
}


def check_overlap(row: dict[str, Any], a: str, b: str) -> None:
    size_a, size_b, shared, jaccard, coefficient, members = OVERLAP[(a, b)]
    assert (row["a"], row["b"], row["a_ko"], row["b_ko"]) == (a, b, ALLIANCE_KO[a], ALLIANCE_KO[b])
    assert (row["size_a"], row["size_b"], row["shared_count"]) == (size_a, size_b, shared)
    assert row["jaccard"] == float(jaccard)
    assert row["overlap_coefficient"] == float(coefficient)
    got = {
        s["id"]: {(m["alliance"], m["role"], m["status"]) for m in s["memberships"]}
        for s in row["shared"]
    }
    assert got == members
    assert len(row["shared"]) == len(members)
    for s in row["shared"]:
        assert s["name_ko"] == COMPANY_KO[s["id"]]
        assert all(m["sources"] == [SOURCE] for m in s["memberships"])


# --------------------------------------------------------------------------- matrix
# Shared members of every ordered pair; the diagonal is each alliance's size.
_SHARED = {
    (ALPHA, ALPHA): 5,
    (ALPHA, BETA): 2,
    (ALPHA, GAMMA): 1,
    (ALPHA, DELTA): 0,
    (ALPHA, OMEGA): 1,
    (BETA, BETA): 3,
    (BETA, GAMMA): 0,
    (BETA, DELTA): 0,
    (BETA, OMEGA): 0,
    (GAMMA, GAMMA): 2,
    (GAMMA, DELTA): 0,
    (GAMMA, OMEGA): 2,
    (DELTA, DELTA): 2,
    (DELTA, OMEGA): 0,
    (OMEGA, OMEGA): 3,
}
MATRIX_WITH_PROPOSED = {**_SHARED, **{(b, a): n for (a, b), n in _SHARED.items()}}
MATRIX_LAUNCHED = {k: n for k, n in MATRIX_WITH_PROPOSED.items() if OMEGA not in k}


def check_matrix_cells(cells: list[dict[str, Any]], expected: dict[tuple[str, str], int]) -> None:
    assert {(c["a"], c["b"]): c["shared"] for c in cells} == expected
    assert len(cells) == len(expected)
    assert all(c["a_ko"] == ALLIANCE_KO[c["a"]] and c["b_ko"] == ALLIANCE_KO[c["b"]] for c in cells)


# --------------------------------------------------------------------------- bridges
# include_proposed -> [(firm, {(a, b) pairs it alone links})], most pairs first.
BRIDGES: dict[bool, list[tuple[str, set[tuple[str, str]]]]] = {
    # alpha∩gamma = {saebom}; alpha∩beta has two members, so it has no bridge.
    False: [("saebom-ai", {(ALPHA, GAMMA)})],
    # alpha∩omega = {saebom} too; gamma∩omega = {gaon, saebom} has two: no bridge.
    True: [("saebom-ai", {(ALPHA, GAMMA), (ALPHA, OMEGA)})],
}


def check_bridges(rows: list[dict[str, Any]], include_proposed: bool) -> None:
    got = [(r["id"], {(p["a"], p["b"]) for p in r["pairs"]}) for r in rows]
    assert got == BRIDGES[include_proposed]
    assert [r["bridged_pairs"] for r in rows] == [len(p) for _, p in BRIDGES[include_proposed]]
    assert all(r["name_ko"] == COMPANY_KO[r["id"]] for r in rows)


# --------------------------------------------------------------------------- competitor pairs
# include_proposed -> [(a, b, {segment: [basis of a's, basis of b's]}, {alliances})]
COMPETITOR_PAIRS: dict[bool, list[tuple[str, str, dict[str, list[str]], set[str]]]] = {
    # hanbit and haneul are both cloud and both in alpha. dasom-apps and mirae-apps
    # are both applications, but mirae-apps's beta membership has ended.
    False: [
        ("hanbit-cloud", "haneul-cloud", {"cloud-infrastructure": ["stated", "curator_judgment"]},
         {ALPHA}),
    ],
    # the proposed omega-alliance names two ai-platforms firms
    True: [
        ("hanbit-cloud", "haneul-cloud", {"cloud-infrastructure": ["stated", "curator_judgment"]},
         {ALPHA}),
        ("saebom-ai", "yejeong-tech", {"ai-platforms": ["curator_judgment", "curator_judgment"]},
         {OMEGA}),
    ],
}  # fmt: skip


def check_competitor_pairs(rows: list[dict[str, Any]], include_proposed: bool) -> None:
    got = [
        (
            r["a"],
            r["b"],
            {s["id"]: s["basis"] for s in r["segments"]},
            {x["id"] for x in r["alliances"]},
        )
        for r in rows
    ]
    assert got == COMPETITOR_PAIRS[include_proposed]
    assert all((r["a_ko"], r["b_ko"]) == (COMPANY_KO[r["a"]], COMPANY_KO[r["b"]]) for r in rows)


# --------------------------------------------------------------------------- gaps
# A member is placed when it has a segment assignment. Every fixture firm is placed
# but sori-voice, so only delta (mirae-apps, sori-voice) has unknown segments.
Gaps = tuple[list[str], list[str], dict[str, set[str]], tuple[int, int], list[str]]
# alliance -> ([absent segments], [unknown segments], {covered segment: {covering ids}},
#              (members placed, members), [unplaced members])
GAPS: dict[str, Gaps] = {
    # five members, all placed: what none covers is absent
    ALPHA: (
        ["semiconductors", "applications", "security"],
        [],
        {
            "cloud-infrastructure": {"hanbit-cloud", "haneul-cloud"},
            "data": {"nuri-data"},
            "foundation-models": {"saebom-ai"},
            "ai-platforms": {"saebom-ai"},
            "si-consulting": {"comeback-soft"},
        },
        (5, 5),
        [],
    ),
    # mirae-apps (applications) has left beta; dasom-apps still covers it.
    BETA: (
        ["semiconductors", "foundation-models", "ai-platforms", "si-consulting", "security"],
        [],
        {
            "cloud-infrastructure": {"hanbit-cloud"},
            "data": {"nuri-data"},
            "applications": {"dasom-apps"},
        },
        (3, 3),
        [],
    ),
    # gamma covers data as an alliance, through no member.
    GAMMA: (
        ["semiconductors", "cloud-infrastructure", "applications", "security"],
        [],
        {
            "data": {GAMMA},
            "foundation-models": {"saebom-ai"},
            "ai-platforms": {"saebom-ai"},
            "si-consulting": {"gaon-si"},
        },
        (2, 2),
        [],
    ),
    # dasom-apps's delta membership has ended; mirae-apps covers applications.
    # sori-voice has no segment: every other segment may be its, so unknown.
    DELTA: (
        [],
        [s for s in SEGMENTS if s != "applications"],
        {"applications": {"mirae-apps"}},
        (1, 2),
        ["sori-voice"],
    ),
    # a proposed alliance is covered by its proposed members
    OMEGA: (
        ["semiconductors", "cloud-infrastructure", "data", "applications", "security"],
        [],
        {
            "foundation-models": {"saebom-ai"},
            "ai-platforms": {"saebom-ai", "yejeong-tech"},
            "si-consulting": {"gaon-si"},
        },
        (3, 3),
        [],
    ),
}


def check_gaps(rows: list[dict[str, Any]], alliance: str) -> None:
    absent, unknown, covered, (placed, total), unplaced = GAPS[alliance]
    assert all(r["alliance"] == alliance for r in rows)
    # absent segments first, then unknown, then covered, each in value-chain order
    assert [r["segment"] for r in rows] == absent + unknown + [s for s in SEGMENTS if s in covered]
    assert [r["segment"] for r in rows if r["coverage"] == "absent"] == absent
    assert [r["segment"] for r in rows if r["coverage"] == "unknown"] == unknown
    assert all(r["covered_by"] == [] for r in rows if r["coverage"] != "covered")
    assert {
        r["segment"]: {c["id"] for c in r["covered_by"]} for r in rows if r["coverage"] == "covered"
    } == covered
    assert {(r["members_placed"], r["members_total"]) for r in rows} == {(placed, total)}
    for r in rows:
        # the unplaced members are listed where they matter: on unknown segments
        want = unplaced if r["coverage"] == "unknown" else []
        assert [u["id"] for u in r["unplaced"]] == want
        assert all(u["name_ko"] == COMPANY_KO[u["id"]] for u in r["unplaced"])
        for c in r["covered_by"]:
            assert c["sources"] == [SOURCE], c
            assert c["basis"] == ("stated" if c["id"] == "hanbit-cloud" else "curator_judgment")


# --------------------------------------------------------------------------- firms without alliance
# bitna-chip is in nothing; yejeong-tech only in the proposed omega-alliance.
WITHOUT_ALLIANCE: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("bitna-chip", []),
    ("yejeong-tech", [(OMEGA, "proposed_member", "proposed")]),
]


def check_without_alliance(rows: list[dict[str, Any]]) -> None:
    got = [
        (r["id"], [(p["alliance"], p["role"], p["status"]) for p in r["proposals"]]) for r in rows
    ]
    assert got == WITHOUT_ALLIANCE
    assert [r["name_ko"] for r in rows] == ["빛나칩", "예정테크"]
    assert all(p["sources"] == [SOURCE] for r in rows for p in r["proposals"])


# --------------------------------------------------------------------------- single-firm segments
# Among firms in a launched alliance: data only nuri-data (gamma's own assignment
# is not a firm), foundation-models and ai-platforms only saebom-ai (yejeong-tech
# is only in a proposal). Semiconductors: only bitna-chip, in no alliance: none.
# Of the nine firms in a launched alliance, sori-voice has no segment: whether a
# second firm covers each of these is unknown.
SINGLE_FIRM: list[tuple[str, str]] = [
    ("data", "nuri-data"),
    ("foundation-models", "saebom-ai"),
    ("ai-platforms", "saebom-ai"),
]


def check_single_firm(rows: list[dict[str, Any]]) -> None:
    assert [(r["segment"], r["firm"]["id"]) for r in rows] == SINGLE_FIRM
    assert all(r["firm"]["sources"] == [SOURCE] for r in rows)
    assert [r["segment_ko"] for r in rows] == ["데이터", "파운데이션 모델", "AI 플랫폼·MLOps"]
    for r in rows:
        assert (r["other_firms"], r["firms_placed"], r["firms_total"]) == ("unknown", 8, 9)
        assert [(u["id"], u["name_ko"]) for u in r["unplaced"]] == [("sori-voice", "소리보이스")]


# --------------------------------------------------------------------------- mega alliance
# Greedy: saebom-ai adds two segments; then one each, firms in a launched
# alliance first, lower id first: comeback-soft (si-consulting; before gaon-si),
# dasom-apps (applications), hanbit-cloud (cloud), nuri-data (data); only then
# bitna-chip, in no alliance, for semiconductors. Nobody placed covers security,
# and sori-voice, one of the eleven companies, has no segment: security is unknown.
MEGA_FIRMS: list[tuple[str, bool, set[str]]] = [
    ("saebom-ai", True, {"foundation-models", "ai-platforms"}),
    ("comeback-soft", True, {"si-consulting"}),
    ("dasom-apps", True, {"applications"}),
    ("hanbit-cloud", True, {"cloud-infrastructure"}),
    ("nuri-data", True, {"data"}),
    ("bitna-chip", False, {"semiconductors"}),
]
# segment -> (coverage, chosen firm, basis of its assignment), in value-chain order
MEGA_SEGMENTS: list[tuple[str, str, str | None, str | None]] = [
    ("semiconductors", "covered", "bitna-chip", "curator_judgment"),
    ("cloud-infrastructure", "covered", "hanbit-cloud", "stated"),
    ("data", "covered", "nuri-data", "curator_judgment"),
    ("foundation-models", "covered", "saebom-ai", "curator_judgment"),
    ("ai-platforms", "covered", "saebom-ai", "curator_judgment"),
    ("applications", "covered", "dasom-apps", "curator_judgment"),
    ("si-consulting", "covered", "comeback-soft", "curator_judgment"),
    ("security", "unknown", None, None),
]


def check_mega(row: dict[str, Any]) -> None:
    assert row["firm_count"] == len(MEGA_FIRMS)
    assert [(f["id"], f["in_alliance"], set(f["adds"])) for f in row["firms"]] == MEGA_FIRMS
    assert [
        (s["id"], s["coverage"], s["firm"], s["basis"]) for s in row["segments"]
    ] == MEGA_SEGMENTS
    assert all(s["sources"] == ([SOURCE] if s["firm"] else None) for s in row["segments"]), row[
        "segments"
    ]
    assert row["segments"][-1]["name_ko"] == "보안"
    assert [u["id"] for u in row["unplaced"]] == ["sori-voice"]
    assert (row["firms_placed"], row["firms_total"]) == (10, 11)
    assert "greedy" in row["method"]


# --------------------------------------------------------------------------- look-ups
# company -> [(alliance, membership, role, status, joined, left)] in alliance order,
# [(segment, basis)], [(person, title_ko, since)], [quote ids]
COMPANIES: dict[str, dict[str, Any]] = {
    "hanbit-cloud": {
        "memberships": [
            (ALPHA, M_HANBIT_ALPHA, "lead", "active", "2021", None),
            (BETA, M_HANBIT_BETA, "member", "active", None, None),
        ],
        "segments": [("cloud-infrastructure", "stated")],
        "people": [("kim-sol", "대표", "2020")],
        "quotes": ["quote-kim-sol-indirect"],
    },
    "comeback-soft": {
        "memberships": [
            (ALPHA, M_COMEBACK_FIRST, "member", "ended", "2021", "2022-03"),
            (ALPHA, M_COMEBACK_AGAIN, "member", "active", "2023-06", None),
        ],
        "segments": [("si-consulting", "curator_judgment")],
        "people": [],
        "quotes": [],
    },
    "dasom-apps": {
        "memberships": [
            (BETA, M_DASOM_BETA, "lead", "active", "2022-03", None),
            (DELTA, M_DASOM_DELTA, "member", "ended", "2024-05", None),
        ],
        "segments": [("applications", "curator_judgment")],
        "people": [],
        "quotes": [],
    },
    "bitna-chip": {
        "memberships": [],
        "segments": [("semiconductors", "curator_judgment")],
        "people": [],
        "quotes": [],
    },
    "saebom-ai": {
        "memberships": [
            (ALPHA, M_SAEBOM_ALPHA, "member", "active", "Y-1", None),
            (GAMMA, M_SAEBOM_GAMMA, "member", "active", "2024-02", None),
            (OMEGA, M_SAEBOM_OMEGA, "proposed_member", "proposed", None, None),
        ],
        "segments": [
            ("foundation-models", "curator_judgment"),
            ("ai-platforms", "curator_judgment"),
        ],
        "people": [],
        "quotes": [],
    },
}


def check_company(row: dict[str, Any], ident: str) -> None:
    want = COMPANIES[ident]
    assert row["organization"]["id"] == ident
    assert row["organization"]["name_ko"] == COMPANY_KO[ident]
    assert row["kind"] == "Company"
    memberships = sorted(
        (m["alliance"], m["membership"], m["role"], m["status"], m["joined"], m["left"])
        for m in row["memberships"]
    )
    assert memberships == sorted(want["memberships"], key=lambda m: (m[0], m[1]))
    assert [m["alliance"] for m in row["memberships"]] == [m[0] for m in want["memberships"]]
    assert all(m["sources"] == [SOURCE] for m in row["memberships"])
    assert [(s["segment"], s["basis"]) for s in row["segments"]] == want["segments"]
    assert all(s["sources"] == [SOURCE] for s in row["segments"])
    assert [(p["person"], p["title_ko"], p["since"]) for p in row["people"]] == want["people"]
    assert all(p["sources"] == [SOURCE] for p in row["people"])
    assert [q["id"] for q in row["quotes"]] == want["quotes"]
    assert all(q["sources"] == [SOURCE] for q in row["quotes"])
    # no fixture organisation is part of another, nor has units
    assert (row["part_of"], row["group"], row["units"]) == (None, None, [])


# alliance -> members {(id, membership, role, status)}, quotes, figures, proposed_by
ALLIANCES: dict[str, dict[str, Any]] = {
    ALPHA: {
        "status": "active",
        "launched": "2021",
        "aliases": ["알파연합"],
        "members": {
            ("hanbit-cloud", M_HANBIT_ALPHA, "lead", "active"),
            ("nuri-data", M_NURI_ALPHA, "member", "active"),
            ("haneul-cloud", M_HANEUL_ALPHA, "member", "active"),
            ("saebom-ai", M_SAEBOM_ALPHA, "member", "active"),
            ("comeback-soft", M_COMEBACK_FIRST, "member", "ended"),
            ("comeback-soft", M_COMEBACK_AGAIN, "member", "active"),
        },
        "quotes": ["quote-kim-sol-direct", "quote-kim-sol-indirect"],
        "figures": ["alpha-alliance-size"],
        "proposed_by": [],
    },
    OMEGA: {
        "status": "proposed",
        "launched": None,
        "aliases": None,
        "members": {
            ("yejeong-tech", M_YEJEONG_OMEGA, "proposed_member", "proposed"),
            ("gaon-si", M_GAON_OMEGA, "proposed_member", "proposed"),
            ("saebom-ai", M_SAEBOM_OMEGA, "proposed_member", "proposed"),
        },
        "quotes": ["quote-park-ha-omega"],
        "figures": [],
        "proposed_by": ["park-ha"],
    },
    GAMMA: {
        "status": "active",
        "launched": "Y-1",
        "aliases": None,
        "members": {
            ("gaon-si", M_GAON_GAMMA, "lead", "active"),
            ("saebom-ai", M_SAEBOM_GAMMA, "member", "active"),
        },
        "quotes": [],
        "figures": [],
        "proposed_by": [],
    },
}


def check_alliance(row: dict[str, Any], ident: str) -> None:
    want = ALLIANCES[ident]
    a = row["alliance"]
    assert (a["id"], a["name_ko"], a["status"]) == (ident, ALLIANCE_KO[ident], want["status"])
    assert a.get("launched") == want["launched"]
    assert a.get("aliases") == want["aliases"]
    members = {(m["id"], m["membership"], m["role"], m["status"]) for m in row["members"]}
    assert members == want["members"]
    assert len(row["members"]) == len(want["members"])
    assert all(m["sources"] == [SOURCE] for m in row["members"])
    # members are listed by role, then id
    assert [(m["role"], m["id"]) for m in row["members"]] == sorted(
        (m["role"], m["id"]) for m in row["members"]
    )
    assert [q["id"] for q in row["quotes"]] == want["quotes"]
    assert all(q["sources"] == [SOURCE] for q in row["quotes"])
    assert [f["id"] for f in row["figures"]] == want["figures"]
    assert [p["id"] for p in row["proposed_by"]] == want["proposed_by"]


def check_person_kim_sol(row: dict[str, Any]) -> None:
    assert row["person"]["id"] == "kim-sol"
    assert (row["person"]["name_ko"], row["person"]["name_en"]) == ("김솔", "Kim Sol")
    assert [
        (p["post"], p["organization"], p["title_ko"], p["title_en"], p["since"], p["sources"])
        for p in row["posts"]
    ] == [("post-kim-sol-hanbit-cloud", "hanbit-cloud", "대표", "CEO", "2020", [SOURCE])]
    quotes = {q["id"]: q for q in row["quotes"]}
    assert list(quotes) == ["quote-kim-sol-direct", "quote-kim-sol-indirect"]
    direct, indirect = quotes["quote-kim-sol-direct"], quotes["quote-kim-sol-indirect"]
    assert (direct["direct"], direct["text_ko"], direct["said_on"]) == (
        True,
        "함께 가야 멀리 간다",
        "2023-06-15",
    )
    assert {t["id"] for t in direct["about"]} == {ALPHA}
    assert indirect["direct"] is False
    assert {t["id"] for t in indirect["about"]} == {ALPHA, "hanbit-cloud"}
    assert all(q["sources"] == [SOURCE] for q in row["quotes"])


# --------------------------------------------------------------------------- quotes
# (person, about) -> quote ids in id order
QUOTES: dict[tuple[str | None, str | None], list[str]] = {
    (None, ALPHA): ["quote-kim-sol-direct", "quote-kim-sol-indirect"],
    ("kim-sol", None): ["quote-kim-sol-direct", "quote-kim-sol-indirect"],
    ("park-ha", None): ["quote-park-ha-omega"],
    ("kim-sol", "hanbit-cloud"): ["quote-kim-sol-indirect"],
    ("park-ha", ALPHA): [],
    (None, OMEGA): ["quote-park-ha-omega"],
    (None, BETA): [],
    (None, None): ["quote-kim-sol-direct", "quote-kim-sol-indirect", "quote-park-ha-omega"],
}


def check_quotes(rows: list[dict[str, Any]], person: str | None, about: str | None) -> None:
    assert [q["id"] for q in rows] == QUOTES[(person, about)]
    for q in rows:
        assert [s["id"] for s in q["sources"]] == [SOURCE], q
        assert (
            q["sources"][0]["title_ko"]
            == "분석 시험용 자료: 겹침과 공백을 미리 아는 가상의 얼라이언스"
        )
        if person is not None:
            assert q["speaker"]["id"] == person
        if about is not None:
            assert about in {t["id"] for t in q["about"]}
        if q["speaker"]["id"] == "kim-sol":
            assert q["speaker_post"]["organization"] == "hanbit-cloud"
            assert q["speaker_post"]["title_en"] == "CEO"
        else:
            assert q["speaker_post"] is None


QUOTE_DIRECT = {
    "id": "quote-kim-sol-direct",
    "text_ko": "함께 가야 멀리 간다",
    "translation_en": "To go far, we must go together.",
    "direct": True,
    "said_at_ko": "알파 포럼",
    "said_on": "2023-06-15",
}
QUOTE_INDIRECT = {
    "id": "quote-kim-sol-indirect",
    "text_ko": "알파 얼라이언스를 통해 한빛클라우드의 데이터 협력을 넓힐 필요성을 강조했다",
    "translation_en": None,
    "direct": False,
    "said_at_ko": None,
    "said_on": None,
}

# --------------------------------------------------------------------------- search
# query -> the set of ids it finds (the order is by relevance, not part of the answer)
SEARCH: dict[str, set[str]] = {
    "한빛": {"hanbit-cloud"},  # Korean alias (and part of the Korean name)
    "HBC": {"hanbit-cloud"},  # English alias
    "hbc": {"hanbit-cloud"},  # case does not matter
    "알파연합": {ALPHA},  # Korean alias of an alliance
    "Cloud": {"hanbit-cloud", "haneul-cloud", "cloud-infrastructure"},  # English names
    # part of Korean names: 한빛클라우드, 하늘클라우드, and the segment 클라우드·인프라
    "클라우드": {"hanbit-cloud", "haneul-cloud", "cloud-infrastructure"},
    "반도체": {"semiconductors"},  # the segment AI 반도체·컴퓨팅
    "얼라이언스": {ALPHA, BETA, GAMMA, DELTA, OMEGA},
    "새봄": {"saebom-ai"},  # part of 새봄AI, Hangul glued to Latin letters
    "김솔": {"kim-sol"},
    "Kim Sol": {"kim-sol"},
    "빛나칩": {"bitna-chip"},
    "nothing-like-this": set(),
    # the text is words to look for, never full-text query syntax
    "Cloud)": {"hanbit-cloud", "haneul-cloud", "cloud-infrastructure"},
    "HBC AND": {"hanbit-cloud"},
}
SEARCH_KIND = {
    "hanbit-cloud": "Company",
    "haneul-cloud": "Company",
    "cloud-infrastructure": "Segment",
    "kim-sol": "Person",
    "bitna-chip": "Company",
    "saebom-ai": "Company",
    "semiconductors": "Segment",
    **dict.fromkeys(ALLIANCE_KO, "Alliance"),
}


def check_search(rows: list[dict[str, Any]], q: str) -> None:
    assert {r["id"] for r in rows} == SEARCH[q]
    assert len(rows) == len(SEARCH[q])
    for r in rows:
        assert r["kind"] == SEARCH_KIND[r["id"]]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


# --------------------------------------------------------------------------- neighbourhood
# entity -> {(type, source, target)}: its own links, then every membership of what they
# reach (segments are not followed).
Edge = tuple[str, str, str]
_ALPHA_MEMBERS: set[Edge] = {
    ("MEMBER_OF", f, ALPHA)
    for f in ("hanbit-cloud", "nuri-data", "haneul-cloud", "saebom-ai", "comeback-soft")
}
NEIGHBOURHOOD: dict[str, tuple[set[Edge], int]] = {
    # hanbit-cloud: its post, its segment, its two alliances and all their memberships
    # (comeback-soft's two alpha memberships are two rows)
    "hanbit-cloud": (
        {
            ("HOLDS_POST", "kim-sol", "hanbit-cloud"),
            ("IN_SEGMENT", "hanbit-cloud", "cloud-infrastructure"),
            *_ALPHA_MEMBERS,
            *{("MEMBER_OF", f, BETA) for f in ("hanbit-cloud", "nuri-data", "dasom-apps")},
            ("MEMBER_OF", "mirae-apps", BETA),
        },
        12,
    ),
    # omega: its three proposed members and its proposer, then those members' other
    # alliances (gaon-si in gamma; saebom-ai in alpha and gamma)
    OMEGA: (
        {
            *{("MEMBER_OF", f, OMEGA) for f in ("yejeong-tech", "gaon-si", "saebom-ai")},
            ("PROPOSED_BY", OMEGA, "park-ha"),
            ("MEMBER_OF", "gaon-si", GAMMA),
            ("MEMBER_OF", "saebom-ai", ALPHA),
            ("MEMBER_OF", "saebom-ai", GAMMA),
        },
        7,
    ),
    # a person: the organisation of the post, and that organisation's memberships
    "kim-sol": (
        {
            ("HOLDS_POST", "kim-sol", "hanbit-cloud"),
            ("MEMBER_OF", "hanbit-cloud", ALPHA),
            ("MEMBER_OF", "hanbit-cloud", BETA),
        },
        3,
    ),
}
KIND = {**SEARCH_KIND, "kim-sol": "Person", "park-ha": "Person", "gaon-si": "Company"}


def check_neighbourhood(rows: list[dict[str, Any]], ident: str) -> None:
    edges, count = NEIGHBOURHOOD[ident]
    assert {(r["type"], r["source"], r["target"]) for r in rows} == edges
    assert len(rows) == count
    assert [(r["type"], r["source"], r["target"]) for r in rows] == sorted(
        (r["type"], r["source"], r["target"]) for r in rows
    )
    for r in rows:
        for end in ("source", "target"):
            name = {**COMPANY_KO, **ALLIANCE_KO}.get(r[end])
            if name is not None:
                assert r[f"{end}_ko"] == name
        if r["type"] == "MEMBER_OF":
            assert r["id"].startswith("m.") and r["role"] and r["status"]
            assert r["target_kind"] == "Alliance"
        else:
            assert r["role"] is None


# --------------------------------------------------------------------------- sources
SOURCES = [
    {
        "id": SOURCE,
        "kind": "CurationNote",
        "title_ko": "분석 시험용 자료: 겹침과 공백을 미리 아는 가상의 얼라이언스",
        "title_en": "Analysis fixture: invented alliances with known overlaps and gaps",
        "url": None,
        "published": None,
        "language": "ko",
        "publisher": None,
    }
]
