"""Response models for node property maps (Cypher's ``n {.*}``), made from the ontology.

A node's properties are the ontology's keys as the RDF ⇄ property graph mapping
writes them: ``<key>_<lang>`` for text in each of the graph's languages, the
value's key for a controlled vocabulary, ids for references held as properties,
lists for multi-valued keys. The models say exactly that, so the OpenAPI schema
lists every property a node can have and nothing else, and cannot drift from the
model.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from rdflib.namespace import XSD

from ..ontology.model import Cls, Kind, Model, Prop, model
from ..ontology.vocab import AKG
from ..rdf.mapping import is_id_property
from ..rdf.propertygraph import lang_key


class Closed(BaseModel):
    """A JSON object with exactly the declared keys (the schema says
    ``additionalProperties: false``)."""

    model_config = ConfigDict(extra="forbid")


_LITERALS: dict[str, type] = {str(XSD.boolean): bool, str(XSD.integer): int}


def _value_type(m: Model, prop: Prop) -> Any:
    if prop.kind is Kind.VOCAB:
        return Literal[tuple(sorted(m.vocab[prop.range]))]
    if prop.kind is Kind.LITERAL:
        return _LITERALS.get(str(prop.range), str)
    return str


def _describe(prop: Prop) -> str:
    if prop.kind is Kind.DATE:
        return f"{prop.key}: a date at the precision stated (YYYY, YYYY-MM, YYYY-MM-DD) or Y-1"
    if prop.kind is Kind.REF:
        return f"{prop.key}: id{'s' if prop.multi else ''}"
    return prop.key


def node_fields(cls: Cls, m: Model | None = None) -> dict[str, Any]:
    """Every property a node of ``cls`` (or of one of its kinds) may carry, none required
    but ``id``."""
    m = m or model()
    scope = [cls] + [
        c for c in m.classes.values() if cls.iri in c.supers and c.section is None and c.label
    ]
    fields: dict[str, Any] = {"id": (str, ...)}
    for c in scope:
        for prop in c.props.values():
            if prop.kind is Kind.REF and not is_id_property(m, c, prop):
                continue  # a relationship in the property graph, not a property
            one = _value_type(m, prop)
            kind = list[one] if prop.multi else one  # type: ignore[valid-type]
            described = Field(None, description=_describe(prop))
            if prop.kind is Kind.LANG:
                for lang in m.languages:
                    fields[lang_key(prop.key, lang)] = (kind | None, described)
            else:
                fields[prop.key] = (kind | None, described)
    return fields


@cache
def node_model(local_name: str, **extra: Any) -> type[Closed]:
    """The model of a node map of the ontology class ``akg:<local_name>``, with ``extra``
    fields (``name=(type, default)``) that a query adds to the map."""
    m = model()
    cls = m.classes[AKG[local_name]]
    fields = {**node_fields(cls, m), **extra}
    suffix = "".join(k.title().replace("_", "") for k in sorted(extra))
    return create_model(f"{local_name}Node{suffix}", __base__=Closed, **fields)
