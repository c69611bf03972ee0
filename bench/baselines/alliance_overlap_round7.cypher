// Two alliances: shared members, Jaccard and overlap coefficient
//
// Answers: what does alliance A share with alliance B? The members both
// have (with their role in each and the sources), the size of each, the
// Jaccard index |A∩B| / |A∪B| and the overlap coefficient |A∩B| / min(|A|,|B|).
// Members are the organisations with an active or proposed membership; a
// proposed alliance counts its proposed members.
//
// Parameters:
//   a       alliance id, e.g. 'k-ai-alliance'
//   b       alliance id, e.g. 'ai-alliance'
//   limit   null (every shared member) or an integer >= 1: at most this many
//           shared members, by id. The sizes, shared_count and the two
//           coefficients always count every member.
//   offset  integer >= 0, default 0: skip this many shared members first.
//
:param a => 'k-ai-alliance';
:param b => 'korean-avengers';
:param limit => null;
:param offset => 0;

MATCH (a:Alliance {id: $a}), (b:Alliance {id: $b})
// Memory stays linear in the members: the members are lists of nodes, the shared
// ones found by one pass over a's members, each checked against b's (Cypher checks
// IN against the same list by a hash), and a member's map is built only on the
// page asked for.
CALL (b) {
  OPTIONAL MATCH (fb:Organization)-[mb:MEMBER_OF]->(b)
  WHERE mb.status IN ['active', 'proposed']
  RETURN collect(DISTINCT fb) AS in_b
}
CALL (a, in_b) {
  OPTIONAL MATCH (fa:Organization)-[ma:MEMBER_OF]->(a)
  WHERE ma.status IN ['active', 'proposed']
  WITH DISTINCT fa
  RETURN count(fa) AS size_a, collect(CASE WHEN fa IN in_b THEN fa END) AS shared_nodes
}
// the shared members by id, the page cut from them (not by SKIP and LIMIT: Neo4j
// sizes an ORDER BY ... LIMIT's heap by the limit, too much for "every member")
CALL (shared_nodes) {
  UNWIND shared_nodes AS s
  WITH s
  ORDER BY s.id
  RETURN collect(s) AS ranked
}
WITH a, b, size_a, size(in_b) AS size_b, size(shared_nodes) AS n_shared,
     ranked[$offset..$offset + coalesce($limit, size(ranked))] AS page
RETURN a.id AS a, a.name_ko AS a_ko, a.name_en AS a_en, size_a,
       b.id AS b, b.name_ko AS b_ko, b.name_en AS b_en, size_b,
       n_shared AS shared_count,
       CASE WHEN size_a + size_b - n_shared = 0 THEN 0.0
            ELSE toFloat(n_shared) / (size_a + size_b - n_shared) END AS jaccard,
       CASE WHEN size_a = 0 OR size_b = 0 THEN 0.0
            ELSE toFloat(n_shared) / CASE WHEN size_a < size_b THEN size_a ELSE size_b END
       END AS overlap_coefficient,
       [s IN page | {id: s.id, name_ko: s.name_ko, name_en: s.name_en,
         // each membership of s in a, then in b (none more when a = b)
         memberships:
           [(s)-[m:MEMBER_OF]->(a) WHERE m.status IN ['active', 'proposed'] |
              {alliance: a.id, role: m.role, status: m.status, sources: m.sources}]
           + CASE WHEN a = b THEN []
                  ELSE [(s)-[m:MEMBER_OF]->(b) WHERE m.status IN ['active', 'proposed'] |
                          {alliance: b.id, role: m.role, status: m.status, sources: m.sources}]
             END}] AS shared;
