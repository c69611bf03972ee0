"""How two names are compared when deciding whether they name one entity.

* :func:`key` — the name with what does not tell firms apart removed: NFC, case,
  spaces, punctuation, and legal forms (Co., Ltd., Inc., Corp., 주식회사, (주), ㈜ ...).
  "SK Telecom Co., Ltd." and "SK Telecom" have one key.
* :func:`acronym` — the initials of a Latin name's words ("Amazon Web Services" →
  "aws"), for "AWS" beside "Amazon Web Services".
* :func:`sound_key` — a coarse key of how a name sounds, the same for a Korean name and
  its English form: Hangul is spelled in RR letters without the vowel Korean inserts
  in loanwords (스 of 스캐터랩 → "s"), English follows the usual loanword
  correspondences (f → p, v → b, final r silent, c → k ...), and both keep only their
  consonants with voiced and voiceless merged (and s, z, j in one class: English
  s and z come into Korean as ㅅ or ㅈ). 스캐터랩 and "Scatter Lab" both give "sktrp";
  코난테크놀로지 and "Konan Technology" both give "kntknrs".
* :func:`roman_key` — the name in Latin letters with its vowels: Hangul in RR letters
  without the loanword vowel, so that short names too can be compared (카카오 and
  "Kakao" both give "kakao", 스윗 and "Swit" "swit").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .hangul import is_hangul, romanize, spell_letters

# Entries of each name cache: names are compared many times, each normalised once.
CACHE = 1 << 20

# Legal forms, matched as whole words (Latin) or anywhere (Korean), after case folding.
_LEGAL_LATIN = (
    "co ltd",
    "co., ltd",
    "company limited",
    "company",
    "corporation",
    "incorporated",
    "limited",
    "holdings",
    "l.l.c",
    "llc",
    "inc",
    "corp",
    "ltd",
    "plc",
    "gmbh",
    "s.a",
    "ag",
    "co",
)
_LEGAL_KOREAN = ("주식회사", "유한회사", "(주)", "㈜", "(유)", "(사)", "사단법인", "재단법인")
_LEGAL_RE = re.compile(
    r"(?<![a-z0-9])(" + "|".join(re.escape(f) for f in _LEGAL_LATIN) + r")\.?(?![a-z0-9])"
)
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_NOT_WORD = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")
_WORDS = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3]+")
# Words an acronym skips.
_MINOR = frozenset({"of", "and", "the", "for", "&", "de"})


@lru_cache(maxsize=CACHE)
def fold(name: str) -> str:
    """NFC and case-folded, compatibility characters (㈜, full-width letters) unfolded,
    a plus sign read as the word ("LG U+" → "lg u plus")."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFC", name)).casefold()
    text = _HANGUL_WORD.sub(lambda m: spell_letters(m.group(0)), text)
    return text.replace("+", " plus ")


@lru_cache(maxsize=CACHE)
def strip_legal_forms(name: str) -> str:
    text = fold(name)
    for form in _LEGAL_KOREAN:
        text = text.replace(unicodedata.normalize("NFKC", form).casefold(), " ")
    # Twice: "co., ltd." is two forms, and stripping one can expose the other.
    for _ in range(2):
        text = _LEGAL_RE.sub(" ", text)
    return text


@lru_cache(maxsize=CACHE)
def key(name: str) -> str:
    """The name without legal forms, punctuation, spaces and case; '' when nothing is left."""
    stripped = _NOT_WORD.sub("", strip_legal_forms(name))
    return stripped or _NOT_WORD.sub("", fold(name))


@lru_cache(maxsize=CACHE)
def words(name: str) -> tuple[str, ...]:
    """The name's words, legal forms removed (Latin words and Hangul runs)."""
    return tuple(_WORDS.findall(strip_legal_forms(name)))


_TOKENS = re.compile(r"[A-Za-z0-9]+|[\uac00-\ud7a3]+")
_LEGAL_WORDS = frozenset(f.replace(".", "").replace(",", "") for f in _LEGAL_LATIN if " " not in f)


