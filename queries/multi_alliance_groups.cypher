// Groups in at least N alliances (multi_alliance_firms with rollup=group)
//
// Answers: which groups of companies sit in more than one alliance? A firm
// counts at its top parent (follow SUBSIDIARY_OF, the seeds' `parent`, up to an
// organisation without one; a firm without a parent is its own group): AWS in
// one alliance and Amazon in another make Amazon a group in two. Each
// membership says which firm of the group holds it (member).
//
// Parameters: as in multi_alliance_firms.
//   min_alliances  integer >= 1, default 2: how many alliances a group must be in.
//   include_proposed  boolean, default false: also count proposed alliances
//                  and proposed memberships.
//   as_of          null (now: memberships with status active) or a date
//                  'YYYY-MM-DD' (see docs/api.md, "As of a date").
//   limit          null (every group) or an integer >= 1: at most this many groups,
//                  in the answer's order (most alliances first, then by id).
//   offset         integer >= 0, default 0: skip this many groups first.
//
:param min_alliances => 2;
:param include_proposed => false;
:param as_of => null;
:param limit => null;
:param offset => 0;

MATCH (f:Organization)-[m:MEMBER_OF]->(a:Alliance)
WHERE NOT f:Alliance
  AND ($include_proposed OR (a.status <> 'proposed' AND m.status <> 'proposed'))
  AND ($as_of IS NOT NULL OR m.status IN ['active', 'proposed'])
// the top parent: the last organisation of the longest SUBSIDIARY_OF chain
OPTIONAL MATCH (f)-[:SUBSIDIARY_OF*1..]->(top:Organization)
WHERE NOT (top)-[:SUBSIDIARY_OF]->()
WITH f, m, a, coalesce(top, f) AS g
WITH f, m, a, g,
     CASE
       WHEN $as_of IS NULL THEN 'certain'
       WHEN m.joined IS NULL OR m.joined STARTS WITH 'Y' THEN 'uncertain'
       WHEN m.joined < left($as_of, size(m.joined)) THEN 'certain'
       WHEN m.joined > left($as_of, size(m.joined)) THEN 'no'
       // same year or month: certain only on its last day
       WHEN left(toString(date($as_of) + duration('P1D')), size(m.joined)) <> m.joined
         THEN 'certain'
       ELSE 'uncertain'
     END AS joined_by,
     CASE
       WHEN $as_of IS NULL THEN 'certain'
       WHEN m.left IS NULL THEN CASE WHEN m.status = 'ended' THEN 'uncertain' ELSE 'certain' END
       WHEN m.left STARTS WITH 'Y' THEN 'uncertain'
       WHEN m.left > left($as_of, size(m.left)) THEN 'certain'
       WHEN m.left < left($as_of, size(m.left)) THEN 'no'
       // same year or month: certain only on its first day
       WHEN left(toString(date($as_of) - duration('P1D')), size(m.left)) <> m.left
         THEN 'certain'
       ELSE 'uncertain'
     END AS not_left_by
WITH f, m, a, g,
     CASE
       WHEN joined_by = 'no' OR not_left_by = 'no' THEN 'no'
       WHEN joined_by = 'certain' AND not_left_by = 'certain' THEN 'certain'
       ELSE 'uncertain'
     END AS certainty
WHERE certainty <> 'no'
WITH g,
     collect(DISTINCT a.id) AS alliances,
     collect(DISTINCT CASE WHEN certainty = 'certain' THEN a.id END) AS certain_alliances,
     collect([m, a, certainty, f]) AS held
WHERE size(alliances) >= $min_alliances
WITH g, size(alliances) AS alliance_count,
     size(certain_alliances) >= $min_alliances AS dates_certain, held
ORDER BY alliance_count DESC, g.id
SKIP $offset
LIMIT coalesce($limit, 1000000000000)
RETURN g.id AS id, g.name_ko AS name_ko, g.name_en AS name_en,
       [l IN labels(g) WHERE l <> 'Organization'][0] AS kind,
       alliance_count, dates_certain,
       [x IN held | {
         alliance: x[1].id, alliance_ko: x[1].name_ko, alliance_en: x[1].name_en,
         membership: x[0].id, role: x[0].role, status: x[0].status,
         joined: x[0].joined, left: x[0].left,
         date_certainty: x[2], basis: x[0].basis, sources: x[0].sources,
         member: x[3].id, member_ko: x[3].name_ko, member_en: x[3].name_en
       }] AS memberships;
