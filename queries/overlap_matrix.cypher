// The alliance × alliance matrix of shared-member counts
//
// Answers: how much does each alliance share with each other one? One row
// per ordered pair of distinct alliances, with the number of organisations
// that hold an active or proposed membership in both; the diagonal (a = b)
// gives each alliance's size.
//
// Parameters:
//   include_proposed  boolean, default true: include proposed alliances.
//
:param include_proposed => true;

MATCH (a:Alliance)
WHERE $include_proposed OR a.status <> 'proposed'
OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a) WHERE m.status IN ['active', 'proposed']
WITH a, collect(DISTINCT f.id) AS members
WITH collect({id: a.id, ko: a.name_ko, en: a.name_en, members: members}) AS alliances
UNWIND alliances AS x
UNWIND alliances AS y
RETURN x.id AS a, x.ko AS a_ko, x.en AS a_en, y.id AS b, y.ko AS b_ko, y.en AS b_en,
       size([f IN x.members WHERE f IN y.members]) AS shared
ORDER BY a, b;
