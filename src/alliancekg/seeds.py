"""Reading seed files: one YAML file per source document.

A seed file holds the source's metadata under ``source`` and lists of entries
under the sections the ontology declares (``organizations``, ``memberships``,
...). Every field name is an ``akg:key`` of the ontology. Reading collects
every problem it finds, each located by file, line, entry and field, rather
than stopping at the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from . import dates, paths
from .exc import InvalidData, Problem, UsageError
from .model import Cls, Kind, Model, Prop, model
from .vocab import AKG, DEFAULT_BASE_IRI
from .yamlio import Entry, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
QUOTE_GAP = " … "  # joins the quoted segments of one direct quote
UNRESOLVED = "?"  # stands in a derived id for a reference that is missing or unknown


@dataclass
class Record:
    """One entry of a seed file, its values checked and its references resolved."""

    cls: Cls
    id: str
    source_id: str
    file: str
    line: int
    label: str  # how problems name the entry, e.g. "memberships[3]"
    key_lines: dict[str, int]
    values: dict[str, Any] = field(default_factory=dict)

    def problem(self, message: str, key: str | None = None) -> Problem:
        line = self.key_lines.get(key, self.line) if key is not None else self.line
        entry = f"{self.label} ({self.id})" if self.id else self.label
        return Problem(message, file=self.file, line=line, entry=entry, field=key)


@dataclass
class SeedSet:
    """Every record of a set of seed files, ready to become a graph."""

    records: list[Record]
    files: list[str]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}


def canonical_decimal(value: Decimal) -> str:
    """XSD canonical form: no exponent, at least one digit after the point."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def normalize_name(name: str) -> str:
    """How names and aliases are compared: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def seed_files(paths_: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths_:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*.y*ml") if x.suffix in {".yaml", ".yml"}))
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"no such file or directory: {p}")
    if not files:
        raise UsageError("no seed files (*.yaml) found in " + ", ".join(map(str, paths_)))
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- values


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


def _check_value(m: Model, rec: Record, prop: Prop, raw: Any, problems: list[Problem]) -> Any:
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
            if value is not None:
                out.append(value)
    return out


# --------------------------------------------------------------------------- files

_RESERVED = {"id", "kind"}


def _read_entry(
    m: Model,
    base: Cls,
    raw: Any,
    *,
    section: str,
    index: int,
    display: str,
    source_id: str,
    problems: list[Problem],
) -> Record | None:
    label = f"{section}[{index}]" if index >= 0 else section
    if not isinstance(raw, Entry):
        problems.append(
            Problem(
                f"an entry must be a mapping of fields, got {raw!r}"[:200],
                file=display,
                entry=label,
            )
        )
        return None
    cls = base
    kinds = m.kinds(base)
    rec = Record(
        cls=cls,
        id="",
        source_id=source_id,
        file=display,
        line=raw.line,
        label=label,
        key_lines=raw.key_lines,
    )
    if kinds:
        kind = raw.get("kind")
        if kind not in kinds:
            problems.append(
                rec.problem(
                    "missing required field 'kind'"
                    if kind is None
                    else f"unknown kind '{kind}'" + f"; use one of {', '.join(sorted(kinds))}",
                    "kind",
                )
            )
            return None
        rec.cls = cls = kinds[kind]
    elif "kind" in raw:
        problems.append(rec.problem(f"{section} entries take no 'kind'", "kind"))
    ident = raw.get("id")
    if ident is None:
        if not cls.is_relationship:
            problems.append(rec.problem("missing required field 'id'", "id"))
            return None
    elif not isinstance(ident, str) or not ID_PATTERN.match(ident):
        problems.append(
            rec.problem(
                f"id {ident!r} must be lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter or digit",
                "id",
            )
        )
        return None
    else:
        rec.id = ident
    for key, value in raw.items():
        if key in _RESERVED:
            continue
        prop = cls.props.get(key)
        if prop is None or key == "sources":
            known = sorted(k for k in cls.props if k != "sources")
            problems.append(
                rec.problem(
                    f"unknown field '{key}' for {cls.local_name}; known fields: {', '.join(known)}",
                    key,
                )
            )
            continue
        if value is None:
            continue  # an explicit null is "unknown", the same as leaving the field out
        rec.values[key] = _check_value(m, rec, prop, value, problems)
    return rec


def read_file(m: Model, path: Path, problems: list[Problem]) -> list[Record]:
    display = _display(path)
    data, read_problems = read_yaml(path, display)
    problems.extend(read_problems)
    if read_problems:
        return []
    if not isinstance(data, Entry):
        problems.append(
            Problem("a seed file must be a mapping with 'source' and sections", file=display)
        )
        return []
    sections = m.sections()
    for key in data:
        if key != "source" and key not in sections:
            problems.append(
                Problem(
                    f"unknown section '{key}'; use source, {', '.join(sections)}",
                    file=display,
                    line=data.key_lines.get(key),
                    field=key,
                )
            )
    source_raw = data.get("source")
    if source_raw is None:
        problems.append(
            Problem(
                "missing required section 'source' (the document this file takes its facts from)",
                file=display,
                line=1,
                field="source",
            )
        )
        return []
    source_base = m.classes[AKG.Source]
    source = _read_entry(
        m,
        source_base,
        source_raw,
        section="source",
        index=-1,
        display=display,
        source_id="",
        problems=problems,
    )
    if source is None:
        return []
    source.source_id = source.id
    records = [source]
    for section in sections:
        base = m.section(section)
        assert base is not None
        entries = data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            problems.append(
                Problem(
                    f"section '{section}' must be a list of entries",
                    file=display,
                    line=data.key_lines.get(section),
                    field=section,
                )
            )
            continue
        for i, raw in enumerate(entries):
            rec = _read_entry(
                m,
                base,
                raw,
                section=section,
                index=i,
                display=display,
                source_id=source.id,
                problems=problems,
            )
            if rec is not None:
                records.append(rec)
    return records


# --------------------------------------------------------------------------- resolution


def segment_graph(base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The value-chain segments of ontology/segments.ttl, under ``base_iri``."""
    g = Graph()
    g.parse(paths.SEGMENTS_FILE, format="turtle")
    if base_iri == DEFAULT_BASE_IRI:
        return g
    out = Graph()
    for s, p, o in g:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(base_iri + t.removeprefix(DEFAULT_BASE_IRI))
                if isinstance(t, URIRef) and t.startswith(DEFAULT_BASE_IRI)
                else t
                for t in (s, p, o)
            )
        )
    return out


