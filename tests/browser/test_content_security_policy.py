"""The browser journeys double as a check of the Content-Security-Policy (tests/browser/conftest.py): this proves
the watch sees what Chromium refuses, so that a journey passing means its pages needed nothing inline."""

import pytest

pytestmark = pytest.mark.browser

POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


def test_the_watch_records_an_inline_script_and_style_the_policy_refused(browser):
    page = browser.new_page()
    page.route(
        "http://policy.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": POLICY},
            body='<!doctype html><p style="color: red">x</p><script>document.title = "ran"</script>',
        ),
    )
    page.goto("http://policy.test/")
    page.wait_for_timeout(200)

    assert page.title() != "ran"  # the inline script did not run
    refused = list(browser.violations)
    browser.violations.clear()  # seen: the fixture's own check at teardown is for the journeys
    assert any("inline script" in text for text in refused), refused
    assert any("inline style" in text for text in refused), refused
