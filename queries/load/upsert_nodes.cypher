UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n = row.props
SET n:__LABELS__
