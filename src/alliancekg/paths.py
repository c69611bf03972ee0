"""Where the project's data directories live.

The ontology, the queries and the seeds sit at the top of the repository, not
inside the package, so that analysts can read and edit them. An editable
install finds them next to ``src/``; any other install sets ``ALLIANCEKG_HOME``
or runs from a directory that holds them (the Docker image does the latter).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_home() -> Path:
    env = os.environ.get("ALLIANCEKG_HOME")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology" / "alliance.ttl").is_file():
            return parent
    return Path.cwd()


HOME = project_home()
ONTOLOGY_DIR = HOME / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "alliance.ttl"
SEGMENTS_FILE = ONTOLOGY_DIR / "segments.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = HOME / "queries"
SEEDS_DIR = HOME / "seeds"
