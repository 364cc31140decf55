"""Every main page fits a 390 px phone screen without horizontal scrolling."""

import pytest
from selenium.webdriver.common.by import By

from pages import log_in, text

PUBLIC = ["/", "/movies", "/movies/1", "/showtimes", "/showtimes/30", "/login", "/signup"]


def assert_fits(driver, path):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return window.innerWidth")
    assert viewport == 390, f"{path} is laid out {viewport}px wide, not as on a 390px phone"
    assert width <= viewport, f"{path} is {width}px wide in a {viewport}px window"


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_fit_a_phone(server, phone, path):
    phone.get(server.url + path)
    assert "Marquee" in phone.title
    assert_fits(phone, path)


def test_signed_in_pages_fit_a_phone(server, phone):
    log_in(phone, server.url, "boss", "boss-password-1")
    for path in ["/reservations", "/account", "/admin", "/dashboard"]:
        phone.get(server.url + path)
        assert "Page not found" not in text(phone), path
        assert_fits(phone, path)


def test_an_admins_header_stays_short_on_a_phone(server, phone):
    # An admin has the most links (seven). Squeezed into a column beside the brand they
    # stacked 192 px tall; below it, across the whole width, they take two short rows.
    log_in(phone, server.url, "boss", "boss-password-1")
    phone.get(server.url + "/movies")
    header = phone.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.size["height"] <= 140, f"the header is {header.size['height']} px tall"
    links = phone.find_elements(By.CSS_SELECTOR, ".site-header nav a, .site-header nav button")
    assert len(links) == 7
    for link in links:
        assert link.is_displayed() and link.rect["x"] >= 0 and link.rect["x"] + link.rect["width"] <= 390, link.text
    # Not sticky on a phone: it scrolls away and leaves the screen to the page.
    phone.execute_script("window.scrollTo(0, 600)")
    assert phone.execute_script("return document.querySelector('.site-header').getBoundingClientRect().bottom") <= 0
