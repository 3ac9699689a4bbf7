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
    referral.get_by_label("Asiakkaan kieli").select_option("sv")
    swedish = re.compile(r"^Åtgärd: 1\.3 .*\nKontakta: ", re.S)
    expect(referral.locator("textarea")).to_have_value(swedish)
    referral.get_by_role("button", name="Kopioi ohjausteksti").click()
    expect(referral.get_by_role("status")).to_have_text("Ohjausteksti on kopioitu.")
    assert page.evaluate("navigator.clipboard.readText()").startswith("Åtgärd: 1.3")


def search_from_the_front_page(page, site, query: str, ui: str) -> None:
    page.goto(f"{site.app}/?ui={ui}")
    box = page.locator("form[role=search] input[name=q]")
    box.fill(query)
    box.press("Enter")


def open_and_choose(page, link, address: str, label: str, lang: str):
    """Follow a link, choose the customer's language of the page's referral: (referral, its text)."""
    link.click()
    page.wait_for_url(re.compile(address))
    referral = page.locator("[data-referral]")
    referral.get_by_label(label).select_option(lang)
    return referral, referral.locator("textarea")


def test_a_counsellors_journey(page, site, screenshots):
    """Search in Finnish, open the unit, copy the referral in Somali and in Swedish, print the handout."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    search_from_the_front_page(page, site, "nuorten työllisyyspalvelut", "fi")
    unit_link = page.locator("main .responsible a").first
    expect(unit_link).to_be_visible()
    referral, text = open_and_choose(page, unit_link, r"/units/", "Asiakkaan kieli", "so")
    expect(text).to_have_attribute("lang", "so")
    expect(text).to_have_value(re.compile(r"Cidda aad la xiriirayso: "))
    referral.get_by_role("button", name="Kopioi ohjausteksti").click()
    assert "Cidda aad la xiriirayso" in page.evaluate("navigator.clipboard.readText()")
    referral.get_by_label("Asiakkaan kieli").select_option("sv")
    expect(text).to_have_value(re.compile(r"Kontakta: "))
    referral.get_by_role("button", name="Kopioi ohjausteksti").click()
    assert "Kontakta: " in page.evaluate("navigator.clipboard.readText()")
    page.screenshot(path=screenshots / "counsellor-unit-referral.png", full_page=True)
    handout = referral.get_by_role("link", name="Tulostettava ohje asiakkaalle")
    expect(handout).to_have_attribute("href", re.compile(r"/handout\?lang=sv$"))
    handout.click()
    page.wait_for_url(re.compile(r"/handout\?lang=sv"))
    page.emulate_media(media="print")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("svg").first).to_be_visible()
    expect(page.locator(".handout__printed")).to_contain_text("Utskriven")
    expect(page.locator("button[data-print]")).to_be_hidden()
    page.pdf(path=screenshots / "handout-sv.pdf")  # one page
    pages = page.evaluate("document.documentElement.scrollHeight") / (297 / 25.4 * 96)
    assert pages <= 1.05, "the handout fits one A4 page"


def test_a_residents_journey_on_a_phone(page, site, screenshots):
    """Search in Arabic on a 360 × 780 screen: the first result's title above the fold; read its contact."""
    page.set_viewport_size({"width": 360, "height": 780})
    search_from_the_front_page(page, site, "دروس اللغة الفنلندية للكبار", "en")
    first = page.locator(".result-card__title a").first
    expect(first).to_be_visible()
    bottom = first.bounding_box()
    assert bottom["y"] + bottom["height"] <= 780, "the first result's title is visible without scrolling"
    page.screenshot(path=screenshots / "resident-phone-ar.png")
    _referral, text = open_and_choose(page, first, r"/(records|units)/", "Customer's language", "ar")
    expect(text).to_have_attribute("dir", "rtl")
    expect(text).to_have_value(re.compile("جهة التواصل"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_printing_a_record_prints_the_referral_and_the_address_not_the_follow_up(page, site):
    page.goto(f"{site.app}/records/kotouttamisohjelma-1.3")
    page.emulate_media(media="print")
    expect(page.locator("main h1")).to_be_visible()
    for hidden in ("header", "footer", "[data-print]", ".follow-up", "[data-referral] textarea"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".referral__print")).to_be_visible()
    expect(page.locator(".print-footer")).to_contain_text("/records/kotouttamisohjelma-1.3")

@pytest.mark.parametrize("path", ["/units/ohjaamo?ui=sv", "/records/service-324?ui=en", "/records/no-such-id",
                                  "/?q=x&limit=0"])
def test_unit_service_and_error_pages_on_a_phone(page, site, axe, path):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{site.app}{path}")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
