"""Answers are sent as the backend built them, and the response models stay the
contract: with ``ALLIANCEKG_CHECK_RESPONSES`` (on in this suite) an answer its model
refuses, or writes differently, fails the request instead of reaching the client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from alliancekg.api import create_app
from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.config import Settings
from alliancekg.questions.catalogue import NamedQuery
from tests.paths import FIXTURES
from tests.support import serve

pytestmark = pytest.mark.integration

MINIMAL = FIXTURES / "valid" / "minimal"


class Drifting(EmbeddedBackend):
    """An embedded backend whose look-up of a firm changes one thing of its answer."""

    def __init__(self, settings: Settings, change: dict[str, Any]) -> None:
        super().__init__(settings, [MINIMAL])
        self.change = change

    def public(self, q: NamedQuery, answer: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = super().public(q, answer)
        return [{**row, **self.change} for row in answer] if q.name == "company" else answer


def get(backend: EmbeddedBackend, path: str) -> httpx.Response:
    with serve(create_app(backend.settings, backend)) as url:
        return httpx.get(url + path, timeout=30)


@pytest.mark.parametrize(
    "change",
    [
        {"founded_by": "nobody"},  # a key the model does not name
        {"units": "none"},  # a value of the wrong type
    ],
    ids=["extra key", "wrong type"],
)
def test_an_answer_its_model_refuses_fails_the_request_when_checked(
    change: dict[str, Any],
) -> None:
    checked = Settings(NEO4J_URI=None, ALLIANCEKG_CHECK_RESPONSES=True)
    assert get(Drifting(checked, change), "/companies/alpha-soft").status_code == 500
    # the other routes are untouched, and unchanged answers pass the check
    good = get(Drifting(checked, {}), "/companies/alpha-soft")
    assert good.status_code == 200 and good.json()["organization"]["id"] == "alpha-soft"


def test_unchecked_answers_are_sent_as_built() -> None:
    unchecked = Settings(NEO4J_URI=None, ALLIANCEKG_CHECK_RESPONSES=False)
    response = get(Drifting(unchecked, {"founded_by": "nobody"}), "/companies/alpha-soft")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["founded_by"] == "nobody"


def test_a_paged_answer_keeps_its_link_to_the_next_page() -> None:
    backend = EmbeddedBackend(Settings(NEO4J_URI=None), [MINIMAL])
    response = get(backend, "/companies/multi-alliance?min_alliances=1&limit=1")
    assert response.status_code == 200 and len(response.json()) == 1
    assert 'rel="next"' in response.headers["link"]
    assert "offset=1" in response.headers["link"]
