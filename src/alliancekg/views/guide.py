"""A Neo4j Browser guide: a tour of the graph and of every saved question.

``render_guide()`` builds the HTML that Neo4j Browser's ``:play <url>`` shows
as slides (``<carousel>`` of ``<slide>``). Each question's slide is made from
its file in ``queries/`` when the guide is asked for: the title and the text
come from the file's comment header, and the clickable block holds the file's
``:param`` lines and its Cypher, so the guide cannot drift from the queries the
API and the CLI run. Clicking a block puts it in Browser's editor; running it
sets the parameters, then runs the query.

The guide is served by the API at ``GET /guide`` (see docs/browser.md).
"""

from __future__ import annotations

import html
from pathlib import Path

from ..config import home
from ..questions.catalogue import NamedQuery, parse_query

# The order of the tour; a query file not named here comes after these, by name.
TOUR = (
    "multi_alliance_firms",
    "alliance_overlap",
    "overlap_matrix",
    "bridge_firms",
    "competitor_pairs",
    "alliance_segment_gaps",
    "firms_without_alliance",
    "single_firm_segments",
    "mega_alliance",
    "members_as_of",
    "alliance",
    "company",
    "person",
    "quotes",
    "search",
    "neighbourhood",
    "sources",
)

# The first slide's picture of the graph: companies, memberships, alliances.
ALLIANCE_GRAPH = "MATCH (c:Company)-[m:MEMBER_OF]->(a:Alliance)\nRETURN c, m, a"
# The labels and relationship types ALLIANCE_GRAPH uses (a test checks the ontology has them).
ALLIANCE_GRAPH_NAMES = ("Company", "Alliance", "MEMBER_OF")

GRASS_FILE = "alliancekg.grass"


def grass_path() -> Path:
    """The Browser style sheet: node colours and captions for the ontology's labels."""
    return home().browser / GRASS_FILE


def questions() -> list[NamedQuery]:
    """Every ``queries/*.cypher`` file, read now, in the order of the tour."""
    files = {p.stem: p for p in home().queries.glob("*.cypher")}
    order = [n for n in TOUR if n in files] + sorted(set(files) - set(TOUR))
    return [parse_query(n, files[n].read_text(encoding="utf-8")) for n in order]


def runnable(query: NamedQuery) -> str:
    """What a click puts in Browser's editor: the ``:param`` lines, then the query."""
    head = "\n".join(query.param_lines)
    return f"{head}\n\n{query.cypher};" if head else f"{query.cypher};"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _doc_html(doc: str) -> str:
    """The comment header as paragraphs; runs of indented lines (parameter lists, cases)
    stay preformatted."""
    parts: list[str] = []
    for block in doc.split("\n\n"):
        runs: list[tuple[bool, list[str]]] = []
        for line in (line.rstrip() for line in block.splitlines() if line.strip()):
            indented = line.startswith(" ")
            if runs and runs[-1][0] == indented:
                runs[-1][1].append(line)
            else:
                runs.append((indented, [line]))
        for indented, lines in runs:
            if indented:
                parts.append(f'<pre class="content">{_e(chr(10).join(lines))}</pre>')
            else:
                parts.append(f"<p>{_e(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(parts)


def _code(text: str, caption: str) -> str:
    return (
        "<figure>\n"
        f'<pre mode="cypher" class="pre-scrollable code runnable">{_e(text)}</pre>\n'
        f"<figcaption>{_e(caption)}</figcaption>\n"
        "</figure>"
    )


def _slide(title: str, lead: str, body: str) -> str:
    return (
        '<slide class="row-fluid">\n'
        '<div class="col-sm-3">\n'
        f"<h3>{_e(title)}</h3>\n"
        f'<p class="lead">{lead}</p>\n'
        "</div>\n"
        '<div class="col-sm-9">\n'
        f"{body}\n"
        "</div>\n"
        "</slide>"
    )


def _intro(base_url: str, count: int) -> str:
    style = f"style {base_url}/guide/style.grass"
    body = "\n".join(
        [
            "<p>Who is allied with whom in the Korean AI industry, every fact traced to its "
            "source. Companies and other organisations are <code>:Organization</code> nodes "
            "(<code>:Company</code>, <code>:GovernmentBody</code>, ...), alliances are "
            "<code>:Alliance</code>, and each membership is a <code>MEMBER_OF</code> "
            "relationship with its <code>role</code>, <code>status</code>, <code>joined</code> "
            "date and the <code>sources</code> that state it. Names are in Korean "
            "(<code>name_ko</code>) and English (<code>name_en</code>).</p>",
            f'<p>Colours and Korean captions: <a exec-topic="{_e(style)}">:{_e(style)}</a> '
            "(or drop <code>browser/alliancekg.grass</code> on this window).</p>",
            _code(
                ALLIANCE_GRAPH,
                "Click the block, then run it (Ctrl+Enter): the alliances "
                "and their member companies.",
            ),
            _code("CALL db.schema.visualization()", "How the labels and relationships connect."),
            f"<p>The next {count} slides are the saved questions in <code>queries/</code>: "
            "click a block to put it in the editor, change a <code>:param</code> value if "
            "you like, and run it.</p>",
        ]
    )
    return _slide(
        "Alliance knowledge graph",
        "A guided tour of the graph and of the saved questions.",
        body,
    )


def _question(query: NamedQuery, number: int, total: int) -> str:
    params = ", ".join(query.defaults) or "none"
    body = "\n".join(
        [
            _doc_html(query.doc),
            _code(runnable(query), f"queries/{query.name}.cypher (parameters: {params})"),
        ]
    )
    lead = f"Question {number} of {total}: <code>{_e(query.name)}</code>"
    return _slide(query.title, lead, body)


def _pictures(base_url: str) -> str:
    # Browser's content security policy keeps remote images out of guides: link to them.
    links = [
        ("overlap.svg", "alliance × alliance overlap heatmap"),
        ("multi-alliance.svg?include_proposed=true", "firms in more than one alliance (UpSet)"),
        ("multi-alliance.svg", "the same, launched alliances only"),
    ]
    items = "\n".join(
        f'<li><a href="{_e(base_url)}/charts/{_e(path)}" target="_blank">{_e(text)}</a></li>'
        for path, text in links
    )
    body = "\n".join(
        [
            "<p>The overlap you can see: the API draws the same questions as pictures "
            "(PNG or SVG, with Korean labels). They open in a new tab:</p>",
            f"<ul>\n{items}\n</ul>",
            "<p>On the command line: <code>alliancekg chart overlap -o overlap.png</code>, "
            "<code>alliancekg chart multi-alliance --include-proposed -o multi.svg</code>.</p>",
        ]
    )
    return _slide("Pictures", "The overlap heatmap and the multi-alliance firms.", body)


def render_guide(base_url: str = "http://localhost:8000") -> str:
    """The whole guide as HTML; ``base_url`` is where the API serves the style and charts."""
    base = base_url.rstrip("/")
    qs = questions()
    slides = [_intro(base, len(qs))]
    slides += [_question(q, i, len(qs)) for i, q in enumerate(qs, start=1)]
    slides.append(_pictures(base))
    return (
        '<article class="guide">\n'
        '<carousel class="deck container-fluid">\n'
        + "\n".join(slides)
        + "\n</carousel>\n</article>\n"
    )
