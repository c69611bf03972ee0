"""The SPARQL form of the named questions: ``queries/<name>.rq``.

Each question has one Cypher form (``<name>.cypher``, for Neo4j) and one
SPARQL form (``<name>.rq``, for the embedded store and for any triple store
holding the exported RDF). A ``.rq`` file is plain SPARQL 1.1 with:

* a comment header (title, what it answers);
* ``#:answer`` lines: how its flat rows fold into the same nested answer as
  the Cypher form (see :mod:`alliancekg.questions.folding`);
* optionally ``#:then NAME``: a step applied to the folded answer that SPARQL
  cannot express (greedy set cover);
* optionally ``#:limit PARAM`` and ``#:offset PARAM``: skip the first
  ``offset`` records, then keep at most ``limit`` (SPARQL's ``LIMIT`` and
  ``OFFSET`` take no variable); a null limit keeps every record. With a
  field after the parameter (``#:limit PARAM FIELD``, both lines naming the
  same field), the page is taken of that list in each record instead;
* optionally ``#:inline PARAM``: besides binding ``?PARAM`` in the parameter
  block, put its value in place of ``?PARAM`` elsewhere in the query, as a
  constant (Oxigraph compiles a ``REGEX`` pattern once when it is a constant,
  for every row when it is a variable);
* a parameter block ``VALUES (?p1 ?p2) { (default1 default2) }`` holding the
  defaults, so the file runs as it is; the embedded backend puts the given
  values in its place, as RDF terms written by pyoxigraph (never as text).
  ``UNDEF`` is null. Ids are IRIs (``id:k-ai-alliance``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from ..config import DEFAULT_BASE_IRI, home
from ..exc import UsageError
from ..ontology.model import model
from ..ontology.vocab import PREFIXES
from .catalogue import named_query
from .folding import Field, parse_shape, shape_variables
from .params import ID_PARAMS, cut
from .steps import THEN

XSD = PREFIXES["xsd"]
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_DECIMALS = {XSD + t for t in ("decimal", "double", "float")}
_BLOCK = re.compile(
    r"VALUES\s*\(\s*((?:\?[A-Za-z_][A-Za-z0-9_]*\s*)+)\)\s*\{\s*\(([^()]*)\)\s*\}", re.S
)
QUERY_PREFIXES = {**PREFIXES, "id": DEFAULT_BASE_IRI}


@dataclass(frozen=True)
class SparqlForm:
    name: str
    text: str
    answer: tuple[Field, ...]
    then: str | None
    limit: str | None
    params: tuple[str, ...]
    block: str
    inline: tuple[str, ...] = ()
    offset: str | None = None
    # the list field of each record that the page is taken of; None: the records
    paged: str | None = None

    def page(self, answer: list[Any], values: dict[str, Any]) -> list[Any]:
        """The records (or the lists of :attr:`paged` in them) that ``#:offset`` and
        ``#:limit`` keep."""
        start = values[self.offset] if self.offset is not None else 0
        cap = values[self.limit] if self.limit is not None else None
        if self.paged is None:
            return cut(answer, start, cap)
        return [{**r, self.paged: cut(r[self.paged], start, cap)} for r in answer]

    def with_values(self, terms: dict[str, ox.NamedNode | ox.Literal | None]) -> str:
        """The query with the given parameter values in place of the defaults."""
        if not self.params:
            return self.text
        row = " ".join("UNDEF" if terms[p] is None else str(terms[p]) for p in self.params)
        block = f"VALUES ({' '.join('?' + p for p in self.params)}) {{ ({row}) }}"
        text = self.text.replace(self.block, "\0")
        for name in self.inline:
            term = terms[name]
            if term is not None:
                # backslashes doubled: re.sub reads escapes in its replacement text
                value = str(term).replace("\\", "\\\\")
                variable = re.compile(rf"\?{name}(?![A-Za-z0-9_])")
                text = "\n".join(
                    line if line.lstrip().startswith("#") else variable.sub(value, line)
                    for line in text.split("\n")
                )
        return text.replace("\0", block)


