"""The SPARQL forms: one per named question, with the Cypher form's parameters."""

from __future__ import annotations

import re

import pytest

from alliancekg.exc import UsageError
from alliancekg.questions.catalogue import named_query, query_names
from alliancekg.questions.search_text import search_regex
from alliancekg.questions.sparql import Terms, defaults, parse_form, sparql_form
from alliancekg.questions.steps import greedy_cover


@pytest.mark.parametrize("name", query_names())
def test_each_question_has_a_sparql_form_with_the_same_defaults(name: str) -> None:
    form = sparql_form(name)  # parses, projects every variable its answer reads
    assert defaults(form) == named_query(name).defaults


def test_given_values_replace_every_copy_of_the_parameter_block() -> None:
    form = sparql_form("multi_alliance_firms")
    assert form.text.count(form.block) == 2
    terms = Terms()
    text = form.with_values(
        {
            "min_alliances": terms.param("min_alliances", 3),
            "include_proposed": terms.param("include_proposed", True),
            "as_of": terms.param("as_of", 'x") } ; DROP ALL ; {("'),
            "limit": terms.param("limit", None),
            "offset": terms.param("offset", 0),
        }
    )
    assert form.block not in text
    # a value is an escaped RDF literal, never SPARQL syntax
    assert '"x\\") } ; DROP ALL ; {(\\""' in text
    assert text.count("VALUES (?min_alliances ?include_proposed ?as_of ?limit ?offset)") == 2


def test_inline_parameters_become_constants_outside_the_block() -> None:
    form = sparql_form("search")
    assert form.inline == ("q",)
    terms = Terms()
    text = form.with_values({"q": terms.param("q", "a\\b"), "limit": terms.param("limit", 5)})
    assert 'REGEX(?label, "a\\\\b", "i")' in text
    five = '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert f'VALUES (?q ?limit) {{ ("a\\\\b" {five}) }}' in text
    assert "?q is a regular expression" in text  # comments stay as written


def test_ids_become_iris_and_nulls_undef() -> None:
    form = sparql_form("quotes")
    terms = Terms("https://example.org/")
    text = form.with_values(
        {"person": terms.param("person", None), "about": terms.param("about", "k-ai")}
    )
    assert "VALUES (?person ?about) { (UNDEF <https://example.org/k-ai>) }" in text


def test_a_form_must_project_what_its_answer_reads() -> None:
    with pytest.raises(UsageError, match="the answer reads b, which the SELECT does not"):
        parse_form("x", "#:answer a b\nSELECT ?a WHERE { ?a ?p ?o }")


def test_a_form_must_parse() -> None:
    with pytest.raises(UsageError, match="not valid SPARQL"):
        parse_form("x", "#:answer a\nSELECT ?a WHERE { ?a ?p }")


def test_inline_must_name_a_parameter() -> None:
    with pytest.raises(UsageError, match="#:inline names no parameter x"):
        parse_form("x", "#:answer a\n#:inline x\nSELECT ?a WHERE { ?a ?p ?o }")


def test_unknown_then_step_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown #:then step"):
        parse_form("x", "#:answer a\n#:then magic\nSELECT ?a WHERE { ?a ?p ?o }")


_PAGED = """#:answer a shared[id=s]
#:limit limit shared
#:offset offset shared
SELECT ?a ?s WHERE { VALUES (?limit ?offset) { (UNDEF 0) } ?a ?p ?s }
"""


def test_a_page_of_a_list_field_keeps_every_record() -> None:
    form = parse_form("x", _PAGED)
    answer = [{"a": "x", "shared": [{"id": i} for i in "pqrs"]}, {"a": "y", "shared": []}]
    assert form.page(answer, {"limit": 2, "offset": 1}) == [
        {"a": "x", "shared": [{"id": "q"}, {"id": "r"}]},
        {"a": "y", "shared": []},
    ]
    assert form.page(answer, {"limit": None, "offset": 3})[0]["shared"] == [{"id": "s"}]
    assert form.page(answer, {"limit": None, "offset": 0}) == answer


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("#:limit limit shared\n#:offset offset\n", "page different fields"),
        ("#:limit limit a\n", "pages 'a', which is no list field"),
        ("#:limit size\n", "#:limit names no parameter 'size'"),
    ],
)
def test_page_lines_must_name_a_parameter_and_one_list_field(lines: str, message: str) -> None:
    text = _PAGED.replace("#:limit limit shared\n#:offset offset shared\n", lines)
    with pytest.raises(UsageError, match=message):
        parse_form("x", text)


@pytest.mark.parametrize(
    ("text", "matches", "misses"),
    [
        ("SKT", ["SKT", "skt", "SK텔레콤 SKT", "(SKT)"], ["SKTelecom", "ASKT"]),
        ("텔레콤", ["SK텔레콤", "KT 텔레콤", "텔레비전"], ["텔", "SK"]),
        ("SK텔레콤", ["SK", "텔레콤"], ["SKT"]),
        ("삼", ["삼 전자", "삼"], ["삼성"]),
        ("the", [], ["the", "The Alliance"]),
        ("x-y*z", ["x", "y", "z w"], ["xyz"]),
    ],
)
def test_search_regex_matches_like_the_cjk_index(
    text: str, matches: list[str], misses: list[str]
) -> None:
    pattern = re.compile(search_regex(text), re.IGNORECASE)
    for name in matches:
        assert pattern.search(name), (text, name)
    for name in misses:
        assert not pattern.search(name), (text, name)


def _cover(placed: int, total: int) -> dict[str, object]:
    segs = [{"id": s, "name_ko": s, "name_en": s} for s in ("s1", "s2", "s3", "s4")]

    def firm(ident: str, in_alliance: bool, segments: list[str]) -> dict[str, object]:
        return {
            "id": ident,
            "name_ko": None,
            "name_en": None,
            "in_alliance": in_alliance,
            "segments": segments,
            "assignments": [{"segment": s, "basis": "stated", "sources": ["x"]} for s in segments],
        }

    answer = greedy_cover(
        [
            {
                "segments": segs,
                "candidates": [
                    firm("c", True, ["s1"]),
                    firm("b", False, ["s1", "s2"]),
                    firm("a", False, ["s3"]),
                    firm("d", True, ["s3"]),
                ],
                "unplaced": [{"id": "u", "name_ko": None, "name_en": None}],
                "firms_placed": placed,
                "firms_total": total,
            }
        ]
    )
    return answer[0]


def test_greedy_cover_prefers_more_segments_then_launched_alliances_then_id() -> None:
    answer = _cover(4, 5)
    assert [(f["id"], f["adds"]) for f in answer["firms"]] == [  # type: ignore[attr-defined]
        ("b", ["s1", "s2"]),
        ("d", ["s3"]),
    ]
    assert answer["firm_count"] == 2
    assert [(s["id"], s["coverage"], s["firm"]) for s in answer["segments"]] == [  # type: ignore[attr-defined]
        ("s1", "covered", "b"),
        ("s2", "covered", "b"),
        ("s3", "covered", "d"),
        ("s4", "unknown", None),
    ]
    assert [u["id"] for u in answer["unplaced"]] == ["u"]  # type: ignore[attr-defined]
    assert greedy_cover([]) == []


def test_greedy_cover_calls_a_segment_absent_only_when_every_firm_is_placed() -> None:
    answer = _cover(5, 5)
    assert answer["segments"][-1]["coverage"] == "absent"  # type: ignore[index]
    assert answer["unplaced"] == []
