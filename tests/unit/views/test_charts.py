"""The pictures: Korean that renders (no tofu), honest titles, the sizes asked for,
the API routes and the CLI command. The backend is a stand-in that answers the
named questions with rows shaped like Neo4j's (and refuses unknown parameters)."""

from __future__ import annotations

import struct
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import matplotlib
import pytest
from fastapi.testclient import TestClient
from matplotlib import font_manager
from rdflib import Graph
from typer.testing import CliRunner

from alliancekg.api import create_app
from alliancekg.backends import Backend
from alliancekg.cli import app as cli_app
from alliancekg.config import Settings
from alliancekg.exc import FontUnavailable, MissingGlyphs, UsageError
from alliancekg.ingest.validation import validate_seeds
from alliancekg.questions.catalogue import NamedQuery
from alliancekg.rdf.mapping import to_property_graph
from alliancekg.views import charts
from tests.paths import SEEDS

NAMES = {
    "k-ai-alliance": ("K-AI 얼라이언스", "K-AI Alliance"),
    "ai-alliance": ("AI 얼라이언스", "AI Alliance"),
    "korean-avengers": ("대한민국의 어벤저스", "Korean Avengers"),
}
PROPOSED_ALLIANCES = {"korean-avengers"}
# firm -> (name_ko, [(alliance, membership status)])
FIRMS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "sk-telecom": ("SK텔레콤", [("k-ai-alliance", "active"), ("korean-avengers", "proposed")]),
    "samsung-electronics": ("삼성전자", [("korean-avengers", "proposed")]),
    "naver": ("네이버", [("korean-avengers", "proposed")]),
    "bespin-global": ("베스핀글로벌", [("k-ai-alliance", "active")]),
    "kolon-benit": ("코오롱베니트", [("ai-alliance", "active")]),
}


