"""The ATS report in the web chat is a card: score, one bar per category, skill chips whose evidence shows on
hover (title) and tap; the card comes back from the history after a reload."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.web.test_serve import ARTIFACTS, spawn_serve, stop_serve
from tests.webclient import CHROMIUM, CHROMIUM_ARGS, browser_sign_in

ROOT = Path(__file__).parents[3]
RESUME = ROOT / "tests" / "fixtures" / "full_resume.json"
JOB_AD = ROOT / "bench" / "fixtures" / "ats_job_backend.txt"


@pytest.fixture(scope="module")
def served(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = spawn_serve(pg_data_dir, tmp_path_factory.mktemp("ats-card-cwd"))
    yield url
    stop_serve(process)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_a_pasted_job_ad_shows_the_report_card_and_it_survives_a_reload(served: str, tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    upload = tmp_path / "my-resume.json"
    upload.write_bytes(await asyncio.to_thread(RESUME.read_bytes))
    job_ad = await asyncio.to_thread(JOB_AD.read_text)
    refused: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 1400})
            page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
            await browser_sign_in(page, served, "ats-card@example.com", "correct horse battery")
            assistant = page.locator('[data-step-type="assistant_message"]')
            await assistant.first.wait_for(timeout=20_000)
            await page.locator("#upload-button-input").set_input_files(str(upload))
            await page.get_by_text(upload.name).first.wait_for(timeout=10_000)
            await page.locator("#chat-submit").click(timeout=10_000)
            await page.get_by_role("button", name="Show CV").wait_for(timeout=30_000)
            await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)

            await page.fill("#chat-input", job_ad)
            await page.keyboard.press("Enter")
            card = page.locator(".ats-card")
            await card.wait_for(timeout=30_000)
            score = await card.locator(".ats-score").inner_text()  # "79/100"
            assert f"Score {score}" in (await card.get_attribute("aria-label") or ""), score
            assert await card.locator('[role="meter"]').count() == 5  # one bar per category
            chips = card.locator(".ats-chip")
            assert await chips.count() >= 5
            python = card.locator(".ats-chip", has_text="Python")
            hint = await python.get_attribute("title")  # what a hover shows
            assert hint is not None and "in your CV" in hint.lower(), hint
            await python.hover()
            await python.click()  # a tap shows the evidence under the chips
            evidence = await card.locator(".ats-evidence").inner_text()
            assert evidence.startswith("Python") and "CV" in evidence, evidence
            assert await python.get_attribute("aria-expanded") == "true"
            assert await page.get_by_role("button", name="1. Apply").count() == 1  # the fix buttons under the card
            ARTIFACTS.mkdir(exist_ok=True)
            await card.screenshot(path=str(ARTIFACTS / "web-ats-card.png"))

            await page.reload()
            await assistant.first.wait_for(timeout=20_000)
            await page.locator('a[href^="/thread/"]').first.click(timeout=20_000)
            again = page.locator(".ats-card")
            await again.wait_for(timeout=20_000)
            assert await again.locator(".ats-score").inner_text() == score
            assert await again.locator('[role="meter"]').count() == 5
            assert await again.locator(".ats-chip").count() == await chips.count()
            await again.scroll_into_view_if_needed()
            await page.screenshot(path=str(ARTIFACTS / "web-ats-card-resumed.png"))
        finally:
            await browser.close()
    assert refused == []
