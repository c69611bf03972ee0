"""What a user sees in Neo4j Browser and in the pictures, in headless Chromium."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from alliancekg.config import Settings
from alliancekg.questions.catalogue import named_query
from alliancekg.views.guide import questions, runnable

from .neo4j_browser import ALLIANCE_GRAPH, Neo4jBrowser, api_server, chromium

if TYPE_CHECKING:  # playwright is imported lazily, so collection works without it
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def browser(chromium_ready: None) -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def api_port(seeded: Settings) -> Iterator[int]:
    with api_server(seeded) as port:
        yield port


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_saved_question_played_from_the_guide_shows_its_answer(
    page: Page, seeded: Settings, api_port: int
) -> None:
    names = [q.name for q in questions()]
    slide = names.index("firms_without_alliance") + 2  # slide 1 is the introduction
    query = named_query("firms_without_alliance")
    nb = Neo4jBrowser(page)
    nb.connect(seeded)

    guide = nb.run(f":play http://localhost:{api_port}/guide#slide-{slide}")
    carousel = guide.get_by_test_id("carousel")
    carousel.get_by_role("heading", name=query.title).wait_for()
    carousel.locator("pre.runnable").first.click()
    assert nb.editor_text().startswith(runnable(query).splitlines()[0])

    answer = nb.run_editor()
    # With the member tables, 삼성전자 and 네이버 are in alliances; these two are not.
    for firm in ("게티이미지", "엔씨소프트"):
        answer.get_by_text(firm, exact=False).first.wait_for()
    assert "SK텔레콤" not in answer.inner_text(), "SK텔레콤 leads the K-AI Alliance"


def test_the_alliance_graph_has_korean_captions_with_the_project_style(
    page: Page, seeded: Settings, api_port: int
) -> None:
    nb = Neo4jBrowser(page)
    nb.connect(seeded)
    style = nb.run(f":style http://localhost:{api_port}/guide/style.grass")
    style.get_by_text("node.Alliance").first.wait_for()

    graph = nb.run(ALLIANCE_GRAPH)
    graph.locator("svg text", has_text="얼라이언스").first.wait_for()
    captions = " ".join(graph.locator("svg text").all_text_contents())
    assert "K-AI" in captions and "SK텔레콤" in captions
    assert "etnews" not in captions, "captions should be names, not the sources list"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _svg_size(data: bytes) -> tuple[float, float]:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", "not an SVG"

    def px(value: str) -> float:
        return float(value.removesuffix("pt")) * 96 / 72 if value.endswith("pt") else float(value)

    return px(root.attrib["width"]), px(root.attrib["height"])


@pytest.mark.parametrize(
    ("path", "media_type", "width", "height"),
    [
        ("/charts/overlap.png", "image/png", 900, 700),
        ("/charts/multi-alliance.svg?include_proposed=true", "image/svg+xml", 1000, 640),
    ],
)
def test_a_chart_is_a_valid_image_of_the_requested_size(
    page: Page, api_port: int, path: str, media_type: str, width: int, height: int
) -> None:
    sep = "&" if "?" in path else "?"
    url = f"http://127.0.0.1:{api_port}{path}{sep}width={width}&height={height}"
    response = page.request.get(url)
    assert response.status == 200, response.text()
    assert response.headers["content-type"] == media_type
    body = response.body()
    size = _png_size(body) if media_type == "image/png" else _svg_size(body)
    assert size == pytest.approx((width, height), abs=0.01)

    page.set_content(f'<img id="chart" src="{url}">')
    page.wait_for_function("document.getElementById('chart').complete", timeout=30_000)
    shown = page.evaluate(
        "() => { const i = document.getElementById('chart');"
        " return [i.naturalWidth, i.naturalHeight]; }"
    )
    assert shown == [width, height], "Chromium could not decode the picture at its size"
