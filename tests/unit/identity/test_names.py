"""Name normalisation and comparison: the pieces the duplicate detector is built from."""

from __future__ import annotations

import pytest

from alliancekg.identity.hangul import romanize, spell_letters
from alliancekg.identity.names import acronyms, core_name, is_acronym, key, shape_key
from alliancekg.identity.scoring import Profile, candidate_pairs, name_match, score


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SK Telecom Co., Ltd.", "sk telecom"),
        ("(주)솔트룩스", "솔트룩스"),
        ("㈜솔트룩스", "주식회사 솔트룩스"),
        ("Samsung Electronics Co.,Ltd", "SAMSUNG ELECTRONICS"),
        ("ＬＧ　ＡＩ", "LG AI"),  # full-width letters and space
        ("케이티", "KT"),  # letters spelled in Hangul
        ("LG U+", "LG U Plus"),
    ],
)
def test_one_name_after_normalisation(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_a_name_that_is_only_a_legal_form_keeps_its_letters() -> None:
    assert key("Inc.") == "inc"


def test_romanisation_by_revised_romanization_letters() -> None:
    assert romanize("스캐터랩") == "seukaeteoraep"
    assert romanize("코난") == "konan"
    assert romanize("SK텔레콤") == "SKtelrekom"


def test_letter_names_in_hangul_become_letters_only_where_they_spell_a_word() -> None:
    assert spell_letters("케이티") == "kt"
    assert spell_letters("프렌들리에이아이") == "프렌들리ai"
    assert spell_letters("고려대") == "고려대"
    assert spell_letters("에이치") == "에이치"  # one letter: too many words end so


def test_initials_of_several_words_in_either_script() -> None:
    assert "aws" in acronyms("Amazon Web Services")
    assert "kaist" in acronyms("Korea Advanced Institute of Science and Technology")
    assert acronyms("Naver") == frozenset()
    assert is_acronym("SKT") and is_acronym("LG U+") and not is_acronym("Naver")


def test_core_name_leaves_out_what_kind_of_firm_it_is() -> None:
    assert core_name("Konan Technology") == "konan"
    assert core_name("코난테크놀로지") == "코난"
    assert core_name("Naver") == ""  # nothing left out


def test_shape_keeps_where_the_vowels_are() -> None:
    assert shape_key("네이버") == shape_key("Naver")
    assert shape_key("카카오") == shape_key("Kakao")


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        ("스캐터랩", "Scatter Lab", 0.85),
        ("코난테크놀로지", "Konan Technology", 0.85),
        ("삼성전자", "Samsung Electronics", 0.85),
        ("AWS", "Amazon Web Services", 0.8),
        ("스캐터랩", "스케터랩", 0.7),
        ("SK Telecom Co., Ltd.", "SK텔레콤", 0.85),
    ],
)
def test_variants_of_one_name_match(a: str, b: str, at_least: float) -> None:
    found = name_match(a, b)
    assert found is not None and found.score >= at_least, found
    assert a in found.reason or b in found.reason or "'" in found.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("삼성SDS", "Samsung SDI"),  # different initialisms
        ("차강준테크", "Gangseongon Tech"),  # one consonant skeleton, vowels elsewhere
        ("Naver", "Kakao"),
    ],
)
def test_different_names_do_not_match_strongly(a: str, b: str) -> None:
    found = name_match(a, b)
    assert found is None or found.score < 0.85, found


def _org(ident: str, *names: str, **kw: object) -> Profile:
    return Profile(id=ident, type="organization", names=list(names), kind="company", **kw)  # type: ignore[arg-type]


def test_context_raises_and_lowers_a_name_match() -> None:
    a = _org("a", "Scatter Lab", alliances={"k-ai"})
    b = _org("b", "스캐터랩", alliances={"k-ai"})
    c = _org("c", "스캐터랩", identifiers={"lei": {"X1"}})
    d = _org("d", "Scatter Lab", identifiers={"lei": {"X2"}})
    shared = score(a, b)
    assert shared is not None and shared.score > name_match("Scatter Lab", "스캐터랩").score  # type: ignore[union-attr]
    assert any("both in k-ai" in r for r in shared.reasons)
    different = score(c, d)
    assert different is not None and different.score < 0.2
    assert any("different lei" in r for r in different.reasons)


def test_a_parent_and_its_subsidiary_are_kept_apart() -> None:
    aws = _org("aws", "Amazon Web Services", "AWS", parents={"amazon"})
    amazon = _org("amazon", "Amazon")
    found = score(aws, amazon)
    assert found is None or found.score < 0.5


def test_blocking_compares_far_fewer_pairs_than_all() -> None:
    profiles = [_org(f"o{i}", f"Firm{i:05d} Holdings", f"회사{i}") for i in range(2000)]
    profiles.append(_org("dup", "Firm00042 Holdings Inc."))
    pairs = {(a.id, b.id) for a, b in candidate_pairs(profiles)}
    assert ("dup", "o42") in pairs or ("o42", "dup") in pairs
    assert len(pairs) < 2001 * 2000 // 2 // 50


def test_initials_pair_a_short_name_with_full_names_not_full_names_together() -> None:
    full = [_org("f0", "Alpha Web Service"), _org("f1", "Atlas Water Systems")]
    short = _org("aws", "AWS")
    pairs = {tuple(sorted((a.id, b.id))) for a, b in candidate_pairs([*full, short])}
    assert pairs == {("aws", "f0"), ("aws", "f1")}
