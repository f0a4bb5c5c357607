"""HTML to PDF with WeasyPrint: fonts and compiled styles stay warm; nothing outside our fonts is fetched."""

from __future__ import annotations

import atexit
import logging
import os
import re
import struct
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from app.render.designs import (
    DESIGNS,
    FALLBACK,
    TEMPLATES_DIR,
    Design,
    cjk_families,
    font_faces,
    fonts_dir,
    needs_cjk,
    needs_fallback,
)

# WeasyPrint warns about every resource it could not load; refusals are intended here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

PAPER_CSS = {"a4": "@page { size: A4; margin: 16mm 17mm; }", "letter": "@page { size: letter; margin: 0.65in 0.7in; }"}
COMPACT_PAGE = {
    "a4": "@page { size: A4; margin: 11mm 12mm; }",
    "letter": "@page { size: letter; margin: 0.45in 0.5in; }",
}


@cache
def load_weasyprint() -> Any:
    """Import WeasyPrint about 0.2 s faster on Linux.

    WeasyPrint tries Windows-style library names first; for each miss, cffi asks
    `ctypes.util.find_library`, which runs `ldconfig` and `gcc` in subprocesses, about 20 times per
    cold start. The Linux sonames in WeasyPrint's list load directly, so the lookup is switched off
    during the import; if that ever fails (another platform), the import is simply repeated.
    """
    import ctypes.util

    original = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint
    finally:
        ctypes.util.find_library = original
    from weasyprint.text.ffi import ffi

    _speed_up_type_parsing(ffi)
    return weasyprint


_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def _speed_up_type_parsing(ffi: Any) -> None:
    """Make cffi parse a type string ("PangoRectangle *") in 0.2 ms instead of 10 ms.

    WeasyPrint asks cffi for about fifteen types on its first render. For each, cffi's parser puts a
    `typedef int NAME;` line for every one of WeasyPrint's hundreds of typedefs in front of the
    string and runs pycparser over all of it (≈ 150 ms per process). Only the names the string
    mentions matter to that parse; the typedefs are still all known when cffi then resolves the
    type. Applied only where cffi looks as expected (version-proof: otherwise nothing changes).
    """
    parser: Any = getattr(ffi, "_parser", None)
    original = getattr(parser, "_parse", None)
    if parser is None or original is None or not isinstance(getattr(parser, "_declarations", None), dict):
        return
    if getattr(original, "altoc_fast", False):
        return

    def parse(csource: str) -> Any:
        if not csource.startswith("void __dummy("):  # cdef() and everything else: unchanged
            return original(csource)
        declarations = parser._declarations
        mentioned = set(_IDENTIFIER.findall(csource))
        parser._declarations = {
            name: value
            for name, value in declarations.items()
            if not name.startswith("typedef ") or name[8:] in mentioned
        }
        try:
            return original(csource)
        finally:
            parser._declarations = declarations

    parse.altoc_fast = True  # type: ignore[attr-defined]
    parser._parse = parse


@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _make_fetcher() -> Any:
    load_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the shipped font files (from memory) and refuses every other URL, remembering it."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"})
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if path.suffix in (".ttf", ".otf") and path.is_relative_to(fonts_dir()):
                    return URLFetcherResponse(url, body=_font_bytes(path))
            self.refused.append(url)
            raise ValueError(f"not fetched: {url[:80]}")

    return AssetFetcher()


@dataclass
class PdfRenderer:
    """One per process. WeasyPrint's font configuration is not thread-safe: renders take turns."""

    fetcher: Any = field(default_factory=_make_fetcher)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _font_config: Any = None
    _styles: dict[tuple[str, str, bool, bool], list[Any]] = field(default_factory=dict)

    def _stylesheets(self, design: Design, paper: str, fallback: bool, cjk: bool) -> list[Any]:
        key = (design.name, paper, fallback, cjk)
        if key not in self._styles:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            if self._font_config is None:
                self._font_config = FontConfiguration()
            families = [design.font, *([FALLBACK] if fallback or cjk else []), *(cjk_families() if cjk else [])]
            faces = "\n".join(font_faces(f) for f in dict.fromkeys(families))
            stack = ", ".join(f'"{f}"' for f in families)
            page = (COMPACT_PAGE if design.name == "compact" else PAPER_CSS)[paper]
            css = "\n".join(
                [
                    faces,
                    page,
                    (TEMPLATES_DIR / "base.css").read_text(encoding="utf-8"),
                    f"body {{ font-family: {stack}; }}",
                    (TEMPLATES_DIR / f"{design.name}.css").read_text(encoding="utf-8"),
                ]
            )
            self._styles[key] = [CSS(string=css, font_config=self._font_config, url_fetcher=self.fetcher)]
        return self._styles[key]

    def render(self, html: str, design: Design, paper: str) -> tuple[bytes, int]:
        """(PDF bytes, page count)."""
        from weasyprint import HTML

        with self._lock:
            stylesheets = self._stylesheets(design, paper, needs_fallback(html), needs_cjk(html))
            document = HTML(string=html, url_fetcher=self.fetcher, base_url=str(TEMPLATES_DIR)).render(
                stylesheets=stylesheets, font_config=self._font_config
            )
            return bytes(document.write_pdf()), len(document.pages)


