"""What every backend does: answer a named question, give the graph as RDF, say how it is.

:meth:`Backend.run` and :meth:`Backend.arun` do the shared steps once — look up
the question, bind and check its parameters, put them in the form the backend's
query language takes, and leave index-only properties out of the answer — and
call the implementation's :meth:`Backend.answer` (or :meth:`Backend.aanswer`)
for the one step that differs: running the question's Cypher or SPARQL form.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from rdflib import Graph

from ..config import Settings
from ..questions.catalogue import NamedQuery, bind, named_query
from ..questions.params import prepare
from ..rdf.propertygraph import without_index_keys

Answer = list[dict[str, Any]]


class Backend(ABC):
    """Answers from one store. The API and the CLI talk to a backend, never to a driver."""

    name: ClassVar[str]
    # How checked parameter values are handed to this backend's query language.
    param_forms: ClassVar[dict[str, Callable[[Any], Any]]]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _prepared(self, query: str, params: dict[str, Any]) -> tuple[NamedQuery, dict[str, Any]]:
        q = named_query(query)
        return q, prepare(bind(q, params), self.param_forms)

    def run(self, query: str, params: dict[str, Any]) -> Answer:
        """The answer to the named question ``query`` with ``params`` (defaults for the
        rest); :class:`~alliancekg.exc.UsageError` for a bad or unknown parameter."""
        q, values = self._prepared(query, params)
        return self.public(q, self.answer(q, values))

    async def arun(self, query: str, params: dict[str, Any]) -> Answer:
        """:meth:`run` for an event loop (the API): the same answer and errors."""
        q, values = self._prepared(query, params)
        return self.public(q, await self.aanswer(q, values))

    def public(self, q: NamedQuery, answer: Answer) -> Answer:
        """The answer without index-only properties (``_search``, ``_hash``…), which a
        node's whole property map (Cypher's ``n {.*}``) brings along."""
        return without_index_keys(answer)  # type: ignore[no-any-return]

    @abstractmethod
    def answer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        """Run the question with checked, prepared parameter values."""

    async def aanswer(self, q: NamedQuery, values: dict[str, Any]) -> Answer:
        """:meth:`answer` without blocking the event loop (a worker thread, unless the
        backend has a better way)."""
        return await asyncio.to_thread(self.answer, q, values)

    def version(self) -> str | None:
        """A token of the graph's state: it changes whenever what the backend answers from
        changes (every load that writes), so that answers can be cached and tagged;
        ``None`` when the backend cannot tell (nothing is then cached or tagged)."""
        return None

    async def aversion(self) -> str | None:
        """:meth:`version` without blocking the event loop (a backend that reads it from
        a server overrides both)."""
        return self.version()

    @abstractmethod
    def graph(self) -> Graph:
        """The whole graph as RDF."""

    @abstractmethod
    def entity(self, ident: str) -> Graph:
        """One entity and the facts that point at it; :class:`NotFound` if unknown."""

    @abstractmethod
    def ntriples(self) -> Iterator[bytes]:
        """The whole graph as N-Triples, in pieces, in bounded memory."""

    @abstractmethod
    def health(self) -> dict[str, Any]:
        """Which backend this is and what it serves; raises when it cannot serve."""

    async def ahealth(self) -> dict[str, Any]:
        """:meth:`health` without blocking the event loop (a backend that asks a server
        overrides it)."""
        return self.health()

    def close(self) -> None:  # noqa: B027 - nothing to release by default
        """Release what :meth:`run` holds."""

    async def aclose(self) -> None:  # noqa: B027 - nothing to release by default
        """Release what :meth:`arun` holds (from the event loop it ran in)."""
