"""The server's render processes: the same PDF as in process, and a process that dies is replaced."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from app.cv.model import Resume
from app.errors import InvalidInput
from app.render import _html, render_cv
from app.render.document import build_document
from app.render.pool import RenderPool, start_render_pool, stop_render_pool

FULL = Path(__file__).parents[2] / "fixtures" / "full_resume.json"


def test_render_cv_goes_through_the_pool_and_survives_a_killed_process() -> None:
    resume = Resume.model_validate(json.loads(FULL.read_text()))
    pool = start_render_pool(1, 60.0)
    try:
        rendered = render_cv(resume, "pdf", template="modern")
        assert rendered.pages == 2 and rendered.check is not None and rendered.check.ok, rendered.check
        worker = pool._idle.get()
        os.kill(worker.process.pid, signal.SIGKILL)  # e.g. the kernel's OOM killer, while idle
        worker.process.wait()
        pool._idle.put(worker)
        again = render_cv(resume, "pdf")
        assert again.pages == 2 and again.check is not None and again.check.ok
    finally:
        stop_render_pool()


def test_a_render_error_is_a_message_and_the_process_stays() -> None:
    pool = RenderPool(1, 60.0)
    try:
        html = _html(build_document(Resume.model_validate({"basics": {"name": "Ada"}}), "en"), "classic")
        pdf, pages = pool.render(html, "classic", "a4")
        assert pdf.startswith(b"%PDF") and pages == 1
        pid = pool._all[0].process.pid
        with pytest.raises(InvalidInput, match="The PDF could not be made"):
            pool.render(html, "no-such-design", "a4")
        assert pool._all[0].process.pid == pid and pool.render(html, "classic", "letter")[1] == 1
    finally:
        pool.close()
