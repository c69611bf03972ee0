"""Resolving references: names and aliases become ids, relationship entries get ids."""

from __future__ import annotations

from collections.abc import Iterator

from ..exc import Problem
from ..ontology.model import Kind, Model, Prop
from ..ontology.names import normalize_name
from ..ontology.segments import segment_names
from .records import UNRESOLVED, Record


def _names(rec: Record) -> Iterator[tuple[str, bool]]:
    """A record's names (False) and aliases (True)."""
    for text, _lang in rec.values.get("name", []):
        yield text, False
    for alias in rec.values.get("aliases", []):
        yield alias, True


def _derived_id(rec: Record) -> str:
    c = rec.cls
    assert c.rel_from is not None and c.rel_to is not None
    keys = {p.iri: p.key for p in c.props.values()}
    # A missing or unknown end (reported elsewhere) must not crash or collide.
    start = (rec.values.get(keys[c.rel_from]) or [UNRESOLVED])[0]
    end = (rec.values.get(keys[c.rel_to]) or [UNRESOLVED])[0]
    ident = f"{c.id_prefix or c.local_name.lower()}.{start}.{end}"
    for prop in c.props.values():
        if prop.starts and rec.values.get(prop.key):
            ident += "." + rec.values[prop.key][0].lower()
    return ident


def resolve(m: Model, records: list[Record], problems: list[Problem]) -> None:
    """Turn names and aliases in references into ids, and give relationship entries ids."""
    index: dict[str, set[str]] = {}
    alias_owner: dict[str, str] = {}
    ids: dict[str, Record] = {}
    for ident, names in segment_names().items():
        ids.setdefault(ident, None)  # type: ignore[arg-type]
        for name in names:
            index.setdefault(normalize_name(name), set()).add(ident)
    for rec in records:
        if not rec.id:
            continue
        if rec.id in ids:
            other = ids[rec.id]
            where = (
                f" (first at {other.file}:{other.line})"
                if other is not None
                else " (a value-chain segment)"
            )
            problems.append(rec.problem(f"duplicate id '{rec.id}'{where}", "id"))
            continue
        ids[rec.id] = rec
    for rec in records:
        for name, is_alias in _names(rec):
            key = normalize_name(name)
            holders = index.setdefault(key, set())
            if is_alias and name in ids and name != rec.id:
                problems.append(
                    rec.problem(
                        f"alias '{name}' is the id of another entity; an alias must name "
                        "one entity",
                        "aliases",
                    )
                )
            elif is_alias and holders - {rec.id}:
                others = ", ".join(sorted(holders - {rec.id}))
                problems.append(
                    rec.problem(
                        f"alias '{name}' already names {others}; an alias must name one entity",
                        "aliases",
                    )
                )
            elif key in alias_owner and alias_owner[key] != rec.id:
                problems.append(
                    rec.problem(f"name '{name}' is already an alias of {alias_owner[key]}", "name")
                )
            if is_alias:
                alias_owner[key] = rec.id
            holders.add(rec.id)

    def lookup(rec: Record, prop: Prop, name: str) -> str | None:
        found = index.get(normalize_name(name), set())
        if name in ids:
            if found - {name}:
                problems.append(
                    rec.problem(
                        f"{prop.key} '{name}' is ambiguous: it is an id and also names "
                        f"{', '.join(sorted(found - {name}))}; rename one",
                        prop.key,
                    )
                )
                return None
            return name
        if len(found) == 1:
            return next(iter(found))
        if not found:
            problems.append(
                rec.problem(
                    f"{prop.key} '{name}' is not the id, name or alias of any entity", prop.key
                )
            )
        else:
            problems.append(
                rec.problem(
                    f"{prop.key} '{name}' is ambiguous: it names "
                    f"{', '.join(sorted(found))}; use an id",
                    prop.key,
                )
            )
        return None

    for rec in records:
        for key, values in rec.values.items():
            prop = rec.cls.props[key]
            if prop.kind is Kind.REF and key != "sources":
                resolved = [lookup(rec, prop, v) for v in values]
                rec.values[key] = [r for r in resolved if r is not None]
    for rec in records:
        if not rec.id:
            rec.id = _derived_id(rec)
            if rec.id in ids and UNRESOLVED not in rec.id.split("."):
                if rec.merges:
                    continue  # a table row stating a fact again: ingest.tables merges it
                problems.append(
                    rec.problem(
                        f"two entries would both get the id '{rec.id}'; give one an explicit 'id'"
                    )
                )
            else:
                ids[rec.id] = rec
