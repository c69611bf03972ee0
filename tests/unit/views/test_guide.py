"""The Neo4j Browser guide and style: built from queries/ at request time, intact after
Browser's sanitizer, served with CORS, and a style with a Korean caption for every label."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancekg.api import create_app
from alliancekg.config import Home, Settings, home
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.model import model
from alliancekg.questions.catalogue import query_names
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.views import guide as guide_module
from alliancekg.views.guide import (
    ALLIANCE_GRAPH,
    ALLIANCE_GRAPH_NAMES,
    grass_path,
    questions,
    render_guide,
    runnable,
)
from tests.paths import SEEDS


class GuideParser(HTMLParser):
    """Slides, their headings and the text of their runnable blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, list[str]]] = []
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "slide":
            self.slides.append({"h3": [], "runnable": [], "exec": []})
        elif tag == "h3" or (tag == "pre" and "runnable" in classes):
            self._in, self._buf = ("h3" if tag == "h3" else "runnable"), []
        elif tag == "a" and dict(attrs).get("exec-topic"):
            self.slides[-1]["exec"].append(dict(attrs)["exec-topic"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag in ("h3", "pre"):
            self.slides[-1][self._in].append("".join(self._buf))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)


def parse(html: str) -> list[dict[str, list[str]]]:
    parser = GuideParser()
    parser.feed(html)
    parser.close()
    return parser.slides


def browser_clean_html(text: str) -> str:
    """What Neo4j Browser's cleanHtml (services/remoteUtils) does to a remote guide."""
    text = re.sub(
        r"""(\s+(on[^\s=]+)[^\s=]*\s*=\s*("[^"]*"|'[^']*'|[\w\-.:]+\s*))""", "", text, flags=re.I
    )
    text = re.sub(r"<script\b[^<]*(?:(?!</script>)<[^<]*)*(</script>)?", "", text, flags=re.I)
    text = re.sub(r'href=".*javascript:[^"]*"', 'href=""', text, count=1)
    return re.sub(r"href='.*javascript:[^']*'", "href=''", text, count=1)


def test_every_saved_question_has_a_slide_with_its_title_and_runnable_file_text() -> None:
    slides = parse(render_guide("http://localhost:8000"))
    by_title = {s["h3"][0]: s for s in slides}
    assert len(slides) == len(query_names()) + 2  # introduction and pictures
    for q in questions():
        slide = by_title[q.title]
        assert slide["runnable"] == [runnable(q)]
        for line in q.param_lines:
            assert line in slide["runnable"][0] and line.endswith(";")
        assert q.cypher in slide["runnable"][0]


def test_the_tour_opens_with_the_alliance_graph_and_the_style() -> None:
    intro = parse(render_guide("http://localhost:8000/"))[0]
    assert ALLIANCE_GRAPH in intro["runnable"]
    assert intro["exec"] == ["style http://localhost:8000/guide/style.grass"]


def test_the_alliance_graph_query_uses_names_the_ontology_has() -> None:
    m = model()
    for name in ALLIANCE_GRAPH_NAMES:
        assert name in ALLIANCE_GRAPH
        assert name in m.node_labels() or name in m.rel_types()


def test_browser_sanitizing_leaves_the_guide_unchanged() -> None:
    html = render_guide("http://localhost:8000")
    assert browser_clean_html(html) == html
    assert "<script" not in html


def test_a_new_query_file_is_in_the_guide_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(home().queries, queries)
    monkeypatch.setattr(guide_module, "home", lambda: Home(tmp_path))
    (queries / "zz_new.cypher").write_text(
        "// Alliances by name\n//\n// Answers: every alliance.\n//\n"
        ":param prefix => 'K';\n\nMATCH (a:Alliance) WHERE a.name_en STARTS WITH $prefix\n"
        "RETURN a.id;\n",
        encoding="utf-8",
    )
    slides = parse(render_guide())
    new = next(s for s in slides if s["h3"] == ["Alliances by name"])
    assert new["runnable"] == [
        ":param prefix => 'K';\n\nMATCH (a:Alliance) WHERE a.name_en STARTS WITH $prefix\n"
        "RETURN a.id;"
    ]


# --- the style ---------------------------------------------------------------------------


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Neo4j Browser's parseGrassCSS (services/grassUtils), in Python."""
    rules: dict[str, str] = {}
    in_string = in_props = in_binding = False
    keyword = props = ""
    for c in text:
        skip = True
        if c == "{":
            if in_string:
                skip = False
            elif in_props:
                in_binding = True
            else:
                in_props = True
        elif c == "}":
            if in_string:
                skip = False
            elif in_binding:
                in_binding = False
            else:
                in_props = False
                rules[keyword], keyword, props = props, "", ""
        elif c in "'\"":
            in_string = not in_string
        else:
            skip = False
        if skip:
            continue
        if in_props:
            props += c
        elif not c.isspace():
            keyword += c
    parsed: dict[str, dict[str, str]] = {}
    for key, body in rules.items():
        parsed[key] = {}
        for prop in body.split(";"):
            kv = prop.split(":")
            if len(kv) == 2:
                parsed[key][kv[0].strip()] = kv[1].strip()
    return parsed


def test_the_style_parses_as_browser_parses_it_with_a_rule_per_label_and_type() -> None:
    rules = parse_grass(grass_path().read_text(encoding="utf-8"))
    m = model()
    assert {"node", "relationship"} <= set(rules)
    assert set(rules) - {"node", "relationship"} == {f"node.{x}" for x in m.node_labels()} | {
        f"relationship.{x}" for x in m.rel_types()
    }
    assert rules["relationship.MEMBER_OF"]["caption"] == "{role}"
    assert rules["node.Alliance"]["caption"] == "{name_ko}"


def test_every_node_shows_a_caption_the_seeds_fill() -> None:
    rules = parse_grass(grass_path().read_text(encoding="utf-8"))
    pg = to_property_graph(validate_seeds([SEEDS]).graph)
    for node in pg.nodes.values():
        # Browser applies the rules of every label in the file's order; the last caption wins.
        caption = next(
            rules[k]["caption"]
            for k in reversed(list(rules))
            if k.removeprefix("node.") in node.labels and "caption" in rules[k]
        )
        key = caption.strip("{}")
        if (
            key == "name_ko"
            and node.props.get("name_en")
            and "table.korean-ai-alliances" in (node.props.get("sources") or [])
        ):
            continue  # a firm the member tables know by its English name only
        assert node.props.get(key), f"{node.labels} {node.id} has no {key} to show"


# --- the routes --------------------------------------------------------------------------


class NoBackend:
    name = "none"

    def close(self) -> None:
        pass


@pytest.fixture
def client() -> TestClient:
    app = create_app(Settings(NEO4J_URI="bolt://unused:7687"), NoBackend())  # type: ignore[arg-type]
    return TestClient(app, base_url="http://localhost:8000")


def test_the_guide_is_served_as_html_to_any_origin(client: TestClient) -> None:
    response = client.get("/guide", headers={"Origin": "http://127.0.0.1:7474"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["access-control-allow-origin"] == "*"
    assert parse(response.text)[0]["exec"] == ["style http://localhost:8000/guide/style.grass"]


@pytest.mark.parametrize("path", ["/guide", "/guide/style.grass"])
def test_browsers_preflight_for_cache_headers_is_answered(client: TestClient, path: str) -> None:
    response = client.options(
        path,
        headers={
            "Origin": "http://localhost:7474",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "pragma,cache-control",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-headers"] == "pragma,cache-control"


def test_the_style_file_is_served(client: TestClient) -> None:
    response = client.get("/guide/style.grass")
    assert response.status_code == 200
    assert response.text == grass_path().read_text(encoding="utf-8")
    assert response.headers["access-control-allow-origin"] == "*"
