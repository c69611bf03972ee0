"""Every fact of the etnews article is in the graph, with its source, as the article gives it.

The expected names, roles, quotes and figures are written here by hand from
seeds/texts/etnews-ai-alliances.txt, not read from the seed file: if a fact is
dropped, renamed or invented in the seeds, a test here fails.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF, SKOS
from rdflib.term import Node

from alliancekg.config import DEFAULT_BASE_IRI
from alliancekg.ingest.records import QUOTE_GAP
from alliancekg.ingest.validation import validate_seeds
from alliancekg.ontology.names import normalize_name
from alliancekg.ontology.vocab import AKG
from tests.paths import SEEDS

ID = Namespace(DEFAULT_BASE_IRI)
# Plain namespaces: pytest's collection pokes at module attributes, and rdflib's
# SDO and XSD warn on every unknown one.
SDO = Namespace("https://schema.org/")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
ARTICLE = ID["etnews-ai-alliances"]
CURATION = ID["curation-segments"]
ARTICLE_TEXT = (SEEDS / "texts" / "etnews-ai-alliances.txt").read_text(encoding="utf-8")

# Korean name -> class. Alliances are listed separately below.
ORGANIZATIONS = {
    "SK텔레콤": AKG.Company,
    "몰로코": AKG.Company,
    "베스핀글로벌": AKG.Company,
    "스캐터랩": AKG.Company,
    "코난테크놀로지": AKG.Company,
    "코오롱베니트": AKG.Company,
    "롯데이노베이트": AKG.Company,
    "교보DTS": AKG.Company,
    "솔트룩스": AKG.Company,
    "이스트소프트": AKG.Company,
    "클루커스": AKG.Company,
    "누리어시스템": AKG.Company,
    "링네트": AKG.Company,
    "투라인코드": AKG.Company,
    "와이즈넛": AKG.Company,
    "위즈": AKG.Company,
    "삼성전자": AKG.Company,
    "네이버": AKG.Company,
    "네이버클라우드": AKG.Company,
    "네이버클라우드 AI이노베이션센터": AKG.OrganizationalUnit,
    "게티이미지": AKG.Company,
    "고려대": AKG.University,
    "고려대 기술경영전문대학원": AKG.OrganizationalUnit,
    "경제사회연구원": AKG.ResearchInstitute,
    "국가인공지능위원회": AKG.GovernmentBody,
    "한국무역협회": AKG.Association,
    "전자신문": AKG.Publisher,
}

# person -> (organisation, title) of the post the article gives them
PERSONS = {
    "유영상": ("SK텔레콤", "대표"),
    "강이구": ("코오롱베니트", "대표"),
    "이성엽": ("고려대 기술경영전문대학원", "교수"),
    "권남훈": ("경제사회연구원", "원장"),
    "하정우": ("네이버클라우드 AI이노베이션센터", "센터장"),
    "박준호": ("전자신문", "기자"),
}

# alliance -> (status, launched, launched as written, proposed by)
ALLIANCES = {
    "K-AI 얼라이언스": ("active", "Y-1", "지난해", None),
    "AI 얼라이언스": ("active", "Y0-06", "지난 6월", None),
    "AX 얼라이언스": ("active", "Y0-07", "지난 7월", None),
    "대한민국의 어벤저스": ("proposed", None, None, "유영상"),
    "국가 차원의 메가 얼라이언스": ("proposed", None, None, "이성엽"),
    "글로벌 AI 원팀코리아": ("proposed", None, None, "하정우"),
}

AX_FOUNDERS = ["클루커스", "누리어시스템", "링네트", "투라인코드", "와이즈넛", "위즈"]

# (member, alliance) -> (role, status, joined)
MEMBERSHIPS = {
    ("SK텔레콤", "K-AI 얼라이언스"): ("lead", "active", "Y-1"),
    ("몰로코", "K-AI 얼라이언스"): ("member", "active", None),
    ("베스핀글로벌", "K-AI 얼라이언스"): ("member", "active", None),
    ("스캐터랩", "K-AI 얼라이언스"): ("member", "active", None),
    ("코난테크놀로지", "K-AI 얼라이언스"): ("member", "active", None),
    ("코오롱베니트", "AI 얼라이언스"): ("lead", "active", "Y0-06"),
    ("롯데이노베이트", "AI 얼라이언스"): ("member", "active", None),
    ("교보DTS", "AI 얼라이언스"): ("member", "active", None),
    ("솔트룩스", "AI 얼라이언스"): ("member", "active", None),
    ("이스트소프트", "AI 얼라이언스"): ("member", "active", None),
    **{(firm, "AX 얼라이언스"): ("founder", "active", "Y0-07") for firm in AX_FOUNDERS},
    ("SK텔레콤", "대한민국의 어벤저스"): ("proposed_member", "proposed", None),
    ("삼성전자", "대한민국의 어벤저스"): ("proposed_member", "proposed", None),
    ("네이버", "대한민국의 어벤저스"): ("proposed_member", "proposed", None),
}

# (speaker, distinctive phrases, direct, said at, about)
Quote = tuple[str, list[str], bool, str | None, set[str]]
QUOTES: list[Quote] = [
    ("유영상", ["협력은 필수", "K-AI의 저력을 보이겠다"], True, None, {"K-AI 얼라이언스"}),
    ("유영상", ["대한민국의 어벤저스를 만들어"], True, "이천포럼", {"대한민국의 어벤저스"}),
    ("강이구", ["막대한 투자 비용 부담", "그 해답을 찾을 것"], True, None, {"AI 얼라이언스"}),
    (
        "이성엽",
        ["AI 신제국주의", "국가인공지능위원회가 이러한 역할을 맡아야 한다"],
        True,
        None,
        set(),
    ),
    ("이성엽", ["역량이 분산될 수 있다"], True, None, {"국가 차원의 메가 얼라이언스"}),
    (
        "권남훈",
        ["담합 규제 여지가 많기 때문에", "전향적 자세로 임할 필요가 있다"],
        True,
        None,
        set(),
    ),
    ("하정우", ["글로벌 AI 원팀코리아"], False, None, {"글로벌 AI 원팀코리아"}),
]

# value as written -> (value, unit, qualifier, year, attributed to, about)
FIGURES = {
    "153억달러": ("15300000000", "USD", "exact", "2030", "한국무역협회", None),
    "8267억달러": ("826700000000", "USD", "exact", "2030", "한국무역협회", None),
    "54배": ("54", "ratio", "exact", "2030", "한국무역협회", None),
    "7개사": ("7", "companies", "exact", None, None, "K-AI 얼라이언스"),
    "18개사": ("18", "companies", "exact", None, None, "K-AI 얼라이언스"),
    "60여개": ("60", "companies", "approximate", None, None, "AI 얼라이언스"),
    "6개사": ("6", "companies", "exact", None, None, "AX 얼라이언스"),
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return validate_seeds([SEEDS]).graph


def named(g: Graph, name: str) -> URIRef:
    """The one entity that has ``name`` as a name (any language) or alias."""
    key = normalize_name(name)
    found = {
        s
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for s, o in g.subject_objects(p)
        if normalize_name(str(o)) == key
    }
    assert len(found) == 1, f"{name!r} names {sorted(map(str, found))}"
    (s,) = found
    assert isinstance(s, URIRef)
    return s


def ko_name(g: Graph, s: Node) -> str:
    names = [
        o for o in g.objects(s, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "ko"
    ]
    assert len(names) == 1, s
    return str(names[0])


def one(g: Graph, s: Node, p: URIRef) -> Node:
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{s} {p}: {values}"
    return values[0]


def key_of(term: Node) -> str:
    """The seed key of a vocabulary value, e.g. akg:proposedMember -> proposed_member."""
    return {
        AKG.founder: "founder",
        AKG.lead: "lead",
        AKG.member: "member",
        AKG.coordinator: "coordinator",
        AKG.proposedMember: "proposed_member",
        AKG.active: "active",
        AKG.proposed: "proposed",
        AKG.exact: "exact",
        AKG.approximate: "approximate",
    }[term]  # type: ignore[index]


def from_article(g: Graph, cls: URIRef) -> set[Node]:
    return {s for s in g.subjects(RDF.type, cls) if (s, AKG.source, ARTICLE) in g}


# --------------------------------------------------------------------------- the source


def test_article_is_a_news_article_with_publisher_author_and_text(graph: Graph) -> None:
    assert (ARTICLE, RDF.type, AKG.NewsArticle) in graph
    assert one(graph, ARTICLE, SDO.publisher) == named(graph, "전자신문")
    assert one(graph, ARTICLE, SDO.author) == named(graph, "박준호")
    assert Literal("[창간기획] AI로 뭉친 韓 기업, 원팀 전략으로 글로벌 공략", lang="ko") in set(
        graph.objects(ARTICLE, AKG.title)
    )
    assert one(graph, ARTICLE, AKG.textFile) == Literal("texts/etnews-ai-alliances.txt")


def test_unknown_publication_date_stays_unknown(graph: Graph) -> None:
    assert (ARTICLE, AKG.published, None) not in graph


# --------------------------------------------------------------------------- entities


@pytest.mark.parametrize("name", ORGANIZATIONS)
def test_organization_is_in_the_graph_with_its_kind_and_source(graph: Graph, name: str) -> None:
    s = named(graph, name)
    assert (s, RDF.type, ORGANIZATIONS[name]) in graph
    assert (s, RDF.type, AKG.Organization) in graph
    assert (s, AKG.source, ARTICLE) in graph


def test_no_organization_beyond_those_of_the_article(graph: Graph) -> None:
    orgs = from_article(graph, AKG.Organization) - set(graph.subjects(RDF.type, AKG.Alliance))
    assert {ko_name(graph, s) for s in orgs} == set(ORGANIZATIONS)


def test_units_are_part_of_their_parent_organizations(graph: Graph) -> None:
    gstm = named(graph, "고려대 기술경영전문대학원")
    center = named(graph, "네이버클라우드 AI이노베이션센터")
    assert one(graph, gstm, ORG.subOrganizationOf) == named(graph, "고려대")
    assert one(graph, center, ORG.subOrganizationOf) == named(graph, "네이버클라우드")


@pytest.mark.parametrize("name", PERSONS)
def test_person_is_in_the_graph_with_their_post_and_source(graph: Graph, name: str) -> None:
    person = named(graph, name)
    org_name, title = PERSONS[name]
    assert (person, RDF.type, AKG.Person) in graph
    assert (person, AKG.source, ARTICLE) in graph
    posts = set(graph.subjects(ORG.heldBy, person))
    assert len(posts) == 1
    (post,) = posts
    assert one(graph, post, ORG.postIn) == named(graph, org_name)
    assert Literal(title, lang="ko") in set(graph.objects(post, AKG.title))
    assert (post, AKG.source, ARTICLE) in graph


def test_no_person_beyond_those_of_the_article(graph: Graph) -> None:
    assert {ko_name(graph, s) for s in from_article(graph, AKG.Person)} == set(PERSONS)


def test_names_of_the_article_are_written_as_the_article_writes_them(graph: Graph) -> None:
    """Nothing invented: every Korean name is in the text (the publisher's is in its metadata)."""
    names = {ko_name(graph, s) for s in from_article(graph, AKG.Organization)}
    names |= {ko_name(graph, s) for s in from_article(graph, AKG.Person)}
    assert {n for n in names if n not in ARTICLE_TEXT} == {"전자신문"}
    assert "etnews" in ARTICLE_TEXT  # the publisher's alias, in the reporter's address


# --------------------------------------------------------------------------- alliances


@pytest.mark.parametrize("name", ALLIANCES)
def test_alliance_is_in_the_graph_with_status_launch_and_source(graph: Graph, name: str) -> None:
    status, launched, launched_text, proposer = ALLIANCES[name]
    a = named(graph, name)
    assert (a, RDF.type, AKG.Alliance) in graph
    assert (a, AKG.source, ARTICLE) in graph
    assert key_of(one(graph, a, AKG.status)) == status
    if launched is None:
        assert (a, AKG.launched, None) not in graph
    else:
        assert one(graph, a, AKG.launched) == Literal(launched, datatype=AKG.RelativeDate)
        assert one(graph, a, AKG.launchedText) == Literal(launched_text, lang="ko")
    if proposer is None:
        assert (a, AKG.proposedBy, None) not in graph
    else:
        assert one(graph, a, AKG.proposedBy) == named(graph, proposer)


def test_no_alliance_beyond_those_of_the_article(graph: Graph) -> None:
    assert {ko_name(graph, s) for s in from_article(graph, AKG.Alliance)} == set(ALLIANCES)


def test_ax_alliance_aims_at_a_joint_venture(graph: Graph) -> None:
    goals = {str(o) for o in graph.objects(named(graph, "AX 얼라이언스"), AKG.goal)}
    assert any("합작법인" in goal for goal in goals), goals


# --------------------------------------------------------------------------- memberships


def memberships(g: Graph) -> dict[tuple[str, str], URIRef]:
    out: dict[tuple[str, str], URIRef] = {}
    for m in from_article(g, AKG.Membership):
        assert isinstance(m, URIRef)
        key = (ko_name(g, one(g, m, ORG.member)), ko_name(g, one(g, m, ORG.organization)))
        assert key not in out, f"two memberships {key}"
        out[key] = m
    return out


def test_memberships_are_exactly_those_of_the_article(graph: Graph) -> None:
    assert set(memberships(graph)) == set(MEMBERSHIPS)


@pytest.mark.parametrize("pair", MEMBERSHIPS, ids=lambda p: f"{p[0]} in {p[1]}")
def test_membership_has_its_role_status_and_date(graph: Graph, pair: tuple[str, str]) -> None:
    role, status, joined = MEMBERSHIPS[pair]
    m = memberships(graph)[pair]
    assert key_of(one(graph, m, ORG.role)) == role
    assert key_of(one(graph, m, AKG.status)) == status
    if joined is None:
        assert (m, AKG.joined, None) not in graph  # the article does not say when
    else:
        assert one(graph, m, AKG.joined) == Literal(joined, datatype=AKG.RelativeDate)
    assert (m, AKG.left, None) not in graph


def test_sk_telecom_leads_k_ai_and_kolon_benit_leads_the_ai_alliance(graph: Graph) -> None:
    leads = {
        alliance: member
        for (member, alliance), (role, _, _) in MEMBERSHIPS.items()
        if role == "lead"
    }
    found = {
        ko_name(graph, one(graph, m, ORG.organization)): ko_name(graph, one(graph, m, ORG.member))
        for m in from_article(graph, AKG.Membership)
        if (m, ORG.role, AKG.lead) in graph
    }
    assert found == leads == {"K-AI 얼라이언스": "SK텔레콤", "AI 얼라이언스": "코오롱베니트"}


def test_ax_alliance_has_six_founders_and_no_lead(graph: Graph) -> None:
    ax = named(graph, "AX 얼라이언스")
    founders = {
        ko_name(graph, one(graph, m, ORG.member))
        for m in graph.subjects(ORG.organization, ax)
        if (m, ORG.role, AKG.founder) in graph
    }
    assert founders == set(AX_FOUNDERS)
    assert not any((m, ORG.role, AKG.lead) in graph for m in graph.subjects(ORG.organization, ax))


# --------------------------------------------------------------------------- quotes


def quote_of(g: Graph, speaker: str, phrases: list[str]) -> URIRef:
    person = named(g, speaker)
    found = [
        q
        for q in g.subjects(AKG.speaker, person)
        if all(any(p in str(t) for t in g.objects(q, SDO.text)) for p in phrases)
    ]
    assert len(found) == 1, f"{speaker}: {phrases} in {found}"
    (q,) = found
    assert isinstance(q, URIRef)
    return q


@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: f"{q[0]}: {q[1][0]}")
def test_quote_is_in_the_graph_with_speaker_source_and_kind(graph: Graph, quote: Quote) -> None:
    speaker, phrases, direct, said_at, about = quote
    q = quote_of(graph, speaker, phrases)
    assert (q, RDF.type, AKG.Quote) in graph
    assert (q, AKG.source, ARTICLE) in graph
    assert one(graph, q, AKG.direct) == Literal(direct)
    assert {o.language for o in graph.objects(q, SDO.text) if isinstance(o, Literal)} == {"ko"}
    assert {o.language for o in graph.objects(q, AKG.translation) if isinstance(o, Literal)} == {
        "en"
    }
    post = one(graph, q, AKG.speakerPost)
    assert one(graph, post, ORG.heldBy) == named(graph, speaker)
    if said_at is None:
        assert (q, AKG.saidAt, None) not in graph
    else:
        assert one(graph, q, AKG.saidAt) == Literal(said_at, lang="ko")
    about_names = {ko_name(graph, o) for o in graph.objects(q, SDO.about)}
    assert about <= about_names


