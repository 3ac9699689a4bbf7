"""The /embed page in a partner's <iframe>: framed across origins, sized by its height messages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_search_in_the_iframe(page, site, console):
    page.goto(f"{site.partner}/iframe.html?path=/embed%3Flang%3Den")
    frame = page.frame_locator("iframe.palveluhaku")
    box = frame.get_by_label("Search the City of Helsinki's services")
    box.fill("employment services")
    box.press("Enter")
    count = frame.get_by_role("status")
    expect(count).to_have_text(re.compile(r"^\d+ results$"))
    expect(count).to_be_focused()
    expect(box).to_have_value("employment services")
    first = frame.locator(".results a").first
    expect(first).to_have_attribute("target", "_blank")
    expect(first).to_have_attribute("href", re.compile(r"^/(units|records)/[^/?]+\?ui=en$"))
    expect(frame.locator(".units").first).to_contain_text(
        "Responsible: City Executive Office, Economic Development Division, Adult Employment Services")
    assert console == [], "framed across origins, under both sides' CSP"


def test_the_partner_can_size_the_iframe_to_its_content(page, site):
    page.goto(f"{site.partner}/iframe.html?path=/embed%3Flang%3Dfi%26q%3Dkirjasto")
    iframe = page.locator("iframe.palveluhaku")
    expect(iframe).not_to_have_css("height", "150px")
    content = iframe.element_handle().content_frame().evaluate("document.body.offsetHeight")
    assert content > 900, "ten results"
    expect(iframe).to_have_css("height", f"{content}px")
    expect(page.frame_locator("iframe.palveluhaku").get_by_role("status")).not_to_be_focused()


def test_our_other_pages_refuse_to_be_framed(page, site, console):
    page.goto(f"{site.partner}/iframe.html?path=/%3Fq%3Dkirjasto")
    expect(page.locator("iframe.palveluhaku")).to_be_attached()
    page.wait_for_load_state("load")
    assert any(message.startswith(f"Framing '{site.app}/") and "frame-ancestors 'self'" in message
               for message in console), console


def test_the_iframe_page_has_no_serious_accessibility_problems(page, site, axe):
    page.goto(f"{site.app}/embed?lang=sv&q=työllisyyspalvelut")
    assert axe(page) == []
