"""A bare FastAPI route for the API bench: the framework's own ceiling on this machine.

It answers ``GET /companies/{id}`` with a fixed JSON body of the size of a real
look-up (``BENCH_BARE_BODY``, a file written by bench.api from the real answer), with
no backend, no model and no middleware; served like ``alliancekg serve`` (uvicorn, h11,
one worker)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Response

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()

app = FastAPI()


@app.get("/companies/{ident}")
async def company(ident: str) -> Response:
    return Response(BODY, media_type="application/json")


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
