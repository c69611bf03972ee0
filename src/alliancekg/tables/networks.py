"""The alliance network for Gephi, yEd and networkx: GraphML and GEXF.

Nodes are the organisations and the alliances (``kind`` says which: ``Company``,
``University``, ``Alliance``, ...), labelled with their Korean name, else their
English name, else their id. Edges are the memberships, from the member to the
alliance, with the membership's id, role, status, dates, basis and sources (ids,
separated by ``|``). A firm that left and joined again has two edges.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from rdflib import Graph

from ..config import DEFAULT_BASE_IRI
from ..ontology.model import Model, model
from ..rdf.mapping import to_property_graph
from ..rdf.propertygraph import PropertyGraph
from .cells import join_list

NODE_KEYS = ("label", "name_ko", "name_en", "kind")
EDGE_KEYS = ("membership", "role", "status", "joined", "left", "basis", "sources")
# Characters XML 1.0 cannot hold; a name with one keeps its place as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    text = join_list([str(v) for v in value]) if isinstance(value, list) else str(value)
    return _NOT_XML.sub("\ufffd", text)


def _network(
    graph: Graph, base: str, m: Model
) -> tuple[list[tuple[str, dict[str, str]]], list[tuple[str, str, str, dict[str, str]]]]:
    pg: PropertyGraph = to_property_graph(graph, base, m)
    nodes: list[tuple[str, dict[str, str]]] = []
    for node in sorted(pg.nodes.values(), key=lambda n: n.id):
        if "Organization" not in node.labels:
            continue
        props = node.props
        label = props.get("name_ko") or props.get("name_en") or node.id
        attrs = {"label": label, "kind": node.labels[0]}
        for key in ("name_ko", "name_en"):
            if key in props:
                attrs[key] = props[key]
        nodes.append((node.id, {k: _text(v) for k, v in attrs.items()}))
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    for rel in sorted(pg.rels.values(), key=lambda r: r.id or ""):
        if rel.type != "MEMBER_OF" or rel.id is None:
            continue
        attrs = {"membership": rel.id}
        attrs.update({k: rel.props[k] for k in EDGE_KEYS if k in rel.props})
        edges.append((rel.id, rel.start, rel.end, {k: _text(v) for k, v in attrs.items()}))
    return nodes, edges


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def graphml(graph: Graph, base: str = DEFAULT_BASE_IRI, m: Model | None = None) -> bytes:
    """The network as GraphML (directed; parallel edges allowed)."""
    nodes, edges = _network(graph, base, m or model())
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", {"xmlns": ns})
    for where, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key in keys:
            ET.SubElement(
                root,
                "key",
                {"id": f"{where}.{key}", "for": where, "attr.name": key, "attr.type": "string"},
            )
    g = ET.SubElement(root, "graph", {"id": "alliancekg", "edgedefault": "directed"})
    for ident, attrs in nodes:
        node = ET.SubElement(g, "node", {"id": ident})
        for key, value in attrs.items():
            ET.SubElement(node, "data", {"key": f"node.{key}"}).text = value
    for ident, start, end, attrs in edges:
        edge = ET.SubElement(g, "edge", {"id": ident, "source": start, "target": end})
        for key, value in attrs.items():
            ET.SubElement(edge, "data", {"key": f"edge.{key}"}).text = value
    return _xml(root)


def gexf(graph: Graph, base: str = DEFAULT_BASE_IRI, m: Model | None = None) -> bytes:
    """The network as GEXF 1.2 (Gephi's format; directed, static)."""
    nodes, edges = _network(graph, base, m or model())
    root = ET.Element("gexf", {"xmlns": "http://www.gexf.net/1.2draft", "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "alliancekg"
    g = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    for where, keys in (("node", NODE_KEYS[1:]), ("edge", EDGE_KEYS)):
        attributes = ET.SubElement(g, "attributes", {"class": where, "mode": "static"})
        for i, key in enumerate(keys):
            ET.SubElement(attributes, "attribute", {"id": str(i), "title": key, "type": "string"})
    xml_nodes = ET.SubElement(g, "nodes")
    for ident, attrs in nodes:
        node = ET.SubElement(xml_nodes, "node", {"id": ident, "label": attrs["label"]})
        values = ET.SubElement(node, "attvalues")
        for i, key in enumerate(NODE_KEYS[1:]):
            if key in attrs:
                ET.SubElement(values, "attvalue", {"for": str(i), "value": attrs[key]})
    xml_edges = ET.SubElement(g, "edges")
    for ident, start, end, attrs in edges:
        edge = ET.SubElement(
            xml_edges, "edge", {"id": ident, "source": start, "target": end, "label": attrs["role"]}
        )
        values = ET.SubElement(edge, "attvalues")
        for i, key in enumerate(EDGE_KEYS):
            if key in attrs:
                ET.SubElement(values, "attvalue", {"for": str(i), "value": attrs[key]})
    return _xml(root)
