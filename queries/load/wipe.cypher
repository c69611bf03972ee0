// Delete every node the loader owns, with its relationships, in batches.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
