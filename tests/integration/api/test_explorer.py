"""The explorer over real HTTP, as a reader without JavaScript gets it: every page's text,
from the embedded store and from Neo4j alike, on the article's seeds.

Each page is fetched from the real app served by uvicorn and read as HTML; what a
reader would look for is checked: names in both languages, the facts and their
sources (title, publisher) and evidence sentences, honest gaps, and working links
to the JSON and RDF of what the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from neo4j import Driver

from alliancekg.api import create_app
from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.backends.neo4j import Neo4jBackend
from alliancekg.config import Settings
from alliancekg.neo4j.load import wipe
from tests.paths import ARTICLE
from tests.support import load_seeds, serve


class Page(HTMLParser):
    """A page's text (scripts left out) and its links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def site(
    request: pytest.FixtureRequest, session_driver: Driver, neo4j_settings: Settings
) -> Iterator[httpx.Client]:
    """The app on the article's seeds (without the member tables), from one backend or
    the other, served over HTTP."""
    if request.param == "embedded":
        settings = Settings(NEO4J_URI=None)
        backend: EmbeddedBackend | Neo4jBackend = EmbeddedBackend(settings, ARTICLE)
    else:
        settings = neo4j_settings
        wipe(session_driver, settings.neo4j_database)
        load_seeds(session_driver, settings, *ARTICLE)
        backend = Neo4jBackend(settings)
    with serve(create_app(settings, backend)) as url, httpx.Client(base_url=url) as client:
        yield client
    if request.param == "neo4j":
        wipe(session_driver, settings.neo4j_database)


def page(site: httpx.Client, path: str, status: int = 200) -> Page:
    response = site.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return Page(response.text)


def test_the_root_is_the_explorer_not_a_404(site: httpx.Client) -> None:
    home = page(site, "/")
    assert "얼라이언스 지식 그래프" in home.text
    for name in ("K-AI 얼라이언스", "AI 얼라이언스", "AX 얼라이언스", "대한민국의 어벤저스"):
        assert name in home.text
    assert "/explore/alliances/ax-alliance" in home.links
    english = page(site, "/?lang=en")
    assert "Alliance knowledge graph" in english.text
    assert "/explore/alliances/ax-alliance?lang=en" in english.links


def test_search_finds_a_firm_by_its_alias_without_javascript(site: httpx.Client) -> None:
    found = page(site, "/explore/search?q=SKT")
    assert "SK텔레콤" in found.text and "SK Telecom" in found.text
    assert "/explore/organizations/sk-telecom" in found.links
    assert "찾은 것이 없습니다" in page(site, "/explore/search?q=nothing-like-this").text


def test_an_organisation_page_shows_its_alliances_with_sources_and_evidence(
    site: httpx.Client,
) -> None:
    skt = page(site, "/explore/organizations/sk-telecom")
    text = skt.text
    assert "SK텔레콤 · SK Telecom" in text
    assert "K-AI 얼라이언스" in text and "대한민국의 어벤저스" in text
    assert "주도" in text and "제안된 회원" in text  # lead; proposed member
    # the source with its title and publisher, and the article's sentence
    assert "[창간기획] AI로 뭉친 韓 기업, 원팀 전략으로 글로벌 공략" in text
    assert "전자신문" in text
    assert "지난해 SK텔레콤 주도로 출범한 'K-AI 얼라이언스'가 있다." in text
    # its people and the curator's segment judgments, with their own source
    assert "유영상" in text and "대표" in text
    assert "큐레이터의 가치사슬 부문 배정" in text
    # the quotes about it
    assert "대한민국의 어벤저스를 만들어" in text


def test_a_unit_shows_its_parent_and_a_university_its_units(site: httpx.Client) -> None:
    unit = page(site, "/explore/organizations/naver-cloud-ai-innovation-center")
    assert "소속" in unit.text and "네이버클라우드" in unit.text
    assert "/explore/organizations/naver-cloud" in unit.links
    university = page(site, "/explore/organizations/korea-university?lang=en")
    assert "Units" in university.text
    assert "Korea University Graduate School of Technology Management" in university.text


def test_the_ax_alliance_page_marks_the_segments_of_unplaced_members_unknown(
    site: httpx.Client,
) -> None:
    ax = page(site, "/explore/alliances/ax-alliance?lang=en")
    text = ax.text
    assert "AX Alliance · AX 얼라이언스" in text
    assert "3 of 6 members placed" in text
    section = text[text.index("Segment coverage and gaps") :]
    for segment in ("Semiconductors and compute", "Foundation models", "Security"):
        row = section[section.index(segment) :][:160]
        assert "? unknown" in row, row
        assert "누리어시스템" in row and "투라인코드" in row and "위즈" in row
    assert "✕ absent" not in section.split("Overlap with other alliances")[0]
    si = section[section.index("Systems integration and consulting") :][:120]
    assert "● covered" in si and "inferred" in si
    # the timeline: six founders joined in Y0-07 (지난 7월)
    timeline = text[text.index("Membership timeline") :]
    assert "Y0-07 (지난 7월)" in timeline and " 6 " in timeline


