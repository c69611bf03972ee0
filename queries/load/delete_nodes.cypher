UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
DETACH DELETE n
