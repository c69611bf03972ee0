"""Helpers shared by the fault tests: the Neo4j server they may stop, kill and
freeze, graph comparisons, and counts expected from a seed graph."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from neo4j import AsyncGraphDatabase, Driver, Query, RoutingControl
from rdflib import Graph

from alliancekg.config import Settings
from alliancekg.neo4j.read import counts
from alliancekg.rdf.propertygraph import PropertyGraph
from tests.paths import ROOT
from tests.support import CLI

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"


def nonzero_counts(driver: Driver, settings: Settings) -> dict[str, int]:
    """Nodes per label and relationships per type that the graph holds (zeros left out)."""
    return {k: v for k, v in counts(driver, settings.neo4j_database).items() if v}


def expected_counts(pg: PropertyGraph) -> dict[str, int]:
    """What :func:`nonzero_counts` answers once ``pg`` is loaded."""
    c: Counter[str] = Counter()
    for node in pg.nodes.values():
        c.update(node.labels)
    for rel in pg.rels.values():
        c[rel.type] += 1
    return dict(c)


def export_from_neo4j(env: dict[str, str]) -> Graph:
    """``alliancekg export --from neo4j`` as a user runs it, parsed back."""
    result = subprocess.run(
        [*CLI, "export", "--from", "neo4j", "--format", "nt"],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return Graph().parse(data=result.stdout.decode("utf-8"), format="nt")


# --------------------------------------------------------------------------- the server


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


@dataclass
class LocalNeo4j:
    """The Neo4j of ``scripts/neo4j-local`` that the tests were pointed at.

    Only this server is ever stopped, killed or frozen: its pid comes from its
    own home directory's pid file, and the start/stop commands get its home
    and ports.
    """

    home: Path
    bolt_port: int
    http_port: int

    @property
    def env(self) -> dict[str, str]:
        return dict(
            os.environ,
            NEO4J_LOCAL_HOME=str(self.home),
            NEO4J_LOCAL_BOLT_PORT=str(self.bolt_port),
            NEO4J_LOCAL_HTTP_PORT=str(self.http_port),
        )

    def pid(self) -> int | None:
        try:
            text = (self.home / "run" / "neo4j-local.pid").read_text(encoding="ascii").strip()
        except OSError:
            return None
        if not text.isdigit() or not _alive(int(text)):
            return None
        with open(f"/proc/{text}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        if f"--home-dir={self.home} " not in cmdline + " ":
            return None  # a recycled pid: not our server
        return int(text)

    def _script(self, command: str) -> None:
        result = subprocess.run(
            [str(NEO4J_LOCAL), command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=240,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, f"neo4j-local {command} failed:\n{result.stderr}"

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    def kill(self) -> None:
        """SIGKILL the server, as a crash or the OOM killer would, and wait until it is gone."""
        pid = self.pid()
        assert pid is not None, "the test server is not running"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _alive(pid):
            assert time.monotonic() < deadline, f"pid {pid} survived SIGKILL for 30 s"
            time.sleep(0.1)

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """SIGSTOP the server (a stalled JVM, a network black hole), SIGCONT afterwards."""
        pid = self.pid()
        assert pid is not None, "the test server is not running"
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    def ensure_running(self) -> None:
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGCONT)
        else:
            self.start()


_STATE = re.compile(r"^(S_BOLT|S_HTTP)=(\d+)$", re.MULTILINE)


def find_local_neo4j(settings: Settings) -> LocalNeo4j | str:
    """The scripts/neo4j-local server that ``settings`` point at, or why there is none."""
    uri = urlsplit(settings.neo4j_uri or "")
    if uri.hostname not in ("127.0.0.1", "localhost") or uri.port is None:
        return f"{settings.neo4j_uri} is not a local server started by scripts/neo4j-local"
    home = Path(os.environ.get("NEO4J_LOCAL_HOME") or ROOT / ".cache" / "neo4j").resolve()
    try:
        state = dict(_STATE.findall((home / "run" / "neo4j-local.state").read_text("utf-8")))
    except OSError:
        return f"no running scripts/neo4j-local server in {home} (set NEO4J_LOCAL_HOME)"
    if int(state.get("S_BOLT", -1)) != uri.port:
        return f"the scripts/neo4j-local server in {home} does not listen on {uri.port}"
    server = LocalNeo4j(home, uri.port, int(state.get("S_HTTP", 7474)))
    if server.pid() is None:
        return f"no running scripts/neo4j-local server in {home}"
    return server


# --------------------------------------------------------------------------- the API


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) for every operation of an OpenAPI document."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method in ("get", "head", "options", "post", "put", "patch", "delete", "trace"):
                yield method, path, op


def resolve_schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


# Ids the article's seeds hold, by route prefix and parameter name.
SEED_IDS = {
    ("/companies", "id"): "sk-telecom",
    ("/alliances", "id"): "k-ai-alliance",
    ("/alliances", "a"): "k-ai-alliance",
    ("/alliances", "b"): "korean-avengers",
    ("/persons", "id"): "ryu-young-sang",
    ("/entities", "id"): "sk-telecom",
}


def example_values(
    spec: dict[str, Any], path: str, op: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """Valid path and required query values for the seeds: ids they hold, the first
    value of an enum, ``q=SKT``; optional query parameters keep their defaults."""
    path_values: dict[str, str] = {}
    query: dict[str, str] = {}
    prefix = "/" + path.split("/")[1]
    for p in op.get("parameters", []):
        schema = resolve_schema(spec, p.get("schema", {}))
        if p["in"] == "path":
            if "enum" in schema:
                path_values[p["name"]] = str(schema["enum"][0])
            else:
                path_values[p["name"]] = SEED_IDS.get((prefix, p["name"]), "sk-telecom")
        elif p["in"] == "query" and p.get("required"):
            query[p["name"]] = "SKT" if p["name"] == "q" else "x"
    return path_values, query


def example_url(spec: dict[str, Any], path: str, op: dict[str, Any]) -> str:
    """A valid request for ``path`` (see :func:`example_values`)."""
    path_values, query = example_values(spec, path, op)
    url = path
    for name, value in path_values.items():
        url = url.replace("{" + name + "}", value)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class RecordingDriver:
    """A real driver that notes every Cypher text it is given, with how it runs."""

    def __init__(self, driver: Driver) -> None:
        self._driver = driver
        self.calls: list[tuple[str, Any, Any, str]] = []  # text, params, timeout, mode

    def execute_query(self, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        text, timeout = (query.text, query.timeout) if isinstance(query, Query) else (query, None)
        mode = "r" if kwargs.get("routing_") == RoutingControl.READ else "w"
        self.calls.append((str(text), parameters, timeout, mode))
        return self._driver.execute_query(query, parameters, **kwargs)

    def session(self, **kwargs: Any) -> Any:
        outer = self
        real = self._driver.session(**kwargs)
        mode = "r" if kwargs.get("default_access_mode") == "READ" else "w"

        class Session:
            def __enter__(self) -> Session:
                real.__enter__()
                return self

            def __exit__(self, *exc: Any) -> None:
                real.close()

            def run(self, query: Any, parameters: Any = None, **kw: Any) -> Any:
                text = query.text if isinstance(query, Query) else query
                timeout = query.timeout if isinstance(query, Query) else None
                outer.calls.append((str(text), parameters, timeout, mode))
                return real.run(query, parameters, **kw)

            def last_bookmarks(self) -> Any:
                return real.last_bookmarks()

        return Session()

    def close(self) -> None:
        pass  # the real driver belongs to the session fixture

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)

    def async_driver(self, settings: Settings) -> Callable[[], Any]:
        """A factory of asyncio drivers (what the API's reads use) that note their calls
        here too."""
        calls = self.calls

        class Recording:
            def __init__(self) -> None:
                self._real = AsyncGraphDatabase.driver(
                    settings.neo4j_uri or "",
                    auth=(settings.neo4j_user, settings.neo4j_password),
                )

            async def execute_query(self, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
                text, timeout = (
                    (query.text, query.timeout) if isinstance(query, Query) else (query, None)
                )
                mode = "r" if kwargs.get("routing_") == RoutingControl.READ else "w"
                calls.append((str(text), parameters, timeout, mode))
                return await self._real.execute_query(query, parameters, **kwargs)

            def session(self, **kwargs: Any) -> Any:
                real = self._real.session(**kwargs)
                mode = "r" if kwargs.get("default_access_mode") == "READ" else "w"

                class Session:
                    async def __aenter__(self) -> Session:
                        await real.__aenter__()
                        return self

                    async def __aexit__(self, *exc: Any) -> None:
                        await real.close()

                    async def run(self, query: Any, parameters: Any = None, **kw: Any) -> Any:
                        text = query.text if isinstance(query, Query) else query
                        timeout = query.timeout if isinstance(query, Query) else None
                        calls.append((str(text), parameters, timeout, mode))
                        return await real.run(query, parameters, **kw)

                    async def last_bookmarks(self) -> Any:
                        return await real.last_bookmarks()

                return Session()

            async def close(self) -> None:
                await self._real.close()

        return Recording
