"""An admin sets up a film, a hall and a showtime through the forms; staff see bookings counted."""

import base64
import datetime
import pathlib
import tempfile

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from pages import free_seats, log_in, sign_up, text, unique, wait

# A 1×1 PNG: a real image by its bytes.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def form_of(driver, field_name):
    return driver.find_element(By.NAME, field_name).find_element(By.XPATH, "ancestor::form")


def submit_form_of(driver, field_name, button_text=None):
    form = form_of(driver, field_name)
    buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit]")
    if button_text:
        buttons = [b for b in buttons if button_text.lower() in b.text.lower()]
    click_and_load(driver, buttons[0])


def click_and_load(driver, element):
    """Clicks a submit button and waits until the page it leads to has replaced this one.

    Waiting for a flash message alone is not enough: the page being left may already show
    one (an edit page after "created"), and a `driver.get` issued before the post's page
    arrives is overtaken by it.
    """
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait(driver).until(page_replaced(page))


def page_replaced(old_page):
    """A wait condition: true once `old_page`'s element no longer belongs to the document.

    Selenium's `staleness_of` expects exactly a stale-element error; chromedriver sometimes
    answers a navigation in progress with "Node with given id does not belong to the
    document" instead, which means the same here.
    """
    def check(driver):
        try:
            old_page.is_enabled()
            return False
        except WebDriverException:
            return True
    return check


def test_admin_creates_movie_hall_and_showtime_then_finds_it(server, browser):
    base = server.url
    log_in(browser, base, "boss", "boss-password-1")
    title = unique("The Projectionist ")

    # A movie, with a poster.
    browser.get(base + "/admin/movies/new")
    browser.find_element(By.NAME, "title").send_keys(title)
    browser.find_element(By.NAME, "description").send_keys("A night-shift projectionist splices a lost reel back into history.")
    browser.find_element(By.NAME, "runtimeMinutes").send_keys("104")
    rating = browser.find_element(By.NAME, "rating")
    if rating.tag_name == "select":
        Select(rating).select_by_value("PG-13")
    else:
        rating.send_keys("PG-13")
    browser.find_elements(By.CSS_SELECTOR, "input[name='genres']")[0].click()
    submit_form_of(browser, "title")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))
    poster = pathlib.Path(tempfile.mkdtemp()) / "poster.png"
    poster.write_bytes(PNG)
    edit_url = browser.current_url if "/edit" in browser.current_url else None
    if edit_url is None:
        browser.get(base + "/admin/movies?search=" + title.split()[-1])
        browser.find_element(By.PARTIAL_LINK_TEXT, title).click()
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(poster))
    upload = browser.find_element(By.CSS_SELECTOR, "input[type=file]").find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]")
    click_and_load(browser, upload)
    wait(browser).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash.success"), "poster"))

    # A hall with a layout: two rows, an aisle, a VIP row, a wheelchair place.
    hall = unique("Attic ")
    browser.get(base + "/admin/halls/new")
    browser.find_element(By.NAME, "name").send_keys(hall)
    Select(browser.find_element(By.NAME, "format")).select_by_value("standard")
    browser.find_element(By.NAME, "layout").send_keys("sssss.sssss\nsssss.sssss\nvvvvv.vvvvv\nwc...........")
    submit_form_of(browser, "layout", "save")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))

    # A showtime for that movie in that hall, three days ahead at 20:15.
    day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    browser.get(base + "/admin/showtimes/new")
    Select(browser.find_element(By.NAME, "movieID")).select_by_visible_text(title)
    Select(browser.find_element(By.NAME, "hallID")).select_by_visible_text(hall)
    date_input = browser.find_element(By.NAME, "date")
    browser.execute_script("arguments[0].value = arguments[1]", date_input, day)
    time_input = browser.find_element(By.NAME, "time")
    browser.execute_script("arguments[0].value = arguments[1]", time_input, "20:15")
    submit_form_of(browser, "movieID")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))

    # The public site lists it.
    browser.get(f"{base}/showtimes?from={day}&to={day}")
    assert title in text(browser)
    browser.find_element(By.LINK_TEXT, title).click()
    assert title in browser.find_element(By.TAG_NAME, "h1").text
    assert "/posters/" in browser.find_element(By.CSS_SELECTOR, ".movie-hero img").get_attribute("src")
    assert "20:15" in text(browser)


def tickets_sold(driver, base, day):
    driver.get(f"{base}/dashboard?date={day}&span=day")
    for tile in driver.find_elements(By.CSS_SELECTOR, ".stat"):
        if "ticket" in tile.find_element(By.CSS_SELECTOR, ".label").text.lower():
            return int("".join(ch for ch in tile.find_element(By.CSS_SELECTOR, ".value").text if ch.isdigit()))
    raise AssertionError("no tickets tile on the dashboard")


def test_staff_dashboard_counts_a_booking(server, browser):
    base = server.url
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    log_in(browser, base, "usher", "usher-password-1")
    before = tickets_sold(browser, base, tomorrow)
    assert browser.find_elements(By.CSS_SELECTOR, "svg"), "the dashboard draws its charts"
    browser.delete_all_cookies()

    sign_up(browser, base, unique("buyer"))
    browser.get(f"{base}/showtimes?from={tomorrow}&to={tomorrow}")
    browser.find_elements(By.CSS_SELECTOR, "a.time-chip")[0].click()
    for seat in free_seats(browser)[:2]:
        seat.find_element(By.XPATH, "..").click()
    browser.find_element(By.CSS_SELECTOR, "#seat-form button[type=submit]").click()
    wait(browser).until(EC.url_contains("/checkout/"))
    browser.find_element(By.CSS_SELECTOR, "#checkout-form button[type=submit]").click()
    wait(browser).until(EC.url_contains("/reservations/"))
    browser.delete_all_cookies()

    log_in(browser, base, "usher", "usher-password-1")
    assert tickets_sold(browser, base, tomorrow) == before + 2
    # Staff may not enter the admin area.
    browser.get(base + "/admin")
    assert "Not allowed" in text(browser)
