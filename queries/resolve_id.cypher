// The entity an id was merged into
//
// Answers: which entity does this id belong to now? When 'same' judgements
// merge entities, the merged entity keeps one id and lists the others in
// same_as; the API redirects requests for those ids to it.
//
// Parameters:
//   id  an id, e.g. 'sk_telecom'
//
:param id => 'sk_telecom';

MATCH (n)
WHERE (n:Organization OR n:Person) AND $id IN n.same_as
RETURN n.id AS canonical
ORDER BY canonical
LIMIT 1;
