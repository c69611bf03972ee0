"""The explorer as a reader uses it, in Debian's Chromium: from a search to an
organisation, to one of its alliances, to the overlap matrix and a pair of alliances,
in Korean and in English, served from the embedded store and from Neo4j; every page
passes axe-core's WCAG 2.1 AA rules with no serious or critical violation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from tests.paths import SEEDS

from .explorer import axe_violations, explorer, serious
from .neo4j_browser import TIMEOUT_MS, chromium

if TYPE_CHECKING:  # playwright is imported lazily, so collection works without it
    from playwright.sync_api import Browser, Page

# What the reader sees, per language: (search result, alliance, a member, the pair's firm)
SEEN = {
    "ko": ("SK텔레콤", "K-AI 얼라이언스", "몰로코", "얼라이언스 간 겹침"),
    "en": ("SK Telecom", "K-AI Alliance", "Moloco", "Overlap matrix"),
}


@pytest.fixture(scope="module")
def browser(chromium_ready: None) -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def site(request: pytest.FixtureRequest, chromium_ready: None) -> Iterator[str]:
    if request.param == "embedded":
        settings = Settings(NEO4J_URI=None)
        with explorer(settings, EmbeddedBackend(settings, [SEEDS])) as url:
            yield url
    else:
        seeded: Settings = request.getfixturevalue("seeded")
        backend = Neo4jBackend(seeded)
        try:
            with explorer(seeded, backend) as url:
                yield url
        finally:
            backend.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        p = context.new_page()
        p.set_default_timeout(TIMEOUT_MS)
        yield p
    finally:
        context.close()


def accessible(page: Page) -> None:
    found = serious(axe_violations(page))
    assert not found, f"{page.url}: {found}"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_from_a_search_to_an_organisation_an_alliance_and_the_overlap(
    page: Page, site: str, lang: str
) -> None:
    firm, alliance, member, matrix = SEEN[lang]
    page.goto(f"{site}/" + ("?lang=en" if lang == "en" else ""))
    accessible(page)

    # search as you type: the suggestion appears without submitting the form
    page.locator("#q").press_sequentially("SKT", delay=30)
    # (the SK Telecom consortium is a suggestion too: take the firm's own)
    suggestion = page.locator(
        '#search-suggestions a[href*="/explore/organizations/sk-telecom"]', has_text=firm
    )
    suggestion.first.click()
    page.wait_for_url(re.compile(r"/explore/organizations/sk-telecom"))
    assert firm in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == lang
    accessible(page)

    # its alliance, from the alliances-over-time table
    page.locator("#alliances-title ~ table a", has_text=alliance).first.click()
    page.wait_for_url(re.compile(r"/explore/alliances/k-ai-alliance"))
    assert alliance in page.locator("h1").inner_text()
    page.locator("#members-title ~ table", has_text=member).wait_for()
    accessible(page)

    # the overlap matrix, then the cell of K-AI and the proposed Korean Avengers
    page.get_by_role("navigation").get_by_role("link", name=matrix).click()
    page.wait_for_url(re.compile(r"/explore/overlap"))
    accessible(page)
    page.locator('a[href*="/explore/overlap/k-ai-alliance/korean-avengers"]').click()
    page.wait_for_url(re.compile(r"/explore/overlap/k-ai-alliance/korean-avengers"))
    assert firm in page.locator("main table").inner_text()
    accessible(page)


def test_the_language_switch_keeps_the_page_and_is_remembered(page: Page, site: str) -> None:
    page.goto(f"{site}/explore/alliances/ax-alliance")
    assert "AX 얼라이언스" in page.locator("h1").inner_text()
    page.locator("a.lang-switch").click()
    page.wait_for_url(re.compile(r"/explore/alliances/ax-alliance\?lang=en"))
    assert page.locator("h1").inner_text().startswith("AX Alliance")
    assert "3 of 6 members placed" in page.locator("main").inner_text()
    # a page opened without ?lang now opens in English
    page.goto(f"{site}/explore/organizations/wiz")
    page.wait_for_url(re.compile(r"lang=en"))
    assert "Alliances over time" in page.locator("main").inner_text()


def test_the_graph_view_draws_the_neighbourhood_with_the_shipped_library(
    page: Page, site: str
) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{site}/explore/graph/k-ai-alliance")
    drawn = page.locator("#graph[data-ready]")
    drawn.wait_for()
    assert int(drawn.get_attribute("data-ready") or 0) >= 7  # the alliance, members, more
    assert page.locator("#graph canvas").count() > 0
    # everything the page loads comes from the app itself: no CDN
    assert all(url.startswith(site) for url in asked), [u for u in asked if not u.startswith(site)]
    accessible(page)