def test_no_quote_beyond_those_of_the_article(graph: Graph) -> None:
    assert len(from_article(graph, AKG.Quote)) == len(QUOTES)


def test_ha_jung_woo_is_reported_not_quoted(graph: Graph) -> None:
    q = quote_of(graph, "하정우", ["글로벌 AI 원팀코리아"])
    assert one(graph, q, AKG.direct) == Literal(False)


def test_direct_quotes_are_verbatim_segments_of_their_evidence(graph: Graph) -> None:
    direct = [q for q in from_article(graph, AKG.Quote) if (q, AKG.direct, Literal(True)) in graph]
    assert len(direct) == 6
    for q in direct:
        text = str(one(graph, q, SDO.text))
        evidence = [str(e) for e in graph.objects(q, AKG.evidence)]
        for segment in text.split(QUOTE_GAP):
            assert any(f"“{segment}”" in e for e in evidence), (q, segment)


# --------------------------------------------------------------------------- figures


def figure_of(g: Graph, value_text: str) -> URIRef:
    found = list(g.subjects(AKG.valueText, Literal(value_text, lang="ko")))
    assert len(found) == 1, value_text
    (f,) = found
    assert isinstance(f, URIRef)
    return f


@pytest.mark.parametrize("value_text", FIGURES)
def test_figure_is_in_the_graph_with_value_unit_and_source(graph: Graph, value_text: str) -> None:
    value, unit, qualifier, year, attributed_to, about = FIGURES[value_text]
    f = figure_of(graph, value_text)
    assert (f, RDF.type, AKG.Figure) in graph
    assert (f, AKG.source, ARTICLE) in graph
    assert Decimal(str(one(graph, f, AKG.value))) == Decimal(value)
    assert one(graph, f, AKG.unit) == Literal(unit)
    assert key_of(one(graph, f, AKG.qualifier)) == qualifier
    if year is None:
        assert (f, AKG.year, None) not in graph
    else:
        assert one(graph, f, AKG.year) == Literal(year, datatype=XSD_GYEAR)
    if attributed_to is not None:
        assert one(graph, f, AKG.attributedTo) == named(graph, attributed_to)
    if about is not None:
        assert one(graph, f, SDO.about) == named(graph, about)


