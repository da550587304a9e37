"""The staff page in a real browser: ask, read a cited source, upload and delete a report.

Debian's Chromium, driven by Playwright, against the real app (real model, real index)
served by uvicorn on a free local port. The app gets its own corpus copy and index, so
the upload and delete here change nothing the other tests see.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.multipart import multipart
from tests.server.serving import serving

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
API_KEY = "test-key"
# The model runs on CPU and an upload re-indexes: be generous with the slow waits.
SLOW_MS = 60_000

HUNAN_DOC = "001_d25812755243d715.txt"
TEST_DOC = "测试县整改报告.txt"
TEST_REPORT = """测试县第二轮中央生态环境保护督察整改落实情况报告
2024-05-20

一、整改工作总体情况
测试县高度重视中央生态环境保护督察反馈问题整改工作,成立整改工作领导小组,逐项制定整改方案。
截至2024年4月底,测试县共完成整改任务4321项,整改完成率100%。
附件目录见<img src=x onerror="window.__injected=1">整改台账。

二、下一步工作
测试县将持续巩固督察整改成果,建立长效机制,坚决防止问题反弹。
"""


# ---- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Requested before the server by every test, so a missing browser skips before any indexing.
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_settings(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder):
    """A private corpus copy with writes enabled, indexed."""
    from index.build import build_index
    from tests.conftest import make_settings

    settings = make_settings(tmp_path_factory.mktemp("page"), cache_dir, api_key=API_KEY)
    build_index(settings, encoder)
    return settings


@pytest.fixture(scope="module")
def base_url(page_settings, encoder) -> Iterator[str]:
    with serving(page_settings, encoder) as url:
        yield url


@pytest.fixture()
def page(browser, base_url: str) -> Iterator:
    """A fresh tab at laptop size on the page; any uncaught script error fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.goto(base_url)
    yield tab
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def ask(page, question: str, *, submit: str = "enter") -> None:
    """Ask through the question box and wait for the answer card."""
    page.locator("#question").fill(question)
    if submit == "enter":
        page.locator("#question").press("Enter")
    else:
        page.locator("#ask-button").click()
    page.locator(".answer-card").wait_for(timeout=SLOW_MS)


def compact(text: str) -> str:
    """Text without whitespace: the page tidies blank-line runs, the API text keeps them."""
    return "".join(text.split())


# ---- asking ------------------------------------------------------------------------------


def test_ask_in_english_shows_answer_and_citation(page) -> None:
    from playwright.sync_api import expect

    ask(page, "How many petitions did Hunan close?")
    expect(page.locator(".answer-text")).to_contain_text("3177")
    # The value is marked inside the sentence it came from.
    expect(page.locator(".answer-sentence mark.answer")).to_contain_text("3177")
    expect(page.locator(".citation", has_text=HUNAN_DOC).first).to_be_visible()


def test_ask_in_chinese_with_the_button(page) -> None:
    from playwright.sync_api import expect

    ask(page, "湖南信访件办结了多少件", submit="button")
    expect(page.locator(".answer-text")).to_have_text("3177件")
    expect(page.locator("#cites-h")).to_contain_text("引用段落")


def test_abstention_offers_related_passages(page) -> None:
    from playwright.sync_api import expect

    ask(page, "四川信访件办结了多少件")  # no report covers Sichuan
    expect(page.locator(".answer-card.abstained .answer-text")).to_contain_text("报告中未找到")
    expect(page.locator(".answer-card .answer-text")).to_contain_text("Not found in the reports")
    expect(page.locator("#cites-h")).to_contain_text("相关段落 Related passages")
    expect(page.locator(".citation").first).to_be_visible()


def test_comparison_shows_each_part(page) -> None:
    from playwright.sync_api import expect

    # Which figures the retriever picks is its own tests' business; here: one card per region.
    ask(page, "湖南和江西哪个办结的信访件多")
    assert page.locator(".answer-text").inner_text().startswith(("湖南（", "江西（"))  # the winner and its figure
    parts = page.locator(".part")
    expect(parts).to_have_count(2)
    expect(parts.locator(".chip")).to_have_text(["湖南", "江西"])
    for i in range(2):
        expect(parts.nth(i).locator(".answer-sentence mark.answer")).to_have_text(
            parts.nth(i).locator(".part-answer").inner_text()
        )


