"""`alliancekg validate`: every kind of bad input fails with its own located message.

Each directory under tests/fixtures/invalid/ is a small seed set that is valid
except for one fault. The table below says what a curator must see for it:
exit code 1, the file and line, the entry, the field, and the specific text;
exactly one problem (so nothing else in the fixture is wrong); no traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from alliancekg.cli import app
from alliancekg.config import home
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.model import model
from alliancekg.ontology.vocab import AKG
from tests.paths import FIXTURES, ROOT, SEEDS

INVALID = FIXTURES / "invalid"
# What rich would need to colour its output; the assertions read plain text.
ENV = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE"}} | {
    "NO_COLOR": "1"
}


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file of the fixture directory the problem is in
    line: int
    entry: str | None  # how the message names the entry (a prefix of it)
    field: str | None
    text: str  # the specific message for this kind of fault

    @property
    def path(self) -> str:
        return f"tests/fixtures/invalid/{self.name}"

    @property
    def shown_file(self) -> str:
        return f"{self.path}/{self.file}"


CASES = [
    Case("yaml-syntax", "seed.yaml", 10, None, None, "YAML syntax error"),
    Case(
        "unknown-field",
        "seed.yaml",
        11,
        "organizations[0] (alpha)",
        "homepage",
        "unknown field 'homepage' for Company",
    ),
    Case(
        "missing-required-field",
        "seed.yaml",
        18,
        "memberships[0]",
        "role",
        "missing required field 'role'",
    ),
    Case(
        "duplicate-id",
        "second.yaml",
        8,
        "organizations[0] (alpha)",
        "id",
        "duplicate id 'alpha' (first at tests/fixtures/invalid/duplicate-id/first.yaml:8)",
    ),
    Case(
        "unknown-reference",
        "seed.yaml",
        22,
        "memberships[1]",
        "member",
        "member '감마' is not the id, name or alias of any entity",
    ),
    Case(
        "ambiguous-alias",
        "seed.yaml",
        15,
        "organizations[1] (alpha-bank)",
        "aliases",
        "alias 'AB' already names alpha-bio; an alias must name one entity",
    ),
    Case(
        "ambiguous-reference",
        "seed.yaml",
        16,
        "quotes[0] (quote-kim)",
        "speaker",
        "speaker '김민수' is ambiguous: it names kim-min-su-1, kim-min-su-2; use an id",
    ),
    Case(
        "impossible-date",
        "seed.yaml",
        11,
        "alliances[0] (ab-alliance)",
        "launched",
        "'2024-02-30' is not a real date",
    ),
    Case(
        "malformed-date",
        "seed.yaml",
        22,
        "memberships[0]",
        "joined",
        "'2024/06' is not a date: write 2024, 2024-06, 2024-06-15, or Y-1 / Y0-06",
    ),
    Case(
        "left-before-joined",
        "seed.yaml",
        23,
        "memberships[0]",
        "left",
        "left is before joined",
    ),
    Case(
        "quote-without-speaker",
        "seed.yaml",
        8,
        "quotes[0] (quote-anonymous)",
        "speaker",
        "missing required field 'speaker'",
    ),
    Case(
        "quote-without-source",
        "seed.yaml",
        1,
        None,
        "source",
        "missing required section 'source'",
    ),
    Case(
        "quote-not-verbatim",
        "seed.yaml",
        16,
        "quotes[0] (quote-kim-ha-neul)",
        "text",
        "direct quote is not verbatim in the source text: '같이 가겠다'",
    ),
    Case(
        "evidence-not-verbatim",
        "seed.yaml",
        18,
        "organizations[0] (alpha)",
        "evidence",
        "evidence is not verbatim in the source text",
    ),
    Case(
        "inferred-without-reason",
        "seed.yaml",
        18,
        "memberships[0]",
        "reason",
        "reason is required when basis is inferred or curator_judgment",
    ),
    Case(
        "missing-language-tag",
        "seed.yaml",
        10,
        "organizations[0] (alpha)",
        "name",
        "name needs a language tag: write it as {ko: ...} or {en: ...}",
    ),
    Case(
        "wrong-language-tag",
        "seed.yaml",
        11,
        "organizations[0] (alpha)",
        "name",
        "language tag (ko, en, ja, zh, de, fr, es), one per language (got '알파'@kr)",
    ),
    Case("not-utf8", "seed.yaml", 10, None, None, "the file is not UTF-8"),
]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "alliancekg.cli", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """In-process runs (fast); paths are shown relative to the repository root."""
    monkeypatch.chdir(ROOT)
    for key in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error ")]


# --------------------------------------------------------------------------- bad inputs


def test_every_invalid_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(c.name for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_reported_with_file_line_entry_field_and_message(
    runner: CliRunner, case: Case
) -> None:
    result = runner.invoke(app, ["validate", "--seeds", case.path])
    output = result.stdout + result.stderr

    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert isinstance(result.exception, SystemExit), result.exception
    errors = error_lines(result.stderr)
    assert len(errors) == 1, errors  # the fixture has no other fault
    error = errors[0]
    located = f"error {case.shown_file}:{case.line}"
    assert error.startswith(located) and error[len(located)] in " :", error
    if case.entry is not None:
        assert f" {case.entry}" in error
    if case.field is not None:
        assert f" field '{case.field}': " in error
    assert case.text in error
    assert "1 problem in the seed data" in result.stderr


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_as_json(runner: CliRunner, case: Case) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", "--seeds", case.path])

    assert result.exit_code == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [problem] = report["problems"]
    assert problem["file"] == case.shown_file
    assert problem["line"] == case.line
    assert problem["field"] == case.field
    if case.entry is None:
        assert problem["entry"] is None
    else:
        assert problem["entry"].startswith(case.entry)
    assert case.text in problem["message"]


def test_bad_input_through_the_real_command_has_no_traceback() -> None:
    case = next(c for c in CASES if c.name == "left-before-joined")
    proc = run_cli("validate", "--seeds", case.path)

    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert error_lines(proc.stderr) == [
        f"error {case.shown_file}:23 memberships[0] (m.alpha.ab-alliance.2024-06) "
        "field 'left': left is before joined"
    ]


def test_not_utf8_fixture_really_is_cp949() -> None:
    raw = (INVALID / "not-utf8" / "seed.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "알파" in raw.decode("cp949")


def test_every_problem_is_reported_not_only_the_first(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            "--format",
            "json",
            "-s",
            "tests/fixtures/invalid/unknown-field",
            "-s",
            "tests/fixtures/invalid/impossible-date",
            "-s",
            "tests/fixtures/invalid/not-utf8",
        ],
    )

    assert result.exit_code == 1
    fields = sorted(str(p["field"]) for p in json.loads(result.stdout)["problems"])
    assert fields == ["None", "homepage", "launched"]


def test_bad_fixture_next_to_the_real_seeds_reports_only_its_own_problem(
    runner: CliRunner,
) -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            "--format",
            "json",
            "-s",
            "seeds",
            "-s",
            "tests/fixtures/invalid/unknown-reference",
        ],
    )

    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["file"] == "tests/fixtures/invalid/unknown-reference/seed.yaml"


def test_unknown_members_are_reported_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    """Regression: an unresolvable member or alliance raised IndexError with a traceback,
    and two of them to one alliance were reported as a clash of derived ids."""
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "source: {id: s, kind: curation, title: {en: T}}\n"
        "alliances:\n"
        "  - {id: ab, name: {en: AB}, status: active}\n"
        "memberships:\n"
        "  - {member: nobody, alliance: ab, role: member, status: active}\n"
        "  - {member: no-one, alliance: ab, role: member, status: active}\n"
        "  - {member: ab, alliance: nowhere, role: member, status: active}\n",
        encoding="utf-8",
    )

    result = runner.invoke(app, ["validate", "--format", "json", "--seeds", str(seed)])

    assert result.exit_code == 1, result.exception
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert messages == [
        "member 'nobody' is not the id, name or alias of any entity",
        "member 'no-one' is not the id, name or alias of any entity",
        "alliance 'nowhere' is not the id, name or alias of any entity",
    ]


# --------------------------------------------------------------------------- good inputs


def test_seeds_are_valid() -> None:
    proc = run_cli("validate", "--seeds", "seeds/")

    assert proc.returncode == 0, proc.stderr
    # sources that state a membership differently are kept, and counted
    assert re.fullmatch(
        r"valid: \d+ files, \d+ entries, \d+ triples\n"
        r"(\d+ facts stated differently by different sources"
        r" \(alliancekg conflicts lists them\)\n)?",
        proc.stdout,
    )
    assert proc.stderr == ""


def test_seeds_are_valid_as_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json"])  # default: seeds/

    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert {"seeds/curation-segments.yaml", "seeds/etnews-ai-alliances.yaml"} <= set(
        report["files"]
    )
    assert report["entries"] > 90
    assert report["triples"] > 900


def test_valid_example_fixture_is_valid(runner: CliRunner) -> None:
    """The fixtures above are this example with one fault each; the example itself passes."""
    result = runner.invoke(app, ["validate", "--seeds", "tests/fixtures/valid/minimal"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("valid: 1 files, 14 entries")


def test_the_data_format_doc_shows_what_the_validator_really_prints(runner: CliRunner) -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    path = "tests/fixtures/invalid/left-before-joined"

    text = runner.invoke(app, ["validate", "--seeds", path])
    as_json = runner.invoke(app, ["validate", "--format", "json", "--seeds", path])

    assert f"$ alliancekg validate --seeds {path}\n{text.stderr}```" in doc
    assert f"```json\n{as_json.stdout}```" in doc


# --------------------------------------------------------------------------- usage errors


def test_missing_path_is_a_usage_error() -> None:
    proc = run_cli("validate", "--seeds", "no/such/seeds")

    assert proc.returncode == 2
    assert "no such file or directory: no/such/seeds" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_directory_without_seed_files_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--seeds", str(tmp_path)])

    assert result.exit_code == 2
    assert "no seed files (*.yaml, *.csv, *.tsv, *.xlsx) found" in result.stderr


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "xml", "--seeds", "seeds"])

    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr


# --------------------------------------------------------------------------- SHACL


def shapes() -> Graph:
    return Graph().parse(home().shapes_file, format="turtle")


def ontology() -> Graph:
    return Graph().parse(home().ontology_file, format="turtle")


def test_seed_rdf_conforms_to_the_shapes() -> None:
    graph = validate_seeds([SEEDS]).graph

    conforms, _, text = shacl_validate(
        graph, shacl_graph=shapes(), ont_graph=model().graph, inference="none", advanced=True
    )

    assert conforms, text


def test_shapes_catch_a_quote_that_lost_its_speaker() -> None:
    """Control for the test above: the shapes do reject broken seed RDF."""
    graph = validate_seeds([SEEDS]).graph
    graph.remove((None, AKG.speaker, None))

    conforms, _, text = shacl_validate(graph, shacl_graph=shapes(), advanced=True)

    assert not conforms
    assert "speaker must name exactly one person" in text


def test_ontology_conforms_to_the_shapes() -> None:
    conforms, _, text = shacl_validate(ontology(), shacl_graph=shapes(), advanced=True)

    assert conforms, text


def test_shapes_catch_an_ontology_term_without_a_korean_label() -> None:
    graph = ontology()
    graph.remove((AKG.Alliance, RDFS.label, Literal("얼라이언스", lang="ko")))

    conforms, _, text = shacl_validate(graph, shacl_graph=shapes(), advanced=True)

    assert not conforms
    assert "an ontology term needs a Korean rdfs:label" in text


def test_alias_equal_to_another_entitys_id_is_refused(tmp_path: Path) -> None:
    """Regression: an alias that is another entity's id silently took its references."""
    (tmp_path / "s.yaml").write_text(
        "source: {id: s, kind: curation, title: {en: S}}\n"
        "organizations:\n"
        "  - {id: alpha-x, kind: company, name: {en: Alpha}}\n"
        "  - {id: beta, kind: company, name: {en: Beta}, aliases: [alpha-x]}\n"
        "alliances:\n  - {id: club, name: {en: Club}, status: active}\n"
        "memberships:\n  - {member: alpha-x, alliance: club, role: member, status: active}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", "--seeds", str(tmp_path))
    assert result.returncode == 1
    assert "alias 'alpha-x' is the id of another entity" in result.stderr
