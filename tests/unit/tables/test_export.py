"""Exports analysts open: CSV and XLSX tables that read back as the same graph, and
GraphML and GEXF that networkx parses as Gephi and yEd users' tools do."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx
import openpyxl
import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.exc import NotAcceptable
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG
from alliancekg.rdf.formats import negotiate_among
from alliancekg.tables.export import graph_tables
from alliancekg.tables.formats import EXPORT_FORMATS
from alliancekg.tables.layout import table_names
from alliancekg.tables.networks import gexf, graphml
from alliancekg.tables.writers import csv_zip, write_csv_folder, xlsx
from tests.paths import FIXTURES, ROOT, SEEDS
from tests.support import assert_isomorphic

CORPUS = SEEDS / "tables" / "korean-ai-alliances"
EXAMPLE = FIXTURES / "tables" / "example"


@pytest.fixture(scope="module")
def table_graph() -> Graph:
    """The article's seeds with the corpus table: every section, tables and YAML."""
    return validate_seeds([SEEDS]).graph


def read_back(folder: Path) -> Graph:
    # The source texts are not in the graph (only their path): put them beside the tables.
    shutil.copytree(SEEDS / "texts", folder / "texts", dirs_exist_ok=True)
    return validate_seeds([folder]).graph


def test_a_table_seed_set_exported_as_csv_reads_back_as_the_same_graph(
    table_graph: Graph, tmp_path: Path
) -> None:
    tables = graph_tables(table_graph)
    write_csv_folder(tmp_path / "out", "out", tables)

    # every table has rows, but judgements: the article's seeds merge nothing
    assert [t.name for t in tables] == [n for n in table_names(model()) if n != "judgements"]
    assert_isomorphic(table_graph, read_back(tmp_path / "out"))


def test_merged_firms_and_their_judgements_read_back_as_the_same_graph(tmp_path: Path) -> None:
    # two sources' sk-telecom and sk_telecom, one firm by a judgement: the export holds
    # the merged firm (same_as sk_telecom) and the judgement, and reads back as it was
    identity = FIXTURES / "identity"
    graph = validate_seeds([identity / "two-sources", identity / "judged"]).graph
    tables = graph_tables(graph)
    write_csv_folder(tmp_path / "out", "out", tables)

    assert "judgements" in [t.name for t in tables]
    organizations = (tmp_path / "out" / "out.organizations.csv").read_text(encoding="utf-8")
    assert "sk_telecom" in organizations  # in sk-telecom's same_as, not a row of its own
    assert_isomorphic(graph, validate_seeds([tmp_path / "out"]).graph)


def test_the_csv_zip_and_the_xlsx_read_back_as_the_same_graph(
    table_graph: Graph, tmp_path: Path
) -> None:
    tables = graph_tables(table_graph)
    with zipfile.ZipFile(io.BytesIO(csv_zip("kg", tables))) as zf:
        assert sorted(zf.namelist()) == sorted(f"kg.{t.name}.csv" for t in tables)
        zf.extractall(tmp_path / "zip")
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "xlsx" / "kg.xlsx").write_bytes(xlsx(tables))

    assert_isomorphic(table_graph, read_back(tmp_path / "zip"))
    assert_isomorphic(table_graph, read_back(tmp_path / "xlsx"))


def test_exported_memberships_have_the_columns_analysts_write_first(table_graph: Graph) -> None:
    tables = {t.name: t for t in graph_tables(table_graph)}

    assert tables["memberships"].header[:8] == [
        "id",
        "member",
        "alliance",
        "role",
        "status",
        "joined",
        "left",
        "basis",
    ]
    assert tables["organizations"].header[:7] == [
        "id",
        "kind",
        "name_ko",
        "name_en",
        "aliases",
        "parent",
        "identifiers",
    ]
    assert tables["memberships"].header[-1] == "sources"


def counts(graph: Graph) -> tuple[int, int]:
    """Organisations and alliances; memberships."""
    orgs = set(graph.subjects(RDF.type, AKG.Organization))
    return len(orgs), len(set(graph.subjects(RDF.type, AKG.Membership)))


