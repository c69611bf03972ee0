"""Words that Korean organisation names translate rather than transliterate.

삼성전자 is "Samsung Electronics", not "Samsung Jeonja": the firm's own part is
transliterated, the common noun translated. A name's Korean words found here are
put in English before its sound key is taken, so that 삼성전자 and "Samsung
Electronics", or 한국무역협회 and "Korea International Trade Association", can be
compared by sound. Longest words first.
"""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    "과학기술정보": "science technology information",
    "정보통신기술": "information communication technology",
    "전자통신": "electronics telecommunications",
    "과학기술": "science technology",
    "정보통신": "information communications",
    "지능정보": "intelligence information",
    "이동통신": "mobile telecom",
    "인공지능": "ai",
    "대학교": "university",
    "연구원": "research institute",
    "연구소": "research institute",
    "진흥원": "agency",
    "위원회": "committee",
    "중공업": "heavy industries",
    "자동차": "motor",
    "반도체": "semiconductor",
    "얼라이언스": "alliance",
    "서비스": "services",
    "클라우드": "cloud",
    "컨소시엄": "consortium",
    "협의회": "council",
    "무역": "trade",
    "대학": "university",
    "협회": "association",
    "전자": "electronics",
    "전기": "electric",
    "통신": "telecom",
    "한국": "korea",
    "국제": "international",
    "국가": "national",
    "정보": "information",
    "기술": "technology",
    "산업": "industries",
    "화학": "chemical",
    "생명": "life",
    "증권": "securities",
    "은행": "bank",
    "그룹": "group",
    "연합": "alliance",
    "동맹": "alliance",
    "웹": "web",
}

_ORDERED = sorted(GLOSSARY.items(), key=lambda kv: -len(kv[0]))


def translate(text: str) -> str:
    """``text`` with the glossary's Korean words in English, spaced apart; unchanged when
    it holds none of them."""
    for korean, english in _ORDERED:
        if korean in text:
            text = text.replace(korean, f" {english} ")
    return " ".join(text.split())
