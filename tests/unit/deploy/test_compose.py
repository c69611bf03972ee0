"""docker-compose.yml and Dockerfile: what a user with Docker relies on (no Docker needed)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "docker-compose.yml"
NEO4J_IMAGE = "neo4j:5.26-community"
PACKAGE_INPUTS = ("pyproject.toml", "README.md", "src", "ontology", "queries", "seeds")
PASSWORD_REF = re.compile(r"\$\{NEO4J_PASSWORD(?::?-(?P<default>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


@pytest.fixture(scope="module")
def neo4j(compose: dict[str, Any]) -> dict[str, Any]:
    return _service(compose, "neo4j")


@pytest.fixture(scope="module")
def api(compose: dict[str, Any]) -> dict[str, Any]:
    return _service(compose, "api")


def _service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    services = compose.get("services")
    assert isinstance(services, dict), "no services in docker-compose.yml"
    service = services.get(name)
    assert isinstance(service, dict), f"no service {name!r} in docker-compose.yml"
    return service


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (str(item).partition("=") for item in env)
        return {key: value for key, _, value in pairs}
    return {str(key): "" if value is None else str(value) for key, value in env.items()}


def _published_ports(service: dict[str, Any]) -> dict[int, int]:
    """Container port -> host port, for short ("8000:8000") and long port syntax."""
    ports: dict[int, int] = {}
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            target, published = entry["target"], entry.get("published")
        else:
            parts = str(entry).split("/")[0].split(":")
            if len(parts) < 2:
                continue  # a bare container port is published on a random host port
            target, published = parts[-1], parts[-2]
        if published is not None:
            ports[int(target)] = int(published)
    return ports


def _named_volume_mounts(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> volume name, for the named-volume mounts of a service."""
    mounts: dict[str, str] = {}
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            if entry.get("type", "volume") == "volume" and entry.get("source"):
                mounts[str(entry["target"])] = str(entry["source"])
            continue
        source, _, rest = str(entry).partition(":")
        if rest and not source.startswith((".", "/", "~", "$")):
            mounts[rest.split(":")[0]] = source
    return mounts


def _password_default(value: str) -> str | None:
    match = PASSWORD_REF.search(value)
    assert match, f"{value!r} does not take the password from ${{NEO4J_PASSWORD}}"
    return match.group("default")


