"""Conditional requests and kept responses.

Every answer of the graph carries an ``ETag`` made from the graph's version and the
request (path, query, and the headers its form depends on), ``Cache-Control`` saying
how long it may be kept, and ``Vary``. A request whose ``If-None-Match`` names the
current tag gets ``304 Not Modified``; a request whose tag was answered before (a
``GET`` of at most :data:`MAX_BODY` bytes) gets those bytes again without the route
running. Both follow the graph's version as :class:`~alliancekg.backends.cached.
CachedBackend` reads it, so a load that writes ends them.

This is plain ASGI, not a Starlette ``BaseHTTPMiddleware``, so that a kept response
costs no more than sending it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..backends.cached import CachedBackend
from ..exc import AllianceKGError

# Routes that say how the service is, not what the graph holds, and files of the package.
UNTAGGED = ("/health", "/static/", "/docs", "/redoc", "/openapi.json")
# Request headers an answer's form depends on (content negotiation, the explorer's language).
VARY = ("accept", "accept-language")
# The largest response kept, and all kept responses together.
MAX_BODY = 1 << 20
MAX_KEPT_BYTES = 64 << 20


def tag(version: str, scope: Scope, headers: Headers) -> str:
    h = hashlib.sha256(version.encode())
    h.update(b"\0" + scope["path"].encode() + b"?" + scope.get("query_string", b""))
    for name in VARY:
        h.update(b"\0" + headers.get(name, "").encode())
    return f'"{h.hexdigest()[:32]}"'


def _matches(header: str | None, current: str) -> bool:
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return any(t.strip().removeprefix("W/") == current for t in header.split(","))


@dataclass(frozen=True)
class Kept:
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Conditional:
    """ETags, 304s and kept responses in front of the app (see the module's text)."""

    def __init__(self, app: ASGIApp, entries: int = 1024) -> None:
        self.app = app
        self.entries = entries
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._bytes = 0

    def _keep(self, key: str, kept: Kept) -> None:
        if self.entries == 0 or key in self._kept:
            return
        self._kept[key] = kept
        self._bytes += len(kept.body)
        while self._kept and (len(self._kept) > self.entries or self._bytes > MAX_KEPT_BYTES):
            _, gone = self._kept.popitem(last=False)
            self._bytes -= len(gone.body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith(UNTAGGED)
        ):
            await self.app(scope, receive, send)
            return
        backend = scope["app"].state.backend
        if not isinstance(backend, CachedBackend):
            await self.app(scope, receive, send)
            return
        try:
            version = await backend.aversion()
        except AllianceKGError:
            version = None  # the route says what is wrong
        if version is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        current = tag(version, scope, headers)
        extra = [
            (b"etag", current.encode()),
            (b"cache-control", backend.cache_control.encode()),
            (b"vary", b"Accept, Accept-Language"),
        ]
        if _matches(headers.get("if-none-match"), current):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return
        key = f"{scope['method']} {current}"
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            await send({"type": "http.response.start", "status": 200, "headers": kept.headers})
            await send({"type": "http.response.body", "body": kept.body})
            return

        status = 0
        sent: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        size = 0

        async def tagged(message: Message) -> None:
            nonlocal status, sent, size
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 200:
                    names = {k.lower() for k, _ in message.get("headers", [])}
                    added = [(k, v) for k, v in extra if k not in names]
                    message["headers"] = [*message.get("headers", []), *added]
                sent = list(message["headers"])
            elif message["type"] == "http.response.body" and status == 200 and size <= MAX_BODY:
                body = message.get("body", b"")
                chunks.append(body)
                size += len(body)
                if not message.get("more_body", False) and size <= MAX_BODY:
                    self._keep(key, Kept(sent, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, tagged)
