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
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CV = ROOT / "bench" / "fixtures" / "two_page_cv.json"
ALTOC = Path(sys.executable).parent / "altoc"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
]  # fmt: skip


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (a cold CLI, and what it ran)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def median_ms(run: Callable[[], object], runs: int, cpu: Callable[[], float] = cpu_seconds) -> tuple[float, float]:
    """Medians of wall-clock and CPU milliseconds. On a busy machine the wall clock says little; CPU time
    (here and in the processes `cpu` counts) is what a change of code changes."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        run()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((cpu() - start_cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def server_part(runs: int) -> None:
    """In a new process, as in `altoc serve`: the first PDF after the warm-up and the next ones, as JSON."""
    import threading

    import psutil

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
        workers = [psutil.Process(w.process.pid) for w in pool._all]

        def cpu() -> float:  # this process's and its render processes'
            return time.process_time() + sum(sum(w.cpu_times()[:2]) for w in workers)

        first = median_ms(lambda: render_cv(resume, "pdf"), 1, cpu)
        warm = median_ms(lambda: render_cv(resume, "pdf"), runs, cpu)
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
    first = median_ms(lambda: render_cv(resume, "pdf"), 1)
    rendered = render_cv(resume, "pdf")
    assert rendered.pages == 2 and rendered.check is not None and rendered.check.ok, rendered.check
    warm = median_ms(lambda: render_cv(resume, "pdf"), args.runs)
    render_only = median_ms(lambda: render_cv(resume, "html"), args.runs)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cv.pdf"
        html = Path(tmp) / "cv.html"
        html.write_bytes(render_cv(resume, "html").data)
        cli = [str(ALTOC), "export", "--cv-file", str(CV), "--format", "pdf", "-o", str(out)]
        cold = median_ms(lambda: subprocess.run(cli, check=True, capture_output=True), args.runs)
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        chrome: tuple[float, float] | None = None
        if Path(chromium).exists():
            runs = iter(range(args.runs))

            def print_with_chromium() -> None:
                profile = f"{tmp}/profile-{next(runs)}"  # a new profile each time: a cold browser
                cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}/chrome.pdf",
                       html.as_uri()]  # fmt: skip
                subprocess.run(cmd, check=True, capture_output=True)

            chrome = median_ms(print_with_chromium, args.runs)

    rows = [
        ("server: first PDF after start-up (pool warmed up), incl. parse-back check", server["first"]),
        ("server: warm render_cv(..., 'pdf') through the render pool", server["warm"]),
        ("first render in a new process (WeasyPrint loads)", first),
        ("warm render_cv(..., 'pdf') in process, incl. parse-back check", warm),
        ("warm render_cv(..., 'html') (layout data only)", render_only),
        ("cold `altoc export --cv-file ... --format pdf` process", cold),
    ]
    if chrome is not None:
        rows.append(("cold `chromium --headless --print-to-pdf` of the same HTML", chrome))
    print(f"PDF export of a 2-page CV ({CV.name}), medians of {args.runs} runs; load {os.getloadavg()[0]:.1f}")
    print("| measurement | wall clock | CPU |")
    print("|---|---|---|")
    for name, (wall, cpu) in rows:
        digits = 1 if wall < 10 else 0
        print(f"| {name} | {wall:.{digits}f} ms | {cpu:.{digits}f} ms |")
    if chrome is None:
        print("| chromium | not installed (apt-get install chromium) | |")


if __name__ == "__main__":
    main()
