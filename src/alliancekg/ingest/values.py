"""Checking the values of one seed entry's fields against the ontology's ranges."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from ..exc import Problem
from ..ontology import dates, identifiers
from ..ontology.model import Kind, Model, Prop
from ..ontology.vocab import AKG
from .records import Record

LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")


def canonical_decimal(value: Decimal) -> str:
    """XSD canonical form: no exponent, at least one digit after the point."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def _lang_values(
    rec: Record, prop: Prop, raw: Any, problems: list[Problem]
) -> list[tuple[str, str]]:
    """``{ko: 이름, en: Name}`` or, for multi-valued keys, a list of such mappings."""
    items = raw if isinstance(raw, list) and prop.multi else [raw]
    out: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, dict):
            problems.append(
                rec.problem(
                    f"{prop.key} needs a language tag: write it as {{ko: ...}} or {{en: ...}}, "
                    f"not {type(item).__name__} {item!r}"[:200],
                    prop.key,
                )
            )
            continue
        for lang, text in item.items():
            if not LANG_PATTERN.match(str(lang)):
                problems.append(
                    rec.problem(f"'{lang}' is not a language tag (use ko, en, ...)", prop.key)
                )
                continue
            texts = text if isinstance(text, list) and prop.multi else [text]
            for t in texts:
                if not isinstance(t, str | int | float) or isinstance(t, bool) or str(t) == "":
                    problems.append(
                        rec.problem(f"{prop.key}.{lang} must be non-empty text", prop.key)
                    )
                    continue
                out.append((unicodedata.normalize("NFC", str(t)), str(lang).lower()))
    if not prop.multi:
        langs = [lang for _, lang in out]
        for lang in {x for x in langs if langs.count(x) > 1}:
            problems.append(rec.problem(f"{prop.key} has two values in '{lang}'", prop.key))
    return out


def _literal_value(rec: Record, prop: Prop, raw: Any, problems: list[Problem]) -> Any:
    dt = str(prop.range).rsplit("#", 1)[-1]
    bad = rec.problem
    if dt == "boolean":
        if isinstance(raw, bool):
            return raw
        problems.append(bad(f"{prop.key} must be true or false, got {raw!r}", prop.key))
    elif dt == "integer":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        problems.append(bad(f"{prop.key} must be a whole number, got {raw!r}", prop.key))
    elif dt == "decimal":
        try:
            if isinstance(raw, bool):
                raise InvalidOperation
            value = Decimal(str(raw))
            if not value.is_finite():
                raise InvalidOperation
            return canonical_decimal(value)
        except InvalidOperation:
            problems.append(bad(f"{prop.key} must be a number, got {raw!r}", prop.key))
    elif dt == "gYear":
        text = str(raw)
        if (
            isinstance(raw, int | str)
            and not isinstance(raw, bool)
            and re.fullmatch(r"\d{4}", text)
        ):
            return text
        problems.append(bad(f"{prop.key} must be a year such as 2030, got {raw!r}", prop.key))
    elif isinstance(raw, str) and raw != "":
        return unicodedata.normalize("NFC", raw)
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(raw)
    else:
        problems.append(bad(f"{prop.key} must be non-empty text, got {raw!r}", prop.key))
    return None


def _one_or_many(rec: Record, prop: Prop, raw: Any, problems: list[Problem]) -> list[Any]:
    if isinstance(raw, list):
        if not prop.multi and len(raw) != 1:
            problems.append(rec.problem(f"{prop.key} takes one value, got {len(raw)}", prop.key))
            return []
        return raw
    return [raw]


def check_value(m: Model, rec: Record, prop: Prop, raw: Any, problems: list[Problem]) -> Any:
    """Check one field; return the value in the form the builder expects."""
    if prop.kind is Kind.LANG:
        return _lang_values(rec, prop, raw, problems)
    values = _one_or_many(rec, prop, raw, problems)
    out: list[Any] = []
    for v in values:
        if prop.kind is Kind.DATE:
            try:
                out.append(dates.parse(v)[0])
            except dates.DateError as e:
                problems.append(rec.problem(str(e), prop.key))
        elif prop.kind is Kind.VOCAB:
            allowed = m.vocab[prop.range]
            if isinstance(v, str) and v in allowed:
                out.append(v)
            else:
                problems.append(
                    rec.problem(
                        f"'{v}' is not a {prop.key}; use one of {', '.join(sorted(allowed))}",
                        prop.key,
                    )
                )
        elif prop.kind is Kind.REF:
            if isinstance(v, str | int) and not isinstance(v, bool) and str(v).strip():
                out.append(unicodedata.normalize("NFC", str(v).strip()))
            else:
                problems.append(rec.problem(f"{prop.key} must name an entity, got {v!r}", prop.key))
        else:
            value = _literal_value(rec, prop, v, problems)
            if value is not None and prop.iri == AKG.identifier:
                try:
                    value = identifiers.check(value)
                except identifiers.IdentifierError as e:
                    problems.append(rec.problem(str(e), prop.key))
                    continue
            if value is not None:
                out.append(value)
    return out