def test_no_figure_beyond_those_of_the_article(graph: Graph) -> None:
    assert len(from_article(graph, AKG.Figure)) == len(FIGURES)


def test_about_sixty_is_approximate_not_exactly_sixty(graph: Graph) -> None:
    f = figure_of(graph, "60여개")
    assert one(graph, f, AKG.qualifier) == AKG.approximate
    assert (f, AKG.qualifier, AKG.exact) not in graph


def test_the_ratio_compares_the_global_and_korean_markets(graph: Graph) -> None:
    ratio = figure_of(graph, "54배")
    assert set(graph.objects(ratio, AKG.compares)) == {
        figure_of(graph, "8267억달러"),
        figure_of(graph, "153억달러"),
    }
    assert Decimal("826700000000") / Decimal("15300000000") == pytest.approx(54, abs=0.1)


# --------------------------------------------------------------------------- dates


def test_relative_dates_stay_relative(graph: Graph) -> None:
    """지난해 / 지난 6월 / 올해: the article's year is unknown, so no year is guessed."""
    dated = [
        (s, p, o)
        for p in (AKG.launched, AKG.joined, AKG.left, AKG.date, AKG.since, AKG.saidOn)
        for s, o in graph.subject_objects(p)
        if (s, AKG.source, ARTICLE) in graph
    ]
    assert len(dated) == 12  # 3 launches, 1 + 1 + 6 joins, 1 event, no other date
    for s, p, o in dated:
        assert isinstance(o, Literal) and o.datatype == AKG.RelativeDate, (s, p, o)
        assert str(o).startswith("Y"), (s, p, o)
    event = next(iter(from_article(graph, AKG.Event)))
    assert one(graph, event, AKG.date) == Literal("Y0", datatype=AKG.RelativeDate)
    assert one(graph, event, AKG.dateText) == Literal("올해부터", lang="ko")
    assert one(graph, event, SDO.about) == named(graph, "K-AI 얼라이언스")


