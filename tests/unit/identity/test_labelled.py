"""Measured precision and recall of the duplicate candidates on the labelled fixture
(tests/fixtures/identity/labelled): real name variants of Korean and global firms,
people and alliances, with the facts their sources give. docs/identity.md reports the
same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.identity.labelled import Measured, measure, write_seeds


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Measured:
    out = tmp_path_factory.mktemp("labelled")
    write_seeds(out)
    return measure(out)


def test_the_fixture_has_enough_labelled_pairs_of_each_label(measured: Measured) -> None:
    assert measured.true_total >= 100
    labelled = sum(total for _, total in measured.by_category.values())
    assert labelled >= 150


def test_recall_of_true_pairs_scored_at_least_a_half(measured: Measured) -> None:
    missed = [f"{m['a']} ~ {m['b']} ({m['category']})" for m in measured.misses]
    assert measured.recall >= 0.95, "missed: " + ", ".join(missed)


def test_precision_among_labelled_pairs_scored_at_least_a_half(measured: Measured) -> None:
    alarms = [f"{c.a} ~ {c.b} {c.score:.2f}: {c.reasons[0]}" for c in measured.false_alarms]
    assert measured.precision >= 0.9, "\n".join(alarms)


def test_look_alike_alliances_of_different_leads_stay_below_a_half(measured: Measured) -> None:
    """The IBM–Meta "AI Alliance" and Kolon Benit's "AI 얼라이언스" are one name in two
    languages; their lead firms tell them apart."""
    scores = {(c.a, c.b): c.score for c in measured.candidates}
    assert scores.get(("all-aia-ko", "all-kolon-ko-a"), 0.0) < 0.5
    assert scores.get(("all-aia-en", "all-kolon-ko-a"), 0.0) < 0.5
    assert scores[("all-kai-en-a", "all-kai-ko-a")] >= 0.9


def test_every_candidate_says_why(measured: Measured, tmp_path: Path) -> None:
    assert all(c.reasons for c in measured.candidates)
