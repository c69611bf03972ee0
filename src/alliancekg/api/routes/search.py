from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...exc import UsageError
from ...pgmap import split_scripts
from ..deps import BackendDep
from ..models import SearchHit

router = APIRouter(tags=["search"])


@router.get("/search", response_model=list[SearchHit])
def search(
    backend: BackendDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Korean or English")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Any:
    """Organisations, alliances, people and segments by name or alias."""
    if not q.strip():
        raise UsageError("q must contain something to search for")
    return backend.run("search", {"q": lucene_escape(split_scripts(q)), "limit": limit})


_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_escape(text: str) -> str:
    """The user's text as literal words for the full-text index, never as query syntax."""
    escaped = "".join("\\" + c if c in _SPECIAL else c for c in text)
    # Lucene's operators that are words
    return " ".join(f'"{w}"' if w in {"AND", "OR", "NOT"} else w for w in escaped.split())