def test_a_question_asking_two_things_shows_each_ask(page) -> None:
    from playwright.sync_api import expect

    ask(page, "Qinghai: how many people were held accountable, and how many units?")
    parts = page.locator(".part")
    expect(parts).to_have_count(2)
    expect(parts.locator(".part-question")).to_have_text(
        ["Qinghai: how many people were held accountable", "how many units?"]
    )
    expect(parts.locator(".chip")).to_have_text(["青海", "青海"])


# ---- the source reader -------------------------------------------------------------------


def test_citation_opens_reader_at_the_marked_span(page) -> None:
    from playwright.sync_api import expect

    ask(page, "湖南信访件办结了多少件")
    first = page.locator(".citation").first
    passage = first.locator(".passage").inner_text()
    first.locator(".cite-open").click()

    reader = page.locator("#reader")
    expect(reader).to_be_visible()
    cited = reader.locator("#reader-body mark.cite")
    expect(cited).to_be_visible()
    expect(cited).to_be_in_viewport()
    assert compact(cited.inner_text()) == compact(passage)
    # The answer lies inside this passage: it is marked more strongly within the cited span.
    expect(cited.locator("mark.answer")).to_have_text("3177件")

    # Escape closes the reader and gives focus back to the citation that opened it.
    page.keyboard.press("Escape")
    expect(reader).to_be_hidden()
    page.wait_for_function("document.activeElement.classList.contains('cite-open')")


