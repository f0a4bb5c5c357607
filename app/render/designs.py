"""The PDF designs and the fonts they use (OFL fonts shipped by the `rendercv-fonts` package)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"
THUMBNAILS_DIR = Path(__file__).parent / "thumbnails"  # drawn by scripts/make_thumbnails.py
THUMBNAIL_WIDTH = 300  # pixels


@dataclass(frozen=True)
class Design:
    """One PDF design. Adding one: an entry in DESIGNS, its stylesheet, templates/<name>.css, and its thumbnail
    (run scripts/make_thumbnails.py).

    academic_order: education, publications and awards come first. tight_page: smaller page margins.
    stylesheet: where its CSS is, when not templates/<name>.css.
    """

    name: str
    description: str
    font: str
    academic_order: bool = False
    tight_page: bool = False
    stylesheet: Path | None = None

    def css(self) -> str:
        return (self.stylesheet or TEMPLATES_DIR / f"{self.name}.css").read_text(encoding="utf-8")

    def thumbnail(self) -> bytes | None:
        """Page 1 of a sample CV in this design, as a small PNG; None until the script has drawn it."""
        path = thumbnail_path(self.name)
        return path.read_bytes() if path.is_file() else None


def thumbnail_path(design: str) -> Path:
    return THUMBNAILS_DIR / f"{design}.png"


DESIGNS: dict[str, Design] = {
    d.name: d
    for d in (
        Design("classic", "One column, centred header, black rules; Source Sans 3. Safe for any application.",
               "Source Sans 3"),
        Design("modern", "One column with a teal accent for the name and headings; Lato.", "Lato"),
        Design("compact", "Small type and tight spacing that fits a typical career on one page; Roboto.", "Roboto",
               tight_page=True),
        Design("academic", "Education, publications and awards first; EB Garamond.", "EB Garamond",
               academic_order=True),
    )
}  # fmt: skip

# Files per family: regular, bold, italic, bold italic.
_FACES = {
    "Source Sans 3": ("SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-Italic", "SourceSans3-BoldItalic"),
    "Lato": ("Lato-Regular", "Lato-Bold", "Lato-Italic", "Lato-BoldItalic"),
    "Roboto": ("Roboto-Regular", "Roboto-Bold", "Roboto-Italic", "Roboto-BoldItalic"),
    "EB Garamond": ("EBGaramond-Regular", "EBGaramond-Bold", "EBGaramond-Italic", "EBGaramond-BoldItalic"),
    "Noto Sans": ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"),
}
# Chinese, Japanese and Korean names and text: Noto Sans CJK faces (about 10 MB each), loaded only
# for CVs that contain such characters.
_CJK_FACES = {
    "Noto Sans SC": ("NotoSansSC-Regular", "NotoSansSC-Bold"),
    "Noto Sans JP": ("NotoSansJP-Regular", "NotoSansJP-Bold"),
    "Noto Sans KR": ("NotoSansKR-Regular", "NotoSansKR-Bold"),
}
FALLBACK = "Noto Sans"  # Latin, Greek and Cyrillic for every design


@cache
def fonts_dir() -> Path:
    import rendercv_fonts

    return Path(rendercv_fonts.__file__).resolve().parent  # resolved: font URLs are compared resolved


def _face_rule(family: str, path: Path, weight: int, italic: bool) -> str:
    return (
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {'italic' if italic else 'normal'}; }}"
    )


def needs_fallback(text: str) -> bool:
    """True when the text has letters beyond Latin (Cyrillic, Greek...): the Noto Sans faces then load too.

    Loading a face costs a few tens of milliseconds, so a Latin-only CV skips them.
    """
    return any(ord(c) > 0x024F and not (0x2000 <= ord(c) <= 0x20CF) and c.isalpha() for c in text)


def font_faces(family: str) -> str:
    folder = fonts_dir() / ("Noto Sans" if family.startswith("Noto Sans") else family)
    if family in _CJK_FACES:
        regular, bold = _CJK_FACES[family]
        return "\n".join(
            _face_rule(family, folder / f"{name}.ttf", weight, False) for name, weight in ((regular, 400), (bold, 700))
        )
    # Bold italic is left to synthesis: no design uses it, and each face costs load time.
    regular, bold, italic, _ = _FACES[family]
    faces = ((regular, 400, False), (bold, 700, False), (italic, 400, True))
    return "\n".join(_face_rule(family, folder / f"{name}.ttf", w, i) for name, w, i in faces)


def cjk_families() -> list[str]:
    return list(_CJK_FACES)


def needs_cjk(text: str) -> bool:
    return any(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff"
        for c in text
    )
