"""The table format: which tables there are, and what each column holds.

A table holds the entries of one seed section, one row each (``sources`` holds the
sources, which a YAML file declares under ``source``). Its columns are the section's
fields, named as in YAML, with three rules for what YAML writes as structure:

* a text with a language tag is one column per language, ``<field>_<lang>``
  (``name_ko``, ``name_en``, ``title_en``);
* a field with several values holds them in one cell, separated by ``|``
  (:mod:`.cells`);
* ``id`` and ``kind`` are columns like any other.

Tables of facts (memberships, posts, quotes, ...) may name their source by its
address instead: ``source_url``, with ``source_title`` (or ``source_title_<lang>``)
and ``source_published``. Everything here is derived from the ontology, so a field
added there is a column here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..ontology.model import Cls, Kind, Model, Prop
from ..ontology.vocab import AKG

SOURCES = "sources"  # the table of sources (a YAML file's `source`)


class Extra(StrEnum):
    """Columns that are not a field of the section's class."""

    id = "id"
    kind = "kind"
    source_url = "source_url"
    source_title = "source_title"
    source_published = "source_published"


ROW_SOURCE = (Extra.source_url, Extra.source_title, Extra.source_published)


@dataclass(frozen=True)
class Column:
    name: str
    prop: Prop | None = None  # the field, for a field's column
    lang: str | None = None  # the language of a language-tagged field's column
    extra: Extra | None = None  # what the column is when it is not a field


ORDER = (
    "organizations",
    "alliances",
    "memberships",
    "persons",
    "posts",
    "quotes",
    "figures",
    "events",
    "segment_assignments",
)


def table_names(m: Model) -> list[str]:
    """Every table, in the order an export writes them: the three an analyst keeps
    first, then the other sections, sources last."""
    sections = m.sections()
    return [
        *(s for s in ORDER if s in sections),
        *sorted(s for s in sections if s not in ORDER),
        SOURCES,
    ]


def table_class(m: Model, table: str) -> Cls | None:
    """The class of a table's rows (for organizations and sources, the base class
    whose kinds the ``kind`` column chooses)."""
    if table == SOURCES:
        return m.classes[AKG.Source]
    return m.section(table)


def fields(m: Model, base: Cls) -> dict[str, Prop]:
    """The fields rows of ``base`` may have: its own and those of its kinds."""
    props = dict(base.props)
    for sub in m.kinds(base).values():
        props.update(sub.props)
    return props


def takes_row_sources(base: Cls) -> bool:
    """Whether rows of ``base`` may name their source by ``source_url``."""
    return "sources" in base.props


def column(m: Model, base: Cls, name: str) -> Column | None:
    """What the column headed ``name`` holds in a table of ``base``; None if nothing."""
    try:
        extra = Extra(name)
    except ValueError:
        extra = None
    if extra is Extra.kind and not m.kinds(base):
        return None
    if extra in ROW_SOURCE and not takes_row_sources(base):
        return None
    if extra is not None:
        return Column(name, extra=extra)
    props = fields(m, base)
    prop = props.get(name)
    if prop is not None:
        return None if prop.kind is Kind.LANG else Column(name, prop=prop)
    if name.startswith(Extra.source_title + "_") and takes_row_sources(base):
        lang = name.removeprefix(Extra.source_title + "_")
        return Column(name, extra=Extra.source_title, lang=lang) if lang in m.languages else None
    field, _, lang = name.rpartition("_")
    prop = props.get(field)
    if prop is not None and prop.kind is Kind.LANG and lang in m.languages:
        return Column(name, prop=prop, lang=lang)
    return None


def known_columns(m: Model, base: Cls) -> list[str]:
    """The column names a table of ``base`` takes, for messages (languages as ``_<lang>``)."""
    names = [Extra.id.value]
    if m.kinds(base):
        names.append(Extra.kind.value)
    for key, prop in sorted(fields(m, base).items()):
        names.append(f"{key}_<lang>" if prop.kind is Kind.LANG else key)
    if takes_row_sources(base):
        names += [Extra.source_url, "source_title[_<lang>]", Extra.source_published]
    return names


# The columns an export writes first, in this order; the rest follow by name.
LEADING: dict[str, tuple[str, ...]] = {
    "organizations": ("name", "aliases", "parent", "identifiers", "part_of"),
    "alliances": ("name", "status", "launched", "dissolved", "aliases"),
    "memberships": ("member", "alliance", "role", "status", "joined", "left", "basis", "reason"),
    "persons": ("name", "aliases"),
    "posts": ("person", "organization", "title", "since", "until", "basis", "reason"),
    "quotes": ("speaker", "speaker_post", "text", "direct", "said_on", "said_at", "about"),
    "figures": ("value", "unit", "qualifier", "year", "measure", "value_text", "about"),
    "events": ("description", "about", "date", "date_text"),
    "segment_assignments": ("organization", "segment", "basis", "reason"),
    SOURCES: ("title", "publisher", "authors", "published", "url", "site", "language"),
}
# Language columns an export always writes for these fields, so that an analyst's
# table and an export have the same first columns.
ALWAYS: dict[str, tuple[str, ...]] = {"name": ("ko", "en")}


def export_columns(m: Model, table: str, langs: dict[str, set[str]]) -> list[Column]:
    """The columns of an exported table: ``id`` (and ``kind``), the leading fields,
    then every other field by name; ``langs`` says which languages each
    language-tagged field has in the data. ``sources`` comes last."""
    base = table_class(m, table)
    assert base is not None
    props = fields(m, base)
    lead = [k for k in LEADING.get(table, ()) if k in props]
    rest = sorted(k for k in props if k not in lead and k != "sources")
    cols = [Column(Extra.id, extra=Extra.id)]
    if m.kinds(base):
        cols.append(Column(Extra.kind, extra=Extra.kind))
    order = {lang: i for i, lang in enumerate(m.languages)}
    for key in [*lead, *rest]:
        prop = props[key]
        if prop.kind is Kind.LANG:
            wanted = langs.get(key, set()) | set(ALWAYS.get(key, ()))
            for lang in sorted(wanted, key=lambda x: (order.get(x, len(order)), x)):
                cols.append(Column(f"{key}_{lang}", prop=prop, lang=lang))
        else:
            cols.append(Column(key, prop=prop))
    if "sources" in props:
        cols.append(Column("sources", prop=props["sources"]))
    return cols
