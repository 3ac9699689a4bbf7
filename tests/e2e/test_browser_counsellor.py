"""What a counsellor does: suggestions by keyboard, a referral, printing, axe on every kind of page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

def test_suggestions_are_a_keyboard_combobox(page, site):
    page.goto(f"{site.app}/?ui=en")
    box = page.locator("input[role=combobox]")
    expect(box).to_be_focused()  # focused on load
    box.press_sequentially("kirj")
    options = page.locator("[role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/(records|units)/"))

def test_referral_is_copied_in_the_customers_language(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site.app}/records/kotouttamisohjelma-1.3?ui=fi")
    referral = page.locator("[data-referral]")
    referral.locator("label", has_text="Svenska").click()
    swedish = re.compile(r"^Åtgärd: 1\.3 .*\nKontakt: Ohjaamo Helsingfors", re.S)
    expect(referral.locator("textarea")).to_have_value(swedish)
    referral.get_by_role("button", name="Kopioi ohjausteksti").click()
    expect(referral.get_by_role("status")).to_have_text("Ohjausteksti on kopioitu.")
    assert page.evaluate("navigator.clipboard.readText()").startswith("Åtgärd: 1.3")

def test_printing_leaves_out_the_tools(page, site):
    page.goto(f"{site.app}/records/kotouttamisohjelma-1.3")
    page.emulate_media(media="print")
    expect(page.locator("main h1")).to_be_visible()
    for hidden in ("header", "footer", "[data-referral]", "[data-print]"):
        expect(page.locator(hidden).first).to_be_hidden()

@pytest.mark.parametrize("path", ["/units/ohjaamo?ui=sv", "/records/service-324?ui=en", "/records/no-such-id",
                                  "/?q=x&limit=0"])
def test_unit_service_and_error_pages_on_a_phone(page, site, axe, path):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{site.app}{path}")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
