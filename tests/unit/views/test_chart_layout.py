"""The pictures hold at real sizes: from 6 to 200 alliances, with names of up to 80
characters mixing Hangul and Latin, no two pieces of text overlap and none leaves
the picture, as matplotlib's renderer measures them (each text's window extent).

The data is generated (a fixed seed): alliance names of 4 to 80 characters,
some with an English name, some proposed, and organisations in one to four
alliances, so the overlap matrix is dense and the UpSet plot has more groups
than it shows.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import matplotlib
import pytest
from matplotlib.text import Text

from alliancekg.views import charts
from alliancekg.views.charts import (
    Alliance,
    Firm,
    Intersection,
    MultiAllianceData,
    OverlapData,
)
from alliancekg.views.charts.overlap import similar_first

HANGUL = "가나다라마바사아자차카타파하한국인공지능얼라이언스협의회연합산업기술데이터클라우드반도체"
LATIN = [
    "Alliance",
    "Korea",
    "AI",
    "Data",
    "Cloud",
    "Consortium",
    "Forum",
    "Association",
    "Partners",
    "Network",
    "Global",
]


def _name(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        if rng.random() < 0.5:
            words.append("".join(rng.choice(HANGUL) for _ in range(rng.randint(2, 7))))
        else:
            words.append(rng.choice(LATIN))
    return " ".join(words)[:length].strip()


@cache
def generated(n: int, seed: int = 19) -> tuple[OverlapData, MultiAllianceData]:
    rng = random.Random(seed)
    alliances = [
        Alliance(
            f"alliance-{i:03d}",
            _name(rng, 80 if i % 5 == 0 else rng.randint(4, 80)),
            _name(rng, rng.randint(10, 80)) if rng.random() < 0.7 else None,
            rng.random() < 0.1,
        )
        for i in range(n)
    ]
    ids = [a.id for a in alliances]
    firms = [
        Firm(
            f"firm-{k:04d}",
            _name(rng, rng.randint(2, 24)),
            None,
            frozenset(rng.sample(ids, min(n, rng.choice((1, 1, 1, 2, 2, 3, 4))))),
            frozenset(),
        )
        for k in range(n * 6)
    ]
    shared = dict.fromkeys(((a, b) for a in ids for b in ids), 0)
    for f in firms:
        for a in f.alliances:
            for b in f.alliances:
                shared[(a, b)] += 1
    groups: dict[frozenset[str], list[Firm]] = {}
    for f in firms:
        groups.setdefault(f.alliances, []).append(f)
    intersections = [Intersection(k, tuple(v)) for k, v in groups.items()]
    intersections.sort(key=lambda i: (i.degree < 2, -len(i.firms), -i.degree, sorted(i.alliances)))
    return (
        OverlapData(similar_first(alliances, shared), shared, True),
        MultiAllianceData(alliances, intersections, True, 0),
    )


def drawn_texts(fig: Any) -> list[Text]:
    """Every piece of text the picture shows (tick labels only where ticks are drawn)."""
    found: list[Text] = list(fig.texts)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += ax.texts
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                found.append(axis.label)
                for tick in axis._update_ticks():
                    found += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def overlaps(fig: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts that leave the canvas, and the pairs of texts whose boxes overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    boxes = [(t.get_window_extent(renderer), t.get_text()) for t in drawn_texts(fig)]
    outside = [
        s
        for b, s in boxes
        if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5
    ]
    boxes.sort(key=lambda item: item[0].x0)
    pairs: list[tuple[str, str]] = []
    for i, (a, sa) in enumerate(boxes):
        for b, sb in boxes[i + 1 :]:
            if b.x0 >= a.x1 - 0.5:
                break
            if min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 and min(a.x1, b.x1) - b.x0 > 0.5:
                pairs.append((sa, sb))
    return outside, pairs


@pytest.mark.parametrize("n", [6, 18, 50, 200])
@pytest.mark.parametrize("chart", ["overlap", "multi-alliance"])
def test_no_label_overlaps_another_or_leaves_the_picture(chart: str, n: int) -> None:
    overlap, multi = generated(n)
    with matplotlib.rc_context(charts.fonts.rc()):
        if chart == "overlap":
            fig = charts.overlap_figure(overlap)
        else:
            fig = charts.multi_alliance_figure(multi)
        outside, pairs = overlaps(fig)
    assert not outside, f"{len(outside)} texts leave the picture, e.g. {outside[:3]}"
    assert not pairs, f"{len(pairs)} pairs of texts overlap, e.g. {pairs[:3]}"
    width, height = fig.size_px
    assert min(width, height) >= charts.MIN_SIDE and max(width, height) <= charts.MAX_SIDE


def test_the_check_finds_overlapping_and_escaping_labels() -> None:
    with matplotlib.rc_context(charts.fonts.rc()):
        fig = charts.canvas.new_canvas((1000, 800), 1000, 800).fig
        fig.text(0.5, 0.5, "SK텔레콤 · SK Telecom")
        fig.text(0.51, 0.5, "삼성전자")
        fig.text(0.99, 0.2, "leaves the picture")
        outside, pairs = overlaps(fig)
    assert outside == ["leaves the picture"]
    assert pairs == [("SK텔레콤 · SK Telecom", "삼성전자")]


def test_a_smaller_picture_is_the_same_drawing_smaller() -> None:
    overlap, _ = generated(50)
    with matplotlib.rc_context(charts.fonts.rc()):
        fig = charts.overlap_figure(overlap, 800, 500)
        outside, pairs = overlaps(fig)
    assert fig.size_px == (800, 500)
    assert not outside and not pairs


def test_the_picture_grows_with_the_alliances_it_shows() -> None:
    sizes = []
    for n in (6, 50, 200):
        overlap, _ = generated(n)
        fig = charts.overlap_figure(overlap)
        sizes.append(fig.size_px)
    assert sizes[0] == charts.DEFAULT_SIZE["overlap"]
    assert sizes[0][1] < sizes[1][1] < sizes[2][1]


def test_shortened_names_are_whole_in_the_svg_titles() -> None:
    overlap, _ = generated(50)
    with charts.fonts.drawing():
        fig = charts.overlap_figure(overlap)
        width, height = fig.size_px
        svg = charts.canvas.save(fig, "svg", width, height, fig.titles.full).decode()
    longest = max(overlap.alliances, key=lambda a: len(a.label))
    assert len(longest.label) > 80
    drawn = [t.get_text() for t in fig.texts]
    assert not any(longest.label in t for t in drawn), "the longest name is drawn shortened"
    assert f"{longest.label}</title>" in svg


def test_the_upset_plot_sums_the_groups_past_its_top() -> None:
    _, multi = generated(50)
    fig = charts.multi_alliance_figure(multi)
    plan = charts.upset.plan(multi, charts.korean_font_family())
    assert len(plan.columns) == charts.upset.TOP_GROUPS - 1
    summed = sum(len(i.firms) for i in plan.rest)
    assert summed == sum(len(i.firms) for i in multi.intersections[len(plan.columns) :])
    shown = " ".join(t.get_text() for t in fig.texts)
    assert f"The last bar sums the {len(plan.rest)} smaller groups ({summed} organisations)" in (
        shown.replace("\n", " ")
    )
