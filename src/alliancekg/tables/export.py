"""The graph as tables: one table per seed section and one of sources, in the layout that
:mod:`alliancekg.ingest.tables` reads (:mod:`.layout`).

Every statement about an entity or a fact becomes a cell, with the entity's ``id``
and ``kind``, ids for references, the key of a vocabulary value, the lexical form of
a literal: reading the tables back as seeds gives the same graph. The value-chain
segments are not written; they come from the ontology (``ontology/segments.ttl``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal

from ..config import DEFAULT_BASE_IRI
from ..ontology.model import Cls, Kind, Model, model
from ..ontology.vocab import AKG
from ..rdf.mapping import statements, subject_classes
from ..rdf.terms import IriMaker
from .cells import join_list
from .layout import SOURCES, Column, export_columns, table_names


@dataclass
class Table:
    """One exported table: its name, header and rows of cells (not yet guarded)."""

    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _table_of(m: Model, cls: Cls) -> str | None:
    if cls.iri == AKG.Source or AKG.Source in cls.supers:
        return SOURCES
    for c in (cls, *(m.classes[s] for s in cls.supers if s in m.classes)):
        if c.section is not None:
            return c.section
    return None


def graph_tables(graph: Graph, base: str = DEFAULT_BASE_IRI, m: Model | None = None) -> list[Table]:
    """Every table that has rows, in the order of :func:`.layout.table_names`."""
    m = m or model()
    iri = IriMaker(base)
    rows: dict[str, list[dict[str, list[str]]]] = {}
    langs: dict[str, dict[str, set[str]]] = {}
    for subject, cls in subject_classes(graph, m).items():
        table = _table_of(m, cls)
        if table is None:
            continue  # segments and their scheme: the ontology's own
        cells: dict[str, list[str]] = {"id": [iri.id_of(subject)]}
        if cls.kind is not None:
            cells["kind"] = [cls.kind]
        seen = langs.setdefault(table, {})
        for prop, o in statements(graph, subject, cls):
            if prop.kind is Kind.LANG:
                assert isinstance(o, Literal) and o.language
                seen.setdefault(prop.key, set()).add(o.language)
                cells.setdefault(f"{prop.key}_{o.language}", []).append(str(o))
            elif prop.kind is Kind.VOCAB:
                cells.setdefault(prop.key, []).append(m.vocab_key[o])  # type: ignore[index]
            elif prop.kind is Kind.REF:
                cells.setdefault(prop.key, []).append(iri.id_of(o))  # type: ignore[arg-type]
            else:
                cells.setdefault(prop.key, []).append(str(o))
        rows.setdefault(table, []).append(cells)
    out: list[Table] = []
    for name in table_names(m):
        if name not in rows:
            continue
        columns = export_columns(m, name, langs.get(name, {}))
        written = Table(name, [c.name for c in columns])
        for cells in sorted(rows[name], key=lambda c: c["id"][0]):
            written.rows.append([_cell(c, cells.get(c.name, [])) for c in columns])
        out.append(written)
    return out


def _cell(column: Column, values: list[str]) -> str:
    if len(values) > 1 or (column.prop is not None and column.prop.multi):
        return join_list(sorted(values))
    return values[0] if values else ""
