"""A class in a real browser (Debian's headless chromium through chromium-driver and Selenium), at
1280x720 as projected: two students join from the page, one previews and commits a command, both
get ready and the class moves; the teacher opens the printed link, puts one student in group B,
gives group B a treatment and advances; the dashboard and the debrief show every seat with every
image loaded and nothing wider than the screen. `.ci/run` (make browser) installs chromium and
chromium-driver. TERAFAB_SHOTS=DIR keeps screenshots of each page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

WIDTH, HEIGHT = 1280, 720
LAYOUT = """
const vw = document.documentElement.clientWidth;
const imgs = Array.from(document.images);
const wide = Array.from(document.body.querySelectorAll('*')).filter((e) => {
  const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
});
const drawn = document.querySelectorAll('svg[role=img]');  // a chart drawn in the page itself
return {images: imgs.length + drawn.length,
        broken: imgs.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.src),
        scrollWidth: document.documentElement.scrollWidth, viewport: vw,
        wide: wide.slice(0, 5).map((e) => e.tagName + '.' + e.className)};
"""


def driver() -> webdriver.Chrome:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not browser or not chromedriver:
        pytest.fail("chromium and chromium-driver are needed: `make browser` (.ci/run) installs "
                    "them (apt-get install -y chromium chromium-driver)")
    options = Options()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(arg)
    d = webdriver.Chrome(options=options, service=Service(chromedriver))
    d.set_window_size(WIDTH, HEIGHT)
    d.set_page_load_timeout(120)
    return d


def wait(d, what, timeout: float = 60):
    """Until `what` holds; the pages redraw every 2 s, so an element gone stale is looked up
    again on the next try."""
    return WebDriverWait(d, timeout, poll_frequency=0.2,
                         ignored_exceptions=(StaleElementReferenceException,)).until(what)


def text_of(d, element_id: str) -> str:
    return d.find_element(By.ID, element_id).text


def assert_projectable(d, min_images: int, name: str) -> None:
    wait(d, lambda d: d.execute_script(
        "return Array.from(document.images).every((i) => i.complete)"))
    layout = d.execute_script(LAYOUT)
    assert d.execute_script("return window.innerWidth") == WIDTH
    assert layout["images"] >= min_images and not layout["broken"], (name, layout)
    assert layout["scrollWidth"] <= layout["viewport"], (name, layout)
    assert not layout["wide"], (name, layout)
    shots = os.environ.get("TERAFAB_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        d.save_screenshot(str(Path(shots) / f"{name}.png"))


def join(d, url: str, name: str, team: str) -> dict:
    d.delete_all_cookies()
    d.get(url + "/")
    form = wait(d, lambda d: d.find_element(By.ID, "join-form"))
    wait(d, lambda d: form.is_displayed())
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "team").send_keys(team)
    form.find_element(By.TAG_NAME, "button").click()
    wait(d, lambda d: name in text_of(d, "who"))
    return d.get_cookie("terafab_seat")


def as_student(d, url: str, cookie: dict) -> None:
    d.delete_all_cookies()
    d.get(url + "/static/style.css")  # a page of the server, so its cookie can be set
    d.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    d.get(url + "/")
    wait(d, lambda d: d.find_element(By.ID, "game").is_displayed())


def test_two_students_and_the_teacher_play_a_class_in_the_browser(class_server):
    server = class_server(pace="rounds", months=12)
    d = driver()
    try:
        ana = join(d, server.url, "Ana", "red")
        # Ana previews a purchase, then commits it
        wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "details.command")) > 5)
        buy = next(x for x in d.find_elements(By.CSS_SELECTOR, "details.command")
                   if "Buy accelerators" in x.text)
        buy.click()
        units = buy.find_element(By.NAME, "units")
        units.clear()
        units.send_keys("20000")
        preview = buy.find_element(By.CSS_SELECTOR, ".preview")
        wait(d, lambda d: "Cost USD" in preview.text)
        buy.find_element(By.CSS_SELECTOR, "button").click()
        wait(d, lambda d: preview.text.startswith("Done:"))
        assert_projectable(d, 3, "student")

        bo = join(d, server.url, "Bo <script>", "blue")
        as_student(d, server.url, ana)
        d.find_element(By.ID, "ready").click()
        wait(d, lambda d: "Ready ✓" in text_of(d, "ready") and "1/2 ready" in text_of(d, "pace"))
        as_student(d, server.url, bo)
        d.find_element(By.ID, "ready").click()  # the last one ready: the class moves
        wait(d, lambda d: "month 1 of 12" in text_of(d, "date"))

        d.get(f"{server.url}/teacher?token={server.token}")
        wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#seats tr")) == 2)
        wait(d, lambda d: [r.find_element(By.TAG_NAME, "td").text for r in d.find_elements(
            By.CSS_SELECTOR, "#seats tr")] == ["Ana", "Bo <script>"])  # shown as text
        group = d.find_elements(By.CSS_SELECTOR, "#seats tr")[1].find_element(By.TAG_NAME, "input")
        group.click()  # the dashboard leaves a row alone while the teacher types in it
        group.send_keys(Keys.CONTROL, "a")
        group.send_keys("B\n")
        wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#seats tr")[1]
             .find_element(By.TAG_NAME, "input").get_attribute("value") == "B")
        form = d.find_element(By.ID, "treatment-form")
        month = form.find_element(By.NAME, "from_month")
        month.clear()
        month.send_keys("1")
        Select(form.find_element(By.NAME, "lever")).select_by_value("export_control_level")
        value = form.find_element(By.NAME, "value")
        value.clear()
        value.send_keys("4")
        form.find_element(By.TAG_NAME, "button").click()
        wait(d, lambda d: "group B" in text_of(d, "treatments"))
        for _ in range(2):
            d.find_element(By.ID, "advance").click()
            d.implicitly_wait(0)
        wait(d, lambda d: "class month 3" in text_of(d, "status"))
        wait(d, lambda d: all("3" == r.find_elements(By.TAG_NAME, "td")[3].text
                              for r in d.find_elements(By.CSS_SELECTOR, "#seats tr")))
        assert_projectable(d, 2, "teacher")

        d.get(server.url + "/debrief")
        page = d.page_source
        assert "Groups compared" in page and "Ranking" in page
        assert len(d.find_elements(By.CSS_SELECTOR, ".grid figure")) == 2 + 4  # seats, policies
        assert_projectable(d, 2 + 4 + 1, "debrief")

        as_student(d, server.url, bo)  # Bo's news says what the teacher changed, and why
        wait(d, lambda d: "Treatment for this group" in text_of(d, "news"))
        assert "month 3 of 12" in text_of(d, "date")
        as_student(d, server.url, ana)
        assert "Treatment for this group" not in text_of(d, "news")
    finally:
        d.quit()
