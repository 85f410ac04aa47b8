"""Browser journeys in Debian's Chromium through Playwright (never `playwright install`)."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; the ORM calls fixtures make there are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skipif(True, reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


class PolicyWatchedBrowser:
    """Playwright's browser, whose pages report what the Content-Security-Policy refused (Chromium says so in
    the console: "Refused to apply inline style because it violates the following Content Security Policy…")."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def _watch(self, target):
        target.on("console", self._console)
        return target

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.location.get('url', '')}: {message.text}")

    def new_context(self, *args, **kwargs):
        return self._watch(self._browser.new_context(*args, **kwargs))

    def new_page(self, *args, **kwargs):
        return self._watch(self._browser.new_page(*args, **kwargs))


@pytest.fixture
def browser():
    # Request this after any fixture that uses the ORM: once Playwright's loop runs, ORM calls open
    # connections that the test database teardown cannot see.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = PolicyWatchedBrowser(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
        yield chromium
        chromium.close()
        # Every journey is also a check of the Content-Security-Policy: a page that needed an inline script or
        # style, or anything from elsewhere, fails the test that opened it.
        assert chromium.violations == [], "\n".join(chromium.violations)
        # ORM calls a test makes while Playwright's loop runs open their own connection: close it here,
        # in the same context, or the test database cannot be dropped at the end of the session.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def demo_world(transactional_db):
    """Transactional tests start from an emptied database: rebuild the demo province in it."""
    from petitions.models import DeadlineRule
    from petitions.rule_defaults import load_default_rules
    from portal.catalog_defaults import load_default_catalogs
    from portal.choices import Generation
    from portal.demo import seed_organisation
    from portal.models import CatalogEntry
    from portal.unit_import import units_load

    load_default_rules(DeadlineRule)  # data migrations do not survive the flush between transactional tests
    load_default_catalogs(CatalogEntry)
    units_load(generation=Generation.CURRENT)
    units_load(generation=Generation.LEGACY)
    seed_organisation(seed=2024, password=settings.DEMO_PASSWORD)


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