class Terms:
    """RDF terms to the values the Cypher form returns, and parameters to RDF terms."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base
        self.vocab = {str(k): v for k, v in model().vocab_key.items()}

    def value(self, term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            if iri in self.vocab:
                return self.vocab[iri]
            return iri.removeprefix(self.base)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _DECIMALS:
                return float(term.value)
            return term.value
        return None if term is None else str(term)

    def param(self, name: str, value: Any) -> ox.NamedNode | ox.Literal | None:
        if value is None:
            return None
        if name in ID_PARAMS:
            return ox.NamedNode(self.base + value)
        return ox.Literal(value)


def parse_form(name: str, text: str) -> SparqlForm:
    shape: list[str] = []
    then: str | None = None
    limit: str | None = None
    offset: str | None = None
    inline: list[str] = []
    paged: dict[str, str | None] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#:answer"):
            shape.append(stripped.removeprefix("#:answer"))
        elif stripped.startswith("#:then"):
            then = stripped.removeprefix("#:then").strip()
        elif stripped.startswith("#:limit"):
            limit, paged["limit"] = _page_line(stripped.removeprefix("#:limit"))
        elif stripped.startswith("#:offset"):
            offset, paged["offset"] = _page_line(stripped.removeprefix("#:offset"))
        elif stripped.startswith("#:inline"):
            inline.extend(stripped.removeprefix("#:inline").split())
    if not shape:
        raise UsageError(f"queries/{name}.rq has no #:answer line")
    if then is not None and then not in THEN:
        raise UsageError(f"queries/{name}.rq: unknown #:then step '{then}'")
    answer = parse_shape(" ".join(shape))
    if len(set(paged.values())) > 1:
        raise UsageError(f"queries/{name}.rq: #:limit and #:offset page different fields")
    field = next(iter(paged.values()), None)
    lists = {f.name for f in answer if f.kind == "records"}
    if field is not None and field not in lists:
        raise UsageError(f"queries/{name}.rq: #:limit pages '{field}', which is no list field")
    m = _BLOCK.search(text)
    params = tuple(v.lstrip("?") for v in m.group(1).split()) if m else ()
    for step, param in (("limit", limit), ("offset", offset)):
        if param is not None and param not in params:
            raise UsageError(f"queries/{name}.rq: #:{step} names no parameter '{param}'")
    unknown = [p for p in inline if p not in params]
    if unknown:
        raise UsageError(f"queries/{name}.rq: #:inline names no parameter {', '.join(unknown)}")
    form = SparqlForm(
        name,
        text,
        answer,
        then,
        limit,
        params,
        m.group(0) if m else "",
        tuple(inline),
        offset,
        field,
    )
    try:
        query = ox.Store().query(text, prefixes=QUERY_PREFIXES)
    except SyntaxError as e:
        raise UsageError(f"queries/{name}.rq is not valid SPARQL: {e}") from None
    if not isinstance(query, ox.QuerySolutions):
        raise UsageError(f"queries/{name}.rq must be a SELECT query")
    projected = {v.value for v in query.variables}
    missing = shape_variables(answer) - projected
    if missing:
        raise UsageError(
            f"queries/{name}.rq: the answer reads {', '.join(sorted(missing))}, "
            "which the SELECT does not project"
        )
    return form


def _page_line(rest: str) -> tuple[str, str | None]:
    """``PARAM [FIELD]`` of a ``#:limit`` or ``#:offset`` line."""
    words = rest.split()
    return (words[0] if words else ""), (words[1] if len(words) > 1 else None)


def defaults(form: SparqlForm) -> dict[str, Any]:
    """The parameter block's values, as the Cypher form's ``:param`` values."""
    if not form.params:
        return {}
    terms = Terms()
    solutions = ox.Store().query(f"SELECT * WHERE {{ {form.block} }}", prefixes=QUERY_PREFIXES)
    assert isinstance(solutions, ox.QuerySolutions)
    row = next(iter(solutions))
    return {p: terms.value(row[p]) for p in form.params}


@cache
def sparql_form(name: str) -> SparqlForm:
    """The SPARQL form of a named question; its parameters must be the Cypher form's."""
    path = home().queries / f"{name}.rq"
    if not path.is_file():
        raise UsageError(f"query '{name}' has no SPARQL form (queries/{name}.rq)")
    form = parse_form(name, path.read_text(encoding="utf-8"))
    expected = set(named_query(name).defaults)
    if set(form.params) != expected:
        raise UsageError(
            f"queries/{name}.rq takes ({', '.join(form.params)}) but {name}.cypher takes "
            f"({', '.join(sorted(expected))})"
        )
    return form
