"""One firm, one node, across sources: as a user meets it on the command line.

Two sources (tests/fixtures/identity/two-sources) each declare SK텔레콤, with the ids
``sk-telecom`` and ``sk_telecom``, each with one alliance. ``judged`` holds a
curator's judgement that they are one; ``claims`` a third source that states the
firm's K-AI membership differently; ``invalid`` judgements that must not load.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from alliancekg.ingest.sources import normalise, page_id
from tests.paths import FIXTURES, ROOT

IDENTITY = FIXTURES / "identity"
TWO = IDENTITY / "two-sources"
JUDGED = IDENTITY / "judged"
CLAIMS = IDENTITY / "claims"
CLI = [sys.executable, "-m", "alliancekg.cli"]


def run(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(ROOT)}
    return subprocess.run(
        [*CLI, *map(str, args)],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def seeds(*paths: Path) -> list[str]:
    return [x for p in paths for x in ("--seeds", str(p))]


def firms(*paths: Path, **params: Any) -> list[dict[str, Any]]:
    extra = [x for k, v in params.items() for x in ("-p", f"{k}={v}")]
    result = run("query", "multi_alliance_firms", *seeds(*paths), *extra, "--json")
    assert result.returncode == 0, result.stderr
    answer: list[dict[str, Any]] = json.loads(result.stdout)
    return answer


def test_two_sources_that_name_one_firm_validate_with_a_warning_naming_both() -> None:
    result = run("validate", *seeds(TWO))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning ")]
    assert len(warnings) == 1, result.stderr
    assert "global-wire.yaml:14" in warnings[0] and "telecom-daily.yaml:14" in warnings[0]
    assert "sk_telecom" in warnings[0] and "sk-telecom" in warnings[0]
    assert "'SK텔레콤'" in warnings[0]


def test_without_a_judgement_the_firm_is_split_over_two_nodes() -> None:
    assert firms(TWO) == []


def test_dedupe_proposes_the_two_first_with_its_reasons() -> None:
    result = run("dedupe", *seeds(TWO), "--json")
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    first = pairs[0]
    assert (first["a"], first["b"], first["kind"]) == ("sk-telecom", "sk_telecom", "organization")
    assert first["score"] >= 0.9
    assert any("one name" in r for r in first["reasons"])
    assert any("유영상" in r for r in first["reasons"])  # one head, in both sources
    # the two records of the CEO (Ryu Young-sang / 유영상) come next
    assert (pairs[1]["a"], pairs[1]["b"]) == ("ryu-young-sang", "yoo-youngsang")


def test_a_same_judgement_makes_one_firm_with_both_alliances() -> None:
    [firm] = firms(TWO, JUDGED)
    assert firm["id"] == "sk-telecom"
    assert {m["alliance"] for m in firm["memberships"]} == {"k-ai", "gtaa"}
    assert {s for m in firm["memberships"] for s in m["sources"]} == {
        "telecom-daily",
        "global-wire",
    }
    result = run("query", "company", *seeds(TWO, JUDGED), "-p", "id=sk-telecom", "--json")
    organization = json.loads(result.stdout)[0]["organization"]
    assert organization["same_as"] == ["sk_telecom"]
    assert organization["sources"] == ["global-wire", "telecom-daily"]
    assert "SKT" in organization["aliases"]
    # references to the merged id's name resolve to the one firm; a judged pair is no
    # longer a candidate
    pairs = json.loads(run("dedupe", *seeds(TWO, JUDGED), "--json").stdout)
    assert ("sk-telecom", "sk_telecom") not in {(p["a"], p["b"]) for p in pairs}


def test_deleting_the_judgement_undoes_the_merge(tmp_path: Path) -> None:
    judged = tmp_path / "judged"
    shutil.copytree(JUDGED, judged)
    assert [f["id"] for f in firms(TWO, judged)] == ["sk-telecom"]
    (judged / "judgements.yaml").unlink()
    assert firms(TWO) == []


@pytest.mark.parametrize(
    ("case", "line", "field", "says"),
    [
        (
            "contradiction",
            9,
            "decision",
            "'deutsche-telekom' and 'sk-telecom' are judged different, but 'same' judgements "
            "join them: deutsche-telekom = sk_telecom (",
        ),
        ("unknown-entity", 7, "b", "is not the id, name or alias of any entity"),
        ("bad-decision", 7, "decision", "'maybe' is not a decision; use one of different, same"),
        ("not-curation", 8, None, "judgements belong in a curation source"),
    ],
)
def test_a_bad_judgement_is_one_specific_error(
    case: str, line: int, field: str | None, says: str
) -> None:
    result = run("validate", *seeds(TWO, IDENTITY / "invalid" / case))
    assert result.returncode == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(
        f"error tests/fixtures/identity/invalid/{case}/judgements.yaml:{line}"
    )
    if field is not None:
        assert f"field '{field}'" in errors[0]
    assert says in errors[0]
    assert "Traceback" not in result.stderr


def test_review_stops_and_resumes_appending_to_the_judgements_file(tmp_path: Path) -> None:
    file = tmp_path / "judgements.yaml"
    first = run(
        "dedupe", *seeds(TWO), "--review", file, "--by", "curator", stdin="s\none operator\nq\n"
    )
    assert first.returncode == 0, first.stderr
    assert "1 judgement written" in first.stderr
    second = run(
        "dedupe", *seeds(TWO), "--review", file, "--by", "curator", stdin="d\ntwo people\n"
    )
    assert second.returncode == 0, second.stderr
    shown = second.stdout
    assert (
        "ryu-young-sang" in shown and "sk_telecom" not in shown
    )  # judged pairs are not asked again
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert data["source"]["kind"] == "curation"
    assert [(j["a"], j["b"], j["decision"], j["reason"], j["by"]) for j in data["judgements"]] == [
        ("sk-telecom", "sk_telecom", "same", "one operator", "curator"),
        ("ryu-young-sang", "yoo-youngsang", "different", "two people", "curator"),
    ]
    # the file is a seed file like any other: its judgements apply
    [firm] = firms(TWO, file)
    assert firm["id"] == "sk-telecom"
    assert json.loads(run("dedupe", *seeds(TWO, file), "--json").stdout) == []


def test_accept_above_judges_every_pair_at_or_above_the_score(tmp_path: Path) -> None:
    file = tmp_path / "auto.yaml"
    result = run("dedupe", *seeds(TWO), "--review", file, "--accept-above", "0.9", "--by", "bot")
    assert result.returncode == 0, result.stderr
    judged = yaml.safe_load(file.read_text(encoding="utf-8"))["judgements"]
    assert [(j["a"], j["b"], j["decision"]) for j in judged] == [
        ("sk-telecom", "sk_telecom", "same")
    ]
    assert judged[0]["reason"].startswith("score 0.9")


def test_accept_above_needs_a_file() -> None:
    result = run("dedupe", *seeds(TWO), "--accept-above", "0.9")
    assert result.returncode == 2
    assert "--review FILE" in result.stderr


def test_two_sources_that_state_one_membership_differently_are_both_kept_and_listed() -> None:
    result = run("conflicts", *seeds(TWO, JUDGED, CLAIMS), "--json")
    assert result.returncode == 0, result.stderr
    [conflict] = json.loads(result.stdout)
    assert conflict["subject"] == "membership of sk-telecom in k-ai"
    assert conflict["fields"] == ["joined", "role"]
    claims = {tuple(c["sources"]): (c["joined"], c["role"]) for c in conflict["claims"]}
    assert claims == {
        ("telecom-daily",): (["2023-02"], ["lead"]),
        ("business-daily",): (["Y-1"], ["founder"]),
    }
    # Y-1 of a source published 2024-02-20 is 2023: consistent with 2023-02
    assert conflict["notes"] == [
        "joined: 2023-02 in telecom-daily, Y-1 (= 2023) in business-daily: consistent"
    ]
    [firm] = firms(TWO, JUDGED, CLAIMS, include_proposed="true")
    k_ai = [m for m in firm["memberships"] if m["alliance"] == "k-ai"]
    assert sorted((m["role"], m["joined"]) for m in k_ai) == [
        ("founder", "Y-1"),
        ("lead", "2023-02"),
    ]


def test_same_as_naming_an_entry_of_its_own_is_an_error(tmp_path: Path) -> None:
    # An export writes a merged firm with the ids it was made from (same_as); read back,
    # such an id must not be an entry of its own as well: that needs a judgement.
    out = tmp_path / "kg"
    exported = run("export", *seeds(TWO, JUDGED), "--format", "csv", "-o", out)
    assert exported.returncode == 0, exported.stderr
    table = out / "kg.organizations.csv"
    header = table.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    row = {"id": "sk_telecom", "kind": "company", "name_en": "SK Telecom Co."}
    with table.open("a", encoding="utf-8") as f:
        f.write(",".join(row.get(col, "") for col in header) + "\n")
    before = table.read_bytes()

    result = run("validate", *seeds(out))

    assert result.returncode == 1
    assert "same_as 'sk_telecom' is the id of an entry of its own" in result.stderr
    assert "write a 'same' judgement" in result.stderr
    assert table.read_bytes() == before  # nothing is written


def test_sources_that_state_a_disputed_membership_alike_share_one_claim(tmp_path: Path) -> None:
    # Two more pages on the same membership with the same start date: one agrees with
    # the trade paper (lead), one says founder. Two claims of it, not three.
    (tmp_path / "pages.memberships.csv").write_text(
        "member,alliance,role,status,source_url,joined\n"
        "SKT,K-AI Alliance,lead,active,https://a.example/skt,2023-02\n"
        "SKT,K-AI Alliance,founder,active,https://b.example/skt,2023-02\n",
        encoding="utf-8",
    )
    other = "https://b.example/skt"
    result = run("conflicts", *seeds(TWO, JUDGED, tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    [conflict] = json.loads(result.stdout)
    assert conflict["fields"] == ["role"]
    claims = {c["id"]: (len(c["sources"]), c["role"]) for c in conflict["claims"]}
    assert claims == {
        "m.sk-telecom.k-ai.2023-02.telecom-daily": (2, ["lead"]),
        f"m.sk-telecom.k-ai.2023-02.{page_id(normalise(other))}": (1, ["founder"]),
    }
    [firm] = firms(TWO, JUDGED, tmp_path, include_proposed="true")
    k_ai = [m for m in firm["memberships"] if m["alliance"] == "k-ai"]
    assert sorted((m["role"], len(m["sources"])) for m in k_ai) == [("founder", 1), ("lead", 2)]
