"""What the last load into a Neo4j database was made from, kept in the cache folder.

After a load, one small file (per server and database) keeps the fingerprint of its
seed files (:func:`~alliancekg.ingest.fingerprint.seeds_fingerprint`), the hashes of
the source texts it read, the database's version once it had committed, what the
graph then held and the warnings it gave. A later load of seeds with the same
fingerprint and texts, into a database whose version is still that one (nothing
committed since, by anyone), knows the graph already holds them without reading
the seeds or the graph. Nothing is kept when the cache folder is switched off
(``ALLIANCEKG_CACHE_DIR`` set empty), and a file that cannot be read is none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import cache_dir, keep
from ..exc import Problem
from ..neo4j.load import Summary

_FORMAT = 1


@dataclass(frozen=True)
class LastLoad:
    seeds: str  # the seed files' fingerprint
    texts: dict[str, str]  # each source text read with them: its hash, by absolute path
    version: str  # the database's version once the load had committed
    held: dict[str, int]  # nodes per label and relationships per type, as a load counts
    warnings: list[Problem]

    def summary(self) -> Summary:
        """What a load that writes nothing into the graph as this load left it reports."""
        return Summary(unchanged=Counter(self.held), version=self.version)

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["format"] = _FORMAT
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LastLoad:
        if data.get("format") != _FORMAT:
            raise ValueError("another format")
        return cls(
            seeds=str(data["seeds"]),
            texts={str(k): str(v) for k, v in data["texts"].items()},
            version=str(data["version"]),
            held={str(k): int(v) for k, v in data["held"].items()},
            warnings=[Problem(**w) for w in data["warnings"]],
        )


def _file(uri: str, database: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{uri}\0{database}".encode()).hexdigest()[:32]
    return folder / "loads" / f"{key}.json"


def last_load(uri: str, database: str) -> LastLoad | None:
    """What the last load into ``database`` at ``uri`` from this machine was made from;
    None when none is kept."""
    path = _file(uri, database)
    if path is None:
        return None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        return LastLoad.from_json(json.loads(path.read_bytes()))
    return None


def keep_load(uri: str, database: str, load: LastLoad) -> None:
    path = _file(uri, database)
    if path is not None:
        keep(path, json.dumps(load.to_json(), ensure_ascii=False).encode())