@pytest.mark.parametrize(
    ("write", "read"), [(graphml, nx.read_graphml), (gexf, nx.read_gexf)], ids=["graphml", "gexf"]
)
def test_networks_parse_with_networkx_a_node_per_organisation_and_an_edge_per_membership(
    table_graph: Graph, tmp_path: Path, write: Any, read: Any
) -> None:
    path = tmp_path / "network"
    path.write_bytes(write(table_graph))

    g = read(path)

    nodes, edges = counts(table_graph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert g.nodes["sk-telecom"]["label"] == "SK텔레콤"
    assert g.nodes["k-ai-alliance"]["kind"] == "Alliance"
    [lead] = [
        d
        for _, _, d in g.edges("sk-telecom", data=True)
        if d["membership"] == "m.sk-telecom.k-ai-alliance.y-1"
    ]
    assert (lead["role"], lead["joined"], lead["sources"]) == ("lead", "Y-1", "etnews-ai-alliances")
    # one membership stated alike by the article and by pages: one edge, every source;
    # a page that states it otherwise (inferred) is an edge of its own
    scatter = [
        d["sources"].split("|")
        for u, v, d in g.edges(data=True)
        if (u, v) == ("scatter-lab", "k-ai-alliance")
    ]
    [article] = [s for s in scatter if "etnews-ai-alliances" in s]
    assert len(article) >= 3
    assert len(scatter) == 2


# --------------------------------------------------------------------------- formula injection

HOSTILE = ['=HYPERLINK("http://x.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def hostile_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    aliases = ", ".join(f'"{h}"' for h in HOSTILE[1:]).replace("\t", "\\t").replace("\r", "\\r")
    (folder / "s.yaml").write_text(
        "source: {id: s, kind: curation, title: {en: S}}\n"
        "organizations:\n"
        f"  - id: evil\n    kind: company\n    name: {{en: '{HOSTILE[0]}'}}\n"
        f"    aliases: [{aliases}]\n",
        encoding="utf-8",
    )
    return folder


def test_a_csv_cell_that_starts_like_a_formula_is_written_as_text_and_read_back(
    hostile_seeds: Path, tmp_path: Path
) -> None:
    graph = validate_seeds([hostile_seeds]).graph
    write_csv_folder(tmp_path / "out", "out", graph_tables(graph))

    raw = (tmp_path / "out" / "out.organizations.csv").read_bytes().decode("utf-8-sig")
    [header, row] = csv.reader(io.StringIO(raw, newline=""))
    cells = dict(zip(header, row, strict=True))
    assert cells["name_en"] == "'" + HOSTILE[0]
    assert cells["aliases"].startswith("'\tTAB|\rCR|")  # the whole cell is guarded
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert_isomorphic(graph, validate_seeds([tmp_path / "out"]).graph)


def test_an_xlsx_cell_that_starts_like_a_formula_is_text_never_a_formula(
    hostile_seeds: Path, tmp_path: Path
) -> None:
    graph = validate_seeds([hostile_seeds]).graph
    (tmp_path / "x").mkdir()
    path = tmp_path / "x" / "kg.xlsx"
    path.write_bytes(xlsx(graph_tables(graph)))

    ws = openpyxl.load_workbook(path)["organizations"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    names = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert names == ["'" + HOSTILE[0]]
    assert_isomorphic(graph, validate_seeds([tmp_path / "x"]).graph)


# --------------------------------------------------------------------------- the command


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return CliRunner()


def test_export_csv_writes_a_folder_or_a_zip(runner: CliRunner, tmp_path: Path) -> None:
    folder = runner.invoke(
        app, ["export", "-s", str(EXAMPLE), "-f", "csv", "-o", str(tmp_path / "f")]
    )
    zipped = runner.invoke(
        app, ["export", "-s", str(EXAMPLE), "-f", "csv", "-o", str(tmp_path / "t.zip")]
    )

    assert folder.exit_code == 0, folder.stderr
    assert "wrote 4 tables (15 rows)" in folder.stderr
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "f.alliances.csv",
        "f.memberships.csv",
        "f.organizations.csv",
        "f.sources.csv",
    ]
    assert zipped.exit_code == 0, zipped.stderr
    with zipfile.ZipFile(tmp_path / "t.zip") as zf:
        assert "t.memberships.csv" in zf.namelist()
    assert_isomorphic(validate_seeds([EXAMPLE]).graph, validate_seeds([tmp_path / "f"]).graph)


def test_export_csv_without_an_output_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "-s", str(EXAMPLE), "-f", "csv"])

    assert result.exit_code == 2
    assert "give -o FOLDER or -o FILE.zip" in result.stderr


@pytest.mark.parametrize("fmt", ["xlsx", "graphml", "gexf"])
def test_export_writes_each_table_and_network_format(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"kg.{fmt}"
    result = runner.invoke(app, ["export", "-s", str(EXAMPLE), "-f", fmt, "-o", str(out)])

    assert result.exit_code == 0, result.stderr
    if fmt == "xlsx":
        assert openpyxl.load_workbook(out).sheetnames == [
            "organizations",
            "alliances",
            "memberships",
            "sources",
        ]
    else:
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert (g.number_of_nodes(), g.number_of_edges()) == (7, 4)


@pytest.mark.parametrize(
    ("accept", "override", "expected"),
    [
        ("application/zip", None, "csv"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None, "xlsx"),
        ("application/graphml+xml", None, "graphml"),
        ("application/gexf+xml;q=0.9, text/turtle;q=0.5", None, "gexf"),
        ("*/*", None, "turtle"),
        (None, None, "turtle"),
        ("text/turtle", "gexf", "gexf"),
    ],
)
def test_export_negotiates_tables_and_networks_by_media_type(
    accept: str | None, override: str | None, expected: str
) -> None:
    assert negotiate_among(accept, override, EXPORT_FORMATS).name == expected


def test_csv_is_a_zip_not_text_csv() -> None:
    with pytest.raises(NotAcceptable):
        negotiate_among("text/csv", None, EXPORT_FORMATS)