def _dockerfile_lines(path: Path) -> list[tuple[str, list[str]]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    lines: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        lines.append((instruction.upper(), shlex.split(rest)))
    return lines


@pytest.fixture(scope="module")
def dockerfile(api: dict[str, Any]) -> Path:
    build = api.get("build")
    assert build, "the api service must be built from a Dockerfile"
    if isinstance(build, str):
        context, name = build, "Dockerfile"
    else:
        context, name = build.get("context", "."), build.get("dockerfile", "Dockerfile")
    path = (ROOT / context / name).resolve()
    assert path.is_file(), f"Dockerfile {path} does not exist"
    return path


def test_neo4j_uses_the_5_26_community_image(neo4j: dict[str, Any]) -> None:
    assert neo4j.get("image") == NEO4J_IMAGE


def test_neo4j_has_a_healthcheck(neo4j: dict[str, Any]) -> None:
    healthcheck = neo4j.get("healthcheck")
    assert isinstance(healthcheck, dict), "neo4j needs a healthcheck for service_healthy"
    assert not healthcheck.get("disable", False)
    test = healthcheck.get("test")
    assert test, "the healthcheck has no test"
    if isinstance(test, list):
        assert test[0] in {"CMD", "CMD-SHELL"}
        assert len(test) > 1


def test_neo4j_publishes_http_and_bolt(neo4j: dict[str, Any]) -> None:
    ports = _published_ports(neo4j)
    assert ports.get(7474) == 7474, "HTTP/Browser port 7474 is not published"
    assert ports.get(7687) == 7687, "Bolt port 7687 is not published"


def test_neo4j_keeps_data_and_logs_in_declared_named_volumes(
    compose: dict[str, Any], neo4j: dict[str, Any]
) -> None:
    declared = compose.get("volumes")
    assert isinstance(declared, dict), "no named volumes declared at top level"
    assert declared, "no named volumes declared at top level"
    mounts = _named_volume_mounts(neo4j)
    assert "/data" in mounts, "neo4j /data is not on a named volume"
    assert "/logs" in mounts, "neo4j /logs is not on a named volume"
    for service in compose["services"].values():
        for volume in _named_volume_mounts(service).values():
            assert volume in declared, f"volume {volume!r} is used but not declared"
    used = {name for s in compose["services"].values() for name in _named_volume_mounts(s).values()}
    assert set(declared) <= used, f"declared but unused volumes: {set(declared) - used}"


def test_neo4j_auth_comes_from_the_environment(neo4j: dict[str, Any]) -> None:
    auth = _environment(neo4j).get("NEO4J_AUTH", "")
    assert auth.startswith("neo4j/"), "NEO4J_AUTH must set the password of user neo4j"
    _password_default(auth)


def test_api_builds_from_an_existing_dockerfile(dockerfile: Path) -> None:
    assert dockerfile.is_file()


def test_api_waits_for_a_healthy_neo4j(api: dict[str, Any]) -> None:
    depends_on = api.get("depends_on")
    assert isinstance(depends_on, dict), "depends_on needs the long form to wait for health"
    assert depends_on.get("neo4j", {}).get("condition") == "service_healthy"


def test_api_publishes_port_8000(api: dict[str, Any]) -> None:
    assert _published_ports(api).get(8000) == 8000


def test_api_connects_to_the_neo4j_service(api: dict[str, Any], neo4j: dict[str, Any]) -> None:
    env = _environment(api)
    uri = urlsplit(env.get("NEO4J_URI", ""))
    assert uri.scheme in {"bolt", "neo4j"}, f"unexpected NEO4J_URI {env.get('NEO4J_URI')!r}"
    assert uri.hostname == "neo4j", "NEO4J_URI must point at the neo4j service"
    assert uri.port == 7687
    assert env.get("NEO4J_USER") == "neo4j"
    assert env.get("NEO4J_DATABASE") == "neo4j"
    neo4j_default = _password_default(_environment(neo4j)["NEO4J_AUTH"])
    assert _password_default(env.get("NEO4J_PASSWORD", "")) == neo4j_default, (
        "api and neo4j must fall back to the same password"
    )


def test_api_loads_the_seeds_then_serves(api: dict[str, Any]) -> None:
    command = api.get("command")
    text = command if isinstance(command, str) else " ".join(map(str, command or []))
    assert "alliancekg load --seeds seeds/" in text
    assert re.search(r"alliancekg serve\b.*--host 0\.0\.0\.0.*--port 8000", text)
    assert text.index("alliancekg load") < text.index("alliancekg serve")


def test_dockerfile_installs_the_package_with_everything_it_needs(dockerfile: Path) -> None:
    lines = _dockerfile_lines(dockerfile)
    assert lines[0][0] == "FROM"
    assert lines[0][1][-1] == "python:3.11-slim"

    copied: set[str] = set()
    last_copy = 0
    for index, (instruction, args) in enumerate(lines):
        if instruction in {"COPY", "ADD"}:
            sources = [arg for arg in args[:-1] if not arg.startswith("--")]
            copied.update(source.rstrip("/") for source in sources)
            last_copy = index
    missing = set(PACKAGE_INPUTS) - copied
    assert not missing, f"the Dockerfile does not copy {sorted(missing)}"
    for source in sorted(copied):
        assert (dockerfile.parent / source).exists(), f"COPY source {source!r} does not exist"

    installs = [
        index
        for index, (instruction, args) in enumerate(lines)
        if instruction == "RUN" and "pip" in args and "install" in args and "." in args
    ]
    assert installs, "the Dockerfile does not `pip install .`"
    assert installs[0] > last_copy, "`pip install .` must come after every COPY"
    assert ("EXPOSE", ["8000"]) in lines
