// Bridge firms: the only link between two alliances
//
// Answers: which firms connect alliances that would otherwise share no
// member? A firm bridges alliances A and B when it is a member of both and
// no other organisation is. Firms are ranked by how many pairs they bridge.
// Active memberships of launched alliances only, unless include_proposed.
//
// Parameters:
//   include_proposed  boolean, default false: count proposed alliances and
//                     proposed memberships too.
//
:param include_proposed => false;

MATCH (f:Organization)-[m1:MEMBER_OF]->(a:Alliance),
      (f)-[m2:MEMBER_OF]->(b:Alliance)
WHERE NOT f:Alliance AND a.id < b.id
  AND ($include_proposed OR (a.status <> 'proposed' AND b.status <> 'proposed'
       AND m1.status = 'active' AND m2.status = 'active'))
  AND m1.status IN ['active', 'proposed'] AND m2.status IN ['active', 'proposed']
WITH a, b, collect(DISTINCT f) AS shared
WHERE size(shared) = 1
WITH shared[0] AS f, collect({a: a.id, a_ko: a.name_ko, b: b.id, b_ko: b.name_ko}) AS pairs
RETURN f.id AS id, f.name_ko AS name_ko, f.name_en AS name_en,
       size(pairs) AS bridged_pairs, pairs
ORDER BY bridged_pairs DESC, id;
