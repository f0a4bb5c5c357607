"""Tailoring and the cover letter in the web chat, in a real browser against `altoc serve`: the changes'
buttons under the plan, Apply all, the question about what the ad asks for, and the letter as a PDF."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from app.cv.service import CvService
from db.models import AuthorKind
from db.repositories.users import UserRepository
from tests import webclient
from tests.app.tailor.test_plan import AD, CV
from tests.channels.web.test_serve import ARTIFACTS, Served, server  # noqa: F401  (server: the fixture)
from tests.webclient import CHROMIUM, submit_sign_in


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_tailor_apply_all_answer_and_download_the_letter(browser: Any, server: Served, db: Any) -> None:  # noqa: F811

    from app.render.check import pdf_text

    email, password = f"ana-{uuid.uuid4().hex[:6]}@example.com", "a long enough password"
    status, answer = await asyncio.to_thread(webclient.sign_up, server.url, email, password)
    assert status == 200, answer
    async with db.session_scope() as session:  # the account has a CV already
        person = await UserRepository(session).get_or_create_by_identity("web", email)
        await CvService(session, person.id).create(CV, author=AuthorKind.import_)

    say = webclient.say_in_page

    context = await browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(server.url)
        await submit_sign_in(page, email, password)
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)

        plan = await say(page, "/tailor " + AD)
        assert "variant of your CV for Senior Data Engineer at Tidewater Logistics" in plan, plan
        assert "What I would change:" in plan
        # A diff's old and new lines keep their "-" and "+" in the page (Markdown would make both bullets).
        assert "- Data Engineer\n+ Data Engineer | Python · SQL · Apache Airflow" in plan, plan
        buttons = page.get_by_role("button", name="Apply all")
        assert await buttons.count() == 1
        assert await page.get_by_role("button", name="None", exact=True).count() == 1
        assert await page.get_by_role("button", name="1. Apply: your headline").count() == 1

        before = await assistant.count()
        await buttons.click()
        await assistant.nth(before).wait_for(timeout=30_000)
        await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)
        applied = "\n".join([await assistant.nth(i).inner_text() for i in range(before, await assistant.count())])
        assert re.search(r"Applied \d+ changes as version 2 of the variant .*ATS score \d+ → \d+\.", applied), applied
        assert "The ad asks for Kafka. Have you used it?" in applied

        added = await say(page, "Yes, at Northwind Traders I ran Kafka for the order events of 3 warehouses")
        assert "Added Kafka to your skills" in added, added

        letter = await say(page, "/letter")
        assert "Cover letter for Senior Data Engineer at Tidewater Logistics, version 1" in letter, letter
        assert await page.get_by_role("button", name="Letter as PDF").count() == 1
        await say(page, "/letter pdf")
        name = "Ana_Silva_Cover_Letter_Tidewater_Logistics.pdf"
        link = page.locator(f'a[download="{name}"]')
        await link.wait_for(timeout=30_000)
        async with page.expect_download() as info:
            await link.click()
        pdf = await asyncio.to_thread(Path(await (await info.value).path()).read_bytes)
        assert pdf.startswith(b"%PDF") and "Tidewater Logistics" in " ".join(pdf_text(pdf))
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "tailoring-failed.png"), full_page=True)
        raise
    finally:
        await browser.close()
