"""The corpus's files: each CV through every design of ours, as DOCX, as HTML printed by headless Chromium, and
typeset by Typst (RenderCV-like layouts).

Files are cached under `<out>/<version>/`, the version a hash of the generator, of our renderer's code and
templates and of Typst's version, so a change to either makes a new corpus and an unchanged one is never rendered
twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.render.designs import DESIGNS
from bench.import_corpus.generate import ROOT, CorpusCv
from bench.import_corpus.layouts import LAYOUTS, photo_data_url, render_html
from bench.import_corpus.typst_layouts import TYPST_LAYOUTS, photo_png, render_typst

DEFAULT_OUT = Path(tempfile.gettempdir()) / "altoc-import-corpus"
KINDS: tuple[str, ...] = (*DESIGNS, "docx", *LAYOUTS, *TYPST_LAYOUTS)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One file of the corpus: a CV rendered one way."""

    cv: CorpusCv
    kind: str
    path: Path

    @property
    def filename(self) -> str:
        return self.path.name


def version() -> str:
    """A hash of what the files are made from: the generator, our renderer and Typst."""
    from importlib.metadata import version as package_version

    digest = hashlib.sha256(package_version("typst").encode())
    names = ("generate", "words", "layouts", "typst_layouts", "render")
    sources = [ROOT / "bench" / "import_corpus" / f"{name}.py" for name in names]
    sources += sorted((ROOT / "bench" / "import_corpus" / "templates").glob("*.j2"))
    sources += sorted(p for p in (ROOT / "app" / "render").rglob("*") if p.suffix in (".py", ".css", ".j2"))
    sources += [ROOT / "app" / "cv" / "sections.py", ROOT / "app" / "cv" / "model.py"]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def items_for(cvs: list[CorpusCv], out: Path, kinds: list[str]) -> list[Item]:
    folder = out / version()
    return [
        Item(cv, kind, folder / f"{cv.id}.{kind}.{'docx' if kind == 'docx' else 'pdf'}") for cv in cvs for kind in kinds
    ]


def _write(path: Path, data: bytes) -> None:
    """Whole files only: a run stopped half-way leaves no truncated file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)


def render_ours(cv: CorpusCv, kind: str, path: Path) -> None:
    """A design of ours (PDF), our DOCX or a Typst layout, in the CV's language."""
    from app.cv.model import Resume
    from app.render import render_cv

    if kind in TYPST_LAYOUTS:
        photo = photo_png(cv.id) if cv.photo else None
        _write(path, render_typst(cv.document, cv.language, TYPST_LAYOUTS[kind], photo))
        return
    resume = Resume.model_validate(cv.document)
    if kind == "docx":
        _write(path, render_cv(resume, "docx", language=cv.language).data)
    else:
        _write(path, render_cv(resume, "pdf", template=kind, language=cv.language).data)


def print_with_chromium(items: list[Item]) -> None:
    """Our HTML layouts printed by one headless Chromium, one page reused."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for item in items:
                photo = photo_data_url(item.cv.id) if item.cv.photo else None
                page.set_content(render_html(item.cv.document, item.cv.language, LAYOUTS[item.kind], photo))
                _write(item.path, page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
        finally:
            browser.close()


def ensure_corpus(cvs: list[CorpusCv], out: Path, kinds: list[str], workers: int = 2) -> list[Item]:
    """Every (CV, kind) file, rendering only the missing ones: ours in worker processes, Chromium's meanwhile."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise SystemExit(f"Unknown kinds {sorted(unknown)}; choose from {', '.join(KINDS)}")
    items = items_for(cvs, out, kinds)
    missing = [item for item in items if not item.path.exists()]
    ours = [item for item in missing if item.kind not in LAYOUTS]
    chromium = [item for item in missing if item.kind in LAYOUTS]
    if ours:
        with ProcessPoolExecutor(workers) as pool:
            futures: list[Future[None]] = [pool.submit(render_ours, i.cv, i.kind, i.path) for i in ours]
            if chromium:
                print_with_chromium(chromium)
            for future in futures:
                future.result()
    elif chromium:
        print_with_chromium(chromium)
    return items