def test_keyboard_only(page) -> None:
    from playwright.sync_api import expect

    # The question box has focus on load; Enter asks; Tab reaches the citations; Enter opens one.
    expect(page.locator("#question")).to_be_focused()
    page.keyboard.type("How many petitions did Hunan close?")
    page.keyboard.press("Enter")
    page.locator(".citation").first.wait_for(timeout=SLOW_MS)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite-open')"):
            break
    else:
        pytest.fail("Tab never reached a citation")
    page.keyboard.press("Enter")
    expect(page.locator("#reader-body mark.cite")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#reader")).to_be_hidden()
    # The dialog's close event (queued after it hides) hands focus back to the citation;
    # wait for that before moving focus, or it lands after the tab is focused.
    page.wait_for_function("document.activeElement.classList.contains('cite-open')")
    # Arrow keys move between the view tabs.
    page.locator("#tab-ask").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-reports")).to_be_focused()
    expect(page.locator("#view-reports")).to_be_visible()


# ---- managing reports --------------------------------------------------------------------


def open_reports(page, key: str) -> None:
    page.locator("#tab-reports").click()
    page.locator("#api-key").fill(key)
    page.locator(f'#docs-body tr[data-doc="{HUNAN_DOC}"]').wait_for()


def test_upload_then_ask_about_it(page) -> None:
    from playwright.sync_api import expect

    report = {"name": TEST_DOC, "mimeType": "text/plain", "buffer": TEST_REPORT.encode("utf-8")}

    # A wrong key: the API's own {detail} is shown, and nothing is added.
    open_reports(page, "wrong-key")
    page.locator("#file-input").set_input_files(files=[report])
    expect(page.locator("#upload-status .error")).to_contain_text("a valid bearer token is required")
    expect(page.locator(f'#docs-body tr[data-doc="{TEST_DOC}"]')).to_have_count(0)

    page.locator("#api-key").fill(API_KEY)
    page.locator("#file-input").set_input_files(files=[report])
    row = page.locator(f'#docs-body tr[data-doc="{TEST_DOC}"]')
    expect(row).to_be_visible(timeout=SLOW_MS)
    expect(row).to_contain_text("测试县第二轮中央生态环境保护督察整改落实情况报告")
    expect(page.locator("#upload-status .ok")).to_contain_text("已添加")
    assert page.evaluate("sessionStorage.getItem('duchaqa.apiKey')") == API_KEY

    page.locator("#tab-ask").click()
    ask(page, "测试县完成整改任务多少项")
    expect(page.locator(".answer-text")).to_contain_text("4321")
    cited = page.locator(".citation", has_text=TEST_DOC).first
    expect(cited).to_be_visible()
    # Report text is data, never markup: the tag shows as text and does not run.
    expect(cited.locator(".passage")).to_contain_text("<img src=x")
    assert cited.locator(".passage img").count() == 0
    assert page.evaluate("window.__injected") is None


def test_delete_after_confirming(page, base_url: str) -> None:
    from playwright.sync_api import expect

    if not _listed(base_url, TEST_DOC):  # run on its own: put the report there first
        _upload(base_url, TEST_DOC, TEST_REPORT.encode("utf-8"))
    open_reports(page, API_KEY)
    row = page.locator(f'#docs-body tr[data-doc="{TEST_DOC}"]')
    expect(row).to_be_visible()

    messages: list[str] = []

    def accept(dialog) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    row.locator("button.danger").click()
    expect(row).to_have_count(0, timeout=SLOW_MS)
    expect(page.locator("#docs-status .ok")).to_contain_text("已删除")
    assert messages and TEST_DOC in messages[0]
    assert not _listed(base_url, TEST_DOC)


def test_replacing_a_report_asks_first(page, base_url: str) -> None:
    from playwright.sync_api import expect

    name = "替换前先问.txt"
    first, second = TEST_REPORT.replace("4321", "1111"), TEST_REPORT.replace("4321", "2222")
    if not _listed(base_url, name):
        _upload(base_url, name, first.encode("utf-8"))
    open_reports(page, API_KEY)
    upload = {"name": name, "mimeType": "text/plain", "buffer": second.encode("utf-8")}
    messages: list[str] = []

    # Declined: the server's 409 stands, and the report is as it was.
    def decline(dialog) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.locator("#file-input").set_input_files(files=[upload])
    expect(page.locator("#upload-status .error")).to_contain_text("already exists", timeout=SLOW_MS)
    assert messages and name in messages[0] and "Replace" in messages[0]
    assert "1111" in _text(base_url, name)

    # Accepted: replaced, and said so.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#file-input").set_input_files(files=[upload])
    expect(page.locator("#upload-status .ok")).to_contain_text("已替换", timeout=SLOW_MS)
    assert "2222" in _text(base_url, name)
    request = urllib.request.Request(
        f"{base_url}/documents/{urllib.parse.quote(name)}",
        method="DELETE",
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=SLOW_MS / 1000) as res:
        assert res.status == 200


def _text(base_url: str, doc: str) -> str:
    with urllib.request.urlopen(f"{base_url}/documents/{urllib.parse.quote(doc)}", timeout=30) as res:
        return json.load(res)["text"]


def _listed(base_url: str, doc: str) -> bool:
    with urllib.request.urlopen(f"{base_url}/documents", timeout=30) as res:
        return any(d["doc"] == doc for d in json.load(res)["documents"])


def _upload(base_url: str, name: str, data: bytes) -> None:
    body, content_type = multipart(name, data)
    request = urllib.request.Request(
        f"{base_url}/documents",
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=SLOW_MS / 1000) as res:
        assert res.status == 201


# ---- look and layout ---------------------------------------------------------------------


def test_screenshot_and_phone_width(page) -> None:
    ask(page, "湖南信访件办结了多少件")
    page.evaluate("document.activeElement.blur()")  # no focus ring in the picture
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # At phone width nothing may stick out sideways: the answer, the reader, the reports list.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.locator(".cite-open").first.click()
    page.locator("#reader-body mark.cite").wait_for()
    assert page.evaluate("document.getElementById('reader').scrollWidth") <= 391
    page.keyboard.press("Escape")
    page.locator("#tab-reports").click()
    page.locator(f'#docs-body tr[data-doc="{HUNAN_DOC}"]').wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


def test_a_doubtful_answer_shows_its_best_candidate_in_its_sentence(browser, page_settings, encoder) -> None:
    """When no candidate is sure enough (here: a reader that doubts everything), the page says the
    reports may not state it exactly and shows the best candidate, marked in its sentence, with its
    confidence, instead of a bare "not found"."""
    from playwright.sync_api import expect

    strict = page_settings.model_copy(update={"abstain_below": 1.01})
    with serving(strict, encoder) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(url)
        ask(tab, "湖南信访件办结了多少件")
        card = tab.locator(".answer-card.abstained")
        expect(card.locator(".answer-text")).to_contain_text("The reports may not state it exactly")
        expect(card.locator(".guess strong")).to_have_text("3177件")
        expect(card.locator(".guess .confidence")).to_contain_text("%")
        expect(card.locator(".answer-sentence mark.answer")).to_have_text("3177件")
        context.close()


def test_an_answer_shows_its_confidence(page) -> None:
    from playwright.sync_api import expect

    ask(page, "湖南信访件办结了多少件")
    expect(page.locator(".answer-line .confidence")).to_have_text(re.compile(r"^\d{1,3}%$"))
