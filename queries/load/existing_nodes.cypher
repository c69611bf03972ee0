// Every node the loader owns: those carrying a label of the ontology.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
