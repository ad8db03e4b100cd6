"""Browser tests: Playwright drives Debian's chromium through every page, the filters and an upload.

Skipped when /usr/bin/chromium or the playwright package is absent (never `playwright install`).
Screenshots go to $PARLEY_SCREENSHOT_DIR when set (the README's come from
`PARLEY_SCREENSHOT_DIR=docs/img .venv/bin/pytest tests/web/test_browser.py`), else to a temporary folder.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")]
sync_api = pytest.importorskip("playwright.sync_api")

UPLOAD_TEXT = ("OSLO, 4 March 2021 — Norway's foreign minister met Chile's ambassador in Oslo on Thursday to "
               "discuss the fishing dispute. Chile accused Norway of seizing three boats in February. "
               '"We want the boats back," the ambassador said.')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, reports):
    """The app over a copy of the invented corpus, served by uvicorn on a free loopback port."""
    import uvicorn

    from parley.store import Store
    from parley.web import LOOPBACK_HOSTS, create_app

    db = tmp_path_factory.mktemp("browser") / "parley.duckdb"
    with Store(db) as store:
        store.add_many(reports)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, allowed_hosts=LOOPBACK_HOSTS), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = context.new_page()
    pg.errors, pg.dialogs = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("PARLEY_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page, shots: Path, name: str) -> None:
    path = shots / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 5000


@pytest.mark.parametrize(("path", "name", "charts"), [
    ("/", "dashboard", 2), ("/events", "events", 0), ("/documents", "documents", 0), ("/actors", "actors", 0),
    ("/dyads", "dyads", 0), ("/dyad?dyad=EGY-SDN&by=month", "dyad", 3), ("/timeline", "timeline", 1),
    ("/upload", "upload", 0),
])
def test_every_page_opens_without_errors(server, page, shots, path, name, charts):
    page.goto(server + path)
    assert page.locator("header.top nav a").count() == 8
    if charts:
        page.wait_for_selector(".js-plotly-plot", timeout=15000)
        assert page.locator(".js-plotly-plot").count() == charts
    assert page.errors == [], page.errors  # also catches any Content-Security-Policy violation
    _shot(page, shots, name)


def test_event_filters_and_facets(server, page, shots):
    page.goto(server + "/events")
    page.fill("input[name=actor]", "NOR")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*actor=NOR*")
    assert page.locator("li.event").count() == 2
    assert "Norway seized boats from Chile" in page.inner_text("ol.events")
    page.click("section[data-facet=plover] a:text('COERCE')")
    page.wait_for_url("**plover=COERCE**")
    assert page.locator("li.event").count() == 1
    page.select_option("select[name=modality]", "asserted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**modality=asserted**")
    assert "actor=NOR" in page.url and page.locator("li.event").count() == 1
    _shot(page, shots, "events-filtered")


def test_document_page_highlights_and_is_safe(server, page, shots, reports):
    hostile = reports[-1].document.id
    page.goto(f"{server}/documents/{hostile}")
    assert page.dialogs == []
    assert "<img src=x onerror=alert(1)>" in page.inner_text("article.text")
    page.goto(f"{server}/documents/{reports[0].document.id}")
    assert page.locator("article.text .hl.actor").count() >= 4
    assert page.locator("article.text .hl.event").count() >= 2
    assert page.locator("article.text .hl.quote").count() >= 1
    _shot(page, shots, "document")


def test_compare_pick_documents(server, page, shots, reports):
    page.goto(server + "/compare")
    for r in reports[:2]:
        page.check(f"input[name=doc][value='{r.document.id}']")
    page.click("form.pick button[type=submit]")
    page.wait_for_selector(".side-by-side")
    assert page.locator(".side-by-side article").count() == 2
    assert page.errors == []
    _shot(page, shots, "compare")


def test_upload_pasted_text_appears_at_once(server, page, shots):
    page.goto(server + "/upload")
    page.fill("textarea[name=text]", UPLOAD_TEXT)
    page.fill("input[name=title]", "Fishing talks in Oslo")
    page.fill("input[name=published]", "2021-03-04")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#results a", timeout=120000)
    assert "done" in page.inner_text("#status") or page.locator("#results a").count() == 1
    _shot(page, shots, "upload-done")
    page.click("#results a")
    page.wait_for_selector("article.text")
    assert "Fishing talks in Oslo" in page.inner_text("h1")
    page.goto(server + "/documents?q=oslo")
    assert "Fishing talks in Oslo" in page.inner_text("table.docs")


def test_upload_files_shows_progress(server, page, tmp_path):
    files = []
    for i in range(3):
        path = tmp_path / f"note-{i}.txt"
        path.write_text(f"Chile thanked Norway for the talks, note {i}. The talks ended on Friday.", encoding="utf-8")
        files.append(str(path))
    page.goto(server + "/upload")
    page.set_input_files("#files", files)
    page.click("#upload-form button[type=submit]")
    sync_api.expect(page.locator("#status")).to_contain_text("done", timeout=120000)
    assert page.locator("#results li a").count() == 3
    assert page.get_attribute("#progress", "value") == "3"
