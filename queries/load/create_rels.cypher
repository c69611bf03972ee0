UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props
