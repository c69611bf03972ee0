"""Answers kept while the graph stays as it was: a bounded cache in front of a backend.

Each answer is kept under its question and parameters, for the graph version it was
computed from (:meth:`Backend.version`: a Neo4j bookmark, or the hash of the
embedded store's seed files). The version is asked again once ``seconds`` have passed
since it was last read; when it has changed, every kept answer goes. With
``seconds=0`` it is asked before every answer, so an answer is never older than the
graph; a repeated question then costs one round trip that reads nothing, instead of
the question's own. At most ``entries`` answers are kept, the least recently used
leaving first.

With ``seconds`` above 0, a request that finds the version due while another request is
already reading it waits for that read instead of sending its own: one round trip per
window, however many requests are in flight when it ends. With ``seconds=0`` each
request reads the version itself, after it arrived.
"""

from __future__ import annotations

import asyncio
import copy
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future
from contextvars import ContextVar
from typing import Any

from rdflib import Graph

from ..exc import AllianceKGError
from ..questions.catalogue import NamedQuery
from .base import Answer, Backend

# A failure to read the version in this request (the API reads it first, for the ETag):
# the request's own answer then fails at once instead of waiting for the database a
# second time. A context variable, so that it holds for one request and no other.
_FAILED: ContextVar[AllianceKGError | None] = ContextVar("version_failure", default=None)

Key = tuple[str, tuple[tuple[str, str], ...]]


def _key(query: str, params: dict[str, Any]) -> Key:
    return query, tuple(sorted((k, repr(v)) for k, v in params.items()))


class CachedBackend(Backend):
    """``inner``'s answers, each kept until the graph's version changes."""

    def __init__(self, inner: Backend, seconds: float, entries: int) -> None:
        super().__init__(inner.settings)
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]  # the class's, per instance here
        self.param_forms = inner.param_forms  # type: ignore[misc]
        self.seconds = seconds
        self.entries = entries
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[Key, tuple[str, Answer]] = OrderedDict()
        self._version: str | None = None
        self._checked = -math.inf
        self._lock = threading.Lock()
        # the version read in flight, which requests arriving meanwhile wait for
        self._reading: asyncio.Task[str | None] | None = None
        self._pending: Future[str | None] | None = None

    def __getattr__(self, name: str) -> Any:
        # Whatever else the backend offers (load, counts, uri, ...), unchanged.
        return getattr(self.inner, name)

    # ------------------------------------------------------------------ the version

    def _fresh(self) -> str | None:
        if self._version is not None and time.monotonic() - self._checked < self.seconds:
            return self._version
        self._recent_failure()
        return None

    def _recent_failure(self) -> None:
        """Raise the failure to read the version that this request met, if it met one."""
        failure = _FAILED.get()
        if failure is not None:
            raise failure

    def _failed(self, e: AllianceKGError) -> None:
        _FAILED.set(e)

    def _seen(self, version: str | None) -> str | None:
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version = version
            self._checked = time.monotonic()
        return version

    def version(self) -> str | None:
        if (fresh := self._fresh()) is not None:
            return fresh
        try:
            if self.seconds <= 0:
                return self._seen(self.inner.version())
            with self._lock:
                pending, mine = self._pending, self._pending is None
                if pending is None:
                    pending = self._pending = Future()
            if mine:
                try:
                    pending.set_result(self._seen(self.inner.version()))
                except BaseException as e:  # every waiter gets the read's failure
                    pending.set_exception(e)
                finally:
                    with self._lock:
                        self._pending = None
            return pending.result()
        except AllianceKGError as e:
            self._failed(e)
            raise

    async def aversion(self) -> str | None:
        if (fresh := self._fresh()) is not None:
            return fresh
        try:
            if self.seconds <= 0:
                return self._seen(await self.inner.aversion())
            task = self._reading
            if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
                task = self._reading = asyncio.get_running_loop().create_task(self._read())
                # read the outcome, so that a read whose waiters all left is not reported
                task.add_done_callback(lambda t: t.cancelled() or t.exception())
            # a request that goes away does not end the read the others wait for
            return await asyncio.shield(task)
        except AllianceKGError as e:
            self._failed(e)
            raise

    async def _read(self) -> str | None:
        return self._seen(await self.inner.aversion())

    @property
    def cache_control(self) -> str:
        """How long a client may keep an answer without asking again."""
        return f"max-age={math.floor(self.seconds)}" if self.seconds >= 1 else "no-cache"

    # ------------------------------------------------------------------ answers

    def _get(self, key: Key, version: str) -> Answer | None:
        with self._lock:
            kept = self._answers.get(key)
            if kept is None or kept[0] != version:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return copy.deepcopy(kept[1])

    def _put(self, key: Key, version: str, answer: Answer) -> Answer:
        with self._lock:
            if version == self._version:
                self._answers[key] = (version, copy.deepcopy(answer))
                while len(self._answers) > self.entries:
                    self._answers.popitem(last=False)
        return answer

    def run(self, query: str, params: dict[str, Any]) -> Answer:
        version = None if self.entries == 0 else self.version()
        if version is None:
            return self.inner.run(query, params)
        key = _key(query, params)
        kept = self._get(key, version)
        return kept if kept is not None else self._put(key, version, self.inner.run(query, params))

    async def arun(self, query: str, params: dict[str, Any]) -> Answer:
        version = None if self.entries == 0 else await self.aversion()
        if version is None:
            return await self.inner.arun(query, params)
        key = _key(query, params)
        kept = self._get(key, version)
        if kept is not None:
            return kept
        return self._put(key, version, await self.inner.arun(query, params))

    # ------------------------------------------------------------------ the rest, as is

    def answer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        return self.inner.answer(q, values)

    async def aanswer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        return await self.inner.aanswer(q, values)

    def graph(self) -> Graph:
        self._recent_failure()
        return self.inner.graph()

    def entity(self, ident: str) -> Graph:
        self._recent_failure()
        return self.inner.entity(ident)

    def ntriples(self) -> Iterator[bytes]:
        self._recent_failure()
        return self.inner.ntriples()

    def health(self) -> dict[str, Any]:
        return self.inner.health()

    async def ahealth(self) -> dict[str, Any]:
        return await self.inner.ahealth()

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()