@lru_cache(maxsize=CACHE)
def acronyms(name: str) -> frozenset[str]:
    """The initials of a name of several words ("Korea Advanced Institute of Science and
    Technology" → kaist, "Amazon Web Services" → aws). A Hangul word gives the first of
    its RR letters; a word in capitals gives either its first letter or all of them
    ("SK텔레콤" → skt, "Global Telco AI Alliance" → gtaa or gtaia); legal forms and
    minor words are skipped. Empty for a one-word name."""
    tokens = [
        t
        for t in _TOKENS.findall(unicodedata.normalize("NFKC", name))
        if t.casefold() not in _LEGAL_WORDS and t.casefold() not in _MINOR
    ]
    if len(tokens) < 2:
        return frozenset()
    first = [romanize(t)[0] if is_hangul(t[0]) else t[0].lower() for t in tokens]
    whole = [
        t.lower() if t.isascii() and t.isupper() and len(t) <= 4 else f
        for t, f in zip(tokens, first, strict=True)
    ]
    found = {"".join(first), "".join(whole)}
    # Korean institutions often leave "Korea" out of their initials (ETRI).
    if tokens[0].casefold() in ("korea", "national") and len(tokens) > 2:
        found.add("".join(first[1:]))
    return frozenset(found)


@lru_cache(maxsize=CACHE)
def is_acronym(name: str) -> bool:
    """A short name written in capitals, such as SKT, AWS, LG U+."""
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isascii() and c.isupper() for c in letters)


# --- sound keys ------------------------------------------------------------------------

_ENGLISH = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ch"), "k"),
    (re.compile(r"th"), "t"),
    (re.compile(r"qu"), "kw"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"g(?=[eiy])"), "j"),
    (re.compile(r"(?<=[aeiou])r(?![aeiouy])"), ""),  # Korean loanwords drop a final r
]
# RR letters and English letters to one consonant class each.
_CONSONANT = str.maketrans(
    {
        "g": "k",
        "c": "k",
        "q": "k",
        "d": "t",
        "b": "p",
        "f": "p",
        "v": "p",
        "l": "r",
        "z": "s",
        "j": "s",
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "w": None,
    }
)
_CONSONANT_ONLY = str.maketrans({k: v for k, v in _CONSONANT.items() if v is not None})
_REPEATS = re.compile(r"(.)\1+")
_RUNS = re.compile(r"[\uac00-\ud7a3]+|[a-z0-9]+")


def _latin_sound(word: str) -> str:
    for pattern, replacement in _ENGLISH:
        word = pattern.sub(replacement, word)
    return word


def _hangul_sound(run: str) -> str:
    # The ㅡ Korean adds to write a consonant cluster of a loanword (스, 크, 트 ...);
    # ㅊ as English ch (칩, chip).
    return romanize(run).replace("eu", "").replace("ng", "n").replace("ch", "k")


@lru_cache(maxsize=CACHE)
def sound_key(name: str) -> str:
    """The consonants of how the name sounds, voiced and voiceless merged; '' when the
    name has fewer than three of them (too short to compare by sound)."""
    parts: list[str] = []
    for run in _RUNS.findall(strip_legal_forms(name)):
        parts.append(_hangul_sound(run) if is_hangul(run[0]) else _latin_sound(run))
    sound = _REPEATS.sub(r"\1", "".join(parts).replace("ng", "n").translate(_CONSONANT))
    sound = _REPEATS.sub(r"\1", sound)
    return sound if len(sound) >= 3 else ""


@lru_cache(maxsize=CACHE)
def roman_key(name: str) -> str:
    """The normalised name spelled in Latin letters (Hangul in RR letters, without the
    vowel Korean adds to loanwords)."""
    parts = []
    for run in _RUNS.findall(strip_legal_forms(name)):
        parts.append(romanize(run).replace("eu", "") if is_hangul(run[0]) else run)
    return "".join(parts)


# Words that describe what a firm is rather than which firm: "Sweet Technologies" is
# 스윗, "LG AI Research Institute" is "LG AI Research", 코난테크 is 코난테크놀로지.
# Not "Labs": Naver Labs is a firm of its own beside Naver.
_DESCRIPTORS = re.compile(
    r"(?<![a-z])(technologies|technology|tech|institute|systems|solutions|networks|"
    r"platforms)(?![a-z])|테크놀로지|테크|시스템즈|솔루션즈|솔루션"
)


