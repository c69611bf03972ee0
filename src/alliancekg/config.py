"""One settings object, read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .vocab import DEFAULT_BASE_IRI


class Settings(BaseSettings):
    """``NEO4J_URI`` unset means the embedded backend; set, it names the Neo4j to use.

    ``neo4j://`` and ``neo4j+s://`` URIs route through a cluster or Aura;
    ``bolt://`` talks to one server.
    """

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    neo4j_uri: str | None = Field(default=None, alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER")
    neo4j_password: str = Field(default="", alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")
    # Seconds before a connection attempt or a read query gives up.
    neo4j_timeout: float = Field(default=5.0, alias="NEO4J_TIMEOUT", gt=0)
    # Seconds a whole-graph export may take (N-Triples streams; this bounds each piece).
    neo4j_export_timeout: float = Field(default=600.0, alias="NEO4J_EXPORT_TIMEOUT", gt=0)
    base_iri: str = Field(default=DEFAULT_BASE_IRI, alias="ALLIANCEKG_BASE_IRI")
    # The seed files or directories the embedded backend serves, separated by the
    # path separator (":" on Linux); empty means the project's seeds/ directory.
    seeds: str = Field(default="", alias="ALLIANCEKG_SEEDS")

    @property
    def seed_paths(self) -> list[Path]:
        from .paths import SEEDS_DIR

        return [Path(p) for p in self.seeds.split(os.pathsep) if p] or [SEEDS_DIR]

    @property
    def backend(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"
