"""The explorer in Debian's Chromium: an accessibility check with axe-core, and the
README's screenshots of its pages.

Shared by the end-to-end tests (tests/e2e/test_explorer.py) and by
``scripts/screenshots``, which runs this module::

    python -m tests.e2e.explorer screenshot docs/images

The screenshots are of the embedded backend on the seeds (``ALLIANCEKG_SEEDS``,
else ``seeds/``): the same pages any backend serves. axe-core is the copy in
tests/e2e/vendor (``scripts/vendor-js``), injected into the page, never fetched.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliancekg.api import create_app
from alliancekg.backends import Backend
from alliancekg.backends.embedded import EmbeddedBackend
from alliancekg.config import Settings
from tests.support import serve

from .neo4j_browser import TIMEOUT_MS, chromium

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# What fails the check: axe's two worst impacts ("moderate" and "minor" are reported).
SERIOUS = ("serious", "critical")


@contextmanager
def explorer(settings: Settings, backend: Backend) -> Iterator[str]:
    """The app (explorer and API) served over HTTP; yields its base URL."""
    with serve(create_app(settings, backend)) as url:
        yield url


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["html"][:120] for n in v["nodes"][:3]],
        }
        for v in result["violations"]
    ]


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in SERIOUS]


# The README's pictures of the explorer: (file, path, what to wait for)
SHOTS = (
    ("explorer-home.png", "/?lang=en", "h1"),
    ("explorer-alliance.png", "/explore/alliances/ax-alliance?lang=en", "#coverage-title"),
    ("explorer-organization.png", "/explore/organizations/sk-telecom", "#alliances-title"),
    ("explorer-overlap.png", "/explore/overlap?lang=en", "table.matrix"),
    ("explorer-graph.png", "/explore/graph/sk-telecom?lang=en", "#graph[data-ready]"),
)


def screenshot(out: Path, seeds: list[Path] | None = None) -> list[Path]:
    """Take the explorer's screenshots into ``out``."""
    settings = Settings(NEO4J_URI=None)
    backend = EmbeddedBackend(settings, seeds)
    written: list[Path] = []
    with explorer(settings, backend) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        for name, path, ready in SHOTS:
            page.goto(base + path)
            page.locator(ready).first.wait_for()
            target = out / name
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.explorer")
    sub = parser.add_subparsers(dest="command", required=True)
    shot = sub.add_parser("screenshot", help="the explorer's pages as PNG files")
    shot.add_argument("out", type=Path)
    shot.add_argument("--seeds", type=Path, action="append")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in screenshot(args.out, args.seeds):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
