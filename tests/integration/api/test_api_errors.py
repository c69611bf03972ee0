"""Errors of the API as a user meets them, over real HTTP: 404 for unknown ids,
422 for bad parameters, 503 within seconds when Neo4j cannot be reached, and
answers again, without a restart, once it can."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from alliancekg.api import create_app
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from tests.support import serve, swap_query

if "tests.integration.questions.expected_analysis" not in sys.modules:
    # its checks are plain asserts: show what differs when one fails
    pytest.register_assert_rewrite("tests.integration.questions.expected_analysis")
from tests.integration.questions import expected_analysis as ex

# A 503 must come back within this many seconds (the backend's timeout is 2).
PROMPT = 3.0


def settings_for(neo4j_settings: Settings, uri: str) -> Settings:
    return Settings(
        NEO4J_URI=uri,
        NEO4J_USER=neo4j_settings.neo4j_user,
        NEO4J_PASSWORD=neo4j_settings.neo4j_password,
        NEO4J_DATABASE=neo4j_settings.neo4j_database,
        NEO4J_TIMEOUT=2,
    )


def error_json(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


# --------------------------------------------------------------------------- 404

KNOWN_AND_UNKNOWN = [
    # (a path that answers, the same route with an id the graph does not hold, what is missing)
    ("/companies/hanbit-cloud", "/companies/no-such-firm", "no organization 'no-such-firm'"),
    # an alliance is not a company, a company not an alliance, nor a person
    ("/companies/hanbit-cloud", "/companies/alpha-alliance", "no organization 'alpha-alliance'"),
    ("/alliances/alpha-alliance", "/alliances/no-such-alliance", "no alliance 'no-such-alliance'"),
    ("/alliances/alpha-alliance", "/alliances/hanbit-cloud", "no alliance 'hanbit-cloud'"),
    ("/alliances/alpha-alliance/gaps", "/alliances/nope/gaps", "no alliance 'nope'"),
    ("/alliances/alpha-alliance/members", "/alliances/nope/members", "no alliance 'nope'"),
    (
        "/alliances/alpha-alliance/members?as_of=2023-01-01",
        "/alliances/nope/members?as_of=2023-01-01",
        "no alliance 'nope'",
    ),
    (
        "/alliances/alpha-alliance/overlap/beta-alliance",
        "/alliances/nope/overlap/beta-alliance",
        "no alliance 'nope'",
    ),
    (
        "/alliances/alpha-alliance/overlap/beta-alliance",
        "/alliances/alpha-alliance/overlap/nope",
        "no alliance 'nope'",
    ),
    ("/persons/kim-sol", "/persons/no-such-person", "no person 'no-such-person'"),
    ("/persons/kim-sol", "/persons/hanbit-cloud", "no person 'hanbit-cloud'"),
]


@pytest.mark.parametrize(("known", "unknown", "detail"), KNOWN_AND_UNKNOWN)
def test_unknown_id_is_404_json(api: httpx.Client, known: str, unknown: str, detail: str) -> None:
    assert api.get(known).status_code == 200
    body = error_json(api.get(unknown), 404)
    assert body == {"error": "not_found", "detail": detail}


def test_a_known_alliance_with_no_members_on_a_date_is_an_empty_answer_not_404(
    api: httpx.Client,
) -> None:
    response = api.get("/alliances/delta-alliance/members", params={"as_of": "2020-01-01"})
    assert response.status_code == 200
    assert response.json() == []


# --------------------------------------------------------------------------- 422

BAD_PARAMS = [
    # (path, params, the parameter the error names)
    ("/companies/multi-alliance", {"min_alliances": "0"}, "min_alliances"),
    ("/companies/multi-alliance", {"min_alliances": "-1"}, "min_alliances"),
    ("/companies/multi-alliance", {"min_alliances": "abc"}, "min_alliances"),
    ("/companies/multi-alliance", {"min_alliances": "1.5"}, "min_alliances"),
    ("/companies/multi-alliance", {"include_proposed": "maybe"}, "include_proposed"),
    ("/companies/bridges", {"include_proposed": "maybe"}, "include_proposed"),
    ("/companies/competitor-pairs", {"include_proposed": "2"}, "include_proposed"),
    ("/alliances/matrix", {"include_proposed": "maybe"}, "include_proposed"),
    ("/companies/multi-alliance", {"as_of": "2024-02-30"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "2024-13-01"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "2024-06"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "2024"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "2024-6-1"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "yesterday"}, "as_of"),
    ("/companies/multi-alliance", {"as_of": "Y-1"}, "as_of"),
    ("/alliances/alpha-alliance/members", {"as_of": "2024-02-30"}, "as_of"),
    ("/alliances/alpha-alliance/members", {"as_of": "2024-13-01"}, "as_of"),
    ("/alliances/alpha-alliance/members", {"as_of": "2024-06"}, "as_of"),
    ("/alliances/alpha-alliance/members", {"as_of": "2023-02-29"}, "as_of"),
    ("/search", {"q": "HBC", "limit": "1000"}, "limit"),
    ("/search", {"q": "HBC", "limit": "0"}, "limit"),
    ("/search", {"q": "HBC", "limit": "abc"}, "limit"),
    ("/search", {"q": ""}, "q"),
    ("/search", {}, "q"),
    ("/search", {"q": "x" * 201}, "q"),
    ("/quotes", {"person": "Kim Sol"}, "person"),
    ("/quotes", {"about": "../alpha-alliance"}, "about"),
    ("/quotes", {"about": "알파연합"}, "about"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD_PARAMS)
def test_bad_parameter_is_422_json_naming_it(
    api: httpx.Client, path: str, params: dict[str, str], name: str
) -> None:
    body = error_json(api.get(path, params=params), 422)
    [problem] = body["detail"]
    assert problem["loc"][-1] == name
    assert problem["msg"]


@pytest.mark.parametrize(
    "path",
    [
        "/companies/Hanbit-Cloud",  # ids are lower case
        "/companies/hanbit%20cloud",
        "/companies/한빛클라우드",  # a name, not an id
        "/companies/-hanbit",
        "/companies/hanbit$cloud",
        "/alliances/alpha%2Balliance",
        "/alliances/ALPHA-alliance/gaps",
        "/alliances/alpha alliance/members",
        "/alliances/alpha-alliance/overlap/beta;alliance",
        "/alliances/alpha*/overlap/beta-alliance",
        "/persons/kim%27sol",
        "/persons/" + "k" * 201,
    ],
)
def test_id_with_illegal_characters_is_422_json(api: httpx.Client, path: str) -> None:
    body = error_json(api.get(path), 422)
    assert body["detail"][0]["loc"][0] == "path"


def test_blank_search_text_is_422_json(api: httpx.Client) -> None:
    body = error_json(api.get("/search", params={"q": "   "}), 422)
    assert body["error"] == "bad_request"
    assert "q" in body["detail"]


def test_bad_requests_change_nothing_and_the_api_keeps_answering(api: httpx.Client) -> None:
    for _ in range(3):
        assert api.get("/companies/multi-alliance", params={"as_of": "2024-02-30"}).status_code == (
            422
        )
        assert api.get("/alliances/nope").status_code == 404
    rows = api.get("/companies/multi-alliance").json()
    ex.check_multi_alliance(rows, ex.MULTI_ALLIANCE[(2, False, None)])


# --------------------------------------------------------------------------- 503


def free_port() -> int:
    """A local port where nothing listens (connections to it are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DATA_ROUTES = [
    "/companies/multi-alliance",
    "/companies/multi-alliance?as_of=2024-01-01",
    "/companies/hanbit-cloud",
    "/companies/bridges",
    "/alliances/matrix",
    "/alliances/alpha-alliance",
    "/alliances/alpha-alliance/overlap/beta-alliance",
    "/alliances/alpha-alliance/members",
    "/segments/mega-alliance",
    "/persons/kim-sol",
    "/quotes?about=alpha-alliance",
    "/search?q=HBC",
]


def assert_unavailable(client: httpx.Client, path: str, uri: str) -> None:
    started = time.monotonic()
    response = client.get(path)
    elapsed = time.monotonic() - started
    assert elapsed < PROMPT, f"{path} took {elapsed:.1f} s"
    body = error_json(response, 503)
    if path == "/health":
        assert body["status"] == "unavailable"
        assert body["backend"] == "neo4j"
        assert body["neo4j"]["reachable"] is False
        assert body["neo4j"]["uri"] == uri
    else:
        assert body["error"] == "neo4j_unavailable"
        assert uri in body["detail"]
        assert response.headers["retry-after"]


@pytest.fixture
def closed_port_api(neo4j_settings: Settings) -> Iterator[tuple[httpx.Client, str]]:
    uri = "bolt://127.0.0.1:1"
    settings = settings_for(neo4j_settings, uri)
    app = create_app(settings, Neo4jBackend(settings))
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client, uri


@pytest.mark.parametrize("path", ["/health", *DATA_ROUTES])
def test_neo4j_refusing_connections_is_503_json_at_once(
    closed_port_api: tuple[httpx.Client, str], path: str
) -> None:
    client, uri = closed_port_api
    assert_unavailable(client, path, uri)
    body = client.get(path).json()
    if path != "/health":
        assert "refused" in body["detail"]


class SilentServer:
    """Accepts TCP connections and never says a word, like a hung server or a firewall."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.sock.getsockname()[1]

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    "path", ["/health", "/companies/multi-alliance", "/alliances/alpha-alliance"]
)
def test_neo4j_that_never_answers_is_503_within_the_timeout(
    neo4j_settings: Settings, path: str
) -> None:
    silent = SilentServer()
    uri = f"bolt://127.0.0.1:{silent.port}"
    settings = settings_for(neo4j_settings, uri)
    try:
        app = create_app(settings, Neo4jBackend(settings))
        with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            assert_unavailable(client, path, uri)
    finally:
        silent.close()


class TcpForwarder:
    """Listens on 127.0.0.1:port and pipes every connection to ``target``: a
    Neo4j that comes up on that port, and goes away again on ``close``."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.1)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self._spawn(self._accept)

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self.lock:
            self.threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self.lock:
                self.sockets += [client, upstream]
            self._spawn(self._pipe, client, upstream)
            self._spawn(self._pipe, upstream, client)

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        # ends when either side closes, or when close() shuts both down
        while not self.stopping.is_set():
            try:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
            except OSError:
                break
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.stopping.set()
        self.listener.close()
        with self.lock:
            sockets, threads = list(self.sockets), list(self.threads)
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        for t in threads:
            t.join(timeout=5)
        assert not any(t.is_alive() for t in threads), "the forwarder did not stop"


def test_the_api_answers_again_when_neo4j_comes_back_without_a_restart(
    analysis_graph: None, neo4j_settings: Settings
) -> None:
    real = httpx.URL((neo4j_settings.neo4j_uri or "").replace("bolt://", "http://", 1))
    assert real.host and real.port, neo4j_settings.neo4j_uri
    port = free_port()
    uri = f"bolt://127.0.0.1:{port}"
    settings = settings_for(neo4j_settings, uri)
    app = create_app(settings, Neo4jBackend(settings))
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        # down: nothing listens on the port
        assert_unavailable(client, "/companies/multi-alliance", uri)
        assert_unavailable(client, "/health", uri)
        for attempt in range(2):
            # up: the same app, the same backend object, now reaches the real server
            forwarder = TcpForwarder(port, (real.host, real.port))
            try:
                health = client.get("/health")
                assert health.status_code == 200, (attempt, health.text)
                assert health.json()["neo4j"]["reachable"] is True
                response = client.get("/companies/multi-alliance")
                assert response.status_code == 200, (attempt, response.text)
                ex.check_multi_alliance(response.json(), ex.MULTI_ALLIANCE[(2, False, None)])
            finally:
                forwarder.close()
            # down again: its pooled connections are dead, and the answer is still prompt
            assert_unavailable(client, "/companies/multi-alliance", uri)
            assert_unavailable(client, "/health", uri)


def test_an_answer_too_large_for_the_server_is_503_too_large_and_the_server_answers_on(
    analysis_graph: None, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question whose answer needs more than Neo4j's transaction memory is not an
    outage: the server says why and what to do, and keeps answering."""
    swap_query(
        monkeypatch,
        "company",
        "UNWIND range(1, 1000000000) AS i WITH collect(range(1, 1000)) AS l "
        "RETURN $id AS id, size(l) AS n",
    )
    settings = neo4j_settings.model_copy(update={"neo4j_timeout": 120})
    backend = Neo4jBackend(settings)
    with (
        serve(create_app(settings, backend)) as url,
        httpx.Client(base_url=url, timeout=150) as client,
    ):
        r = client.get("/companies/hanbit-cloud")
        assert r.status_code == 503, r.text
        body = r.json()
        assert body["error"] == "too_large"
        assert "transaction memory" in body["detail"]
        assert "limit and offset" in body["detail"]
        assert "retry-after" not in r.headers
        assert client.get("/health").status_code == 200
        assert client.get("/alliances/alpha-alliance").status_code == 200
    backend.close()
