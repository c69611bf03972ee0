"""What the explorer's pages make of the answers: the order of dates at any precision,
an alliance's growth, the graph's rings, and the words of both languages."""

from __future__ import annotations

from typing import Any

from alliancekg.views.explorer import pages
from alliancekg.views.explorer.i18n import VALUES, WORDS, Words


def member(ident: str, joined: str | None, left: str | None = None) -> dict[str, Any]:
    return {"id": ident, "name_ko": ident, "joined": joined, "left": left}


def test_dates_sort_absolute_then_relative_then_unknown() -> None:
    dates = [None, "Y0-06", "2024", "Y-1", "2023-06-15", "Y0", "2024-02"]
    assert sorted(dates, key=pages.date_key) == [
        "2023-06-15",
        "2024",
        "2024-02",
        "Y-1",
        "Y0",
        "Y0-06",
        None,
    ]


def test_the_timeline_counts_members_after_each_date_and_ends_with_the_undated() -> None:
    steps = pages.timeline(
        [
            member("c", None),
            member("a", "2021"),
            member("b", "2022-03", left="2023"),
            member("d", "2021"),
        ]
    )
    assert [(s.date, [m["id"] for m in s.joined], [m["id"] for m in s.left], s.members)
            for s in steps] == [
        ("2021", ["a", "d"], [], 2),
        ("2022-03", ["b"], [], 3),
        ("2023", [], ["b"], 2),
        (None, ["c"], [], 3),
    ]  # fmt: skip


def edge(kind: str, source: str, target: str, target_kind: str = "Alliance") -> dict[str, Any]:
    return {
        "id": f"m.{source}.{target}",
        "type": kind,
        "source": source,
        "source_kind": "Company",
        "source_ko": source,
        "source_en": None,
        "target": target,
        "target_kind": target_kind,
        "target_ko": target,
        "target_en": target.upper(),
        "role": "member",
        "status": "active",
    }


def test_graph_rings_put_the_entity_inside_its_links_then_theirs() -> None:
    elements = pages.graph_elements(
        "firm",
        [edge("MEMBER_OF", "firm", "alliance"), edge("MEMBER_OF", "other", "alliance")],
        "en",
    )
    nodes = {n["data"]["id"]: n["data"] for n in elements["nodes"]}
    assert {k: v["ring"] for k, v in nodes.items()} == {"firm": 0, "alliance": 1, "other": 2}
    assert nodes["alliance"]["label"] == "ALLIANCE"  # the English name on an English page
    assert nodes["alliance"]["url"] == "/explore/alliances/alliance"
    assert nodes["other"]["url"] == "/explore/organizations/other"
    assert len(elements["edges"]) == 2


def test_a_name_is_shown_in_the_page_language_with_the_other_beside_it() -> None:
    ko, en = Words("ko"), Words("en")
    assert (ko.name("SK텔레콤", "SK Telecom").main, ko.name("SK텔레콤", "SK Telecom").other) == (
        "SK텔레콤",
        "SK Telecom",
    )
    assert en.name("SK텔레콤", "SK Telecom").main == "SK Telecom"
    # a name the graph lacks in English falls back to the Korean one, alone
    fallback = en.name("누리어시스템", None, "nuri-system")
    assert (fallback.main, fallback.main_lang, fallback.other) == ("누리어시스템", "ko", None)
    assert en.name(None, None, "x-id").main == "x-id"


def test_every_word_has_both_languages() -> None:
    for key, (korean, english) in {**WORDS, **VALUES}.items():
        assert korean.strip() and english.strip(), key
    assert Words("en").t("placed", k=3, n=6) == "3 of 6 members placed (with segment data)"
