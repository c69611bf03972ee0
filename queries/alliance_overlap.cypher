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
// Memory stays linear in the members: the sizes are counted, not collected,
// and the shared members come from a pattern, one group per shared member.
CALL (a) {
  OPTIONAL MATCH (fa:Organization)-[ma:MEMBER_OF]->(a)
  WHERE ma.status IN ['active', 'proposed']
  RETURN count(DISTINCT fa.id) AS size_a
}
CALL (b) {
  OPTIONAL MATCH (fb:Organization)-[mb:MEMBER_OF]->(b)
  WHERE mb.status IN ['active', 'proposed']
  RETURN count(DISTINCT fb.id) AS size_b
}
CALL (a, b) {
  // two MATCH clauses, not one: when a = b, ma and mb may be the same membership
  MATCH (s:Organization)-[ma:MEMBER_OF]->(a)
  WHERE ma.status IN ['active', 'proposed']
  MATCH (s)-[mb:MEMBER_OF]->(b)
  WHERE mb.status IN ['active', 'proposed']
  WITH s, collect(DISTINCT ma) AS in_a, collect(DISTINCT mb) AS in_b
  RETURN count(DISTINCT s.id) AS n_shared,
         collect({id: s.id, name_ko: s.name_ko, name_en: s.name_en,
                  // each membership of s in a or b once (in_b is in_a when a = b)
                  memberships:
                    [m IN in_a | {alliance: a.id, role: m.role, status: m.status, sources: m.sources}]
                    + CASE WHEN a = b THEN []
                           ELSE [m IN in_b | {alliance: b.id, role: m.role, status: m.status,
                                              sources: m.sources}]
                      END}) AS shared
}
RETURN a.id AS a, a.name_ko AS a_ko, a.name_en AS a_en, size_a,
       b.id AS b, b.name_ko AS b_ko, b.name_en AS b_en, size_b,
       n_shared AS shared_count,
       CASE WHEN size_a + size_b - n_shared = 0 THEN 0.0
            ELSE toFloat(n_shared) / (size_a + size_b - n_shared) END AS jaccard,
       CASE WHEN size_a = 0 OR size_b = 0 THEN 0.0
            ELSE toFloat(n_shared) / CASE WHEN size_a < size_b THEN size_a ELSE size_b END
       END AS overlap_coefficient,
       shared;
