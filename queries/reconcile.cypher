// Candidates for a name: organisations, alliances and people it may stand for
//
// Answers: which entities could this name (a cell of someone's spreadsheet)
// mean? The full-text matches of search, organisations and people only,
// each with the alliances it is a member of. The reconciliation API
// (/reconcile) scores each candidate's names against the name itself.
//
// Parameters:
//   q      the name to reconcile, e.g. 'SKT' or 'SK텔레콤' (in Browser, Latin and
//          Hangul runs apart: 'SK 텔레콤', as the API sends it)
//   limit  integer, default 25: at most this many candidates
//
:param q => 'SKT';
:param limit => 25;

CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
WHERE node:Organization OR node:Person
WITH node, score
ORDER BY score DESC, node.id
LIMIT coalesce($limit, 1000000000000)
OPTIONAL MATCH (node)-[m:MEMBER_OF]->(a:Alliance)
WHERE m.status IN ['active', 'proposed']
WITH node, score, a
ORDER BY a.id
WITH node, score,
     collect(DISTINCT CASE WHEN a IS NULL THEN null ELSE
       {id: a.id, name_ko: a.name_ko, name_en: a.name_en} END) AS alliances
RETURN node.id AS id, [l IN labels(node) WHERE l <> 'Organization'][0] AS kind,
       node.name_ko AS name_ko, node.name_en AS name_en, node.aliases AS aliases,
       alliances, score
ORDER BY score DESC, id;
