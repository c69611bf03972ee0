"""Tables as seed files: CSV, TSV and XLSX rows become the same entries as YAML, in
every encoding spreadsheets write, and every bad table fails with its file, row and
column.

Each directory under tests/fixtures/tables/invalid/ is the example table set of
docs/data-format.md with one fault.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal
from rdflib.namespace import ORG, RDF
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.exc import InvalidData
from alliancekg.ingest.sources import normalise, page_id
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.vocab import AKG, SDO
from alliancekg.rdf.terms import IriMaker
from tests.paths import ARTICLE, FIXTURES, ROOT, SEEDS
from tests.support import assert_isomorphic

TABLES = FIXTURES / "tables"
EXAMPLE = TABLES / "example"
CORPUS = SEEDS / "tables" / "korean-ai-alliances"
INVALID = TABLES / "invalid"
iri = IriMaker()


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the table the problem is in
    row: int
    field: str | None
    text: str

    @property
    def path(self) -> str:
        return f"tests/fixtures/tables/invalid/{self.name}"


CASES = [
    Case(
        "wrong-encoding",
        "bad.memberships.csv",
        4,
        "alliance",
        "byte 0xff at offset 369 is neither UTF-8 nor CP949 (EUC-KR); save the file as UTF-8",
    ),
    Case("unknown-column", "bad.organizations.csv", 1, "homepage", "unknown column 'homepage'"),
    Case("missing-column", "bad.memberships.csv", 1, "role", "missing required column 'role'"),
    Case(
        "empty-required-cell", "bad.memberships.csv", 3, "role", "the required cell 'role' is empty"
    ),
    Case("bad-date", "bad.memberships.csv", 6, "joined", "'2022/06' is not a date"),
    Case(
        "unknown-reference",
        "bad.memberships.csv",
        4,
        "member",
        "member '델타데이터' is not the id, name or alias of any entity",
    ),
    Case(
        "duplicate-row-id",
        "bad.organizations.csv",
        5,
        "id",
        "duplicate id 'beta-cloud' (first at "
        "tests/fixtures/tables/invalid/duplicate-row-id/bad.organizations.csv:4)",
    ),
    Case(
        "conflicting-rows",
        "bad.memberships.csv",
        5,
        "role",
        "row 2 states the same membership with role 'founder', this row with 'lead'",
    ),
    Case(
        "two-titles-for-one-page",
        "bad.memberships.csv",
        3,
        "source_title",
        "row 2 gives this page the title '알파소프트·베타클라우드 'AB 얼라이언스' 출범', "
        "this row 'AB 얼라이언스 출범'",
    ),
]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


def problems_of(*inputs: Path) -> list[dict[str, object]]:
    with pytest.raises(InvalidData) as e:
        validate_seeds(list(inputs))
    return [p.as_dict() for p in e.value.problems]


# --------------------------------------------------------------------------- bad tables


def test_every_invalid_table_fixture_has_a_case() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(c.name for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_bad_table_is_reported_with_file_row_and_column(runner: CliRunner, case: Case) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", "--seeds", case.path])

    assert result.exit_code == 1, result.stdout + result.stderr
    [problem] = json.loads(result.stdout)["problems"]  # the fixture has no other fault
    assert problem["file"] == f"{case.path}/{case.file}"
    assert problem["line"] == case.row
    table = case.file.split(".")[1]
    assert str(problem["entry"]).startswith(f"{table} row {case.row}")
    assert problem["field"] == case.field
    assert case.text in problem["message"]


def test_the_text_report_names_file_row_and_column(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--seeds", "tests/fixtures/tables/invalid/bad-date"])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error tests/fixtures/tables/invalid/bad-date/bad.memberships.csv:6 memberships row 6 "
        "field 'joined': '2022/06' is not a date: write 2024, 2024-06, 2024-06-15, or Y-1 / "
        "Y0-06 relative to the source's publication"
    )


def test_the_wrong_encoding_fixture_really_is_cp949_with_one_bad_byte() -> None:
    raw = (INVALID / "wrong-encoding" / "bad.memberships.csv").read_bytes()
    assert "알파소프트" in raw.split(b"\xff")[0].decode("cp949")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("cp949")


def test_every_bad_cell_is_its_own_problem(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "example.memberships.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(",2024-03,", ",2024-13,").replace("founder", "boss", 1)
    path.write_text(text, encoding="utf-8")

    found = sorted((p["line"], p["field"], p["message"]) for p in problems_of(tmp_path))

    assert found == [
        (2, "joined", "'2024-13' has no month 13"),
        (
            2,
            "role",
            "'boss' is not a role; use one of coordinator, founder, invited_member, "
            "lead, member, proposed_member",
        ),
        (3, "joined", "'2024-13' has no month 13"),
        (5, "joined", "'2024-13' has no month 13"),
    ]


# --------------------------------------------------------------------------- the example


def test_the_example_validates_with_every_row_kept_and_two_pages_for_one_membership() -> None:
    graph = validate_seeds([EXAMPLE]).graph

    launch = iri("m.alpha-soft.ab-alliance.2024-03")
    news = iri(page_id(normalise("https://www.example-daily.example/news/101")))
    press = iri(page_id(normalise("https://alphasoft.example/press/7")))
    assert set(graph.objects(launch, AKG.source)) == {news, press}
    # The publisher of a page is the organisation that claims its domain.
    assert graph.value(news, SDO.publisher) == iri("example-daily")
    assert graph.value(press, SDO.publisher) == iri("alpha-soft")
    assert graph.value(news, AKG.title) == Literal(
        "알파소프트·베타클라우드 'AB 얼라이언스' 출범", lang="ko"
    )
    assert graph.value(press, AKG.title) == Literal(
        "Alpha Soft and Beta Cloud launch the AB Alliance", lang="en"
    )
    assert str(graph.value(news, AKG.published)) == "2024-03-12"
    blog = iri(page_id(normalise("https://blog.example/cd-forum-members")))
    assert graph.value(blog, SDO.publisher) is None
    assert graph.value(blog, AKG.site) == Literal("blog.example")
    assert (iri("alpha-labs"), AKG.parentOrganization, iri("alpha-soft")) in graph
    # Organisations take the table set's own curation source.
    assert graph.value(iri("alpha-soft"), AKG.source) == iri("table.example")
    assert len(set(graph.subjects(RDF.type, AKG.Membership))) == 4  # five rows, four facts


def test_a_page_id_is_the_host_and_a_hash_of_the_normalised_url() -> None:
    a = normalise("HTTPS://WWW.Example-Daily.example:443/news/101#top")
    b = normalise("https://www.example-daily.example/news/101")
    assert a == b
    assert page_id(a) == page_id(b)
    assert page_id(a).startswith("web.www.example-daily.example.")
    assert page_id(normalise("https://www.example-daily.example/news/102")) != page_id(a)
    assert normalise("http://x.example").url == "http://x.example/"


def test_a_url_that_a_declared_source_has_is_that_source(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "press.yaml").write_text(
        "source:\n  id: alpha-press-7\n  kind: news_article\n  title: {en: Press release 7}\n"
        "  publisher: alpha-soft\n  url: https://alphasoft.example/press/7\n",
        encoding="utf-8",
    )
    memberships = tmp_path / "example.memberships.csv"
    memberships.write_text(
        memberships.read_text(encoding="utf-8").replace(
            "Alpha Soft and Beta Cloud launch the AB Alliance,2024-03-12", ","
        ),
        encoding="utf-8",
    )

    graph = validate_seeds([tmp_path]).graph

    launch = iri("m.alpha-soft.ab-alliance.2024-03")
    assert iri("alpha-press-7") in set(graph.objects(launch, AKG.source))
    assert not any(str(s).startswith(str(iri("web.alphasoft"))) for s in graph.subjects())


def test_a_fact_row_without_a_source_is_refused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "example.memberships.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("https://blog.example/cd-forum-members", ""),
        encoding="utf-8",
    )

    [problem] = problems_of(tmp_path)

    assert (problem["line"], problem["field"]) == (6, "source_url")
    assert "every memberships row needs its source" in str(problem["message"])


# --------------------------------------------------------------------------- encodings and formats


def write_as(src: Path, dst: Path, encoding: str, delimiter: str = ",") -> None:
    """Every table of ``src`` saved again in ``encoding`` (and with ``delimiter``)."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.csv"):
        rows = list(csv.reader(f.read_text(encoding="utf-8").splitlines()))
        suffix = ".tsv" if delimiter == "\t" else ".csv"
        with (dst / f.name.replace(".csv", suffix)).open("w", encoding=encoding, newline="") as out:
            csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


