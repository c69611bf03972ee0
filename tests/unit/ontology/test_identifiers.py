"""Organisation identifiers: each scheme's value has its shape, a domain claims its
subdomains, and YAML seeds take `identifiers`, `parent` and `note` like any field."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology import identifiers
from alliancekg.ontology.vocab import AKG
from alliancekg.rdf.terms import IriMaker


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("domain:SKTelecom.com", "domain:sktelecom.com"),
        ("wikidata:Q5", "wikidata:Q5"),
        ("brn:123-45-67890", "brn:123-45-67890"),
        ("brn:1234567890", "brn:1234567890"),
        ("krx:005930", "krx:005930"),
        ("sec_cik:320193", "sec_cik:320193"),
        ("lei:5493001KJTIIGC8Y1R12", "lei:5493001KJTIIGC8Y1R12"),
    ],
)
def test_a_valid_identifier_is_stored_in_its_canonical_form(text: str, stored: str) -> None:
    assert identifiers.check(text) == stored


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("homepage:x.com", "with a scheme of domain, wikidata"),
        ("sktelecom.com", "must be scheme:value"),
        ("domain:not a host", "a domain value must be a host name"),
        ("wikidata:5", "a Wikidata item id"),
        ("brn:12-345", "10-digit business registration number"),
        ("krx:5930", "6-character KRX stock code"),
        ("lei:5493001KJTIIGC8Y1R13", "check digits are wrong"),
    ],
)
def test_a_bad_identifier_says_what_its_scheme_wants(text: str, message: str) -> None:
    with pytest.raises(identifiers.IdentifierError, match=message):
        identifiers.check(text)


def test_a_domain_claims_its_subdomains_and_the_longest_claim_wins() -> None:
    claims = {"hellot.net": "hellot", "news.hellot.net": "hellot-news"}
    assert identifiers.claimant("m.hellot.net", claims) == "hellot"
    assert identifiers.claimant("a.news.hellot.net", claims) == "hellot-news"
    assert identifiers.claimant("hellot.net", claims) == "hellot"
    assert identifiers.claimant("net", claims) is None
    assert identifiers.claimant("other.net", claims) is None


SEED = """\
source: {id: s, kind: curation, title: {en: S}}
organizations:
  - {id: parent-co, kind: company, name: {en: Parent}, identifiers: [domain:parent.example]}
  - id: child-co
    kind: company
    name: {en: Child}
    parent: Parent
    identifiers: [%s]
alliances:
  - {id: ab, name: {en: AB}, status: active}
memberships:
  - {member: child-co, alliance: ab, role: member, status: active, note: [read on the site]}
"""


def test_yaml_seeds_take_identifiers_parent_and_notes(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SEED % "brn:123-45-67890", encoding="utf-8")

    graph = validate_seeds([tmp_path]).graph

    iri = IriMaker()
    assert (iri("child-co"), AKG.parentOrganization, iri("parent-co")) in graph
    assert (iri("child-co"), AKG.identifier, Literal("brn:123-45-67890")) in graph
    assert (iri("m.child-co.ab"), AKG.note, Literal("read on the site")) in graph


def test_two_organisations_with_one_identifier_are_possible_duplicates(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SEED % "domain:parent.example", encoding="utf-8")

    warnings = validate_seeds([tmp_path]).seeds.warnings

    [warning] = [w for w in warnings if "identified as" in w.message]
    assert "possible duplicate of child-co" in warning.message
    assert "identified as 'domain:parent.example'" in warning.message
