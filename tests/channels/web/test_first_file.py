"""A new chat whose first message is a file: after a reload, the thread reopened from the history still has it;
a CV dropped in as a PDF is imported."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.channels.web.test_serve import ARTIFACTS, spawn_serve, stop_serve
from tests.import_files import full_pdf
from tests.webclient import CHROMIUM, browser_sign_in

RESUME = Path(__file__).parents[2] / "fixtures" / "full_resume.json"


@pytest.fixture(scope="module")
def served(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = spawn_serve(pg_data_dir, tmp_path_factory.mktemp("first-file-cwd"))
    yield url
    stop_serve(process)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_a_file_sent_as_the_first_message_is_in_the_history_and_a_pdf_cv_imports(
    browser: Any, served: str, db: Any, tmp_path: Path
) -> None:

    upload = tmp_path / "my-resume.json"
    upload.write_bytes(await asyncio.to_thread(RESUME.read_bytes))
    pdf = tmp_path / "Maria CV.pdf"
    pdf.write_bytes(await asyncio.to_thread(full_pdf))
    try:
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await browser_sign_in(page, served, "first-file@example.com", "correct horse battery")
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)

        await page.locator("#upload-button-input").set_input_files(str(upload))
        await page.get_by_text("my-resume.json").first.wait_for(timeout=10_000)
        await page.locator("#chat-submit").click(timeout=10_000)
        await assistant.nth(1).wait_for(timeout=30_000)
        assert "Imported" in await assistant.nth(1).inner_text()

        await page.reload()
        await assistant.first.wait_for(timeout=20_000)
        await page.locator('a[href^="/thread/"]').first.click(timeout=20_000)
        await page.get_by_text("Imported").first.wait_for(timeout=20_000)
        user = page.locator('[data-step-type="user_message"]')
        await user.first.wait_for(timeout=20_000)
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "web-first-file-resumed.png"), full_page=True)
        attached = page.get_by_text("my-resume.json")
        await attached.first.wait_for(timeout=20_000)

        # Stored under its owner's key, so our file route gives it back to her (and only her).
        async with db.engine.connect() as conn:
            (url, key), *_ = (
                await conn.execute(
                    text('SELECT "url", "objectKey" FROM chainlit.elements WHERE "name" = :n'), {"n": upload.name}
                )
            ).all()
        assert not key.startswith("unknown/"), key
        response = await page.request.get(served + url)
        assert response.status == 200 and await response.body() == upload.read_bytes()

        # A CV as a PDF dropped into the same chat is imported (in the same browser: one launch is enough).
        await page.locator("#upload-button-input").set_input_files(str(pdf))
        await page.get_by_text(pdf.name).first.wait_for(timeout=10_000)
        await page.locator("#chat-submit").click(timeout=10_000)
        await page.get_by_text(f"Imported Maria Kowalska from {pdf.name}").first.wait_for(timeout=30_000)
        await page.screenshot(path=str(ARTIFACTS / "web-import-pdf.png"), full_page=True)
    finally:
        await browser.close()
    async with db.engine.connect() as conn:
        sources = (await conn.execute(text("SELECT source_name, source_kind FROM cvs WHERE source_kind = 'pdf'"))).all()
    assert [tuple(row) for row in sources] == [(pdf.name, "pdf")]


def modes(root: Path) -> dict[str, tuple[str, str]]:
    """Every folder and file under `root` (itself included): {"a/b.pdf": ("file", "600"), ".": ("dir", "700")}."""
    found = {}
    for path in [root, *root.rglob("*")]:
        kind = "dir" if path.is_dir() else "file"
        found[str(path.relative_to(root))] = (kind, oct(path.stat().st_mode & 0o777)[2:])
    return found


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_uploads_and_exports_are_readable_by_the_server_user_only(
    browser: Any, served: str, pg_data_dir: Path, db: Any, tmp_path: Path
) -> None:

    web = pg_data_dir / "web"
    upload = tmp_path / "private-resume.json"
    upload.write_bytes(await asyncio.to_thread(RESUME.read_bytes))
    try:
        page = await browser.new_page()
        await browser_sign_in(page, served, "private@example.com", "correct horse battery")
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)
        await page.locator("#upload-button-input").set_input_files(str(upload))
        await page.get_by_text(upload.name).first.wait_for(timeout=10_000)
        await page.locator("#chat-submit").click(timeout=10_000)
        await page.get_by_role("button", name="Show CV").wait_for(timeout=30_000)  # the import's last word
        await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)  # its turn has ended
        await page.fill("#chat-input", "/export json")
        await page.keyboard.press("Enter")
        await page.locator('a[download="Maria_Kowalska_CV.json"]').wait_for(timeout=30_000)
        # While the chat is open: the upload is in Chainlit's .files/, both files in our chat files.
        uploads = await asyncio.to_thread(modes, web / ".files")
        stored = await asyncio.to_thread(modes, web / "chat-files")
    finally:
        await browser.close()
    assert oct(web.stat().st_mode & 0o777) == "0o700"
    assert ("file", "600") in uploads.values(), uploads  # the upload, as Chainlit wrote it
    names = [name for name, (kind, _) in stored.items() if kind == "file"]
    assert any(n.endswith("/" + upload.name) for n in names) and any(
        n.endswith("/Maria_Kowalska_CV.json") for n in names
    )
    for name, (kind, mode) in {**uploads, **stored}.items():
        assert mode == ("700" if kind == "dir" else "600"), (name, kind, mode)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_a_newcomer_sees_no_internals(browser: Any, served: str, tmp_path: Path) -> None:
    """Sign in, send a CV as a file alone, /show it, open the New Chat dialog, reload: what the person sees is
    the product's, and the page asks nothing of any host but this one."""
    from urllib.parse import urlsplit

    upload = tmp_path / "cv.json"
    upload.write_bytes(await asyncio.to_thread(RESUME.read_bytes))
    hosts: set[str] = set()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
        await browser_sign_in(page, served, "newcomer@example.com", "correct horse battery")
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)
        assert "mistakes" not in await page.locator("body").inner_text()  # no model: no model's footer

        await page.locator("#upload-button-input").set_input_files(str(upload))  # a file, no words
        await page.get_by_text(upload.name).first.wait_for(timeout=10_000)
        await page.locator("#chat-submit").click(timeout=10_000)
        await page.get_by_role("button", name="Show CV").wait_for(timeout=30_000)
        await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)
        await page.fill("#chat-input", "/show")
        await page.keyboard.press("Enter")
        shown = assistant.filter(has_text="Designed the ledger service")
        try:
            await shown.first.wait_for(timeout=20_000)
        except Exception:
            await page.screenshot(path=str(ARTIFACTS / "web-no-internals-FAILED.png"), full_page=True)
            raise
        await page.screenshot(path=str(ARTIFACTS / "web-no-internals-show.png"), full_page=True)
        text = await shown.first.inner_text()
        assert "— Staff Engineer\nmaria.k@example.com" in text, text  # its own line, no blank between
        assert "\n• Designed the ledger service that settles 2.1M transactions a day\n• Cut p99" in text, text
        assert "Polish — Native · English — C1 · German — B2" in text
        file_only = page.locator('[data-step-type="user_message"]').filter(has_text=upload.name).first
        await file_only.scroll_into_view_if_needed()
        await page.screenshot(path=str(ARTIFACTS / "web-no-internals-file-only.png"))
        bubbles = file_only.locator(".message-content")
        assert [await bubble.is_visible() for bubble in await bubbles.all()] == [False]  # no empty bubble
        assert await page.locator('[data-step-type="tool"]').count() == 0
        assert '{"' not in await page.locator("body").inner_text()
        title = page.locator('a[href^="/thread/"]').filter(has_text="CV: Maria Kowalska")
        await title.first.wait_for(timeout=10_000)

        await page.locator("#new-chat-button").click()
        dialog = page.locator("#new-chat-dialog")
        await dialog.wait_for(timeout=10_000)
        await page.screenshot(path=str(ARTIFACTS / "web-no-internals-new-chat.png"))
        wording = await dialog.inner_text()
        assert "Your CVs and your past chats stay" in wording and "clear" not in wording, wording
        await page.keyboard.press("Escape")

        await page.reload()
        hint = page.get_by_text("type /show to see your CV")
        await hint.first.wait_for(timeout=20_000)
        await page.screenshot(path=str(ARTIFACTS / "web-no-internals-reload-hint.png"))
        await page.get_by_role("button", name="Show CV").last.click(timeout=10_000)
        await assistant.filter(has_text="Designed the ledger service").nth(1).wait_for(timeout=20_000)
        await page.screenshot(path=str(ARTIFACTS / "web-no-internals-reloaded.png"), full_page=True)
    finally:
        await browser.close()
    assert hosts == {"127.0.0.1"}, hosts
