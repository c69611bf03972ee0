"""Organisation identifiers in other schemes, written ``scheme:value`` (``akg:identifier``).

Each scheme's value has a known shape; :func:`check` refuses one that does not have
it, with a message that says what the shape is. Domains are compared in lower case
and stored so. A ``domain:`` identifier also says which web pages an organisation
publishes (see :func:`claimant`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# scheme -> (pattern of the value, what the pattern means for a curator)
SCHEMES: dict[str, tuple[re.Pattern[str], str]] = {
    "domain": (
        re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$"),
        "a host name such as sktelecom.com",
    ),
    "wikidata": (re.compile(r"^Q[1-9][0-9]*$"), "a Wikidata item id such as Q1234"),
    "lei": (re.compile(r"^[A-Z0-9]{18}[0-9]{2}$"), "a 20-character LEI (ISO 17442)"),
    "brn": (
        re.compile(r"^[0-9]{3}-?[0-9]{2}-?[0-9]{5}$"),
        "a 10-digit business registration number such as 123-45-67890",
    ),
    "krx": (re.compile(r"^[0-9A-Z]{6}$"), "a 6-character KRX stock code such as 017670"),
    "sec_cik": (re.compile(r"^[0-9]{1,10}$"), "an SEC CIK of up to 10 digits"),
}


class IdentifierError(ValueError):
    """An identifier that is not ``scheme:value`` with a known scheme and a valid value."""


def _lei_checksum_ok(value: str) -> bool:
    # ISO 7064 MOD 97-10: letters count as 10..35; the whole number mod 97 is 1.
    digits = "".join(str(int(ch, 36)) for ch in value)
    return int(digits) % 97 == 1


def check(text: str) -> str:
    """``text`` as a checked identifier in its stored form (domains in lower case)."""
    scheme, sep, value = text.partition(":")
    if not sep or scheme not in SCHEMES:
        raise IdentifierError(
            f"identifier '{text}' must be scheme:value with a scheme of {', '.join(SCHEMES)}"
        )
    if scheme == "domain":
        value = value.lower().removesuffix(".")
    pattern, shape = SCHEMES[scheme]
    if not pattern.match(value):
        raise IdentifierError(f"identifier '{text}': a {scheme} value must be {shape}")
    if scheme == "lei" and not _lei_checksum_ok(value):
        raise IdentifierError(f"identifier '{text}': the LEI's check digits are wrong")
    return f"{scheme}:{value}"


def domains(identifiers: list[str]) -> list[str]:
    """The domains among checked identifiers."""
    return [i.removeprefix("domain:") for i in identifiers if i.startswith("domain:")]


def claimant(host: str, claims: Mapping[str, str]) -> str | None:
    """Who claims ``host``: the owner of the longest claimed domain that is the host or
    one of its parents (``m.hellot.net`` is claimed by ``hellot.net``)."""
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        owner = claims.get(".".join(labels[i:]))
        if owner is not None:
            return owner
    return None
