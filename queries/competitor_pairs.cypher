// Competitor co-membership: firms of the same segment in the same alliance
//
// Answers: which pairs of firms that work in the same value-chain segment
// sit together in at least one alliance? This is where the collusion worry
// (담합) voiced in the article would bite. Each pair comes with the shared
// segments (and the basis of each assignment: stated or curator judgment)
// and the alliances they share.
//
// Parameters:
//   include_proposed  boolean, default false: count proposed alliances too.
//   limit             null (every pair) or an integer >= 1: at most this many
//                     pairs, in the answer's order (by a, then b).
//   offset            integer >= 0, default 0: skip this many pairs first.
//
:param include_proposed => false;
:param limit => null;
:param offset => 0;

MATCH (f1:Organization)-[s1:IN_SEGMENT]->(seg:Segment)<-[s2:IN_SEGMENT]-(f2:Organization)
WHERE f1.id < f2.id AND NOT f1:Alliance AND NOT f2:Alliance
MATCH (f1)-[m1:MEMBER_OF]->(a:Alliance)<-[m2:MEMBER_OF]-(f2)
WHERE ($include_proposed OR (a.status <> 'proposed' AND m1.status = 'active'
       AND m2.status = 'active'))
  AND m1.status IN ['active', 'proposed'] AND m2.status IN ['active', 'proposed']
WITH f1, f2,
     collect(DISTINCT {id: seg.id, name_ko: seg.name_ko, name_en: seg.name_en,
                       basis: [s1.basis, s2.basis]}) AS segments,
     collect(DISTINCT {id: a.id, name_ko: a.name_ko, name_en: a.name_en}) AS alliances
RETURN f1.id AS a, f1.name_ko AS a_ko, f1.name_en AS a_en,
       f2.id AS b, f2.name_ko AS b_ko, f2.name_en AS b_en,
       segments, alliances
ORDER BY a, b
SKIP $offset
LIMIT coalesce($limit, 1000000000000);
