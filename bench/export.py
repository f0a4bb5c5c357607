"""PDF export speed: the long-running server's render pool (the first PDF after start-up, then warm ones),
in-process renders, a cold `altoc export` process, and headless Chromium printing the same HTML (what
Reactive Resume and Resume-Matcher do). Medians of N runs of a 2-page CV.

The server figures come from a new process that does what `altoc serve` does: it loads the CV model,
starts the render pool and lets it warm up (as the server does while it starts), then exports.

Run: .venv/bin/python bench/export.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CV = ROOT / "bench" / "fixtures" / "two_page_cv.json"
ALTOC = Path(sys.executable).parent / "altoc"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
]  # fmt: skip


def median_ms(run: object, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def server_part(runs: int) -> None:
    """In a new process, as in `altoc serve`: (first PDF after the warm-up, median of the next ones) as JSON."""
    import threading

    from app.cv.model import Resume
    from app.render import render_cv
    from app.render.pool import start_render_pool, stop_render_pool

    resume = Resume.model_validate(json.loads(CV.read_text()))
    pool = start_render_pool(2, 60.0)  # what `altoc serve` starts: warm processes, one render each at a time
    try:
        pool.wait_ready()
        for thread in threading.enumerate():
            if thread.name == "altoc-render-warm-up":  # this process's part, if not done yet
                thread.join()
        start = time.perf_counter()
        rendered = render_cv(resume, "pdf")
        first = (time.perf_counter() - start) * 1000
        assert rendered.pages == 2 and rendered.check is not None and rendered.check.ok, rendered.check
        warm, _ = median_ms(lambda: render_cv(resume, "pdf"), runs)
    finally:
        stop_render_pool()
    print(json.dumps({"first": first, "warm": warm}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--server-part", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.server_part:
        server_part(args.runs)
        return
    done = subprocess.run(
        [sys.executable, __file__, "--server-part", "--runs", str(args.runs)], check=True, capture_output=True
    )
    server = json.loads(done.stdout)

    from app.cv.model import Resume
    from app.render import render_cv

    resume = Resume.model_validate(json.loads(CV.read_text()))
    first = time.perf_counter()
    rendered = render_cv(resume, "pdf")
    first_ms = (time.perf_counter() - first) * 1000
    assert rendered.pages == 2 and rendered.check is not None and rendered.check.ok, rendered.check
    warm, _ = median_ms(lambda: render_cv(resume, "pdf"), args.runs)
    render_only, _ = median_ms(lambda: render_cv(resume, "html"), args.runs)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cv.pdf"
        html = Path(tmp) / "cv.html"
        html.write_bytes(render_cv(resume, "html").data)
        cli = [str(ALTOC), "export", "--cv-file", str(CV), "--format", "pdf", "-o", str(out)]
        cold, _ = median_ms(lambda: subprocess.run(cli, check=True, capture_output=True), args.runs)
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        chrome_ms: float | None = None
        if Path(chromium).exists():
            runs = iter(range(args.runs))

            def print_with_chromium() -> None:
                profile = f"{tmp}/profile-{next(runs)}"  # a new profile each time: a cold browser
                cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}/chrome.pdf",
                       html.as_uri()]  # fmt: skip
                subprocess.run(cmd, check=True, capture_output=True)

            chrome_ms, _ = median_ms(print_with_chromium, args.runs)

    print(f"PDF export of a 2-page CV ({CV.name}), medians of {args.runs} runs")
    print("| measurement | median |")
    print("|---|---|")
    print(f"| server: first PDF after start-up (pool warmed up), incl. parse-back check | {server['first']:.0f} ms |")
    print(f"| server: warm render_cv(..., 'pdf') through the render pool | {server['warm']:.0f} ms |")
    print(f"| first render in a new process (WeasyPrint loads) | {first_ms:.0f} ms |")
    print(f"| warm render_cv(..., 'pdf') in process, incl. parse-back check | {warm:.0f} ms |")
    print(f"| warm render_cv(..., 'html') (layout data only) | {render_only:.1f} ms |")
    print(f"| cold `altoc export --cv-file ... --format pdf` process | {cold:.0f} ms |")
    if chrome_ms is not None:
        print(f"| cold `chromium --headless --print-to-pdf` of the same HTML | {chrome_ms:.0f} ms |")
    else:
        print("| chromium | not installed (apt-get install chromium) |")


if __name__ == "__main__":
    main()
