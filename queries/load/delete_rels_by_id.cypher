UNWIND $ids AS id
MATCH ()-[r:__TYPE__ {id: id}]->()
DELETE r
