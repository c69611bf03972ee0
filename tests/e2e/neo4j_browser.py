"""Neo4j Browser in Debian's Chromium, driven by Playwright.

Shared by the end-to-end tests (tests/e2e) and by ``scripts/screenshots``,
which runs this module to take the README's screenshot::

    python -m tests.e2e.neo4j_browser screenshot docs/images/browser-alliance-graph.png

Playwright drives the system Chromium (``/usr/bin/chromium``, installed by
``scripts/install-browser``); ``playwright install`` is never used. Chromium
draws Korean with NanumGothic from the ``koreanize-matplotlib`` package (the
font the charts use), handed to it through a fontconfig file, so no system CJK
font is needed. Every wait is bounded; only 127.0.0.1 and localhost are used.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from alliancekg.config import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

CHROMIUM = Path(os.environ.get("ALLIANCEKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 30_000
ALLIANCE_GRAPH = "MATCH (c:Company)-[m:MEMBER_OF]->(a:Alliance)\nRETURN c, m, a"


def http_url() -> str:
    """Where the Neo4j under test serves Browser (``NEO4J_HTTP_URL``)."""
    return os.environ.get("NEO4J_HTTP_URL", "http://127.0.0.1:7474").rstrip("/")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: run scripts/install-browser (Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: pip install -e '.[test]'"
    return None


def _font_env(directory: Path) -> dict[str, str | float | bool]:
    """Environment that gives Chromium the Korean font next to the system fonts."""
    from alliancekg.views.charts import korean_font_files

    font_dir = korean_font_files()[0].parent
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_dir}</dir>\n  <cachedir>{directory / 'fontcache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="alliancekg-chromium-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            env=_font_env(Path(tmp)),
            timeout=TIMEOUT_MS,
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def api_server(settings: Settings) -> Iterator[int]:
    """The alliancekg API on 127.0.0.1 at a free port, in a thread; yields the port."""
    import uvicorn

    from alliancekg.api import create_app
    from alliancekg.backends.neo4j import Neo4jBackend

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    app = create_app(settings, Neo4jBackend(settings))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start within 20 s")
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class Neo4jBrowser:
    """Neo4j Browser in one page: connect, run commands, read the frames they make."""

    def __init__(self, page: Page, url: str | None = None) -> None:
        self.page = page
        self.url = url or http_url()
        page.set_default_timeout(TIMEOUT_MS)

    def connect(self, settings: Settings) -> None:
        """Open Browser and connect with the form, as a user does."""
        page = self.page
        page.goto(f"{self.url}/browser/", timeout=TIMEOUT_MS)
        page.get_by_test_id("boltaddress").fill(settings.neo4j_uri or "")
        page.get_by_test_id("username").fill(settings.neo4j_user)
        page.get_by_test_id("password").fill(settings.neo4j_password)
        page.get_by_test_id("connect").click()
        page.get_by_text("You are connected as user").first.wait_for()

    @property
    def frames(self) -> Locator:
        return self.page.get_by_test_id("frame")

    def set_editor(self, text: str) -> None:
        editor = self.page.get_by_test_id("activeEditor").locator(".monaco-editor").first
        editor.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(text)

    def editor_text(self) -> str:
        lines = self.page.get_by_test_id("activeEditor").locator(".view-line").all_inner_texts()
        return "\n".join(line.replace("\u00a0", " ") for line in lines)

    def run_editor(self) -> Locator:
        """Run what the editor holds; the frame it makes (the newest, at the top)."""
        before = self.frames.count()
        self.page.get_by_test_id("editor-Run").click()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.frames.count() <= before:
            if time.monotonic() > deadline:
                raise TimeoutError("running the editor made no new frame")
            self.page.wait_for_timeout(100)
        return self.frames.first

    def run(self, command: str) -> Locator:
        self.set_editor(command)
        return self.run_editor()

    def clear(self) -> None:
        """Remove every frame (``:clear``)."""
        self.set_editor(":clear")
        self.page.get_by_test_id("editor-Run").click()
        self.frames.first.wait_for(state="detached")

    def dismiss_banner(self) -> None:
        """Close the product-usage banner so it does not cover a screenshot."""
        banner = self.page.get_by_text("To help make Neo4j Browser better")
        if banner.count():
            banner.locator("xpath=following-sibling::span[1]").click()
            banner.wait_for(state="detached", timeout=5_000)


def screenshot(
    path: Path, settings: Settings, width: int = 1280, height: int = 760, scale: float = 1.5
) -> None:
    """Browser showing the alliance graph with the project's style, saved as PNG."""
    with api_server(settings) as port, chromium() as browser:
        page = browser.new_page(
            viewport={"width": width, "height": height}, device_scale_factor=scale
        )
        nb = Neo4jBrowser(page)
        nb.connect(settings)
        nb.dismiss_banner()
        nb.run(f":style http://localhost:{port}/guide/style.grass").get_by_text(
            "node.Alliance"
        ).first.wait_for()
        nb.clear()
        frame = nb.run(ALLIANCE_GRAPH)
        frame.locator("svg text", has_text="얼라이언스").first.wait_for()
        frame.get_by_title("Fullscreen", exact=True).click()
        page.wait_for_timeout(4_000)  # let the force layout settle
        frame.locator("[aria-label=zoom-to-fit]").click()
        page.wait_for_timeout(1_500)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    shot = sub.add_parser("screenshot", help="Browser showing the alliance graph, as PNG")
    shot.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    problem = chromium_missing()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    settings = Settings()
    if not settings.neo4j_uri:
        print("error: NEO4J_URI is not set", file=sys.stderr)
        return 2
    screenshot(args.output, settings)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
