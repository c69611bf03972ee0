// Every relationship the loader owns, as [type, id, start, end, hash]: the hash of its
// content that the load wrote (null on one written without one). Sent as lists of
// $chunk rows, a few large records rather than one small record per relationship.
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
WITH collect([type(r), r.id, a.id, b.id, r._hash]) AS found
UNWIND range(0, size(found) - 1, $chunk) AS i
RETURN found[i..i + $chunk] AS rows
