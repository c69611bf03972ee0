"""The explorer's two languages: the words of its pages, and how a name is shown.

A page is in Korean (``ko``, the default) or English (``en``, ``?lang=en``).
Names are shown in the page's language with the other beside it, when the
graph has both; a name the graph lacks in the page's language falls back to
the other, then to the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = ("ko", "en")
DEFAULT: Lang = "ko"

WORDS: dict[str, tuple[str, str]] = {
    # key: (Korean, English)
    "site": ("얼라이언스 지식 그래프", "Alliance knowledge graph"),
    "tagline": (
        "누가 누구와 손잡았는지, 모든 사실에 출처와 함께",
        "Who is allied with whom, every fact with its source",
    ),
    "home": ("처음", "Home"),
    "search": ("검색", "Search"),
    "search_label": ("이름이나 별칭으로 찾기", "Find by name or alias"),
    "search_button": ("찾기", "Search"),
    "search_hint": (
        "한국어나 영어 이름, 별칭 (예: SKT, 클라우드, Kolon)",
        "Korean or English names and aliases (e.g. SKT, 클라우드, Kolon)",
    ),
    "results": ("검색 결과", "Results"),
    "no_results": ("찾은 것이 없습니다.", "Nothing found."),
    "other_language": ("English", "한국어"),
    "switch_language": ("영어로 보기", "View in Korean"),
    "alliances": ("얼라이언스", "Alliances"),
    "alliance": ("얼라이언스", "Alliance"),
    "organization": ("기관", "Organisation"),
    "person": ("인물", "Person"),
    "segment": ("가치사슬 부문", "Value-chain segment"),
    "members": ("회원", "Members"),
    "member": ("회원", "Member"),
    "role": ("역할", "Role"),
    "status": ("상태", "Status"),
    "joined": ("가입", "Joined"),
    "left": ("탈퇴", "Left"),
    "basis": ("근거", "Basis"),
    "sources": ("출처", "Sources"),
    "source": ("출처", "Source"),
    "evidence": ("원문 문장", "Evidence"),
    "reason": ("이유", "Reason"),
    "launched": ("출범", "Launched"),
    "goals": ("목표", "Goals"),
    "proposed_by": ("제안한 사람", "Proposed by"),
    "aliases": ("별칭", "Aliases"),
    "kind": ("종류", "Kind"),
    "description": ("설명", "Description"),
    "part_of": ("소속", "Part of"),
    "group": ("그룹", "Group"),
    "units": ("산하 조직", "Units"),
    "alliances_over_time": ("참여한 얼라이언스 (시간순)", "Alliances over time"),
    "segments": ("가치사슬 부문", "Value-chain segments"),
    "people": ("인물과 직책", "People and posts"),
    "posts": ("직책", "Posts"),
    "title": ("직함", "Title"),
    "since": ("부터", "Since"),
    "until": ("까지", "Until"),
    "quotes": ("발언", "Quotes"),
    "quotes_about": ("이 조직에 관한 발언", "Quotes about it"),
    "said_by": ("발언자", "Speaker"),
    "said_at": ("장소", "Where"),
    "translation": ("번역 (큐레이터)", "Translation (curator's)"),
    "indirect": ("간접 인용", "reported speech"),
    "figures": ("수치", "Figures"),
    "events": ("사건", "Events"),
    "timeline": ("회원 변화", "Membership timeline"),
    "timeline_note": (
        "가입 날짜가 알려진 회원을 날짜순으로, 그 다음 날짜를 모르는 회원을 셉니다. "
        "Y-1, Y0-06 같은 날짜는 기사 발행 연도를 기준으로 한 상대 날짜입니다.",
        "Members with a known joining date in date order, then those whose date is "
        "unknown. Dates such as Y-1 and Y0-06 are relative to the source's publication year.",
    ),
    "date_unknown": ("날짜 모름", "date unknown"),
    "cumulative": ("누적", "cumulative"),
    "coverage": ("부문 커버리지와 공백", "Segment coverage and gaps"),
    "coverage_col": ("커버리지", "Coverage"),
    "placed": (
        "회원 {n}곳 중 {k}곳의 부문을 압니다",
        "{k} of {n} members placed (with segment data)",
    ),
    "covered": ("있음", "covered"),
    "absent": ("없음", "absent"),
    "unknown": ("모름", "unknown"),
    "coverage_note": (
        "있음: 회원이나 얼라이언스 자체가 그 부문을 맡음. 없음: 모든 회원의 부문을 알고, "
        "아무도 맡지 않음. 모름: 아무도 맡는다고 알려지지 않았지만, 부문을 모르는 회원이 있음.",
        "covered: a member (or the alliance itself) covers it. absent: every member is "
        "placed and none covers it. unknown: nobody known covers it, but some members are "
        "not placed.",
    ),
    "covered_by": ("맡은 곳", "Covered by"),
    "unplaced": ("부문을 모르는 회원", "Members not placed"),
    "overlap_others": ("다른 얼라이언스와 겹침", "Overlap with other alliances"),
    "shared": ("공동 회원", "Shared members"),
    "no_overlap": ("다른 얼라이언스와 겹치는 회원이 없습니다.", "No member in common."),
    "graph": ("관계 그래프", "Graph"),
    "graph_of": ("관계 그래프: {name}", "Graph: {name}"),
    "graph_note": (
        "이 개체의 관계와, 한 단계 건너 닿는 조직들의 회원 관계. 노드를 누르면 그 쪽으로 갑니다.",
        "The entity's relationships, and the memberships of what they reach. "
        "Select a node to go to its page.",
    ),
    "relationships": ("관계", "Relationships"),
    "overviews": ("한눈에 보기", "Overviews"),
    "multi": ("여러 얼라이언스에 참여한 기업", "Firms in more than one alliance"),
    "multi_note": (
        "얼라이언스 수가 많은 순. 제안된 얼라이언스와 제안된 회원은 선택하면 포함합니다.",
        "Most alliances first. Proposed alliances and memberships count when chosen.",
    ),
    "include_proposed": ("제안 포함", "Including proposals"),
    "launched_only": ("출범한 얼라이언스만", "Launched alliances only"),
    "alliance_count": ("얼라이언스 수", "Alliances"),
    "memberships": ("회원 관계", "Memberships"),
    "page_n": ("{n}쪽", "Page {n}"),
    "previous": ("이전", "Previous"),
    "next": ("다음", "Next"),
    "none_multi": (
        "두 곳 이상에 참여한 기업이 없습니다.",
        "No firm is in two or more alliances.",
    ),
    "matrix": ("얼라이언스 간 겹침", "Overlap matrix"),
    "matrix_note": (
        "칸의 수는 두 얼라이언스에 함께 속한 조직 수, 대각선은 얼라이언스의 규모입니다. "
        "칸을 누르면 공동 회원을 봅니다.",
        "Each cell counts the organisations in both alliances; the diagonal is each "
        "alliance's size. Select a cell for the shared members.",
    ),
    "pair": ("{a} · {b}: 공동 회원", "{a} and {b}: shared members"),
    "jaccard": ("자카드 지수", "Jaccard index"),
    "overlap_coefficient": ("겹침 계수", "Overlap coefficient"),
    "size": ("규모", "Size"),
    "gaps": ("부문 공백", "Segment gaps"),
    "gaps_note": (
        "얼라이언스마다 각 가치사슬 부문이 있음(●), 없음(✕), 모름(?)인지.",
        "For each alliance, whether each value-chain segment is covered (●), "
        "absent (✕) or unknown (?).",
    ),
    "single_firm": ("한 기업만 맡은 부문", "Segments only one firm covers"),
    "other_firms": ("다른 기업", "Other firms"),
    "mega": ("메가 얼라이언스 후보 (탐욕적 집합 덮개)", "A mega alliance (greedy set cover)"),
    "unaffiliated": ("얼라이언스에 속하지 않은 기업", "Firms in no alliance"),
    "unaffiliated_note": (
        "출범한 얼라이언스에 활동 중인 회원 관계가 없는 기업. 이들을 거론한 제안을 함께 봅니다.",
        "Companies with no active membership of a launched alliance, with any proposals "
        "that name them.",
    ),
    "proposals": ("제안", "Proposals"),
    "all_sources": ("모든 출처", "All sources"),
    "publisher": ("발행처", "Publisher"),
    "published": ("발행일", "Published"),
    "published_unknown": ("발행일 모름", "publication date unknown"),
    "open_source": ("원문", "Read it"),
    "data": ("데이터", "Data"),
    "json": ("JSON", "JSON"),
    "rdf": ("RDF (Turtle)", "RDF (Turtle)"),
    "chart": ("그림", "Picture"),
    "not_found": ("찾을 수 없습니다", "Not found"),
    "not_found_detail": ("그래프에 '{id}'가 없습니다.", "The graph has no '{id}'."),
    "what_here": (
        "얼라이언스, 기업, 인물을 찾아보거나 아래 개요에서 시작하세요.",
        "Search for an alliance, firm or person, or start from an overview below.",
    ),
    "proposed": ("제안됨", "proposed"),
    "firms": ("기업", "Firms"),
    "adds": ("더하는 부문", "Adds"),
    "uncovered": ("맡은 기업 없음", "Not covered"),
    "method": ("방법", "Method"),
    "nobody": ("없음", "none"),
    "language_name": ("한국어", "English"),
}

# Controlled values as the pages show them
VALUES: dict[str, tuple[str, str]] = {
    "lead": ("주도", "lead"),
    "founder": ("창립 회원", "founder"),
    "member": ("회원", "member"),
    "proposed_member": ("제안된 회원", "proposed member"),
    "coordinator": ("조정자", "coordinator"),
    "active": ("활동", "active"),
    "ended": ("종료", "ended"),
    "proposed": ("제안됨", "proposed"),
    "dissolved": ("해산", "dissolved"),
    "stated": ("출처에 명시", "stated"),
    "inferred": ("추론", "inferred"),
    "curator_judgment": ("큐레이터 판단", "curator judgment"),
    "Company": ("기업", "company"),
    "Alliance": ("얼라이언스", "alliance"),
    "Person": ("인물", "person"),
    "Segment": ("부문", "segment"),
    "University": ("대학", "university"),
    "ResearchInstitute": ("연구기관", "research institute"),
    "GovernmentBody": ("정부 기관", "government body"),
    "Association": ("협회", "association"),
    "Publisher": ("언론사", "publisher"),
    "OrganizationalUnit": ("산하 조직", "unit"),
    "NewsArticle": ("기사", "news article"),
    "CurationNote": ("큐레이션 기록", "curation note"),
    "MEMBER_OF": ("참여", "member of"),
    "HOLDS_POST": ("재직", "holds a post in"),
    "IN_SEGMENT": ("맡은 부문", "covers"),
    "PART_OF": ("소속", "part of"),
    "PROPOSED_BY": ("제안", "proposed by"),
}


def lang_of(value: str | None) -> Lang:
    return "en" if value == "en" else DEFAULT


@dataclass(frozen=True)
class Name:
    """A name in the page's language (``main``) and in the other (``other``, or None)."""

    main: str
    main_lang: str
    other: str | None
    other_lang: str


class Words:
    """The words of one page's language: ``t("key")``, ``value("lead")``, ``name(...)``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.other_lang: Lang = "en" if lang == "ko" else "ko"
        self._i = 0 if lang == "ko" else 1

    def t(self, key: str, **values: Any) -> str:
        text = WORDS[key][self._i]
        return text.format(**values) if values else text

    def value(self, key: str | None) -> str:
        if key is None:
            return ""
        pair = VALUES.get(key)
        return pair[self._i] if pair else key

    def name(self, ko: str | None, en: str | None, ident: str = "") -> Name:
        own, other = (ko, en) if self.lang == "ko" else (en, ko)
        if own:
            return Name(own, self.lang, other if other and other != own else None, self.other_lang)
        if other:
            return Name(other, self.other_lang, None, self.lang)
        return Name(ident, "", None, "")
