"""Answers sent as the backend built them.

A question's answer is already plain JSON data (dicts, lists, strings, numbers,
booleans, null) with exactly the keys its response model names. FastAPI would
validate it against the model and write the validated copy: on the look-up of one
firm, more time than answering the question. An :class:`AnswerRoute` writes the
answer as it is, with pydantic-core's JSON writer, and keeps the model for the
OpenAPI schema.

The model stays the contract. With ``ALLIANCEKG_CHECK_RESPONSES=1`` (the test suite
sets it) every answer is also validated against it and must write the same JSON as
the validated copy, or the request fails (500) naming the route and the difference.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from typing import Any

import pydantic_core
from fastapi import Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.types import Receive, Scope, Send


class AnswerMismatch(RuntimeError):
    """An answer its route's response model refuses or writes differently (a bug)."""


class AnswerJSON(Response):
    """A JSON answer written as built (see the module's text)."""

    media_type = "application/json"

    def __init__(self, content: Any, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.content = content
        super().__init__(content)
        if headers:
            self.raw_headers.extend(headers)

    def render(self, content: Any) -> bytes:
        return pydantic_core.to_json(content)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = scope.get("route")
        if isinstance(route, AnswerRoute) and scope["app"].state.settings.check_responses:
            route.check(self.content, bytes(self.body))
        await super().__call__(scope, receive, send)


def _as_sent(content: Any, kwargs: dict[str, Any]) -> Any:
    if isinstance(content, Response):
        return content
    # headers the route set on the Response it was handed (a Link to the next page)
    headers = [h for v in kwargs.values() if isinstance(v, Response) for h in v.raw_headers]
    return AnswerJSON(content, headers)


def _sent_as_built(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def sent(*args: Any, **kwargs: Any) -> Any:
            return _as_sent(await endpoint(*args, **kwargs), kwargs)

        return sent

    @functools.wraps(endpoint)
    def sent_sync(*args: Any, **kwargs: Any) -> Any:
        return _as_sent(endpoint(*args, **kwargs), kwargs)

    return sent_sync


class AnswerRoute(APIRoute):
    """A route whose answer (``response_model``, ``response_model_exclude_unset``) is
    written as built; any other route is FastAPI's as it is."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        answered = (
            model is not None
            and not isinstance(model, DefaultPlaceholder)
            and bool(kwargs.get("response_model_exclude_unset"))
            and isinstance(kwargs.get("response_class"), DefaultPlaceholder)
        )
        super().__init__(path, _sent_as_built(endpoint) if answered else endpoint, **kwargs)

    @functools.cached_property
    def _adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.response_model)

    def check(self, content: Any, body: bytes) -> None:
        """Raise :class:`AnswerMismatch` unless ``body`` (``content`` as written) is what
        the response model makes of ``content``."""
        try:
            validated = self._adapter.validate_python(content)
        except ValidationError as e:
            model = self.response_model
            raise AnswerMismatch(f"{self.path}: the answer breaks {model}: {e}") from e
        expected = self._adapter.dump_python(validated, mode="json", exclude_unset=True)
        if expected != json.loads(body):
            raise AnswerMismatch(
                f"{self.path}: the answer, written as built, differs from its model's form:"
                f"\n  as built: {json.loads(body)!r}\n  by model: {expected!r}"
            )
