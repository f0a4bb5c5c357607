"""Draw app/render/thumbnails/<design>.png: page 1 of a sample CV in each design, about 300 px wide.

The chats offer the designs with these pictures (/export). Re-run it after adding or changing a design:
  PYTHONPATH=. .venv/bin/python scripts/make_thumbnails.py
tests/app/render/test_thumbnails.py fails while a design has no thumbnail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.cv.model import Resume  # noqa: E402
from app.render import render_cv, render_preview_png  # noqa: E402
from app.render.designs import DESIGNS, THUMBNAIL_WIDTH, thumbnail_path  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "full_resume.json"  # Maria Kowalska: every section filled


def main() -> int:
    resume = Resume.model_validate(json.loads(SAMPLE.read_text(encoding="utf-8")))
    for name in DESIGNS:
        pdf = render_cv(resume, "pdf", template=name).data
        target = thumbnail_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_preview_png(pdf, THUMBNAIL_WIDTH))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
