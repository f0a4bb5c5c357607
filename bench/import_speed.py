"""CV import speed: a dense 2-page PDF read and structured offline, in process (the reader, then the builder) and
end to end as the product does it (sniffed, read in the limited child process). Medians of N runs.

The PDF is bench/fixtures/two_page_cv.json through our classic design; the same CV as DOCX and as a two-column
PDF printed by Chromium (the import corpus's layout, when Chromium is installed) are timed too, and so is the
corpus CV with the most text that still sets on two pages.

Run: .venv/bin/python bench/import_speed.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.export import median_ms  # noqa: E402  (wall clock and CPU, the ended children's too)

CV = ROOT / "bench" / "fixtures" / "two_page_cv.json"
TARGET_MS = 300


def chromium_pdf() -> bytes | None:
    """The same CV printed by Chromium in the corpus's two-column layout, or None without Chromium."""
    from bench.import_corpus.generate import CorpusCv
    from bench.import_corpus.layouts import LAYOUTS, render_html
    from bench.import_corpus.render import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    cv = CorpusCv("speed", "en", json.loads(CV.read_text()), photo=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(render_html(cv.document, cv.language, LAYOUTS["chromium-2col"], None))
            return page.pdf(format="A4", print_background=True)
        finally:
            browser.close()


def densest_two_pages() -> tuple[bytes, int]:
    """The corpus CV with the most text that our classic design still sets on two pages, and its characters."""
    from app.cv.model import Resume
    from app.render import render_cv
    from bench.import_corpus.generate import corpus

    for cv in sorted(corpus(), key=lambda c: len(json.dumps(c.document, ensure_ascii=False)), reverse=True):
        rendered = render_cv(Resume.model_validate(cv.document), "pdf", template="classic", language=cv.language)
        if rendered.pages == 2:
            import pypdfium2

            pdf = pypdfium2.PdfDocument(rendered.data)
            try:
                chars = sum(len(page.get_textpage().get_text_range()) for page in pdf)
            finally:
                pdf.close()
            return rendered.data, chars
    raise SystemExit("no corpus CV sets on exactly two pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from app.config import get_settings
    from app.cv.model import Resume
    from app.imports.pdf import read_pdf
    from app.imports.service import import_bytes, import_limits, read_cv_file
    from app.imports.structure import build_resume
    from app.render import render_cv
    from app.uploads import sniff

    settings = get_settings()
    resume = Resume.model_validate(json.loads(CV.read_text()))
    rendered = render_cv(resume, "pdf", template="classic")
    assert rendered.pages == 2, rendered.pages
    pdf, docx = rendered.data, render_cv(resume, "docx").data
    limits = import_limits(settings)[1]
    result = import_bytes("cv.pdf", pdf, settings)  # warms the readers' imports
    found = result.document
    document = read_pdf(pdf, "cv.pdf", limits)

    dense, dense_chars = densest_two_pages()
    rows = [
        ("in process: import_bytes(2-page PDF), reader + builder",
         median_ms(lambda: import_bytes("cv.pdf", pdf), args.runs)),
        (f"in process: import_bytes(the densest 2-page corpus CV, {dense_chars:,} characters)",
         median_ms(lambda: import_bytes("dense.pdf", dense), args.runs)),
        ("in process: the PDF reader alone (read_pdf)", median_ms(lambda: read_pdf(pdf, "cv.pdf", limits), args.runs)),
        ("in process: the builder alone (build_resume)", median_ms(lambda: build_resume(document), args.runs)),
        ("in process: import_bytes(the same CV as DOCX)", median_ms(lambda: import_bytes("cv.docx", docx), args.runs)),
    ]  # fmt: skip
    chrome = chromium_pdf()
    if chrome is not None:
        import_bytes("cv2.pdf", chrome)
        rows.append(("in process: import_bytes(Chromium two-column PDF of the same CV)",
                     median_ms(lambda: import_bytes("cv2.pdf", chrome), args.runs)))  # fmt: skip
    sniffed = sniff("cv.pdf", pdf, settings.max_upload_bytes)
    rows.append(("end to end: sniffed, read in the limited child process (read_cv_file)",
                 median_ms(lambda: read_cv_file(sniffed, settings), max(3, args.runs // 2))))  # fmt: skip

    jobs, schools = len(found.get("work") or []), len(found.get("education") or [])
    print(f"CV import of {CV.name} (classic design, {rendered.pages} pages, {len(pdf) // 1024} KB; "
          f"read back: {jobs} job{'s' if jobs != 1 else ''}, "
          f"{schools} school{'s' if schools != 1 else ''}), "
          f"medians of {args.runs} runs; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| measurement | wall clock | CPU |")
    print("|---|---|---|")
    for name, (wall, cpu) in rows:
        digits = 1 if wall < 10 else 0
        print(f"| {name} | {wall:.{digits}f} ms | {cpu:.{digits}f} ms |")
    if chrome is None:
        print("| Chromium two-column PDF | chromium not installed | |")
    in_process = rows[0][1][0]
    print(f"Target: a 2-page PDF in process ≤ {TARGET_MS} ms (median): {in_process:.0f} ms, "
          f"{'met' if in_process <= TARGET_MS else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
