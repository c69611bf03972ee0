// Nodes per label and relationships per type, for the ontology's labels and types.
CALL {
  UNWIND $labels AS label
  MATCH (n) WHERE label IN labels(n)
  RETURN 'label' AS kind, label AS name, count(n) AS count
  UNION ALL
  UNWIND $types AS type
  MATCH ()-[r]->() WHERE type(r) = type
  RETURN 'type' AS kind, type AS name, count(r) AS count
}
RETURN kind, name, count
