"""Partial dates: a year, a year-month, a full date, or a date relative to the source.

The datatype of the RDF literal carries the precision (xsd:gYear,
xsd:gYearMonth, xsd:date, akg:RelativeDate). A relative date such as ``Y-1``
("지난해", the year before the source was published) stays relative while the
source's publication date is unknown: it is never filled with a guessed year.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .vocab import AKG

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RELATIVE = re.compile(r"^Y(0|[+-][1-9]\d*)(?:-(\d{2}))?$")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    RELATIVE = "relative"


class DateError(ValueError):
    """A date that is malformed or does not exist."""


def parse(value: object) -> tuple[str, Precision]:
    """Check a partial date written in a seed file; return its lexical form and precision."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DateError(f"expected a date such as 2024, 2024-06, 2024-06-15 or Y-1, got {value!r}")
    text = str(value).strip()
    if _YEAR.match(text):
        return text, Precision.YEAR
    if m := _YEAR_MONTH.match(text):
        if not 1 <= int(m.group(2)) <= 12:
            raise DateError(f"'{text}' has no month {m.group(2)}")
        return text, Precision.MONTH
    if m := _DATE.match(text):
        try:
            _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as e:
            raise DateError(f"'{text}' is not a real date ({e})") from None
        return text, Precision.DAY
    if m := _RELATIVE.match(text):
        if m.group(2) is not None and not 1 <= int(m.group(2)) <= 12:
            raise DateError(f"'{text}' has no month {m.group(2)}")
        return text, Precision.RELATIVE
    raise DateError(
        f"'{text}' is not a date: write 2024, 2024-06, 2024-06-15, "
        "or Y-1 / Y0-06 relative to the source's publication"
    )


def resolve_relative(relative: str, published: str) -> str | None:
    """A relative date made absolute by its source's publication date ("Y-1" and
    "2024-07-14" → "2023"; "Y0-06" → "2024-06"); None when ``published`` is itself
    relative or ``relative`` is not relative."""
    m = _RELATIVE.match(relative)
    if m is None or published.startswith("Y"):
        return None
    year = int(published[:4]) + int(m.group(1))
    return f"{year:04d}" + (f"-{m.group(2)}" if m.group(2) else "")


_DATATYPES: dict[Precision, URIRef] = {
    Precision.YEAR: XSD.gYear,
    Precision.MONTH: XSD.gYearMonth,
    Precision.DAY: XSD.date,
    Precision.RELATIVE: AKG.RelativeDate,
}


def to_literal(lexical: str) -> Literal:
    """The RDF literal for a checked partial date; its datatype is its precision."""
    _, precision = parse(lexical)
    # normalize=False keeps the lexical form exactly (rdflib would re-render gYear).
    return Literal(lexical, datatype=_DATATYPES[precision], normalize=False)


def precision(lexical: str) -> Precision:
    return parse(lexical)[1]


_ONE_DAY = _dt.timedelta(days=1)


class Certainty(StrEnum):
    CERTAIN = "certain"
    UNCERTAIN = "uncertain"
    NO = "no"


def not_left_before(partial: str | None, day: _dt.date, ended: bool) -> Certainty:
    """Had a membership that left on ``partial`` not yet left on ``day``?

    The mirror of :func:`on_or_before`: no leaving date is certain for a
    membership that has not ended and uncertain for one that has; otherwise a
    later period is certain, an earlier one is no, and the same year or month is
    certain only on its first day (a membership that leaves on ``day`` still
    holds that day).
    """
    if partial is None:
        return Certainty.UNCERTAIN if ended else Certainty.CERTAIN
    if partial.startswith("Y"):
        return Certainty.UNCERTAIN
    cut = day.isoformat()[: len(partial)]
    if partial > cut:
        return Certainty.CERTAIN
    if partial == cut:
        first = day == _dt.date.min or (day - _ONE_DAY).isoformat()[: len(partial)] != cut
        return Certainty.CERTAIN if first else Certainty.UNCERTAIN
    return Certainty.NO


def member_on(joined: str | None, left: str | None, ended: bool, day: _dt.date) -> Certainty:
    """Did a membership hold on ``day``? The rule of docs/api.md, "As of a date"."""
    a = on_or_before(joined, day)
    b = not_left_before(left, day, ended)
    if Certainty.NO in (a, b):
        return Certainty.NO
    if a is Certainty.CERTAIN and b is Certainty.CERTAIN:
        return Certainty.CERTAIN
    return Certainty.UNCERTAIN


def on_or_before(partial: str | None, day: _dt.date) -> Certainty:
    """Is the partial date on or before ``day``?

    A missing or relative date is uncertain. Otherwise compare the partial date
    with ``day`` cut to the same precision: earlier is certain, equal (the same
    year for "2024", the same month for "2024-06") is uncertain unless ``day``
    is the last day of that year or month, later is no.
    """
    if partial is None or partial.startswith("Y"):
        return Certainty.UNCERTAIN
    cut = day.isoformat()[: len(partial)]
    if partial < cut:
        return Certainty.CERTAIN
    if partial == cut:
        # Every day of a year or month is on or before its last day.
        last = day == _dt.date.max or (day + _ONE_DAY).isoformat()[: len(partial)] != cut
        return Certainty.CERTAIN if last else Certainty.UNCERTAIN
    return Certainty.NO
