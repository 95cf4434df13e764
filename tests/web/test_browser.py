"""A real browser (Debian's chromium through Playwright) on the real server (uvicorn in a
subprocess) over a store holding the demo corpus: read, register, comment, search, ask.
Screenshots of each page go to $NEWSDESK_TEST_ARTIFACTS (default tests/artifacts/)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsdesk.testing.web import serving
from tests.conftest import IN_CI, REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# How long a page, a click or an expectation may take: a loaded CI machine (load 10+ on 2
# cores) has taken over 30 s, Playwright's default, for one page. A stuck server still fails.
PATIENCE_MS = 180_000
SCRIPT_COMMENT = '<script>alert("pwned")</script><img src=x onerror=alert(2)>'


def _artifacts() -> Path:
    folder = Path(os.environ.get("NEWSDESK_TEST_ARTIFACTS") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(browser: Browser, width: int, height: int = 900) -> Page:
    """A new page `width` CSS px wide whose waits allow for a busy machine."""
    from playwright.sync_api import expect

    expect.set_options(timeout=PATIENCE_MS)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(PATIENCE_MS)
    return page


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system chromium; missing fails in CI (`make browser` installs it), else skips."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = "chromium is not installed: run `make browser` (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


@pytest.fixture(scope="module")
def server(sqlite_demo_store) -> Iterator[str]:
    """uvicorn serving a copy of the demo store (as `newsdesk demo` makes it) on an
    ephemeral port."""
    data_dir = Path(sqlite_demo_store.engine.url.database).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env["NEWSDESK_DATA_DIR"] = str(data_dir)
    with serving(env) as base:
        yield base


def test_reader_in_a_real_browser(chromium, server) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = _artifacts()
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = _page(browser, 1280)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        page.goto(f"{server}/")
        expect(page.locator(".story-card").first).to_be_visible()
        page.screenshot(path=shots / "front.png", full_page=True)

        page.locator(".story-card h3 a").first.click()
        expect(page.locator("#summary .cite").first).to_be_visible()
        expect(page.locator("#coverage")).to_be_visible()
        page.screenshot(path=shots / "story.png", full_page=True)
        page.screenshot(path=shots / "story-top.png")

        page.locator("#articles a[href^='/articles/']").first.click()
        expect(page.locator("#ai-features")).to_be_visible()
        expect(page.locator("#ai-features h3", has_text="Summary")).to_be_visible()
        expect(page.locator(".related-item").first).to_be_visible()
        expect(page.locator("#comments")).to_contain_text("No comments yet")
        article_url = page.url
        page.screenshot(path=shots / "article.png", full_page=True)
        page.screenshot(path=shots / "article-top.png")

        page.goto(f"{server}/register")
        page.fill("input[name=name]", "browser_reader")
        page.fill("input[name=password]", "a long enough password")
        page.click("form.account-form button[type=submit]")
        expect(page.locator("header.site .who")).to_have_text("browser_reader")

        page.goto(article_url)
        page.fill("#comment-body", "Clear and well sourced.")
        page.click(".comment-form button[type=submit]")
        expect(page.locator(".comment-body").last).to_have_text("Clear and well sourced.")
        page.fill("#comment-body", SCRIPT_COMMENT)
        page.click(".comment-form button[type=submit]")
        expect(page.locator(".comment-body").last).to_have_text(SCRIPT_COMMENT)
        expect(page.locator("#comments h2")).to_have_text("Comments (2)")
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.locator(".comment-body script").count() == 0
        page.locator("#comments").screenshot(path=shots / "comments.png")

        page.goto(f"{server}/search")
        page.fill("#q", "Lavrov")
        page.press("#q", "Enter")
        expect(page.locator(".result-group").first).to_be_visible()
        page.screenshot(path=shots / "search.png", full_page=True)

        page.goto(f"{server}/ask")
        page.fill("#ask-q", "How strong was the earthquake on the Noto Peninsula?")
        page.press("#ask-q", "Enter")
        expect(page.locator("#answer .cite").first).to_be_visible()
        expect(page.locator("#answer")).to_contain_text("magnitude")
        page.screenshot(path=shots / "ask.png", full_page=True)

        page.goto(f"{server}/entities/1")
        page.screenshot(path=shots / "entity.png", full_page=True)
        phone = _page(browser, 390, 844)
        phone.goto(f"{server}/")
        phone.screenshot(path=shots / "front-phone.png")
        # No page scrolls sideways on a phone.
        ask = "/ask?q=How+strong+was+the+earthquake+on+the+Noto+Peninsula%3F"
        for path in ("/", ask, "/search?q=Lavrov", "/stories/1", "/entities/1", "/sources"):
            phone.goto(f"{server}{path}")
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
        phone.goto(f"{server}{ask}")
        phone.screenshot(path=shots / "ask-phone.png", full_page=True)
        browser.close()
    assert dialogs == []
    for name in ("front", "story", "article", "comments", "search", "ask"):
        assert (shots / f"{name}.png").stat().st_size > 10_000


def _biggest_story(store) -> int:
    """The demo story with the most articles (the page most in need of folding)."""
    from sqlalchemy import select

    from newsdesk.store.models import Story

    with store.session() as session:
        return int(session.scalars(select(Story.id).order_by(Story.size.desc(), Story.id)).first())


def test_story_page_sections_fold_on_desktop_and_phone(chromium, server, sqlite_demo_store) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = _artifacts()
    story = _biggest_story(sqlite_demo_store)
    heights: dict[int, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for width, name in ((1280, "story-desktop"), (390, "story-phone")):
            page = _page(browser, width)
            page.goto(f"{server}/stories/{story}")
            heights[width] = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=shots / f"{name}.png", full_page=True)
            page.screenshot(path=shots / f"{name}-top.png")
            if os.environ.get("NEWSDESK_MEASURE_ONLY"):
                continue
            # Headline, cited summary and outlet marks come before any section.
            expect(page.locator("h1")).to_be_visible()
            expect(page.locator("#summary .cite").first).to_be_in_viewport()
            expect(page.locator(".outlet-marks .mark").first).to_be_in_viewport()
            # The contents bar jumps to each section it names.
            links = page.locator("nav.toc a")
            assert links.count() >= 3
            for index in range(links.count()):
                target = links.nth(index).get_attribute("href")
                assert page.locator(f"{target}").count() == 1, target
            links.last.click()
            assert page.evaluate("window.scrollY") > 0
            # Sections fold without script: a closed one hides its body, opening shows it.
            # (Each section is held by its id: a ":not([open])" locator would move on.)
            closed = page.locator("details.section:not([open])").first.get_attribute("id")
            folded = page.locator(f"details#{closed}")
            body = folded.locator(":scope > :not(summary)").first
            expect(body).to_be_hidden()
            folded.locator(":scope > summary").click()
            expect(body).to_be_visible()
            expect(folded).to_have_attribute("open", "")
            shown = page.locator("details.section[open]").first.get_attribute("id")
            opened = page.locator(f"details#{shown}")
            opened.locator(":scope > summary").click()
            expect(opened.locator(":scope > :not(summary)").first).to_be_hidden()
            # Articles are named by headline, never "#28".
            coverage_links = page.locator("#coverage table a[href^='/articles/']")
            assert coverage_links.count() > 0
            for text in coverage_links.all_inner_texts():
                assert not text.strip().startswith("#"), text
            # Every "and N more" can be opened.
            more = re.compile(r"and \d+ more")
            openers = page.locator("details > summary", has_text=more)
            assert page.get_by_text(more).count() == openers.count()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"story scrolls sideways by {overflow} px at {width}"
            page.close()
        browser.close()
    print(f"story {story} page height: 1280px -> {heights[1280]} px, 390px -> {heights[390]} px")


def test_follow_a_story_and_see_it_on_following(chromium, server) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = _artifacts()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for width, name in ((1280, "desktop"), (390, "phone")):
            page = _page(browser, width)
            page.goto(f"{server}/register")
            page.fill("input[name=name]", f"follower_{name}")
            page.fill("input[name=password]", "a long enough password")
            page.click("form.account-form button[type=submit]")
            page.goto(f"{server}/")
            page.locator(".story-card h3 a").first.click()
            story_url = page.url
            title = page.locator("h1").first.inner_text()
            expect(page.locator(".follow-form button")).to_have_text("+ Follow")
            page.click(".follow-form button[type=submit]")
            # Back on the story, the button says what is now true and offers the way back.
            assert page.url == story_url
            expect(page.locator(".follow-form .follow-state")).to_have_text("✓ Following")
            expect(page.locator(".follow-form button")).to_have_text("Unfollow")
            entity = page.locator("a[href^='/entities/']").first.get_attribute("href")
            page.goto(f"{server}{entity}")
            page.click(".follow-form button[type=submit]")
            expect(page.locator(".follow-form .follow-state")).to_have_text("✓ Following")
            page.goto(f"{server}/following")
            expect(page.locator(".followed h2 a").first).to_have_text(title)
            expect(page.locator(".followed h2 a").nth(1)).to_have_attribute("href", entity)
            expect(page.locator(".private-feed")).to_contain_text("private feed is off")
            page.screenshot(path=shots / f"following-{name}.png", full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"/following scrolls sideways by {overflow} px at {width} px"
            page.get_by_role("button", name="Turn the feed on").click()
            feed_url = page.locator(".feed-urls input").first.input_value()
            assert "/following/feed.rss?token=ndf_" in feed_url
            expect(page.get_by_role("button", name="Turn the feed off")).to_be_visible()
            page.close()
        browser.close()


def test_front_sections_and_entity_page_at_desktop_and_phone(chromium, server) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = _artifacts()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for width, name in ((1280, "desktop"), (390, "phone")):
            page = _page(browser, width)
            page.goto(f"{server}/")
            # The sections bar jumps to each section it names.
            links = page.locator("nav.toc.sections a")
            assert links.count() >= 3
            for index in range(links.count()):
                target = links.nth(index).get_attribute("href")
                assert page.locator(f"section{target}").count() == 1, target
            page.screenshot(path=shots / f"front-sections-{name}.png", full_page=True)
            links.last.click()
            assert page.evaluate("window.scrollY") > 0
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"/ scrolls sideways by {overflow} px at {width} px"
            # A named section's heading opens its entity's page: who, then folding sections.
            page.goto(f"{server}/")
            page.locator(".front-section h2 a").first.click()
            expect(page.locator(".entity-head h1")).to_be_visible()
            expect(page.locator("details#stories > summary")).to_be_in_viewport()
            aliases = page.locator("details#aliases")
            if aliases.count():
                body = aliases.locator(":scope > :not(summary)").first
                expect(body).to_be_hidden()
                aliases.locator(":scope > summary").click()
                expect(body).to_be_visible()
            page.screenshot(path=shots / f"entity-{name}.png", full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"entity page scrolls sideways by {overflow} px at {width} px"
            page.close()
        browser.close()