@lru_cache(maxsize=CACHE)
def core_name(name: str) -> str:
    """The name without words that describe the kind of firm (technology, labs,
    institute, 테크 ...); '' when that leaves fewer than two characters or removes
    nothing."""
    folded = strip_legal_forms(name)
    core = " ".join(_DESCRIPTORS.sub(" ", folded).split())
    return core if len(key(core)) >= 2 and key(core) != key(name) else ""


@lru_cache(maxsize=CACHE)
def shape_key(name: str) -> str:
    """:func:`sound_key` with the places of the vowels kept (each run of vowels one
    ``a``, a final vowel dropped): short names that sound_key cannot tell apart keep
    their shape (네이버 and "Naver" both "nap", 카카오 and "Kakao" both "kak"). '' for
    fewer than three letters."""
    parts: list[str] = []
    for run in _RUNS.findall(strip_legal_forms(name)):
        parts.append(_hangul_sound(run) if is_hangul(run[0]) else _latin_sound(run))
    text = "".join(parts).replace("ng", "n")
    text = re.sub(r"[aeiouyw]+", "a", text).translate(_CONSONANT_ONLY)
    text = _REPEATS.sub(r"\1", text).removesuffix("a")
    return text if len(text) >= 3 else ""


# Romanisations of Korean personal names vary (성 seong/sung, 훈 hun/hoon, 유 yu/yoo/ryu,
# 최 choe/choi/chey): these map the variants onto one spelling, vowels kept, so that
# 김성훈 and "Kim Sung-hoon" agree while "Kim Sang-hoon" does not.
_PERSON = [
    (re.compile(r"yeo"), "yu"),
    (re.compile(r"eo|eu|oo|ou"), "u"),
    (re.compile(r"ae|oe|ey|ei|oi|ai"), "e"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"(?<=[aeiou])r(?=[^aeiouy]|$)"), ""),  # Park: 박
]
_PERSON_CONSONANTS = str.maketrans({"b": "p", "g": "k", "d": "t", "r": "l", "j": "c", "w": ""})


def _person_word(word: str) -> str:
    text = romanize(word) if is_hangul(word[0]) else word
    text = text.replace("ch", "c")
    for pattern, replacement in _PERSON:
        text = pattern.sub(replacement, text)
    return _REPEATS.sub(r"\1", text.translate(_PERSON_CONSONANTS))


@lru_cache(maxsize=CACHE)
def person_keys(name: str) -> frozenset[str]:
    """How a personal name may be written, as keys: family name first or last, the
    initial r of a family name dropped (류/유), Hangul as its romanisation. Two names
    that share a key are the same name."""
    text = unicodedata.normalize("NFKC", name).casefold()
    parts = [p for p in re.split(r"[\s,\-·.]+", text) if p]
    if len(parts) == 1 and is_hangul(parts[0][0]) and len(parts[0]) >= 2:
        parts = [parts[0][0], parts[0][1:]]  # 김성훈: family name 김, given name 성훈
    if not parts:
        return frozenset()
    words = [_person_word(p) for p in parts]
    orders = {"".join(words), "".join(words[1:] + words[:1]), "".join(words[-1:] + words[:-1])}
    found = set(orders)
    for order in orders:
        if order[:1] == "l" and len(order) > 3:
            found.add(order[1:])
    return frozenset(found)


_ONES = "zero one two three four five six seven eight nine".split()  # noqa: SIM905
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()  # noqa: SIM905
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905


def _number(n: int) -> str:
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (_ONES[ones] if ones else "")


@lru_cache(maxsize=CACHE)
def spelled_numbers(name: str) -> str:
    """:func:`key` with numbers below 100 spelled in English words ("42dot" and
    "Forty2Dot" both "fortytwodot")."""
    return key(re.sub(r"\d{1,2}(?!\d)", lambda m: _number(int(m.group(0))), fold(name)))


def domain_label(domain: str) -> str:
    """The name part of a web domain ("www.kt.com" → "kt", "etri.re.kr" → "etri")."""
    labels = [x for x in domain.casefold().split(".") if x and x != "www"]
    if len(labels) >= 3 and labels[-1] == "kr" and len(labels[-2]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


@lru_cache(maxsize=CACHE)
def script(name: str) -> str:
    """'ko' when the name holds Hangul, else 'latin'."""
    return "ko" if any(is_hangul(c) for c in name) else "latin"