# --------------------------------------------------------------------------- provenance


def test_inferred_and_curated_facts_carry_a_reason(graph: Graph) -> None:
    not_stated = {s for s, b in graph.subject_objects(AKG.basis) if b != AKG.stated}
    assert not_stated
    for s in not_stated:
        reasons = [str(r) for r in graph.objects(s, AKG.reason)]
        assert len(reasons) == 1 and reasons[0].strip(), s


def test_the_two_inferred_memberships_of_the_article(graph: Graph) -> None:
    m = memberships(graph)
    inferred = {pair for pair, s in m.items() if (s, AKG.basis, AKG.inferred) in graph}
    assert inferred == {("SK텔레콤", "대한민국의 어벤저스")}


def test_the_committee_coordinates_the_mega_alliance_only_by_curator_judgment(
    graph: Graph,
) -> None:
    """The article has two separate remarks (the committee should give the one-team
    effort its role; a mega alliance is needed): joining them is the curator's reading."""
    committee = named(graph, "국가인공지능위원회")
    mega = named(graph, "국가 차원의 메가 얼라이언스")
    held = graph.subjects(ORG.organization, mega)
    (m,) = [x for x in held if (x, ORG.member, committee) in graph]
    assert key_of(one(graph, m, ORG.role)) == "coordinator"
    assert (m, AKG.basis, AKG.curatorJudgment) in graph
    assert set(graph.objects(m, AKG.source)) == {ID["curation-memberships"]}
    assert "separate remark" in str(one(graph, m, AKG.reason))
    # nor is the quote about the committee's role a quote about the mega alliance
    quotes = graph.subjects(SDO.about, committee)
    (quote,) = [q for q in quotes if (q, RDF.type, AKG.Quote) in graph]
    assert (quote, SDO.about, mega) not in graph


