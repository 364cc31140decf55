"""Every main page fits a 390 px phone screen without horizontal scrolling."""

import pytest
from selenium.webdriver.common.by import By

from pages import log_in, text

PUBLIC = ["/", "/movies", "/movies/1", "/showtimes", "/showtimes/30", "/login", "/signup"]


def assert_fits(driver, path):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return window.innerWidth")
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
