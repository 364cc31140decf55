"""Small helpers that act as a person would on Marquee's pages."""

import itertools
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

_counter = itertools.count(1)


def unique(name):
    return f"{name}{int(time.time() * 1000) % 100000}{next(_counter)}"


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds)


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def submit(driver, form_selector="form.stack"):
    driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()


def sign_up(driver, base, username, password="popcorn-and-soda"):
    driver.get(base + "/signup")
    driver.find_element(By.ID, "f-username").send_keys(username)
    driver.find_element(By.ID, "f-email").send_keys(f"{username}@example.com")
    driver.find_element(By.ID, "f-password").send_keys(password)
    driver.find_element(By.ID, "f-passwordConfirmation").send_keys(password)
    submit(driver)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))
    assert f"Welcome to Marquee, {username}" in text(driver)


def log_in(driver, base, username, password):
    driver.get(base + "/login")
    driver.find_element(By.ID, "f-username").send_keys(username)
    driver.find_element(By.ID, "f-password").send_keys(password)
    submit(driver)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))


def first_future_showtime(driver, base, skip=0):
    """Opens the showtimes listing and follows a showtime a day or more ahead."""
    driver.get(base + "/showtimes")
    chips = driver.find_elements(By.CSS_SELECTOR, "section.day-group")[1].find_elements(By.CSS_SELECTOR, "a.time-chip")
    chips[skip].click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "seatmap")))


def free_seats(driver):
    return driver.find_elements(By.CSS_SELECTOR, "label.seat.free:not(.vip):not(.wheelchair):not(.companion) input:not([disabled])")


def choose(select_element, value):
    Select(select_element).select_by_value(value)