def test_the_k_ai_event_does_not_say_whose_investees(graph: Graph) -> None:
    """The article says 투자사 중심 구성 and nothing about whose investees they were."""
    event = next(iter(from_article(graph, AKG.Event)))
    described = graph.objects(event, AKG.description)
    english = [str(d) for d in described if isinstance(d, Literal) and d.language == "en"]
    assert english and not any("SKT" in d or "SK Telecom" in d for d in english)


def test_curator_judgments_are_kept_apart_from_the_article(graph: Graph) -> None:
    judged = set(graph.subjects(AKG.basis, AKG.curatorJudgment))
    assert any((s, AKG.source, CURATION) in graph for s in judged)
    for s in judged:
        sources = set(graph.objects(s, AKG.source))
        assert sources and all((src, RDF.type, AKG.CurationNote) in graph for src in sources), s


def test_every_fact_of_the_article_has_evidence(graph: Graph) -> None:
    classes = (AKG.Alliance, AKG.Post, AKG.Membership, AKG.Quote, AKG.Figure, AKG.Event)
    facts = {s for cls in classes for s in from_article(graph, cls)}
    facts |= from_article(graph, AKG.SegmentAssignment)
    # alliances, posts, memberships, quotes, figures, 1 event, 4 segment assignments
    assert (
        len(facts)
        == len(ALLIANCES) + len(PERSONS) + len(MEMBERSHIPS) + len(QUOTES) + len(FIGURES) + 1 + 4
    )
    assert {s for s in facts if (s, AKG.evidence, None) not in graph} == set()


