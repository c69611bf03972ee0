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
// The ids of each alliance's members: kept on the alliance by the load (_members), or,
// on a graph loaded without them, read from its memberships (the filter on _members
// comes first, so a kept list reads no membership).
CALL (a) {
  OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(a)
  WHERE a._members IS NULL AND m.status IN ['active', 'proposed']
  WITH a, collect(DISTINCT f.id) AS found
  RETURN coalesce(a._members, found) AS in_a
}
CALL (b) {
  OPTIONAL MATCH (f:Organization)-[m:MEMBER_OF]->(b)
  WHERE b._members IS NULL AND m.status IN ['active', 'proposed']
  WITH b, collect(DISTINCT f.id) AS found
  RETURN coalesce(b._members, found) AS in_b
}
// The shared ids, by id: those found in both lists, by one grouping (a hash) of the
// two (each list holds an id once). Not by `x IN in_b` per id of in_a: Cypher checks
// that by a scan of the list, which is quadratic.
CALL (in_a, in_b) {
  UNWIND in_a + in_b AS x
  WITH x, count(*) AS n
  WHERE n = 2
  WITH x
  ORDER BY x
  RETURN collect(x) AS shared_ids
}
// The page cut from them (not by SKIP and LIMIT: Neo4j sizes an ORDER BY ... LIMIT's
// heap by the limit, too much for "every member"); only its members are read.
WITH a, b, size(in_a) AS size_a, size(in_b) AS size_b, size(shared_ids) AS n_shared,
     shared_ids[$offset..$offset + coalesce($limit, size(shared_ids))] AS page_ids
CALL (page_ids) {
  UNWIND page_ids AS id
  MATCH (s:Organization {id: id})
  WITH s
  ORDER BY s.id
  RETURN collect(s) AS page
}
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
