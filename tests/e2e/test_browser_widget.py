"""widget.js on a partner's page: searches across origins, in a Shadow DOM neither side's CSS crosses."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LABELS = {"fi": "Hae Helsingin kaupungin palveluista", "sv": "Sök i Helsingfors stads tjänster",
          "en": "Search the City of Helsinki's services"}
# What the widget's parts look like, read with getComputedStyle.
LOOK = """host => {
  const root = host.shadowRoot;
  const style = (selector, names) => {
    const computed = getComputedStyle(root.querySelector(selector));
    return Object.fromEntries(names.map((name) => [name, computed.getPropertyValue(name)]));
  };
  const text = ["color", "font-family", "font-size", "letter-spacing", "line-height", "text-transform"];
  return {
    root: style(".root", [...text, "display", "background-color"]),
    label: style("label", [...text, "margin-top", "display"]),
    input: style("input", [...text, "background-color", "border-top-style", "border-top-width"]),
    button: style("button", [...text, "background-color", "border-top-style", "border-top-width"]),
    link: style("li a", [...text, "margin-top"]),
    units: style(".units", [...text, "display"]),
    mark: style("mark", ["color", "background-color"]),
  };
}"""


def open_widget(page, site, lang="fi", stylesheet="partner.css"):
    page.goto(f"{site.partner}/widget.html?lang={lang}&stylesheet={stylesheet}")
    return page.locator("palveluhaku-search")


def search(widget, lang: str, query: str) -> None:
    box = widget.get_by_label(LABELS[lang])
    box.fill(query)
    box.press("Enter")
    expect(widget.get_by_role("status")).not_to_have_text(re.compile(r"^$|…"))


def test_a_finnish_search_on_a_partners_page(page, site, console, screenshots):
    widget = open_widget(page, site)
    expect(widget.get_by_role("searchbox")).to_have_attribute("placeholder", "esim. suomen kielen kurssi")
    search(widget, "fi", "kirjasto")
    expect(widget.get_by_role("status")).to_have_text(re.compile(r"^\d+ tulosta$"))
    first = widget.locator("li a").first
    expect(first).to_contain_text(re.compile("kirjasto", re.I))
    assert first.get_attribute("href").startswith(f"{site.app}/records/")
    assert (first.get_attribute("target"), first.get_attribute("rel")) == ("_blank", "noopener")
    expect(widget.locator("li .snippet mark").first).to_have_text(re.compile("kirjasto", re.I))
    everything = widget.get_by_role("link", name="Kaikki tulokset Palveluhaussa")
    expect(everything).to_have_attribute("href", f"{site.app}/?q=kirjasto&ui=fi")
    page.screenshot(path=screenshots / "widget-on-partner-page.png", full_page=True)
    assert console == [], "no CSP violation or script error on the partner's strict page"


@pytest.mark.parametrize(("lang", "query", "responsible", "unit"), [
    ("en", "employment services", "Responsible:",
     "City Executive Office, Economic Development Division, Adult Employment Services"),
    ("sv", "työllisyyspalvelut", "Ansvarig:", "Stadskansliets näringslivsavdelning"),
    ("fi", "työllisyyspalvelut", "Vastuutaho:", "Kaupunginkanslian elinkeino-osasto"),
])
def test_units_are_named_in_the_widgets_language(page, site, console, lang, query, responsible, unit):
    widget = open_widget(page, site, lang)
    search(widget, lang, query)
    units = widget.locator(".units").filter(has_text=unit).first
    expect(units).to_be_visible()
    expect(units).to_contain_text(responsible)
    assert widget.locator("li").count() == 5, "data-limit's default"
    assert console == []


def test_the_partners_css_does_not_reach_the_widget(page, site):
    looks = {}
    for stylesheet in ("plain.css", "partner.css"):
        widget = open_widget(page, site, "en", stylesheet)
        search(widget, "en", "employment services")
        looks[stylesheet] = widget.evaluate(LOOK)
    assert looks["partner.css"] == looks["plain.css"]
    hostile = looks["partner.css"]
    assert hostile["button"]["background-color"] == "rgb(0, 0, 191)"
    assert hostile["root"]["color"] == "rgb(26, 26, 26)" and "Comic" not in hostile["root"]["font-family"]
    assert hostile["input"]["font-size"] == "16px", "not the partner's 40px, nor its 30px rem"
    assert hostile["units"]["display"] == "block", "the partner's .units rule is not ours"


def test_the_widgets_css_does_not_reach_the_partner(page, site):
    def computed(selector: str, name: str) -> str:
        return page.locator(selector).evaluate(f"e => getComputedStyle(e).getPropertyValue('{name}')")

    open_widget(page, site, "en", "plain.css")
    assert computed("#partner-list", "list-style-type") == "decimal", "the widget's is none"
    assert computed("#partner-mark", "background-color") == "rgb(255, 255, 0)", "the widget's is #ffe977"
    open_widget(page, site, "en", "partner.css")
    assert computed("#partner-button", "background-color") == "rgb(255, 0, 0)", "the widget's is #0000bf"


def test_the_widget_works_from_the_keyboard(page, site):
    widget = open_widget(page, site, "en", "plain.css")
    page.locator("#partner-input").focus()
    page.keyboard.press("Tab")
    expect(widget.get_by_role("searchbox")).to_be_focused()
    page.keyboard.type("anonymous recruitment")
    page.keyboard.press("Enter")
    expect(widget.get_by_role("status")).to_have_text("3 results")
    page.keyboard.press("Tab")
    expect(widget.get_by_role("button", name="Search")).to_be_focused()
    page.keyboard.press("Tab")
    expect(widget.locator("li a").first).to_be_focused()
    expect(widget.locator("li a").first).to_have_accessible_name(re.compile(r"\(opens in a new tab\)$"))


def test_the_widget_has_no_serious_accessibility_problems(page, site, axe):
    widget = open_widget(page, site, "fi", "plain.css")
    search(widget, "fi", "työllisyyspalvelut")
    assert axe(page) == []


HOSTILE = {"query": {}, "total": 1, "took_ms": 1, "facets": {}, "results": [{
    "id": "x/../../evil", "type": "measure", "title": "<img src=x onerror=window.pwned=1>Title",
    "snippet": "&lt;b&gt;escaped&lt;/b&gt; &amp; <mark>found</mark> <img src=x onerror=window.pwned=1>",
    "units": [{"id": "u", "name": {"fi": "<b>Yksikkö</b>", "sv": "", "en": ""}}], "source": {}, "score": 1}]}


def test_only_the_snippets_marks_are_taken_as_markup(page, site):
    """Whatever the API sends, the widget makes no element but <mark> out of it."""
    page.route(f"{site.app}/api/v1/search?*", lambda route: route.fulfill(
        json=HOSTILE, headers={"Access-Control-Allow-Origin": site.partner}))
    widget = open_widget(page, site, "fi", "plain.css")
    search(widget, "fi", "anything")
    img = "<img src=x onerror=window.pwned=1>"
    expect(widget.locator("li a")).to_have_text(re.compile(f"^{re.escape(img)}Title"))
    expect(widget.locator(".snippet")).to_have_text(f"<b>escaped</b> & found {img}")
    expect(widget.locator(".snippet mark")).to_have_text("found")
    expect(widget.locator(".units")).to_have_text("Vastuutaho: <b>Yksikkö</b>")
    assert widget.locator("img, b").count() == 0 and page.evaluate("window.pwned") is None
    assert widget.locator("li a").get_attribute("href") == f"{site.app}/records/x%2F..%2F..%2Fevil?ui=fi"


def test_a_failed_search_says_so(page, site):
    page.route(f"{site.app}/api/v1/search?*", lambda route: route.fulfill(
        status=503, json={"error": {}}, headers={"Access-Control-Allow-Origin": site.partner}))
    widget = open_widget(page, site, "sv", "plain.css")
    search(widget, "sv", "bibliotek")
    expect(widget.get_by_role("status")).to_have_text("Sökningen misslyckades. Försök igen.")
