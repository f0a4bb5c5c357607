"""The server's render processes: the same PDF as in process, and a process that dies is replaced."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.cv.model import Resume
from app.errors import InvalidInput
from app.render import _html, render_cv
from app.render.document import build_document
from app.render.pool import RenderPool, start_render_pool, stop_render_pool
from app.sandbox import module_command

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


def test_the_pool_makes_the_same_pdf_as_this_process() -> None:
    from app.render.designs import DESIGNS
    from app.render.pdf import renderer

    resume = Resume.model_validate(json.loads(FULL.read_text()))
    html = _html(build_document(resume, "en"), "modern")
    pool = RenderPool(1, 60.0)
    try:
        assert pool.render(html, "modern", "letter") == renderer().render(html, DESIGNS["modern"], "letter")
    finally:
        pool.close()


def test_the_warm_up_page_renders() -> None:
    from app.render.check import pdf_text
    from app.render.designs import DESIGNS
    from app.render.pdf import renderer
    from app.render.pool import WARM_UP_HTML

    pdf, pages = renderer().render(WARM_UP_HTML, DESIGNS["classic"], "a4")
    text = "".join(pdf_text(pdf))
    assert pages == 1 and "Ada Lovelace" in text and "Bernoulli numbers" in text


_SERVER_START = """
import sys, threading
from app.render.pool import start_render_pool, stop_render_pool
pool = start_render_pool(1, 60.0)
for thread in threading.enumerate():
    if thread.name == "altoc-render-warm-up":
        thread.join(60)
from app.render import jinja_templates
ready = "pypdfium2" in sys.modules and "cv.html.j2" in {t.name for t in jinja_templates().cache.values()}
print(ready, "weasyprint" in sys.modules, "pydantic_core" in sys.modules)
stop_render_pool()
"""


def test_a_started_pool_prepares_this_process_which_never_loads_weasyprint() -> None:
    """The server's part of an export (the CV's HTML, the parse-back check) is ready before anyone asks;
    WeasyPrint lives only in the render processes."""
    command, env = module_command("app.render.pool")
    done = subprocess.run(
        [sys.executable, "-P", "-c", _SERVER_START], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["True", "False", "True"], done.stderr
