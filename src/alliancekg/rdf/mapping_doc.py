"""The RDF ⇄ Neo4j mapping tables of docs/mapping.md, rendered from the ontology.

``alliancekg mapping`` prints them; a unit test checks that the doc holds
exactly what this renders, so the doc cannot drift from the model.
"""

from __future__ import annotations

from rdflib import URIRef

from ..ontology.model import Cls, Kind, Model, Prop, model
from ..ontology.vocab import PREFIXES

BEGIN = "<!-- BEGIN GENERATED: alliancekg mapping -->"
END = "<!-- END GENERATED -->"


def curie(iri: URIRef) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return f"<{iri}>"


def _where(m: Model, cls: Cls, prop: Prop) -> str:
    if prop.kind is Kind.LANG:
        return f"property `{prop.key}_<lang>` (e.g. `{prop.key}_ko`, `{prop.key}_en`)" + (
            ", list" if prop.multi else ""
        )
    if prop.kind is Kind.VOCAB:
        return f"property `{prop.key}` (the value's key)"
    if prop.kind is Kind.REF:
        if cls.is_relationship and prop.iri in (cls.rel_from, cls.rel_to):
            end = "start" if prop.iri == cls.rel_from else "end"
            return f"the {end} node of `{cls.rel_type}`"
        target = m.classes.get(prop.range)
        if (
            cls.is_relationship
            or prop.as_property
            or (target is not None and target.is_relationship)
        ):
            return f"property `{prop.key}` (id{'s, list' if prop.multi else ''})"
        return f"relationship `(:{cls.label})-[:{prop.rel_type}]->()`"
    if prop.kind is Kind.DATE:
        return f"property `{prop.key}` (string: 2024, 2024-06, 2024-06-15, Y-1)"
    dt = curie(prop.range)
    return f"property `{prop.key}` ({dt}{', list' if prop.multi else ''})"


def render(m: Model | None = None) -> str:
    m = m or model()
    lines = [
        "### Classes",
        "",
        "| ontology class | in Neo4j | seed section / kind |",
        "|---|---|---|",
    ]
    for cls in sorted(m.classes.values(), key=lambda c: c.local_name):
        if cls.label:
            where = "node `:" + ":".join(m.labels_of(cls)) + "`"
        elif cls.rel_type:
            assert cls.rel_from is not None and cls.rel_to is not None
            start = m.classes.get(m.props[cls.rel_from].range)
            end = m.classes.get(m.props[cls.rel_to].range)
            where = (
                f"relationship `(:{start.label if start else '?'})-[:{cls.rel_type} "
                f"{{id, ...}}]->(:{end.label if end else '?'})`"
            )
        else:
            continue
        seed = cls.section or (f"kind `{cls.kind}`" if cls.kind else "—")
        if cls.section and cls.kind:
            seed = f"{cls.section}, kind `{cls.kind}`"
        lines.append(f"| {curie(cls.iri)} | {where} | {seed} |")
    lines += [
        "",
        "### Properties",
        "",
        "| ontology property | seed key | on | in Neo4j |",
        "|---|---|---|---|",
    ]
    for prop in sorted(m.props.values(), key=lambda p: (p.key, curie(p.iri))):
        owners = sorted(
            {
                c.label or c.rel_type or ""
                for c in m.classes.values()
                if prop.key in c.props
                and c.props[prop.key] is prop
                and (c.label or c.rel_type)
                and not (
                    set(c.supers)
                    & {
                        o.iri
                        for o in m.classes.values()
                        if prop.key in o.props and (o.label or o.rel_type)
                    }
                )
            }
        )
        example = min(
            (
                c
                for c in m.classes.values()
                if prop.key in c.props and c.props[prop.key] is prop and (c.label or c.rel_type)
            ),
            key=lambda c: (len(c.supers), c.local_name),
        )
        lines.append(
            f"| {curie(prop.iri)} | `{prop.key}` | {', '.join(owners)} | "
            f"{_where(m, example, prop)} |"
        )
    lines += ["", "### Controlled values", "", "| ontology individual | stored as |", "|---|---|"]
    for value, key in sorted(m.vocab_key.items(), key=lambda kv: kv[1]):
        lines.append(f"| {curie(value)} | `{key}` |")
    return "\n".join(lines) + "\n"


def splice(doc: str, tables: str) -> str:
    start = doc.index(BEGIN) + len(BEGIN)
    end = doc.index(END)
    return doc[:start] + "\n" + tables + doc[end:]
