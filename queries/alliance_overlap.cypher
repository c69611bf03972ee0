// Two alliances: shared members, Jaccard and overlap coefficient
//
// Answers: what does alliance A share with alliance B? The members both
// have (with their role in each and the sources), the size of each, the
// Jaccard index |A∩B| / |A∪B| and the overlap coefficient |A∩B| / min(|A|,|B|).
// Members are the organisations with an active or proposed membership; a
// proposed alliance counts its proposed members.
//
// Parameters:
//   a  alliance id, e.g. 'k-ai-alliance'
//   b  alliance id, e.g. 'ai-alliance'
//
:param a => 'k-ai-alliance';
:param b => 'korean-avengers';

MATCH (a:Alliance {id: $a}), (b:Alliance {id: $b})
OPTIONAL MATCH (fa:Organization)-[ma:MEMBER_OF]->(a) WHERE ma.status IN ['active', 'proposed']
WITH a, b, collect(DISTINCT fa.id) AS members_a
OPTIONAL MATCH (fb:Organization)-[mb:MEMBER_OF]->(b) WHERE mb.status IN ['active', 'proposed']
WITH a, b, members_a, collect(DISTINCT fb.id) AS members_b
WITH a, b, members_a, members_b, [x IN members_a WHERE x IN members_b] AS shared_ids
OPTIONAL MATCH (s:Organization)-[m:MEMBER_OF]->(x:Alliance)
WHERE s.id IN shared_ids AND x IN [a, b] AND m.status IN ['active', 'proposed']
WITH a, b, members_a, members_b, shared_ids, s,
     collect({alliance: x.id, role: m.role, status: m.status, sources: m.sources}) AS roles
WITH a, b, members_a, members_b, shared_ids,
     collect(CASE WHEN s IS NULL THEN null
                  ELSE {id: s.id, name_ko: s.name_ko, name_en: s.name_en, memberships: roles} END)
       AS shared
WITH a, b, size(members_a) AS size_a, size(members_b) AS size_b, size(shared_ids) AS n_shared,
     shared
RETURN a.id AS a, a.name_ko AS a_ko, a.name_en AS a_en, size_a,
       b.id AS b, b.name_ko AS b_ko, b.name_en AS b_en, size_b,
       n_shared AS shared_count,
       CASE WHEN size_a + size_b - n_shared = 0 THEN 0.0
            ELSE toFloat(n_shared) / (size_a + size_b - n_shared) END AS jaccard,
       CASE WHEN size_a = 0 OR size_b = 0 THEN 0.0
            ELSE toFloat(n_shared) / CASE WHEN size_a < size_b THEN size_a ELSE size_b END
       END AS overlap_coefficient,
       shared;
