"""The explorer: HTML pages at ``/`` and under ``/explore``, from either backend.

Each page asks the named questions through the backend (never Cypher or SPARQL
written here), lets :mod:`alliancekg.views.explorer` shape and render the
answers, and links to the JSON and RDF routes of what it shows. ``?lang=en``
gives the English page; Korean is the default. The pages are not part of the
OpenAPI document: it describes the data routes they link to.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...backends import Backend
from ...views.explorer import Lang, lang_of, pages, render
from ..answers import AnswerRoute
from ..deps import BackendDep, IdPath
from ..errors import ERROR_RESPONSES

router = APIRouter(include_in_schema=False, responses=ERROR_RESPONSES, route_class=AnswerRoute)

LangQuery = Annotated[str | None, Query(pattern="^(ko|en)$", description="ko (default) or en")]
PAGE_SIZE = 50
GATHER = 8  # questions asked at once for one page (the backend caps waiting calls)


def _page(
    request: Request,
    lang: Lang,
    template: str,
    data_links: list[tuple[str, str]],
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    switch = request.url.include_query_params(lang="en") if lang == "ko" else None
    if switch is None:
        switch = request.url.remove_query_params("lang")
    target = switch.path + (f"?{switch.query}" if switch.query else "")
    context.setdefault("sources", {})
    context.setdefault("source_number", {})
    context.setdefault("cited", [])
    html = render(f"{template}.html", lang, target, data_links=data_links, **context)
    return HTMLResponse(html, status_code=status)


async def _sources(backend: Backend, cited: list[str]) -> dict[str, Any]:
    """The page context for the sources it cites: details by id, and their numbers."""
    if not cited:
        return {}
    found = {s["id"]: s for s in await backend.arun("sources", {})}
    return {
        "sources": found,
        "source_number": {ident: n for n, ident in enumerate(cited, start=1)},
        "cited": cited,
    }


def _not_found(request: Request, lang: Lang, ident: str) -> HTMLResponse:
    return _page(request, lang, "not_found", [], status=404, missing=ident)


def _rdf(ident: str) -> list[tuple[str, str]]:
    return [
        (f"RDF (Turtle): /entities/{ident}", f"/entities/{ident}"),
        (f"RDF (JSON-LD): /entities/{ident}?format=jsonld", f"/entities/{ident}?format=jsonld"),
    ]


async def _gather(backend: Backend, asks: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """The answers to ``asks``, at most ``GATHER`` at a time."""
    out: list[Any] = []
    for start in range(0, len(asks), GATHER):
        chunk = asks[start : start + GATHER]
        out += await asyncio.gather(*(backend.arun(q, p) for q, p in chunk))
    return out


async def _alliances(backend: Backend) -> list[dict[str, Any]]:
    """Every alliance (launched first, then by size), from the overlap matrix's diagonal."""
    cells, launched_cells = await asyncio.gather(
        backend.arun("overlap_matrix", {"include_proposed": True}),
        backend.arun("overlap_matrix", {"include_proposed": False}),
    )
    launched = {c["a"] for c in launched_cells}
    rows = [
        {"id": c["a"], "name_ko": c["a_ko"], "name_en": c["a_en"], "size": c["shared"],
         "proposed": c["a"] not in launched}
        for c in cells
        if c["a"] == c["b"]
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r["proposed"], -r["size"], r["id"]))


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, backend: BackendDep, lang: LangQuery = None) -> HTMLResponse:
    chosen = lang_of(lang)
    links = [("JSON: /alliances/matrix", "/alliances/matrix"), ("RDF: /export", "/export")]
    return _page(request, chosen, "home", links, alliances=await _alliances(backend))


@router.get("/explore/search", response_class=HTMLResponse)
async def search(
    request: Request,
    backend: BackendDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    lang: LangQuery = None,
) -> HTMLResponse:
    chosen = lang_of(lang)
    text = (q or "").strip()
    hits = await backend.arun("search", {"q": text, "limit": 50}) if text else []
    route = f"/search?{urlencode({'q': text})}"
    links = [(f"JSON: {route}", route)] if text else []
    return _page(request, chosen, "search", links, q=text, hits=hits)


@router.get("/explore/entities/{id}")
async def entity(backend: BackendDep, id: IdPath, lang: LangQuery = None) -> Any:
    """Whatever ``id`` is, its page (a link whose kind the linking page does not know)."""
    kind = await _kind(backend, id)
    suffix = "?lang=en" if lang_of(lang) == "en" else ""
    if kind is None:
        return RedirectResponse(f"/explore/organizations/{id}{suffix}", status_code=307)
    return RedirectResponse(f"{pages.page_of(kind, id)}{suffix}", status_code=307)


