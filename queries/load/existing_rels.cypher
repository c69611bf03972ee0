// Every relationship the loader owns: those of a type of the ontology.
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN type(r) AS type, r.id AS id, a.id AS start, b.id AS end, properties(r) AS props