def test_every_evidence_sentence_is_verbatim_in_the_article(graph: Graph) -> None:
    sentences = {
        str(e) for s, e in graph.subject_objects(AKG.evidence) if (s, AKG.source, ARTICLE) in graph
    }
    assert len(sentences) >= 20
    assert {e for e in sentences if e not in ARTICLE_TEXT} == set()


# --------------------------------------------------------------------------- aliases


def test_skt_sk_telecom_and_sk텔레콤_are_one_entity(graph: Graph) -> None:
    assert named(graph, "SKT") == named(graph, "SK텔레콤") == named(graph, "SK Telecom")
    assert named(graph, "KITA") == named(graph, "한국무역협회") == named(graph, "무역협회")


def test_references_resolve_through_names_and_aliases(tmp_path) -> None:
    """A new source may name SKT any way the graph knows it; each reaches the same firm."""
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "source:\n"
        "  id: extra-curation\n"
        "  kind: curation\n"
        "  title: {en: Extra}\n"
        "segment_assignments:\n"
        "  - {organization: SKT, segment: data, basis: curator_judgment, reason: r}\n"
        "  - {organization: SK Telecom, segment: security, basis: curator_judgment,\n"
        "     reason: r}\n"
        "  - {organization: sk텔레콤, segment: semiconductors, basis: curator_judgment,\n"
        "     reason: r}\n",
        encoding="utf-8",
    )

    g = validate_seeds([SEEDS, extra]).graph

    added = set(g.subjects(AKG.source, ID["extra-curation"]))
    assert len(added) == 3
    assert {one(g, s, AKG.coveredBy) for s in added} == {named(g, "SK텔레콤")}