async def _kind(backend: Backend, ident: str) -> str | None:
    if await backend.arun("company", {"id": ident}):
        return "Organization"
    if await backend.arun("alliance", {"id": ident}):
        return "Alliance"
    if await backend.arun("person", {"id": ident}):
        return "Person"
    return None


@router.get("/explore/organizations/{id}", response_class=HTMLResponse)
async def organization(
    request: Request, backend: BackendDep, id: IdPath, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    rows = await backend.arun("company", {"id": id})
    if not rows:
        return _not_found(request, chosen, id)
    org = rows[0]
    memberships = pages.by_date(org["memberships"], "joined")
    cited = pages.cited(memberships, org["segments"], org["people"], org["quotes"])
    links = [
        (f"JSON: /companies/{id}", f"/companies/{id}"),
        (f"JSON: /entities/{id}/neighbourhood", f"/entities/{id}/neighbourhood"),
        *_rdf(id),
    ]
    return _page(
        request, chosen, "organization", links, org=org, memberships=memberships,
        **await _sources(backend, cited),
    )  # fmt: skip


@router.get("/explore/alliances/{id}", response_class=HTMLResponse)
async def alliance(
    request: Request, backend: BackendDep, id: IdPath, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    rows, gaps, cells = await asyncio.gather(
        backend.arun("alliance", {"id": id}),
        backend.arun("alliance_segment_gaps", {"alliance": id}),
        backend.arun("overlap_matrix", {"include_proposed": True}),
    )
    if not rows:
        return _not_found(request, chosen, id)
    al = rows[0]
    steps = pages.timeline(al["members"])
    coverers = [c for g in gaps for c in g["covered_by"]]
    cited = pages.cited(al["members"], al["figures"], al["events"], al["quotes"], coverers)
    links = [
        (f"JSON: /alliances/{id}", f"/alliances/{id}"),
        (f"JSON: /alliances/{id}/gaps", f"/alliances/{id}/gaps"),
        (f"JSON: /alliances/{id}/members", f"/alliances/{id}/members"),
        *_rdf(id),
    ]
    return _page(
        request, chosen, "alliance", links, al=al, steps=steps,
        steps_max=max([s.members for s in steps] + [1]), gaps=gaps,
        overlaps=pages.overlaps_of(cells, id), **await _sources(backend, cited),
    )  # fmt: skip


@router.get("/explore/persons/{id}", response_class=HTMLResponse)
async def person(
    request: Request, backend: BackendDep, id: IdPath, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    rows = await backend.arun("person", {"id": id})
    if not rows:
        return _not_found(request, chosen, id)
    pe = rows[0]
    cited = pages.cited(pe["posts"], pe["quotes"])
    links = [(f"JSON: /persons/{id}", f"/persons/{id}"), *_rdf(id)]
    return _page(request, chosen, "person", links, pe=pe, **await _sources(backend, cited))


@router.get("/explore/multi-alliance", response_class=HTMLResponse)
async def multi_alliance(
    request: Request,
    backend: BackendDep,
    include_proposed: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    lang: LangQuery = None,
) -> HTMLResponse:
    chosen = lang_of(lang)
    offset = (page - 1) * PAGE_SIZE
    rows = await backend.arun(
        "multi_alliance_firms",
        {"min_alliances": 2, "include_proposed": include_proposed, "as_of": None,
         "limit": PAGE_SIZE + 1, "offset": offset},
    )  # fmt: skip
    firms = rows[:PAGE_SIZE]
    query = f"min_alliances=2&include_proposed={str(include_proposed).lower()}"
    route = f"/companies/multi-alliance?{query}&limit={PAGE_SIZE}&offset={offset}"
    links = [(f"JSON: {route}", route), ("RDF: /export", "/export")]
    cited = pages.cited(m for f in firms for m in f["memberships"])
    return _page(
        request, chosen, "multi", links, firms=firms, page=page,
        has_next=len(rows) > PAGE_SIZE, include_proposed=include_proposed,
        **await _sources(backend, cited),
    )  # fmt: skip


@router.get("/explore/overlap", response_class=HTMLResponse)
async def overlap_matrix(
    request: Request, backend: BackendDep, include_proposed: bool = True, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    cells = await backend.arun("overlap_matrix", {"include_proposed": include_proposed})
    launched = None
    if include_proposed:
        launched = {
            c["a"] for c in await backend.arun("overlap_matrix", {"include_proposed": False})
        }
    rows = pages.matrix(cells, launched)
    peak = max([c["shared"] for c in cells if c["a"] != c["b"]] + [1])
    route = f"/alliances/matrix?include_proposed={str(include_proposed).lower()}"
    links = [(f"JSON: {route}", route), ("RDF: /export", "/export")]
    return _page(
        request, chosen, "matrix", links, rows=rows, peak=peak, include_proposed=include_proposed
    )


@router.get("/explore/overlap/{a}/{b}", response_class=HTMLResponse)
async def overlap_pair(
    request: Request,
    backend: BackendDep,
    a: IdPath,
    b: IdPath,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    lang: LangQuery = None,
) -> HTMLResponse:
    chosen = lang_of(lang)
    offset = (page - 1) * PAGE_SIZE
    rows = await backend.arun(
        "alliance_overlap", {"a": a, "b": b, "limit": PAGE_SIZE, "offset": offset}
    )
    if not rows:
        return _not_found(request, chosen, f"{a}, {b}")
    o = rows[0]
    cited = pages.cited(m for s in o["shared"] for m in s["memberships"])
    route = f"/alliances/{a}/overlap/{b}?limit={PAGE_SIZE}&offset={offset}"
    links = [(f"JSON: {route}", route), *_rdf(a), *_rdf(b)]
    return _page(
        request, chosen, "pair", links, o=o, page=page,
        has_next=offset + PAGE_SIZE < o["shared_count"], **await _sources(backend, cited),
    )  # fmt: skip


@router.get("/explore/gaps", response_class=HTMLResponse)
async def gaps(request: Request, backend: BackendDep, lang: LangQuery = None) -> HTMLResponse:
    chosen = lang_of(lang)
    alliances = await _alliances(backend)
    answers = await _gather(
        backend, [("alliance_segment_gaps", {"alliance": a["id"]}) for a in alliances]
    )
    single, mega = await asyncio.gather(
        backend.arun("single_firm_segments", {}), backend.arun("mega_alliance", {})
    )
    segments, rows = pages.gaps_grid(answers)
    plan = mega[0] if mega else None
    firms = {f["id"]: f for f in plan["firms"]} if plan else {}
    cited = pages.cited([s["firm"] for s in single], plan["segments"] if plan else [])
    links = [
        ("JSON: /segments/single-firm", "/segments/single-firm"),
        ("JSON: /segments/mega-alliance", "/segments/mega-alliance"),
        *((f"JSON: /alliances/{a['id']}/gaps", f"/alliances/{a['id']}/gaps") for a in alliances),
        ("RDF: /export", "/export"),
    ]
    return _page(
        request, chosen, "gaps", links, segments=segments, rows=rows, single=single,
        mega=plan, mega_firms=firms, **await _sources(backend, cited),
    )  # fmt: skip


@router.get("/explore/unaffiliated", response_class=HTMLResponse)
async def unaffiliated(
    request: Request, backend: BackendDep, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    firms = await backend.arun("firms_without_alliance", {})
    cited = pages.cited(p for f in firms for p in f["proposals"])
    links = [("JSON: /companies/without-alliance", "/companies/without-alliance")]
    links.append(("RDF: /export", "/export"))
    return _page(
        request, chosen, "unaffiliated", links, firms=firms, **await _sources(backend, cited)
    )


@router.get("/explore/sources", response_class=HTMLResponse)
async def sources(request: Request, backend: BackendDep, lang: LangQuery = None) -> HTMLResponse:
    chosen = lang_of(lang)
    found = await backend.arun("sources", {})
    links = [("JSON: /sources", "/sources"), ("RDF: /export", "/export")]
    return _page(
        request, chosen, "sources", links, **await _sources(backend, [s["id"] for s in found])
    )


@router.get("/explore/graph/{id}", response_class=HTMLResponse)
async def graph(
    request: Request, backend: BackendDep, id: IdPath, lang: LangQuery = None
) -> HTMLResponse:
    chosen = lang_of(lang)
    kind = await _kind(backend, id)
    if kind is None:
        return _not_found(request, chosen, id)
    edges = await backend.arun("neighbourhood", {"id": id})
    center = {"id": id, "name_ko": None, "name_en": None, "url": pages.page_of(kind, id)}
    for e in edges:
        for end in ("source", "target"):
            if e[end] == id:
                center.update(name_ko=e[f"{end}_ko"], name_en=e[f"{end}_en"])
    if center["name_ko"] is None and center["name_en"] is None:
        center.update(await _names(backend, kind, id))
    links = [(f"JSON: /entities/{id}/neighbourhood", f"/entities/{id}/neighbourhood"), *_rdf(id)]
    return _page(
        request, chosen, "graph", links, center=center, edges=edges,
        elements=pages.graph_elements(id, edges, chosen),
    )  # fmt: skip


async def _names(backend: Backend, kind: str, ident: str) -> dict[str, Any]:
    question, key = {
        "Organization": ("company", "organization"),
        "Alliance": ("alliance", "alliance"),
        "Person": ("person", "person"),
    }[kind]
    node = (await backend.arun(question, {"id": ident}))[0][key]
    return {"name_ko": node.get("name_ko"), "name_en": node.get("name_en")}
