"""Folding flat rows into nested answers, as the .rq files' #:answer lines declare."""

from __future__ import annotations

from typing import Any

import pytest

from alliancekg.exc import UsageError
from alliancekg.questions.folding import fold, parse_shape, shape_variables

NODES = {"k-ai": {"id": "k-ai", "status": "active"}, "q1": {"id": "q1", "text_ko": "말"}}


def node(ident: str) -> dict[str, Any] | None:
    return NODES.get(ident)


def test_rows_group_by_the_fields_outside_lists_in_row_order() -> None:
    shape = parse_shape("id=f count memberships[alliance=a role sources[]]")
    rows = [
        {"f": "b-firm", "count": 2, "a": "x", "role": "lead", "sources": "s2"},
        {"f": "b-firm", "count": 2, "a": "x", "role": "lead", "sources": "s1"},
        {"f": "b-firm", "count": 2, "a": "y", "role": "member", "sources": "s1"},
        {"f": "a-firm", "count": 1, "a": "y", "role": "member"},
    ]
    assert fold(shape, rows, node) == [
        {
            "id": "b-firm",
            "count": 2,
            "memberships": [
                {"alliance": "x", "role": "lead", "sources": ["s1", "s2"]},
                {"alliance": "y", "role": "member", "sources": ["s1"]},
            ],
        },
        {
            "id": "a-firm",
            "count": 1,
            "memberships": [{"alliance": "y", "role": "member", "sources": None}],
        },
    ]


def test_unbound_first_field_means_no_record_and_unbound_scalar_means_null() -> None:
    shape = parse_shape("id=f members[id=m name] best{id=b name=b_name}")
    assert fold(shape, [{"f": "a"}], node) == [{"id": "a", "members": [], "best": None}]
    got = fold(shape, [{"f": "a", "m": "x", "b": "y"}], node)
    assert got == [
        {"id": "a", "members": [{"id": "x", "name": None}], "best": {"id": "y", "name": None}}
    ]


def test_node_maps_merges_tuples_and_hidden_keys() -> None:
    shape = parse_shape("alliance=a{*} quotes[q{*} speaker] pairs[_m basis=(b1 b2)]")
    rows = [
        {"a": "k-ai", "q": "q1", "speaker": "kim"},
        {"a": "k-ai", "m": "m1", "b1": "stated", "b2": "curator_judgment"},
        {"a": "k-ai", "m": "m2", "b1": "stated", "b2": "curator_judgment"},
    ]
    assert fold(shape, rows, node) == [
        {
            "alliance": {"id": "k-ai", "status": "active"},
            "quotes": [{"id": "q1", "text_ko": "말", "speaker": "kim"}],
            # two memberships with the same shown values stay two records
            "pairs": [
                {"basis": ["stated", "curator_judgment"]},
                {"basis": ["stated", "curator_judgment"]},
            ],
        }
    ]


def test_no_rows_is_no_answer() -> None:
    assert fold(parse_shape("segments[id=s] candidates[id=f]"), [], node) == []


def test_the_variables_a_shape_reads() -> None:
    shape = parse_shape("id=f x{*} l[a b[]] t=(c d) _h r{e}")
    assert shape_variables(shape) == {"f", "x", "a", "b", "c", "d", "h", "e"}


@pytest.mark.parametrize("text", ["", "a[", "a[]]", "a=", "a{ }", "a=(b", "1a", "a b ]"])
def test_malformed_shapes_are_refused(text: str) -> None:
    with pytest.raises(UsageError, match="answer shape"):
        parse_shape(text)
