"""Fixtures for Marquee's end-to-end suite: a real server on a free loopback port with a
fresh database, and real headless Chromium driven through chromedriver (WebDriver)."""

import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "e2e" / "artifacts"
BINARY = pathlib.Path(os.environ.get("MARQUEE_BINARY", ROOT / ".build" / "debug" / "marquee"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `marquee serve` with its own data folder."""

    def __init__(self, hold_seconds=480):
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="marquee-e2e-"))
        self.database = self.folder / "marquee.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, MARQUEE_HOLD_SECONDS=str(hold_seconds), MARQUEE_TIMEZONE="Europe/Berlin")
        self.log = open(self.folder / "server.log", "w")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--database", str(self.database), "--port", str(self.port), "--quiet"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    raise RuntimeError("marquee did not start:\n" + (self.folder / "server.log").read_text())
                time.sleep(0.2)

    def create_user(self, username, password, role):
        subprocess.run(
            [str(BINARY), "create-user", "--database", str(self.database), "--username", username,
             "--email", f"{username}@example.com", "--role", role],
            input=password + "\n", text=True, check=True, cwd=ROOT, capture_output=True,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    running = Server()
    running.create_user("boss", "boss-password-1", "admin")
    running.create_user("usher", "usher-password-1", "staff")
    yield running
    running.stop()


@pytest.fixture
def short_hold_server():
    running = Server(hold_seconds=6)
    yield running
    running.stop()


def make_driver(width=1280, height=1000, phone=False):
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--lang=en-US"]:
        options.add_argument(argument)
    if phone:
        # A headless window is never narrower than 500 px, so a phone's screen is emulated
        # (its width, pixel ratio and touch, and the viewport meta tag honoured as a phone does).
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 3.0, "touch": True}})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    # The Debian chromedriver, named explicitly, so Selenium never tries to download one.
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(3)
    return driver


@pytest.fixture
def browser(request):
    driver = make_driver()
    request.node.driver = driver
    yield driver
    driver.quit()


@pytest.fixture
def phone(request):
    driver = make_driver(390, 844, phone=True)
    request.node.driver = driver
    assert driver.execute_script("return screen.width") == 390, "the phone's screen is not 390 px wide"
    yield driver
    driver.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, keep a screenshot and the page source of the failing step."""
    outcome = yield
    report = outcome.get_result()
    driver = getattr(item, "driver", None)
    if report.failed and driver is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = item.name.replace("/", "_")
        try:
            driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
            (ARTIFACTS / f"{name}.html").write_text(driver.page_source)
            (ARTIFACTS / f"{name}.url.txt").write_text(driver.current_url)
        except Exception as error:  # the browser itself may be gone
            (ARTIFACTS / f"{name}.error.txt").write_text(repr(error))
