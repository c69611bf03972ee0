"""Hangul syllables in Latin letters, by the Revised Romanization's letters.

Only the letters of each jamo, without the sound-change rules (ㄹㄹ, nasalisation...):
enough to compare a Korean name with an English one by sound (see :mod:`.names`),
and some forty times faster than a full romaniser, which matters when a hundred
thousand names are compared.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FIRST = "g kk n d tt r m b pp s ss  j jj ch k t p h".split(" ")  # noqa: SIM905
_VOWEL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split(" ")  # noqa: SIM905
_LAST = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
         "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]  # fmt: skip
_BASE, _END = 0xAC00, 0xD7A3


def is_hangul(ch: str) -> bool:
    return _BASE <= ord(ch) <= _END


def romanize(text: str) -> str:
    """``text`` with each Hangul syllable in RR letters (스캐터랩 → seukaeteorap); other
    characters unchanged."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if _BASE <= code <= _END:
            index = code - _BASE
            first, rest = divmod(index, 21 * 28)
            vowel, last = divmod(rest, 28)
            out.append(_FIRST[first] + _VOWEL[vowel] + _LAST[last])
        else:
            out.append(ch)
    return "".join(out)


# The Korean names of Latin letters, as firms write initialisms (케이티 for KT,
# 에이아이 for AI). 지 and 제트 are both Z's; 지 is G first.
_LETTER_NAMES = {
    "에이": "a", "비": "b", "씨": "c", "디": "d", "이": "e", "에프": "f", "지": "g",
    "에이치": "h", "아이": "i", "제이": "j", "케이": "k", "엘": "l", "엠": "m", "엔": "n",
    "오": "o", "피": "p", "큐": "q", "알": "r", "에스": "s", "티": "t", "유": "u",
    "브이": "v", "더블유": "w", "엑스": "x", "와이": "y", "제트": "z",
}  # fmt: skip
_LONGEST = sorted(_LETTER_NAMES, key=len, reverse=True)


_LETTER_RUN = re.compile("(?:" + "|".join(_LONGEST) + ")+")
_LETTER_NAME = re.compile("|".join(_LONGEST))


def _letters(run: str) -> str | None:
    """``run`` read wholly as letter names ("케이티" → "kt"), or None."""
    if not _LETTER_RUN.fullmatch(run):
        return None
    # The longest name first at each place, as the alternation is ordered.
    return "".join(_LETTER_NAMES[m] for m in _LETTER_NAME.findall(run))


@lru_cache(maxsize=1 << 20)
def spell_letters(word: str) -> str:
    """A Hangul word that spells Latin letters, in those letters: the whole word when it
    is two letters or more ("케이티" → "kt"), or its end when that is three syllables or
    more ("프렌들리에이아이" → "프렌들리ai", "마이다스아이티" → "마이다스it"). Shorter
    endings are left alone: too many Korean words end in a syllable that names a
    letter (비, 지, 이 ...)."""
    whole = _letters(word)
    if whole is not None and len(whole) >= 2:
        return whole
    for start in range(1, len(word) - 2):
        tail = _letters(word[start:])
        if tail is not None and len(tail) >= 2:
            return word[:start] + tail
    return word
