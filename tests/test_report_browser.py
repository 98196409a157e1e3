"""The HTML report opened in a real headless Chromium: it renders, every figure loads, each sits
under its artifact's title next to its table, and the console stays clean.

CI (``CI=true``) installs Debian's chromium and chromium-driver (.ci/run) and fails if they are
missing; elsewhere the test is skipped when they are not installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import cisd


def _browser() -> tuple[str, str]:
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; .ci/run must install them")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    chromium, chromedriver = _browser()
    pytest.importorskip("matplotlib")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    from cisd.report import html_report

    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(html_report(cisd.load()), encoding="utf-8")
    options = webdriver.ChromeOptions()
    # The system browser and driver: selenium-manager must not look for (download) others.
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--window-size=1600,1200"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        driver.get(Path(path).as_uri())
        yield driver
    finally:
        driver.quit()


def test_report_renders_with_its_title(page) -> None:
    assert page.title == "cisd report"
    assert page.find_element("tag name", "h1").text == "cisd reproduction report"
    assert page.execute_script("return document.readyState") == "complete"


def test_every_figure_loads_under_its_artifacts_title_with_a_caption(page) -> None:
    figures = page.execute_script(
        """return [...document.querySelectorAll('img')].map(img => {
             const section = img.closest('section');
             return {alt: img.alt, complete: img.complete, width: img.naturalWidth,
                     title: section ? section.querySelector('h2').textContent : null,
                     caption: img.closest('figure').querySelector('figcaption').textContent};
           })"""
    )
    # Figures 1-7 and 9 of the paper (Figure 8 is a website screenshot, out of scope), then the
    # report's own figures.
    ids = [f["title"].split(":")[0].split(",")[0] for f in figures]
    assert ids[:8] == ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F9"]
    for f in figures:
        assert f["complete"] and f["width"] > 0, f["alt"]
        assert f["caption"].strip(), f["alt"]


def test_each_figure_sits_next_to_its_table(page) -> None:
    pairs = page.execute_script(
        """return [...document.querySelectorAll('.pair')].map(pair => {
             const fig = pair.querySelector('figure').getBoundingClientRect();
             const table = pair.querySelector('.table').getBoundingClientRect();
             return {figureRight: fig.right, tableLeft: table.left, figureTop: fig.top, tableTop: table.top};
           })"""
    )
    assert len(pairs) == len(page.find_elements("tag name", "img")) >= 8
    for p in pairs:
        assert p["tableLeft"] >= p["figureRight"] - 1 and abs(p["tableTop"] - p["figureTop"]) < 5, p


def test_no_console_errors(page) -> None:
    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
