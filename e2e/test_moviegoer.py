"""A moviegoer's whole journey, in a real browser."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from pages import choose, first_future_showtime, free_seats, sign_up, text, unique, wait


def test_sign_up_filter_book_change_and_cancel(server, browser):
    base = server.url
    sign_up(browser, base, unique("viewer"))

    # Filter by genre, then by keyword: the form keeps its values and the URL is shareable.
    browser.get(base + "/movies")
    genre = browser.find_element(By.ID, "genre")
    first_genre = genre.find_elements(By.TAG_NAME, "option")[1].get_attribute("value")
    choose(genre, first_genre)
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(browser).until(EC.url_contains(f"genre={first_genre}"))
    assert "match your filters" in text(browser)
    assert browser.find_element(By.ID, "genre").get_attribute("value") == first_genre
    title = browser.find_element(By.CSS_SELECTOR, ".movie-card h3 a").text
    keyword = title.split()[-1]
    browser.get(base + "/movies")
    browser.find_element(By.ID, "q").send_keys(keyword)
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(browser).until(EC.url_contains("q="))
    assert title in text(browser)

    # Open a showtime and click three seats on the seat map.
    first_future_showtime(browser, base)
    seats = free_seats(browser)
    chosen = [seat.get_attribute("value") for seat in seats[30:33]]
    for seat in seats[30:33]:
        seat.find_element(By.XPATH, "..").click()
    assert browser.find_element(By.ID, "seat-count").text == "3"
    browser.find_element(By.CSS_SELECTOR, "#seat-form button[type=submit]").click()
    wait(browser).until(EC.url_contains("/checkout/"))
    code = browser.current_url.rsplit("/", 1)[1]
    assert "held for you" in text(browser)

    # Ticket types: one child ticket; the live total follows.
    before = browser.find_element(By.ID, "checkout-total").text
    choose(browser.find_element(By.NAME, f"ticket_{chosen[1]}"), "child")
    assert browser.find_element(By.ID, "checkout-total").text != before
    browser.find_element(By.CSS_SELECTOR, "#checkout-form button[type=submit]").click()
    wait(browser).until(EC.url_contains(f"/reservations/{code}"))
    page = text(browser)
    assert "You're booked!" in page and code in page and "Child" in page

    # It is listed among my tickets.
    browser.get(base + "/reservations")
    assert code in browser.page_source

    # Change one seat: drop the third, take another free one.
    browser.get(f"{base}/reservations/{code}/seats")
    browser.find_element(By.CSS_SELECTOR, f"input[value='{chosen[2]}']").find_element(By.XPATH, "..").click()
    replacement = [s for s in free_seats(browser) if s.get_attribute("value") not in chosen and not s.is_selected()][0]
    replacement.find_element(By.XPATH, "..").click()
    browser.find_element(By.CSS_SELECTOR, "#seat-form button[type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))
    assert "Your seats are now" in text(browser)

    # Cancel it.
    browser.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button").click()
    wait(browser).until(EC.url_to_be(base + "/reservations"))
    assert f"Booking {code} is cancelled" in text(browser)


def test_seat_map_with_the_keyboard_alone(server, browser):
    base = server.url
    sign_up(browser, base, unique("keys"))
    first_future_showtime(browser, base, skip=1)
    # Tab from the top of the page to the first free seat, Space to choose it, Tab on to the next.
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(200):
        active = browser.switch_to.active_element
        if active.get_attribute("name") == "seat":
            break
        active.send_keys(Keys.TAB)
    else:
        raise AssertionError("no seat reachable with Tab")
    label = active.get_attribute("aria-label")
    assert label.startswith("Row ") and "seat" in label
    active.send_keys(Keys.SPACE)
    assert active.is_selected()
    active.send_keys(Keys.TAB)
    second = browser.switch_to.active_element
    assert second.get_attribute("name") == "seat"
    second.send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "seat-count").text == "2"
    # Tab past the remaining seats to the submit button and press Enter.
    for _ in range(600):
        active = browser.switch_to.active_element
        if active.tag_name == "button":
            break
        active.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Hold seats and continue"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser).until(EC.url_contains("/checkout/"))
    assert "Row " in text(browser)


def test_a_hold_expiring_while_checkout_is_open(short_hold_server, browser):
    base = short_hold_server.url
    sign_up(browser, base, unique("late"))
    first_future_showtime(browser, base)
    free_seats(browser)[0].find_element(By.XPATH, "..").click()
    browser.find_element(By.CSS_SELECTOR, "#seat-form button[type=submit]").click()
    wait(browser).until(EC.url_contains("/checkout/"))
    # The countdown reaches zero and the page reloads itself into the seat map with a message.
    wait(browser, 20).until(EC.url_contains("/showtimes/"))
    assert "hold ran out" in text(browser)
    assert "/reservations" not in browser.current_url
