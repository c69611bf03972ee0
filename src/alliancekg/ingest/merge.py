"""One record per cluster of entities that 'same' judgements join.

The merged record takes the canonical member's id, kind and names; every other name
of the members becomes an alias, every alias and every multi-valued value (evidence,
goals ...) is kept, every member's source is a source of the merged record, and
``same_as`` lists the other ids. Where members give different single values (two
descriptions in one language, two dates of launch), the canonical member's value is
kept and a warning names the others: the merge never drops a source's word silently,
and deleting the judgement brings every member back as it was.
"""

from __future__ import annotations

from typing import Any

from ..exc import Problem
from ..identity.clusters import Clusters
from ..ontology.model import Kind
from ..ontology.names import normalize_name
from .records import Record


def _append_new(target: list[Any], values: list[Any]) -> None:
    for v in values:
        if v not in target:
            target.append(v)


def merge_cluster(members: list[Record], canonical: str, warnings: list[Problem]) -> Record:
    """The one record the members of a cluster become."""
    first = next(r for r in members if r.id == canonical)
    merged = Record(
        cls=first.cls,
        id=canonical,
        source_id=first.source_id,
        file=first.file,
        line=first.line,
        label=first.label,
        key_lines=dict(first.key_lines),
        values={k: list(v) for k, v in first.values.items()},
        extra_sources=list(first.extra_sources),
        merged_from=list(members),
    )
    known = {normalize_name(t) for t, _ in merged.values.get("name", [])}
    known |= {normalize_name(a) for a in merged.values.get("aliases", [])}
    aliases: list[str] = merged.values.setdefault("aliases", [])
    for other in members:
        if other is first:
            continue
        if other.cls is not first.cls:
            warnings.append(
                other.problem(
                    f"merged into {canonical}, which is a {first.cls.kind}: this entry's "
                    f"kind {other.cls.kind} is not kept"
                )
            )
        _append_new(merged.extra_sources, [s for s in other.sources if s != merged.source_id])
        for key, values in other.values.items():
            prop = other.cls.props[key]
            if key == "name":
                for text, _lang in values:
                    if normalize_name(text) not in known:
                        known.add(normalize_name(text))
                        aliases.append(text)
            elif key == "aliases":
                for alias in values:
                    if normalize_name(alias) not in known:
                        known.add(normalize_name(alias))
                        aliases.append(alias)
            elif prop.multi:
                _append_new(merged.values.setdefault(key, []), values)
            elif prop.kind is Kind.LANG:
                mine = dict((lang, text) for text, lang in merged.values.get(key, []))
                for text, lang in values:
                    if lang not in mine:
                        merged.values.setdefault(key, []).append((text, lang))
                    elif mine[lang] != text:
                        warnings.append(_kept(other, key, canonical, mine[lang]))
            elif key not in merged.values:
                merged.values[key] = list(values)
            elif merged.values[key] != values:
                warnings.append(_kept(other, key, canonical, merged.values[key][0]))
    if not aliases:
        del merged.values["aliases"]
    before = {x for r in members for x in r.values.get("same_as", [])}
    merged.values["same_as"] = sorted(before | {r.id for r in members if r.id != canonical})
    return merged


def _kept(other: Record, key: str, canonical: str, kept: Any) -> Problem:
    return other.problem(
        f"merged into {canonical}, which says {key} {kept!r}: this entry's {key} is not kept",
        key,
    )


def merge_clusters(
    records: list[Record], clusters: Clusters, problems: list[Problem], warnings: list[Problem]
) -> list[Record]:
    """``records`` with the members of each cluster replaced by one merged record."""
    merged = clusters.merged()
    if not merged:
        return records
    members: dict[str, list[Record]] = {c: [] for c in merged}
    out: list[Record] = []
    for rec in records:
        canonical = clusters.canonical.get(rec.id)
        if canonical is None or canonical not in members:
            out.append(rec)
            continue
        if not members[canonical]:
            out.append(rec)  # the merged record takes the place of the first member read
        members[canonical].append(rec)
    result: list[Record] = []
    for rec in out:
        canonical = clusters.canonical.get(rec.id)
        if canonical is not None and canonical in members:
            found = members[canonical]
            if len({r.id for r in found}) != len(merged[canonical]):
                missing = sorted(set(merged[canonical]) - {r.id for r in found})
                problems.append(rec.problem(f"judged one with {', '.join(missing)}, unknown"))
            result.append(merge_cluster(found, canonical, warnings))
        else:
            result.append(rec)
    return result