def _segment_names() -> dict[str, list[str]]:
    """Segment and scheme ids with their names, for resolving references."""
    g = segment_graph()
    out: dict[str, list[str]] = {}
    for s in set(g.subjects(RDF.type, None)):
        ident = str(s).removeprefix(DEFAULT_BASE_IRI)
        out[ident] = [str(o) for o in g.objects(s, SKOS.prefLabel)]
    return out


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
    prefix = {"memberships": "m", "posts": "post", "segment_assignments": "seg"}.get(
        c.section or "", c.local_name.lower()
    )
    ident = f"{prefix}.{start}.{end}"
    for key in ("joined", "since"):
        if rec.values.get(key):
            ident += "." + rec.values[key][0].lower()
    return ident


def resolve(m: Model, records: list[Record], problems: list[Problem]) -> None:
    """Turn names and aliases in references into ids, and give relationship entries ids."""
    index: dict[str, set[str]] = {}
    alias_owner: dict[str, str] = {}
    ids: dict[str, Record] = {}
    for ident, names in _segment_names().items():
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
                problems.append(
                    rec.problem(
                        f"two entries would both get the id '{rec.id}'; give one an explicit 'id'"
                    )
                )
            else:
                ids[rec.id] = rec


def read_seeds(inputs: Iterable[Path], m: Model | None = None) -> SeedSet:
    """Read and resolve seed files; raise :class:`InvalidData` listing every problem."""
    m = m or model()
    files = seed_files(list(inputs))
    problems: list[Problem] = []
    records: list[Record] = []
    for f in files:
        records.extend(read_file(m, f, problems))
    resolve(m, records, problems)
    if problems:
        raise InvalidData(problems)
    return SeedSet(records=records, files=[_display(f) for f in files])
