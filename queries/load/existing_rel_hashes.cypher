// Every relationship the loader owns, by type, id and ends, with the hash of its
// content that the load wrote (null on one written without one).
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN type(r) AS type, r.id AS id, a.id AS start, b.id AS end, r._hash AS hash
