// Search organisations, alliances, people and segments by name or alias
//
// Answers: which entities match this text, in Korean or English, by name
// or alias? Uses the full-text index entity_names (cjk analyzer: Hangul
// is split into bigrams, so part of a Korean name matches). The index holds
// names with Latin and Hangul runs apart ("SK 텔레콤"); the API splits the
// search text the same way, so in Browser write "SK 텔레콤", not "SK텔레콤".
//
// Parameters:
//   q      the text to look for, e.g. 'SKT', '텔레콤', 'Kolon'
//   limit  integer, default 20 (null: every match)
//
:param q => 'SKT';
:param limit => 20;

CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT coalesce($limit, 1000000000000)
RETURN node.id AS id, [l IN labels(node) WHERE l <> 'Organization'][0] AS kind,
       node.name_ko AS name_ko, node.name_en AS name_en, node.aliases AS aliases,
       score;
