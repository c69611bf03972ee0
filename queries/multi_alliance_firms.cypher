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
//                  date that cannot be compared for sure makes the membership
//                  'uncertain' (see docs/api.md, "As of a date").
//
:param min_alliances => 2;
:param include_proposed => false;
:param as_of => null;

MATCH (f:Organization)
// A firm in N alliances has at least N MEMBER_OF relationships. That count
// comes from the degree store, so firms with fewer are dropped before any of
// their memberships is expanded (the subquery makes the expansion start from
// the firms that pass, not from every alliance).
WHERE NOT f:Alliance AND COUNT { (f)-[:MEMBER_OF]->() } >= $min_alliances
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
WITH f,
     collect(DISTINCT a.id) AS alliances,
     collect(DISTINCT CASE WHEN certainty = 'certain' THEN a.id END) AS certain_alliances,
     collect({
       alliance: a.id, alliance_ko: a.name_ko, alliance_en: a.name_en,
       membership: m.id, role: m.role, status: m.status, joined: m.joined, left: m.left,
       certainty: certainty, basis: m.basis, sources: m.sources
     }) AS memberships
WHERE size(alliances) >= $min_alliances
RETURN f.id AS id, f.name_ko AS name_ko, f.name_en AS name_en,
       [l IN labels(f) WHERE l <> 'Organization'][0] AS kind,
       size(alliances) AS alliance_count,
       size(certain_alliances) >= $min_alliances AS certain,
       memberships
ORDER BY alliance_count DESC, id;