def test_an_alliance_page_shows_its_overlap_and_its_figures(site: httpx.Client) -> None:
    kai = page(site, "/explore/alliances/k-ai-alliance")
    assert "18개사" in kai.text and "7개사" in kai.text
    assert "/explore/overlap/k-ai-alliance/korean-avengers" in kai.links
    assert "투자사 중심 구성에서 공유·협력·참여 기반 개방형 얼라이언스로 전환" in kai.text


def test_the_overlap_matrix_links_a_cell_to_the_shared_members(site: httpx.Client) -> None:
    matrix = page(site, "/explore/overlap")
    assert "/explore/overlap/k-ai-alliance/korean-avengers" in matrix.links
    pair = page(site, "/explore/overlap/k-ai-alliance/korean-avengers?lang=en")
    assert "SK Telecom" in pair.text
    assert "Jaccard index" in pair.text and "0.143" in pair.text


def test_a_pair_of_alliances_is_paged_by_its_shared_members(site: httpx.Client) -> None:
    first = page(site, "/explore/overlap/k-ai-alliance/k-ai-alliance?lang=en")
    assert "SK Telecom" in first.text and "Previous" not in first.text
    assert not any("page=2" in link for link in first.links)  # 18 members: one page
    beyond = page(site, "/explore/overlap/k-ai-alliance/k-ai-alliance?lang=en&page=2")
    assert "SK Telecom" not in beyond.text and "No member in common" not in beyond.text
    assert "/explore/overlap/k-ai-alliance/k-ai-alliance?page=1&lang=en" in beyond.links
    assert "/alliances/k-ai-alliance/overlap/k-ai-alliance?limit=50&offset=50" in beyond.links


def test_overviews_say_what_they_count(site: httpx.Client) -> None:
    multi = page(site, "/explore/multi-alliance")
    assert "두 곳 이상에 참여한 기업이 없습니다" in multi.text
    proposed = page(site, "/explore/multi-alliance?include_proposed=true")
    assert "SK텔레콤" in proposed.text
    gaps = page(site, "/explore/gaps?lang=en")
    assert "3 of 6 members placed" in gaps.text  # the AX Alliance's row
    assert "Segments only one firm covers" in gaps.text
    unaffiliated = page(site, "/explore/unaffiliated")
    assert "삼성전자" in unaffiliated.text and "SK텔레콤" not in unaffiliated.text


def test_the_graph_page_lists_the_relationships_for_readers_without_javascript(
    site: httpx.Client,
) -> None:
    graph = page(site, "/explore/graph/sk-telecom")
    assert "관계 (11)" in graph.text
    assert "/explore/alliances/k-ai-alliance" in graph.links
    assert "/static/vendor/cytoscape.min.js" in site.get("/explore/graph/sk-telecom").text


def test_every_page_links_to_json_and_rdf_that_answer(site: httpx.Client) -> None:
    for path in (
        "/explore/organizations/sk-telecom",
        "/explore/alliances/ax-alliance",
        "/explore/persons/ryu-young-sang",
        "/explore/graph/k-ai-alliance",
        "/explore/overlap",
        "/explore/gaps",
    ):
        links = page(site, path).links
        routes = ("/companies", "/alliances/", "/persons", "/entities", "/segments", "/export")
        data = [link for link in links if link.startswith(routes)]
        assert any(link.startswith("/entities/") or link == "/export" for link in data), path
        for link in data:
            response = site.get(link)
            assert response.status_code == 200, (path, link)


def test_an_unknown_id_is_a_404_page_in_the_chosen_language(site: httpx.Client) -> None:
    missing = page(site, "/explore/organizations/no-such-firm?lang=en", status=404)
    assert "The graph has no 'no-such-firm'." in missing.text
    assert "찾을 수 없습니다" in page(site, "/explore/alliances/no-such-alliance", 404).text


def test_the_language_switch_is_a_link_to_the_same_page(site: httpx.Client) -> None:
    korean = page(site, "/explore/alliances/k-ai-alliance")
    assert "/explore/alliances/k-ai-alliance?lang=en" in korean.links
    english = page(site, "/explore/alliances/k-ai-alliance?lang=en")
    assert "/explore/alliances/k-ai-alliance" in english.links
    assert "K-AI Alliance · K-AI 얼라이언스" in english.text
