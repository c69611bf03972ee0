"""Where answers come from: Neo4j, or the seeds in an embedded store.

Both implement :class:`~alliancekg.backends.base.Backend`; :func:`make_backend`
picks one from the settings.
"""

from __future__ import annotations

from ..config import Settings
from .base import Backend


def make_backend(settings: Settings) -> Backend:
    """Neo4j when ``NEO4J_URI`` is set; otherwise the embedded store, built from the seeds.

    Each implementation is imported when chosen: a process serving one never loads the
    other's libraries (the driver, or pyoxigraph and the seed pipeline)."""
    if settings.neo4j_uri:
        from .neo4j import Neo4jBackend

        return Neo4jBackend(settings)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(settings)


__all__ = ["Backend", "make_backend"]