class FakeBackend(Backend):
    """Answers overlap_matrix and multi_alliance_firms like Neo4j does for the data above
    (the base class checks the parameters: unknown ones are an error)."""

    name = "fake"
    param_forms: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        super().__init__(Settings())
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def answer(self, q: NamedQuery, values: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append((q.name, values))
        if q.name == "overlap_matrix":
            return self._matrix(values["include_proposed"])
        if q.name == "multi_alliance_firms":
            return self._multi(values["min_alliances"], values["include_proposed"])
        raise AssertionError(f"charts should not ask {q.name}")

    def _memberships(self, include_proposed: bool) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for firm, (_, ms) in FIRMS.items():
            kept = [
                (a, s)
                for a, s in ms
                if include_proposed or (a not in PROPOSED_ALLIANCES and s != "proposed")
            ]
            if kept:
                out[firm] = kept
        return out

    def _matrix(self, include_proposed: bool) -> list[dict[str, Any]]:
        ids = sorted(a for a in NAMES if include_proposed or a not in PROPOSED_ALLIANCES)
        members = {
            a: {f for f, (_, ms) in FIRMS.items() if any(x == a for x, _ in ms)} for a in ids
        }
        return [
            {
                "a": a,
                "a_ko": NAMES[a][0],
                "a_en": NAMES[a][1],
                "b": b,
                "b_ko": NAMES[b][0],
                "b_en": NAMES[b][1],
                "shared": len(members[a] & members[b]),
            }
            for a in ids
            for b in ids
        ]

    def _multi(self, min_alliances: int, include_proposed: bool) -> list[dict[str, Any]]:
        rows = []
        for firm, ms in self._memberships(include_proposed).items():
            if len(ms) < min_alliances:
                continue
            rows.append(
                {
                    "id": firm,
                    "name_ko": FIRMS[firm][0],
                    "name_en": None,
                    "kind": "Company",
                    "alliance_count": len(ms),
                    "dates_certain": True,
                    "memberships": [
                        {
                            "alliance": a,
                            "alliance_ko": NAMES[a][0],
                            "alliance_en": NAMES[a][1],
                            "status": s,
                            "role": "member",
                        }
                        for a, s in ms
                    ],
                }
            )
        return rows

    def graph(self) -> Graph:
        raise AssertionError("charts should not read the whole graph")

    def entity(self, ident: str) -> Graph:
        raise AssertionError("charts should not read entities")

    def ntriples(self) -> Iterator[bytes]:
        raise AssertionError("charts should not export")

    def health(self) -> dict[str, Any]:
        return {"backend": self.name}

    def close(self) -> None:
        pass

    async def aclose(self) -> None:
        return None


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_size_px(data: bytes) -> tuple[float, float]:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", "not an SVG"
    width, height = root.attrib["width"], root.attrib["height"]
    assert width.endswith("pt") and height.endswith("pt")
    return float(width[:-2]) * 96 / 72, float(height[:-2]) * 96 / 72


def texts(fig: Any) -> str:
    """Every piece of text a reader sees on the figure."""
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return "\n".join(t for t in found if t)


# --- Korean without tofu -----------------------------------------------------------


def test_the_chart_font_is_the_korean_font_not_a_fallback() -> None:
    family = charts.korean_font_family()
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert Path(found).resolve() == charts.korean_font_files()[0].resolve()


def test_the_font_has_every_hangul_character_the_seed_names_use() -> None:
    pg = to_property_graph(validate_seeds([SEEDS]).graph)
    names = "".join(
        str(n.props.get(key, ""))
        for n in pg.nodes.values()
        for key in ("name_ko", "title_ko", "value_text_ko")
    )
    hangul = {ch for ch in names if "\uac00" <= ch <= "\ud7a3"}
    assert len(hangul) > 50, "the seeds should name things in Korean"
    assert charts.missing_glyphs(names) == set()


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", charts.CHARTS)
def test_korean_labels_render_without_missing_glyph_warnings(
    backend: FakeBackend, chart: str, fmt: str
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = charts.render(chart, backend, fmt, include_proposed=True)
    assert data
    assert not [w for w in caught if "missing from font" in str(w.message)]


LATIN_ONLY = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def test_a_font_without_hangul_fails_instead_of_drawing_tofu(backend: FakeBackend) -> None:
    assert "삼" in charts.missing_glyphs("삼성전자", LATIN_ONLY)
    with pytest.raises(MissingGlyphs, match="HANGUL"):
        charts.render("overlap", backend, "png", font=LATIN_ONLY)


def test_the_font_setting_reaches_the_chart_command(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ALLIANCEKG_CJK_FONT", str(LATIN_ONLY))
    monkeypatch.setenv("ALLIANCEKG_SEEDS", str(SEEDS))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = cli.invoke(cli_app, ["chart", "overlap", "-o", "o.png"])
    assert result.exit_code == 2
    assert "glyphs that no font has" in result.output
    assert not list(tmp_path.iterdir())


def test_a_missing_font_package_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts.fonts, "FONT_PACKAGE", "no_such_font_package")
    with pytest.raises(FontUnavailable, match="koreanize-matplotlib"):
        charts.korean_font_files()


# --- sizes and formats -----------------------------------------------------------------


@pytest.mark.parametrize("chart", charts.CHARTS)
def test_default_sizes(backend: FakeBackend, chart: str) -> None:
    assert png_size(charts.render(chart, backend, "png")) == charts.DEFAULT_SIZE[chart]
    assert svg_size_px(charts.render(chart, backend, "svg")) == pytest.approx(
        charts.DEFAULT_SIZE[chart]
    )


@pytest.mark.parametrize(("width", "height"), [(400, 400), (777, 555), (1999, 1201)])
def test_the_size_asked_for_is_the_size_drawn(
    backend: FakeBackend, width: int, height: int
) -> None:
    png = charts.render("overlap", backend, "png", width=width, height=height)
    svg = charts.render("multi-alliance", backend, "svg", width=width, height=height)
    assert png_size(png) == (width, height)
    assert svg_size_px(svg) == pytest.approx((width, height), abs=0.01)


def test_the_same_data_gives_the_same_picture(backend: FakeBackend) -> None:
    for fmt in ("png", "svg"):
        assert charts.render("overlap", backend, fmt) == charts.render("overlap", backend, fmt)


def test_sizes_and_formats_out_of_range_are_refused(backend: FakeBackend) -> None:
    with pytest.raises(UsageError, match="width"):
        charts.render("overlap", backend, "png", width=10)
    with pytest.raises(UsageError, match="png or svg"):
        charts.render("overlap", backend, "gif")
    with pytest.raises(UsageError, match="charts: overlap, multi-alliance"):
        charts.render("pie", backend, "png")


# --- what the pictures say -------------------------------------------------------------


def test_overlap_marks_proposed_alliances_and_counts_shared_members(backend: FakeBackend) -> None:
    data = charts.overlap_data(backend, include_proposed=True)
    assert [(a.id, a.proposed) for a in data.alliances] == [
        ("k-ai-alliance", False),
        ("ai-alliance", False),
        ("korean-avengers", True),
    ]
    assert data.shared[("k-ai-alliance", "korean-avengers")] == 1
    assert data.size("korean-avengers") == 3
    shown = texts(charts.overlap_figure(data, 1000, 800))
    assert "대한민국의 어벤저스" in shown
    assert "include_proposed=true" in shown
    assert "1 of 3 pairs share a member" in shown


def test_multi_alliance_with_proposals_says_what_it_counts(backend: FakeBackend) -> None:
    data = charts.multi_alliance_data(backend, include_proposed=True)
    assert [f.id for f in data.multi] == ["sk-telecom"]
    assert data.multi_launched == 0
    top = data.intersections[0]
    assert top.alliances == {"k-ai-alliance", "korean-avengers"}
    assert top.firms[0].proposed_in == {"korean-avengers"}
    shown = texts(charts.multi_alliance_figure(data, 1100, 720))
    assert "SK텔레콤" in shown, "the multi-alliance firm is named on its bar"
    assert "include_proposed=true" in shown
    assert "Launched alliances and active memberships only: no firm is in two" in shown


def test_multi_alliance_without_proposals_says_no_firm_is_in_two(backend: FakeBackend) -> None:
    data = charts.multi_alliance_data(backend, include_proposed=False)
    assert data.multi == []
    assert {a.id for a in data.alliances} == {"k-ai-alliance", "ai-alliance"}
    shown = texts(charts.multi_alliance_figure(data, 1100, 720))
    assert "include_proposed=false" in shown
    assert "no firm is in two alliances" in shown


def test_charts_ask_only_the_named_questions(backend: FakeBackend) -> None:
    charts.render("overlap", backend, "png")
    charts.render("multi-alliance", backend, "png", include_proposed=True)
    assert {q for q, _ in backend.calls} == {"overlap_matrix", "multi_alliance_firms"}


def test_an_empty_graph_still_draws_a_picture_that_says_so() -> None:
    class Empty(FakeBackend):
        def answer(self, q: NamedQuery, values: dict[str, Any]) -> list[dict[str, Any]]:
            return []

    empty = Empty()
    assert png_size(charts.render("overlap", empty, "png")) == charts.DEFAULT_SIZE["overlap"]
    data = charts.multi_alliance_data(empty)
    assert "no memberships in the graph" in texts(charts.multi_alliance_figure(data, 800, 600))


# --- the API ---------------------------------------------------------------------------


@pytest.fixture
def client(backend: FakeBackend) -> TestClient:
    return TestClient(create_app(Settings(NEO4J_URI="bolt://unused:7687"), backend))


def test_api_serves_png_and_svg_with_their_media_types(client: TestClient) -> None:
    png = client.get("/charts/overlap.png")
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png_size(png.content) == charts.DEFAULT_SIZE["overlap"]

    svg = client.get(
        "/charts/multi-alliance.svg",
        params={"include_proposed": "true", "width": 800, "height": 600},
    )
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg_size_px(svg.content) == pytest.approx((800, 600))


def test_api_chart_defaults_follow_the_questions(client: TestClient, backend: FakeBackend) -> None:
    client.get("/charts/overlap.png")
    assert backend.calls[0] == ("overlap_matrix", {"include_proposed": True})
    backend.calls.clear()
    client.get("/charts/multi-alliance.png")
    query, params = backend.calls[0]
    assert query == "multi_alliance_firms"
    assert params["include_proposed"] is False


@pytest.mark.parametrize(
    "url",
    [
        "/charts/overlap.gif",
        "/charts/overlap.png?width=10",
        "/charts/multi-alliance.svg?height=9999",
    ],
)
def test_api_refuses_bad_formats_and_sizes(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422


# --- the CLI ---------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, backend: FakeBackend) -> CliRunner:
    monkeypatch.setattr("alliancekg.cli.questions.make_backend", lambda settings: backend)
    return CliRunner()


def test_cli_writes_the_format_the_file_name_asks_for(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "multi.svg"
    result = cli.invoke(cli_app, ["chart", "multi-alliance", "--include-proposed", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert svg_size_px(out.read_bytes()) == pytest.approx(charts.DEFAULT_SIZE["multi-alliance"])
    assert f"wrote {out}" in result.output

    png = tmp_path / "overlap.png"
    result = cli.invoke(
        cli_app,
        [
            "chart",
            "overlap",
            "--format",
            "png",
            "-o",
            str(png),
            "--width",
            "640",
            "--height",
            "480",
        ],
    )
    assert result.exit_code == 0, result.output
    assert png_size(png.read_bytes()) == (640, 480)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "pie"], "unknown chart 'pie'"),
        (["chart", "overlap", "--format", "png", "-o", "x.svg"], "does not match"),
        (["chart", "overlap", "--format", "gif"], "use png or svg"),
        (["chart", "overlap", "--width", "5"], "width must be between"),
        (["chart", "overlap", "-o", "no/such/dir/o.png"], "cannot write no/such/dir/o.png"),
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(
    cli: CliRunner, args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli.invoke(cli_app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir()), "nothing is written on an error"
