// Every node the loader owns, by id and labels, with the hash of its content that
// the load wrote (null on a node written without one).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN n.id AS id, labels(n) AS labels, n._hash AS hash
