"""One settings object, read from the environment: the only place that reads it.

Everything else receives a :class:`Settings` (the API through ``SettingsDep``,
the CLI from its options); nothing writes the environment. A process that starts
others (``serve --workers``) hands them :meth:`Settings.environment`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Where instance IRIs live unless ALLIANCEKG_BASE_IRI says otherwise.
DEFAULT_BASE_IRI = "https://w3id.org/alliancekg/id/"
# Rows per UNWIND statement of a load.
DEFAULT_BATCH_SIZE = 5000
# Transactions a load with --commit-every writes at once, each from its own session.
DEFAULT_WRITE_SESSIONS = 2

# The environment variable of each setting, for child processes.
_ALIASES = {
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USER",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
    "neo4j_timeout": "NEO4J_TIMEOUT",
    "neo4j_export_timeout": "NEO4J_EXPORT_TIMEOUT",
    "base_iri": "ALLIANCEKG_BASE_IRI",
    "seeds": "ALLIANCEKG_SEEDS",
    "home": "ALLIANCEKG_HOME",
    "batch_size": "ALLIANCEKG_BATCH_SIZE",
    "write_sessions": "ALLIANCEKG_WRITE_SESSIONS",
    "cache_seconds": "ALLIANCEKG_CACHE_SECONDS",
    "cache_entries": "ALLIANCEKG_CACHE_ENTRIES",
    "cjk_font": "ALLIANCEKG_CJK_FONT",
    "check_responses": "ALLIANCEKG_CHECK_RESPONSES",
}


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
    # path separator (":" on Linux); empty means the seeds/ directory of the home.
    seeds: str = Field(default="", alias="ALLIANCEKG_SEEDS")
    # A directory holding ontology/, queries/, seeds/ and browser/ to use instead of
    # the ones installed with the package (or of the source checkout).
    home: Path | None = Field(default=None, alias="ALLIANCEKG_HOME")
    # Rows per UNWIND statement when loading Neo4j.
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, alias="ALLIANCEKG_BATCH_SIZE", ge=1)
    # Transactions a load in several transactions (--commit-every) writes at once, each
    # from its own session; 1 writes them one after the other.
    write_sessions: int = Field(
        default=DEFAULT_WRITE_SESSIONS, alias="ALLIANCEKG_WRITE_SESSIONS", ge=1, le=16
    )
    # How long (seconds) an API answer may be served without asking the database whether
    # the graph changed: the answers cache and Cache-Control's max-age. 0 asks each time
    # (one round trip that reads nothing), so an answer is never older than the graph.
    cache_seconds: float = Field(default=1.0, alias="ALLIANCEKG_CACHE_SECONDS", ge=0, le=86400)
    # How many answers the API keeps (least recently used go first); 0 keeps none.
    cache_entries: int = Field(default=1024, alias="ALLIANCEKG_CACHE_ENTRIES", ge=0, le=1_000_000)
    # A font file with Hangul for the charts, instead of the packaged NanumGothic.
    cjk_font: Path | None = Field(default=None, alias="ALLIANCEKG_CJK_FONT")
    # Validate every API answer against its response model as well as sending it as
    # built, and fail the request when the two differ (the test suite sets it).
    check_responses: bool = Field(default=False, alias="ALLIANCEKG_CHECK_RESPONSES")

    @property
    def seed_paths(self) -> list[Path]:
        """The seed inputs: ALLIANCEKG_SEEDS's entries, else the home's seeds/."""
        return [Path(p) for p in self.seeds.split(os.pathsep) if p] or [find_home(self.home).seeds]

    def with_seeds(self, seeds: list[Path] | None) -> Settings:
        """These settings with ``seeds`` in place of ALLIANCEKG_SEEDS, when given."""
        if not seeds:
            return self
        return self.model_copy(update={"seeds": os.pathsep.join(str(p) for p in seeds)})

    @property
    def backend(self) -> str:
        return "neo4j" if self.neo4j_uri else "embedded"

    def environment(self) -> dict[str, str]:
        """The environment for a child process that should see these settings: this
        process's environment with each setting in its variable (unset ones removed)."""
        env = dict(os.environ)
        for name, variable in _ALIASES.items():
            value = getattr(self, name)
            if value is None:
                env.pop(variable, None)
            else:
                env[variable] = str(value)
        return env


@dataclass(frozen=True)
class Home:
    """The data folders: the ontology, the queries, the seeds and the Browser style.

    They sit at the top of the repository, where analysts read and edit them; a
    built wheel carries copies inside the package (``alliancekg/_data``).
    """

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology / "alliance.ttl"

    @property
    def segments_file(self) -> Path:
        return self.ontology / "segments.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology / "shapes.ttl"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def browser(self) -> Path:
        return self.root / "browser"


_PACKAGED = Path(__file__).resolve().parent / "_data"
_CHECKOUT = Path(__file__).resolve().parents[2]


def find_home(override: Path | None = None) -> Home:
    """ALLIANCEKG_HOME when set; else the copies installed with the package; else the
    source checkout this package runs from (an editable install)."""
    if override is not None:
        return Home(override)
    for root in (_PACKAGED, _CHECKOUT):
        if (root / "ontology" / "alliance.ttl").is_file():
            return Home(root)
    return Home(_PACKAGED)


@cache
def home() -> Home:
    """The data folders of this process (ALLIANCEKG_HOME is read once, alone: a bad value
    of another setting is reported by whoever reads the settings, not here)."""
    value = os.environ.get(_ALIASES["home"])
    return find_home(Path(value) if value else None)


@cache
def cache_dir() -> Path | None:
    """Where what is worked out once (the compiled shapes' parts) is kept between
    processes: ALLIANCEKG_CACHE_DIR, else ``$XDG_CACHE_HOME/alliancekg``, else
    ``~/.cache/alliancekg``. ALLIANCEKG_CACHE_DIR set empty: nothing is kept."""
    value = os.environ.get("ALLIANCEKG_CACHE_DIR")
    if value is not None:
        return Path(value) if value else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "alliancekg"


def keep(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in the cache folder whole or not at all; a cache that
    cannot be written is only slower work next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        pass
