"""Sources named by address: each distinct ``source_url`` of a table is one source.

A URL that a declared source (a YAML file's ``source``, a row of a ``sources`` table)
already has is that source. Any other URL is a web page (``kind: web_page``) with the
id ``web.<host>.<hash>``: the host, and the first 12 hex digits of the SHA-256 of the
normalised URL, so that the same page gets the same id in every table and every
load. Its title and date are the rows' ``source_title`` and ``source_published``
(rows that give the same page two titles are an error naming both); its publisher is
the organisation that claims its domain with an identifier ``domain:<host>`` (the
host or a parent domain of it), and its ``site`` is the host.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ..exc import Problem
from ..ontology import identifiers
from ..ontology.model import Model
from ..ontology.vocab import AKG
from .records import Record
from .tables import RowSource

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_ID = re.compile(r"[^a-z0-9.-]+")


class UrlError(ValueError):
    """Text that is not an absolute http(s) URL."""


@dataclass(frozen=True)
class Page:
    url: str  # normalised
    host: str  # lower case, IDNA


def normalise(url: str) -> Page:
    """The page a URL names: scheme and host in lower case, IDNA host, no default port,
    no fragment, ``/`` for an empty path; the path and query as written."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as e:
        raise UrlError(f"'{url}' is not a URL ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise UrlError(f"'{url}' is not an http or https URL")
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise UrlError(f"'{url}' has a host name that cannot be written in IDNA") from None
    if any(c.isspace() for c in url.strip()):
        raise UrlError(f"'{url}' holds a space; write it as %20")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        raise UrlError(f"'{url}' holds a user name; leave credentials out of source URLs")
    norm = urlunsplit(SplitResult(scheme, netloc, parts.path or "/", parts.query, ""))
    return Page(norm, host)


def page_id(page: Page) -> str:
    """``web.<host>.<12 hex digits of the SHA-256 of the URL>``."""
    digest = hashlib.sha256(page.url.encode("utf-8")).hexdigest()[:12]
    host = _NOT_ID.sub("-", page.host).strip("-.") or "host"
    return f"web.{host}.{digest}"


def _claims(records: list[Record]) -> dict[str, str]:
    """domain -> the organisation that claims it (the first, when several do: they are
    possible duplicates, which resolving warns of)."""
    owner: dict[str, str] = {}
    for rec in records:
        for ident in rec.values.get("identifiers", []):
            if ident.startswith("domain:"):
                owner.setdefault(ident.removeprefix("domain:"), rec.id)
    return owner


def _declared(records: list[Record]) -> dict[str, str]:
    """normalised URL -> the declared source that has it."""
    found: dict[str, str] = {}
    for rec in records:
        if rec.cls.iri != AKG.Source and AKG.Source not in rec.cls.supers:
            continue
        for url in rec.values.get("url", []):
            try:
                found.setdefault(normalise(url).url, rec.id)
            except UrlError:
                continue  # SHACL and the reader report a bad declared URL
    return found


def web_sources(
    m: Model, records: list[Record], rows: list[RowSource], problems: list[Problem]
) -> list[Record]:
    """The web pages the rows name, as source records; each row gets its page's id in
    its ``sources``."""
    claims = _claims(records)
    declared = _declared(records)
    web = m.kinds(m.classes[AKG.Source])["web_page"]
    pages: dict[str, Record] = {}
    givers: dict[tuple[str, str], RowSource] = {}  # (page, field) -> the row that gave it
    by_id: dict[str, str] = {}
    pages_of: dict[str, Page | UrlError] = {}  # each URL as written, normalised once
    for rs in rows:
        page = pages_of.get(rs.url)
        if page is None:
            try:
                page = pages_of[rs.url] = normalise(rs.url)
            except UrlError as e:
                page = pages_of[rs.url] = e
        if isinstance(page, UrlError):
            problems.append(rs.sheet.problem(str(page), rs.row, "source_url"))
            continue
        ident = declared.get(page.url)
        if ident is None:
            ident = page_id(page)
            if by_id.setdefault(ident, page.url) != page.url:
                problems.append(
                    rs.sheet.problem(
                        f"two URLs get the id {ident}: {by_id[ident]} and {page.url}",
                        rs.row,
                        "source_url",
                    )
                )
                continue
            rec = pages.get(ident)
            if rec is None:
                rec = pages[ident] = Record(
                    cls=web,
                    id=ident,
                    source_id=ident,
                    file=rs.sheet.file,
                    line=rs.row,
                    label=rs.sheet.entry(rs.row),
                    key_lines={},
                    values={"url": [page.url], "site": [page.host]},
                )
                publisher = identifiers.claimant(page.host, claims)
                if publisher is not None:
                    rec.values["publisher"] = [publisher]
            _agree(rec, rs, givers, problems)
        elif rs.titles or rs.published:
            problems.append(
                rs.sheet.problem(
                    f"this URL is the declared source {ident}: give its title and date there, "
                    "not in source_title or source_published",
                    rs.row,
                    "source_title" if rs.titles else "source_published",
                )
            )
        sources = rs.record.values.setdefault("sources", [])
        if ident not in sources:
            sources.append(ident)
        rs.record.source_id = sources[0]
    return list(pages.values())


def _agree(
    page: Record, rs: RowSource, givers: dict[tuple[str, str], RowSource], problems: list[Problem]
) -> None:
    """Fill the page's title and date from a row; a row that disagrees with the row that
    gave them is a problem naming both."""
    given: list[tuple[str, str, str]] = [("title", lang, text) for text, lang in rs.titles]
    if rs.published is not None:
        given.append(("published", "", rs.published))
    for key, lang, value in given:
        first = givers.setdefault((page.id, f"{key}@{lang}"), rs)
        if first is rs:
            page.values.setdefault(key, []).append((value, lang) if lang else value)
            continue
        known = next(
            v[0] if isinstance(v, tuple) else v
            for v in page.values[key]
            if not lang or (isinstance(v, tuple) and v[1] == lang)
        )
        if known != value:
            where = f"row {first.row}" + (
                "" if first.sheet.file == rs.sheet.file else f" of {first.sheet.file}"
            )
            column = "source_published" if key == "published" else "source_title"
            problems.append(
                rs.sheet.problem(
                    f"{where} gives this page the {key} '{known}', this row '{value}'",
                    rs.row,
                    column,
                )
            )
