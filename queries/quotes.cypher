// Quotes by person or about an alliance, with their sources
//
// Answers: who said what about it, where, and according to which source?
// Give a person, an alliance (or any organisation) the quote is about, or
// both; null means any.
//
// Parameters:
//   person    person id or null, e.g. 'ryu-young-sang'
//   about     organisation or alliance id or null, e.g. 'k-ai-alliance'
//
:param person => null;
:param about => 'k-ai-alliance';

MATCH (q:Quote)-[:SAID_BY]->(p:Person)
WHERE ($person IS NULL OR p.id = $person)
  AND ($about IS NULL OR EXISTS { MATCH (q)-[:ABOUT]->({id: $about}) })
OPTIONAL MATCH (q)-[:ABOUT]->(x)
WITH q, p, collect({id: x.id, name_ko: x.name_ko, name_en: x.name_en}) AS about
OPTIONAL MATCH (p)-[h:HOLDS_POST {id: q.speaker_post}]->(o:Organization)
OPTIONAL MATCH (s:Source) WHERE s.id IN q.sources
WITH q, p, about, h, o, collect(s {.id, .title_ko, .title_en, .url, .published}) AS sources
RETURN q.id AS id, q.text_ko AS text_ko, q.translation_en AS translation_en,
       q.direct AS direct, q.said_at_ko AS said_at_ko, q.said_on AS said_on,
       {id: p.id, name_ko: p.name_ko, name_en: p.name_en} AS speaker,
       CASE WHEN h IS NULL THEN null ELSE
         {title_ko: h.title_ko, title_en: h.title_en, organization: o.id,
          organization_ko: o.name_ko, organization_en: o.name_en} END AS speaker_post,
       [t IN about WHERE t.id IS NOT NULL] AS about,
       q.evidence_ko AS evidence_ko, sources
ORDER BY id;
