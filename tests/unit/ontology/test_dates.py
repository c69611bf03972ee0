"""Partial dates: what a curator may write, what it becomes in RDF, and 'on or before'."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef

from alliancekg.ontology import dates
from alliancekg.ontology.dates import Certainty, DateError, Precision, on_or_before
from alliancekg.ontology.vocab import AKG

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("written", "lexical", "precision"),
    [
        ("2024", "2024", Precision.YEAR),
        (2024, "2024", Precision.YEAR),  # YAML reads a bare year as a number
        ("2024-06", "2024-06", Precision.MONTH),
        ("2024-06-15", "2024-06-15", Precision.DAY),
        ("2024-02-29", "2024-02-29", Precision.DAY),  # a leap day
        (" 2024-06 ", "2024-06", Precision.MONTH),
        ("Y0", "Y0", Precision.RELATIVE),  # 올해: the year of publication
        ("Y-1", "Y-1", Precision.RELATIVE),  # 지난해
        ("Y0-06", "Y0-06", Precision.RELATIVE),  # 지난 6월
        ("Y-1-12", "Y-1-12", Precision.RELATIVE),  # last December
        ("Y+2", "Y+2", Precision.RELATIVE),
    ],
)
def test_partial_dates_keep_what_was_written_and_its_precision(
    written: object, lexical: str, precision: Precision
) -> None:
    assert dates.parse(written) == (lexical, precision)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", "'2024-02-30' is not a real date"),
        ("2023-02-29", "'2023-02-29' is not a real date"),  # not a leap year
        ("2024-04-31", "'2024-04-31' is not a real date"),
        ("2024-13", "'2024-13' has no month 13"),
        ("2024-00", "'2024-00' has no month 00"),
        ("Y0-13", "'Y0-13' has no month 13"),
        ("2024/06", "'2024/06' is not a date"),
        ("2024-6", "'2024-6' is not a date"),
        ("15.06.2024", "'15.06.2024' is not a date"),
        ("24", "'24' is not a date"),
        ("Y-0", "'Y-0' is not a date"),
        ("Y01", "'Y01' is not a date"),
        ("last year", "'last year' is not a date"),
        ("", "'' is not a date"),
        (True, "expected a date such as 2024, 2024-06, 2024-06-15 or Y-1, got True"),
        (2024.5, "got 2024.5"),
        (None, "got None"),
    ],
)
def test_malformed_or_impossible_dates_are_refused(written: object, message: str) -> None:
    with pytest.raises(DateError) as e:
        dates.parse(written)
    assert message in str(e.value)


def test_a_malformed_date_says_how_to_write_one() -> None:
    with pytest.raises(DateError, match=r"write 2024, 2024-06, 2024-06-15, or Y-1 / Y0-06"):
        dates.parse("June 2024")


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("2024", URIRef(XSD_NS + "gYear")),
        ("2024-06", URIRef(XSD_NS + "gYearMonth")),
        ("2024-06-15", URIRef(XSD_NS + "date")),
        ("Y-1", AKG.RelativeDate),
        ("Y0-06", AKG.RelativeDate),
    ],
)
def test_the_datatype_of_the_literal_is_the_precision(lexical: str, datatype: URIRef) -> None:
    literal = dates.to_literal(lexical)
    assert literal == Literal(lexical, datatype=datatype, normalize=False)
    assert str(literal) == lexical  # the year is not padded or re-rendered


def test_to_literal_refuses_an_impossible_date() -> None:
    with pytest.raises(DateError):
        dates.to_literal("2024-02-30")


def test_precision_of_a_checked_date() -> None:
    assert [dates.precision(x) for x in ("2024", "2024-06", "2024-06-15", "Y0")] == [
        Precision.YEAR,
        Precision.MONTH,
        Precision.DAY,
        Precision.RELATIVE,
    ]


DAY = dt.date(2024, 6, 15)


@pytest.mark.parametrize(
    ("partial", "day", "expected"),
    [
        # unknown or relative to an unknown publication date: cannot say
        (None, DAY, Certainty.UNCERTAIN),
        ("Y-1", DAY, Certainty.UNCERTAIN),
        ("Y0-06", DAY, Certainty.UNCERTAIN),
        # a year
        ("2023", DAY, Certainty.CERTAIN),
        ("2024", DAY, Certainty.UNCERTAIN),  # some day of 2024: before or after mid-June
        ("2025", DAY, Certainty.NO),
        ("2024", dt.date(2024, 1, 1), Certainty.UNCERTAIN),
        ("2024", dt.date(2024, 12, 31), Certainty.CERTAIN),  # every day of 2024 is by then
        # a month
        ("2024-05", DAY, Certainty.CERTAIN),
        ("2024-06", DAY, Certainty.UNCERTAIN),
        ("2024-07", DAY, Certainty.NO),
        ("2024-06", dt.date(2024, 6, 30), Certainty.CERTAIN),
        ("2024-02", dt.date(2024, 2, 29), Certainty.CERTAIN),
        ("2024-02", dt.date(2024, 2, 28), Certainty.UNCERTAIN),
        ("2023-12", dt.date(2024, 1, 1), Certainty.CERTAIN),
        # a day
        ("2024-06-14", DAY, Certainty.CERTAIN),
        ("2024-06-15", DAY, Certainty.CERTAIN),  # on the day counts
        ("2024-06-16", DAY, Certainty.NO),
        ("2023-12-31", dt.date(2024, 1, 1), Certainty.CERTAIN),
        # the last representable day does not overflow
        ("9999", dt.date.max, Certainty.CERTAIN),
    ],
)
def test_on_or_before(partial: str | None, day: dt.date, expected: Certainty) -> None:
    assert on_or_before(partial, day) is expected


def test_joined_in_a_year_is_certain_by_the_end_of_that_year() -> None:
    """Regression: 'joined 2024' as of 2024-12-31 used to be uncertain."""
    assert on_or_before("2024", dt.date(2024, 12, 31)) is Certainty.CERTAIN
    assert on_or_before("2024-06", dt.date(2024, 6, 30)) is Certainty.CERTAIN