@cache
def renderer() -> PdfRenderer:
    atexit.register(_release)
    return PdfRenderer()


def _release() -> None:
    """Drop the font configuration while the interpreter still works: its finaliser removes a temp folder."""
    if renderer.cache_info().currsize:
        current = renderer()
        current._styles.clear()
        current._font_config = None
        renderer.cache_clear()


def render_pdf(
    html: str, design: Design, paper: str, meanwhile: Callable[[], object] | None = None
) -> tuple[bytes, int]:
    """(PDF bytes, page count): by the server's render pool when it runs one (side by side, with a time
    limit), else by the worker `start_worker` prepared, if any, else in this process.
    `meanwhile` runs here while the worker renders (what the caller needs next)."""
    global _worker
    from app.render.pool import current_pool

    pool = current_pool()
    if pool is not None:
        return pool.render(html, design.name, paper)
    worker, _worker = _worker, None
    if worker is not None:
        result = worker.render(html, design.name, paper, meanwhile)
        if result is not None:
            return result
    return renderer().render(html, design, paper)


_worker: PdfWorker | None = None


def start_worker(design: str, paper: str) -> None:
    """Prepare WeasyPrint on the second core while this process reads the CV (one-shot processes).

    A cold `altoc export` spends ≈ 0.3 s importing WeasyPrint and loading the design's fonts, and
    ≈ 0.2 s reading, validating and laying out the CV as HTML; neither needs the other until the HTML
    exists. A forked child does the first while the parent does the second; the next `render_pdf`
    hands the HTML to it and gets the PDF back. Only where `fork` is safe and useful (Linux, two or
    more cores, one thread, WeasyPrint not loaded yet); if the child fails in any way, the parent
    renders itself.
    """
    global _worker
    if _worker is not None or not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return
    if "weasyprint" in sys.modules or design not in DESIGNS or paper not in PAPER_CSS:
        return
    if threading.active_count() > 1:  # a fork copies one thread: another one's locks could stay held
        return
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare (limits): render in this one, as everywhere else
        for fd in (request_read, request_write, reply_read, reply_write):
            os.close(fd)
        return
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(request_write)
            os.close(reply_read)
            _serve_one(request_read, reply_write, DESIGNS[design], paper)
            status = 0
        finally:
            os._exit(status)
    os.close(request_read)
    os.close(reply_write)
    _worker = PdfWorker(pid, request_write, reply_read)


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _serve_one(request_fd: int, reply_fd: int, design: Design, paper: str) -> None:
    import shutil
    import tempfile

    # os._exit runs no finalisers, so WeasyPrint's font configuration would leave its temp folder
    # behind: this process keeps its temp files in a folder of its own and removes it at the end.
    tempfile.tempdir = tempfile.mkdtemp(prefix="altoc-pdf-")
    try:
        current = renderer()
        current._stylesheets(design, paper, False, False)  # the design's fonts, loaded while the parent works
        request = _receive(request_fd)
        if not request:  # the parent ended without asking
            return
        name, asked_paper, html = request.decode("utf-8").split("\n", 2)
        try:
            pdf, pages = current.render(html, DESIGNS[name], asked_paper)
        except Exception:  # the parent renders again in its own process and reports the error itself
            return
        _send(reply_fd, struct.pack("<I", pages) + pdf)
    finally:
        shutil.rmtree(tempfile.tempdir, ignore_errors=True)


@dataclass
class PdfWorker:
    """The parent's handle on the child `start_worker` forked: one render, then it is gone."""

    pid: int
    request_fd: int
    reply_fd: int

    def render(
        self, html: str, design: str, paper: str, meanwhile: Callable[[], object] | None = None
    ) -> tuple[bytes, int] | None:
        reply = b""
        try:
            try:
                _send(self.request_fd, f"{design}\n{paper}\n{html}".encode())
            finally:
                os.close(self.request_fd)  # end of the request: the child reads up to here
            if meanwhile is not None:
                meanwhile()
            reply = _receive(self.reply_fd)
        except OSError:  # the child is gone (killed, or failed while starting)
            pass
        finally:
            os.close(self.reply_fd)
            os.waitpid(self.pid, 0)
        if len(reply) < 5:
            return None
        (pages,) = struct.unpack("<I", reply[:4])
        return reply[4:], pages
