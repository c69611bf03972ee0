// Names and aliases in Korean and English. The cjk analyzer splits Hangul into
// bigrams, so "텔레콤" finds "SK텔레콤"; Latin text is tokenised as usual.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Organization|Person|Segment) ON EACH [n.name_ko, n.name_en, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}
