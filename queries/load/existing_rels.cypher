// Every relationship the loader owns: those of a type of the ontology, one record per
// start node with its relationships as [type, id, end, properties] rows. A few rows per
// record cost the driver less than a record per relationship, and the server holds
// only one node's relationships at a time.
MATCH (a)
CALL (a) {
  MATCH (a)-[r]->(b)
  WHERE type(r) IN $types
  RETURN collect([type(r), r.id, b.id, properties(r)]) AS rows
}
WITH a, rows
WHERE size(rows) > 0
RETURN a.id AS start, rows
