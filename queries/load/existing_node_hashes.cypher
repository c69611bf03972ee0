// Every node the loader owns, as [id, labels, hash]: the hash of its content that the
// load wrote (null on a node written without one). Sent as lists of $chunk rows, a
// few large records rather than one small record per node.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
WITH collect([n.id, labels(n), n._hash]) AS found
UNWIND range(0, size(found) - 1, $chunk) AS i
RETURN found[i..i + $chunk] AS rows
