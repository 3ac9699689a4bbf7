"""The search, results and record pages in a browser: searching in three languages, the interface
language, the "/" shortcut, accessibility (axe-core) and a narrow screen.

Only generic selectors: form[role=search], input[name=q], main, a[href*="/records/"], html[lang].
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD_LINKS = 'main a[href*="/records/"]:visible'


def search(page, site, query: str) -> list[str]:
    """Search from the front page's form; the titles of the results that are record pages."""
    page.goto(f"{site.app}/")
    box = page.locator("form[role=search] input[name=q]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(page.locator("input[name=q]")).to_have_value(query)
    expect(page.locator(RECORD_LINKS).first).to_be_visible()
    return [title.strip() for title in page.locator(RECORD_LINKS).all_inner_texts()]


def csp_violations(console: list[str]) -> list[str]:
    return [message for message in console if "Content Security Policy" in message]


@pytest.mark.parametrize(("query", "expected", "screenshot"), [
    ("työllisyyspalvelut", r"työllisyyspalvel", "search-fi-results.png"),
    ("anonymous recruitment", r"anonyym\w* rekrytoin", None),
    ("تعلم اللغة الفنلندية", r"suomen|suomi|kiel|S2", "search-ar-results.png"),
])
def test_search_in_finnish_english_and_arabic(page, site, console, screenshots, query, expected, screenshot):
    titles = search(page, site, query)
    print(query, "->", titles)
    assert any(re.search(expected, title, re.I) for title in titles), titles
    if screenshot:
        page.screenshot(path=screenshots / screenshot, full_page=True)
    assert csp_violations(console) == []


def test_switching_the_interface_to_swedish(page, site):
    page.goto(f"{site.app}/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.locator('a[href*="ui=sv"]').first.click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("form[role=search]")).to_contain_text("Sök")
    page.goto(f"{site.app}/?q=kirjasto")
    expect(page.locator("html")).to_have_attribute("lang", "sv")  # remembered


def test_slash_focuses_the_search_box(page, site):
    page.goto(f"{site.app}/?q=kirjasto")
    page.locator("main").evaluate("main => document.activeElement.blur()")
    box = page.locator("input[name=q]")
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("kirjasto")  # the slash was not typed into the box


def test_no_serious_accessibility_problems(page, site, axe):
    problems = {}
    search(page, site, "työllisyyspalvelut")
    record = page.locator(RECORD_LINKS).first.get_attribute("href")
    for path in ("/", "/?q=kirjasto", record):
        page.goto(f"{site.app}{path}" if path.startswith("/") else path)
        expect(page.locator("main")).to_be_visible()
        problems[path] = axe(page)
    assert problems == {path: [] for path in problems}


def test_results_fit_a_360px_wide_screen(page, site, screenshots):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{site.app}/?q=kirjasto")
    expect(page.locator(RECORD_LINKS).first).to_be_visible()
    page.screenshot(path=screenshots / "results-360px.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling"
