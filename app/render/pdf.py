"""HTML to PDF with WeasyPrint: fonts and compiled styles stay warm; nothing outside our fonts is fetched."""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from app.render.designs import (
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
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _make_fetcher() -> Any:
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
            page = (COMPACT_PAGE if design.tight_page else PAPER_CSS)[paper]
            css = "\n".join(
                [
                    faces,
                    page,
                    (TEMPLATES_DIR / "base.css").read_text(encoding="utf-8"),
                    f"body {{ font-family: {stack}; }}",
                    design.css(),
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


def render_pdf(html: str, design: Design, paper: str) -> tuple[bytes, int]:
    """(PDF bytes, page count): by the server's render pool when it runs one (side by side, warm, with a
    time limit), else in this process (a one-shot command: `altoc export`, scripts, tests)."""
    from app.render.pool import current_pool

    pool = current_pool()
    if pool is not None:
        return pool.render(html, design.name, paper)
    return renderer().render(html, design, paper)