def write_workbook(src: Path, path: Path) -> None:
    """The tables of ``src`` as one workbook, a sheet per table, as openpyxl writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for f in sorted(src.glob("*.csv")):
        ws = wb.create_sheet(f.name.split(".")[-2])
        for row in csv.reader(f.read_text(encoding="utf-8").splitlines()):
            ws.append(row)
            for cell in ws[ws.max_row]:
                cell.data_type = "s"  # typed as text, as an analyst's column of names is
    wb.save(path)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("cp949", ","), ("euc-kr", ","), ("utf-16", "\t"), ("utf-8", "\t")],
)
def test_tables_read_the_same_in_every_encoding_spreadsheets_write(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    write_as(EXAMPLE, tmp_path / "t", encoding, delimiter)
    for f in (tmp_path / "t").iterdir():
        f.rename(f.with_name(f.name.replace("example.", "example.", 1)))

    assert_isomorphic(validate_seeds([EXAMPLE]).graph, validate_seeds([tmp_path / "t"]).graph)


def test_a_workbook_with_a_sheet_per_table_reads_as_the_csv_tables(tmp_path: Path) -> None:
    write_workbook(EXAMPLE, tmp_path / "example.xlsx")

    assert_isomorphic(validate_seeds([EXAMPLE]).graph, validate_seeds([tmp_path]).graph)


def test_a_workbook_sheet_that_is_no_table_is_refused(tmp_path: Path) -> None:
    write_workbook(EXAMPLE, tmp_path / "example.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "example.xlsx")
    wb.create_sheet("notes")["A1"] = "to do"
    wb.save(tmp_path / "example.xlsx")

    [problem] = problems_of(tmp_path)

    assert problem["entry"] == "sheet notes"
    assert "sheet 'notes' is not a table" in str(problem["message"])


def test_date_cells_keep_the_precision_their_format_shows(tmp_path: Path) -> None:
    import datetime as dt

    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "example.alliances.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "name_ko", "name_en", "aliases", "status", "launched", "dissolved"])
    ws.append(
        ["ab-alliance", "AB 얼라이언스", "AB Alliance", "ABA", "active", dt.datetime(2024, 3, 1)]
    )
    ws.append(["cd-forum", "CD 포럼", None, None, "dissolved", 2022, dt.datetime(2024, 6, 15)])
    ws.append(["ef-union", "EF 연합", None, None, "active", dt.datetime(2021, 1, 1)])
    ws["F2"].number_format = "mmm-yy"
    ws["G3"].number_format = "yyyy-mm-dd"
    ws["F4"].number_format = "yyyy"
    wb.save(tmp_path / "example.alliances.xlsx")

    graph = validate_seeds([tmp_path]).graph

    assert str(graph.value(iri("ab-alliance"), AKG.launched)) == "2024-03"
    assert str(graph.value(iri("cd-forum"), AKG.launched)) == "2022"
    assert str(graph.value(iri("cd-forum"), AKG.dissolvedOn)) == "2024-06-15"
    assert str(graph.value(iri("ef-union"), AKG.launched)) == "2021"


# --------------------------------------------------------------------------- the corpus fixture


def corpus_rows() -> list[dict[str, str]]:
    path = CORPUS / "korean-ai-alliances.memberships.csv"
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_the_corpus_fixture_has_200_rows_from_30_pages_naming_members_every_way() -> None:
    rows = corpus_rows()
    orgs = list(
        csv.DictReader(
            (CORPUS / "korean-ai-alliances.organizations.csv").read_text("utf-8").splitlines()
        )
    )
    ko = {o["name_ko"] for o in orgs}
    en = {o["name_en"] for o in orgs}
    aliases = {a for o in orgs for a in o["aliases"].split("|") if a}
    members = [r["member"] for r in rows]

    assert len(rows) >= 200
    assert len({r["source_url"] for r in rows}) >= 30
    assert sum(m in ko for m in members) >= 20
    assert sum(m in en and m not in ko for m in members) >= 20
    assert sum(m in aliases for m in members) >= 20


def test_the_corpus_fixture_validates_with_the_seeds_and_keeps_every_page() -> None:
    graph = validate_seeds([SEEDS]).graph

    pages = {iri(page_id(normalise(r["source_url"]))) for r in corpus_rows()}
    assert pages <= set(graph.subjects(AKG.site, None))
    # A membership the article states and pages state alike: one membership, every
    # source; a page that states it otherwise keeps a claim of its own.
    claims = set(graph.subjects(ORG.member, iri("scatter-lab"))) & set(
        graph.subjects(ORG.organization, iri("k-ai-alliance"))
    )
    sources = {m: set(graph.objects(m, AKG.source)) for m in claims}
    [article] = [m for m, s in sources.items() if iri("etnews-ai-alliances") in s]
    assert article == iri("m.scatter-lab.k-ai-alliance.etnews-ai-alliances")
    assert len(sources[article]) >= 3
    assert len(claims) == 2


def test_the_corpus_saved_as_cp949_and_as_xlsx_gives_the_same_graph(tmp_path: Path) -> None:
    expected = validate_seeds([SEEDS]).graph
    write_as(CORPUS, tmp_path / "cp949", "cp949")
    write_workbook(CORPUS, tmp_path / "xlsx" / "korean-ai-alliances.xlsx")
    raw = (tmp_path / "cp949" / "korean-ai-alliances.memberships.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    assert_isomorphic(expected, validate_seeds([*ARTICLE, tmp_path / "cp949"]).graph)
    assert_isomorphic(expected, validate_seeds([*ARTICLE, tmp_path / "xlsx"]).graph)


def test_web_pages_are_sources_of_their_own_kind() -> None:
    graph = validate_seeds([EXAMPLE]).graph
    pages = set(graph.subjects(AKG.site, None))
    assert len(pages) == 3
    assert pages == set(graph.subjects(RDF.type, AKG.WebPage))


def test_the_data_format_doc_shows_the_example_tables_as_they_are(runner: CliRunner) -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for f in sorted(EXAMPLE.iterdir()):
        assert f"`{f.name}`:\n\n```csv\n{f.read_text(encoding='utf-8')}```" in doc, f.name

    result = runner.invoke(app, ["validate", "--seeds", "tests/fixtures/tables/example"])

    assert result.exit_code == 0, result.stderr
    assert f"$ alliancekg validate --seeds tests/fixtures/tables/example\n{result.stdout}```" in doc


def test_the_data_format_doc_lists_every_bad_table_case() -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"| `{case.name}` |" in doc


def test_an_organizations_table_alone_takes_its_table_sets_curation_source(
    tmp_path: Path,
) -> None:
    (tmp_path / "firms.organizations.csv").write_bytes(
        (EXAMPLE / "example.organizations.csv").read_bytes()
    )

    graph = validate_seeds([tmp_path]).graph

    curation = iri("table.firms")
    assert (curation, RDF.type, AKG.CurationNote) in graph
    assert str(graph.value(curation, AKG.title)) == "firms (tables)"
    assert set(graph.subjects(AKG.source, curation)) == {
        iri(i) for i in ("alpha-soft", "alpha-labs", "beta-cloud", "gamma-data", "example-daily")
    }
