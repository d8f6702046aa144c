"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Nothing leaves the machine. Every request the page makes is recorded; TMDB and YouTube image
hosts are answered here (a tiny PNG, or drawn poster art for screenshots), the YouTube player
gets a blank local page, and anything else outside the live server is aborted.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from tests.browser import artwork

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

IMAGE_HOSTS = {"image.tmdb.org", "i.ytimg.com"}
YOUTUBE_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "m.youtube.com"}
PLAYER_STUB = "<!doctype html><title>player</title><body>stub player</body>"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        reason = f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)"
        if ON_CI:
            pytest.fail(f"{reason} (CI=true: this test must run here)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread, and Django refuses
    # ORM calls from a thread with a running loop. Tests here are plain sync code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser page on the live server, with everything it asked for and logged."""

    page: object
    base_url: str
    out_dir: Path  # where screenshots go: the test's own temporary folder unless told
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, f"{path}: {response.status}"
        return response

    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname for url in self.requests}

    def requests_to(self, hosts: set[str]) -> list[str]:
        return [url for url in self.requests if urlsplit(url).hostname in hosts]

    def csp_violations(self) -> list[str]:
        return [line for line in self.console if "Content Security Policy" in line]

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _answer_offline(route, request, art: bool) -> None:
    url = urlsplit(request.url)
    if url.hostname == "image.tmdb.org":
        if art:
            draw = artwork.backdrop if "/w780/" in url.path or "/w1280/" in url.path else None
            draw = artwork.logo if "/logo-" in url.path else draw
            body = (draw or artwork.poster)(url.path)
            route.fulfill(status=200, content_type="image/svg+xml", body=body)
        else:
            route.fulfill(status=200, content_type="image/png", body=artwork.TINY_PNG)
    elif url.hostname == "i.ytimg.com":
        if art:
            video_id = url.path.split("/")[2]
            label = {"1": "Official trailer", "2": "Teaser", "3": "Final trailer"}.get(
                video_id.rsplit("--", 1)[-1], "Official trailer"
            )
            body = artwork.thumbnail(video_id, label)
            route.fulfill(status=200, content_type="image/svg+xml", body=body)
        else:
            route.fulfill(status=200, content_type="image/png", body=artwork.TINY_PNG)
    elif url.hostname in YOUTUBE_HOSTS:
        route.fulfill(status=200, content_type="text/html", body=PLAYER_STUB)
    else:
        route.abort()


@pytest.fixture
def browse(chromium, live_server, transactional_db, tmp_path):
    """`browse()` opens a fresh browser context; `browse(color_scheme="dark", art=True)`."""
    cache.clear()  # the live server shares this process's page cache
    contexts = []

    def open_context(
        *, color_scheme="light", width=1280, height=900, art=False, javascript=True
    ) -> Visit:
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            device_scale_factor=1,
        )
        contexts.append(context)
        live_host = urlsplit(live_server.url).hostname
        context.route(
            lambda url: urlsplit(url).hostname != live_host,
            lambda route, request: _answer_offline(route, request, art),
        )
        page = context.new_page()
        visit = Visit(page=page, base_url=live_server.url, out_dir=tmp_path)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: visit.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: visit.console.append(f"pageerror: {error}"))
        return visit

    yield open_context
    for context in contexts:
        context.close()
    cache.clear()
