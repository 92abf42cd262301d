"""Browser tests: Debian's Chromium (never a downloaded one) driven by Playwright against pytest-django's live_server.

Fixtures:
- `browser` (session): one headless Chromium for the whole run.
- `page` (function): a fresh browser context per test (own cookies, own session), with
  `base_url` set to the live server, so `page.goto("/some/path/")` works.
- `csp_violations` (function): what the page's Content-Security-Policy refused, as the browser reported
  it in the console; every test's page must end with none (checked when the page is closed).
- every test here is marked `e2e`, runs with the captcha in test mode (answer "PASSED")
  and without the form's minimum fill-in time (a browser types faster than a person).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent

# Playwright's sync API keeps an event loop running in the test thread; Django refuses ORM
# calls from such a thread unless told it is safe. It is: the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_friendly_settings(settings, monkeypatch):
    """Captcha answers "PASSED" are accepted; no minimum time between showing and posting a form."""
    from captcha.conf import settings as captcha_settings

    settings.CAPTCHA_TEST_MODE = True
    # django-simple-captcha copies its settings at import time, so its own copy is patched too.
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    settings.COMMENTS_FORM_MIN_SECONDS = 0


# Chromium logs each refusal ("Refused to ... because it violates the following Content Security Policy
# directive"); the event below is logged too, for a refusal the console would word otherwise.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


def is_csp_violation(message):
    return "Content Security Policy" in message.text


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(15_000)
    context.add_init_script(REPORT_VIOLATIONS)
    tab = context.new_page()
    violations = []
    tab.on("console", lambda message: violations.append(message.text) if is_csp_violation(message) else None)
    tab.csp_violations = violations
    yield tab
    context.close()
    assert not violations, "the Content-Security-Policy refused something:\n" + "\n".join(violations)


@pytest.fixture
def csp_violations(page):
    return page.csp_violations
