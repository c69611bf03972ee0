// Firms in at least N alliances
//
// Answers: which firms sit in more than one alliance? Each firm comes with
// every alliance it is in, its role there, when it joined, and the sources
// that state each membership. Proposed alliances and proposed memberships
// count only with include_proposed.
//
// Parameters:
//   min_alliances  integer >= 1, default 2: how many alliances a firm must be in.
//   include_proposed  boolean, default false: also count proposed alliances
//                  and proposed memberships (e.g. the "대한민국 어벤저스" idea).
//   as_of          null (now: memberships with status active) or a date
//                  'YYYY-MM-DD': memberships joined on or before it and not
//                  left before it. A partial or relative
//                  date that cannot be compared for sure makes the membership's
//                  date_certainty 'uncertain' (see docs/api.md, "As of a date");
//                  dates_certain says whether the dates settle that the firm is
//                  in min_alliances alliances on that date.
//   limit          null (every firm) or an integer >= 1: at most this many firms,
//                  in the answer's order (most alliances first, then by id).
//   offset         integer >= 0, default 0: skip this many firms first.
//
:param min_alliances => 2;
:param include_proposed => false;
:param as_of => null;
:param limit => null;
:param offset => 0;

// A page needs only the firms that can reach it. Take the offset + limit firms
// with the most alliances now (_alliance_count, kept on each organisation by
// every load and indexed: proposals included, so never fewer than the count
// here) and count their alliances: at least offset + limit firms are in that
// many or more, so a firm in fewer is not on the page. (Only with as_of null,
// where a count needs no dates.)
CALL () {
  MATCH (f:Organization)
  WHERE f._alliance_count >= 0 AND $limit IS NOT NULL AND $as_of IS NULL
  WITH f
  ORDER BY f._alliance_count DESC
  LIMIT coalesce($offset + $limit, 0)
  CALL (f) {
    MATCH (f)-[m:MEMBER_OF]->(a:Alliance)
    WHERE ($include_proposed OR (a.status <> 'proposed' AND m.status <> 'proposed'))
      AND m.status IN ['active', 'proposed']
    RETURN count(DISTINCT a) AS held
  }
  RETURN min(held) AS page_floor
}
WITH CASE WHEN page_floor > $min_alliances THEN page_floor ELSE $min_alliances END AS least
// Now (as_of null), a firm in N alliances has _alliance_count >= N: the index
// gives those firms and no other. As of a date, or in a graph loaded without the
// kept counts, a firm in N alliances has at least N MEMBER_OF relationships; that
// count comes from the degree store. Either way, firms with fewer are dropped
// before any of their memberships is expanded (the subquery makes the expansion
// start from the firms that pass, not from every alliance).
WITH least,
     $as_of IS NULL
       AND EXISTS { MATCH (k:Organization) WHERE k._alliance_count >= 0 } AS by_count
CALL (least, by_count) {
  WITH least, by_count WHERE by_count
  MATCH (f:Organization)
  WHERE f._alliance_count >= least
  RETURN f
  UNION
  UNWIND CASE WHEN by_count THEN [] ELSE [least] END AS at_least
  MATCH (f:Organization)
  WHERE COUNT { (f)-[:MEMBER_OF]->() } >= at_least
  RETURN f
}
WITH f WHERE NOT f:Alliance
CALL (f) {
  MATCH (f)-[m:MEMBER_OF]->(a:Alliance)
  WHERE ($include_proposed OR (a.status <> 'proposed' AND m.status <> 'proposed'))
    AND ($as_of IS NOT NULL OR m.status IN ['active', 'proposed'])
  RETURN m, a
}
WITH f, m, a,
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
WITH f, m, a,
     CASE
       WHEN joined_by = 'no' OR not_left_by = 'no' THEN 'no'
       WHEN joined_by = 'certain' AND not_left_by = 'certain' THEN 'certain'
       ELSE 'uncertain'
     END AS certainty
WHERE certainty <> 'no'
// Only the page is turned into maps: the ordering needs every firm's count,
// not every firm's memberships.
WITH f,
     collect(DISTINCT a.id) AS alliances,
     collect(DISTINCT CASE WHEN certainty = 'certain' THEN a.id END) AS certain_alliances,
     collect([m, a, certainty]) AS held
WHERE size(alliances) >= $min_alliances
WITH f, size(alliances) AS alliance_count,
     size(certain_alliances) >= $min_alliances AS dates_certain, held
ORDER BY alliance_count DESC, f.id
SKIP $offset
LIMIT coalesce($limit, 1000000000000)
RETURN f.id AS id, f.name_ko AS name_ko, f.name_en AS name_en,
       [l IN labels(f) WHERE l <> 'Organization'][0] AS kind,
       alliance_count, dates_certain,
       [x IN held | {
         alliance: x[1].id, alliance_ko: x[1].name_ko, alliance_en: x[1].name_en,
         membership: x[0].id, role: x[0].role, status: x[0].status,
         joined: x[0].joined, left: x[0].left,
         date_certainty: x[2], basis: x[0].basis, sources: x[0].sources
       }] AS memberships;
