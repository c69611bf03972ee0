// One entity and the facts that point at it: the node itself with its
// outgoing references, relationships that stand for facts about it
// (memberships, posts, segment assignments), and the fact nodes (quotes,
// figures, events) that refer to it, each with its outgoing references.
MATCH (n {id: $id})
WHERE any(label IN labels(n) WHERE label IN $labels)
CALL (n) {
  OPTIONAL MATCH (n)-[r]->(x) WHERE type(r) IN $types
  RETURN collect({type: type(r), id: r.id, start: n.id, end: x.id, props: properties(r)}) AS own
}
CALL (n) {
  OPTIONAL MATCH (x)-[r]->(n) WHERE type(r) IN $fact_rel_types
  RETURN collect({type: type(r), id: r.id, start: x.id, end: n.id, props: properties(r)}) AS facts
}
CALL (n) {
  OPTIONAL MATCH (f)-[]->(n) WHERE any(label IN labels(f) WHERE label IN $fact_labels)
  WITH DISTINCT f WHERE f IS NOT NULL
  OPTIONAL MATCH (f)-[r]->(y) WHERE type(r) IN $types
  WITH f, collect({type: type(r), id: r.id, start: f.id, end: y.id, props: properties(r)}) AS out
  RETURN collect({id: f.id, labels: labels(f), props: properties(f), rels: out}) AS fact_nodes
}
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, own, facts, fact_nodes
