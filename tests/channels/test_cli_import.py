"""`altoc import FILE` for CVs in any format: the type from the content, the summary, the id.

Bad files (a picture named .json, broken JSON...) are refused in tests/channels/test_cli.py, one interpreter each.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import Cv, CvVersion
from tests.import_files import full_pdf


async def test_a_pdf_imports_from_the_command_line(altoc: Any, tmp_path: Path, db: Any) -> None:  # noqa: F811
    cv = tmp_path / "cv.data"  # the name says nothing: the content does
    cv.write_bytes(full_pdf())
    imported = altoc("import", str(cv), "--user", "cli")
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr.startswith(f"{cv}: Imported Maria Kowalska from cv.data as CV"), imported.stderr
    assert ": contact details, a summary, 2 jobs, 1 school" in imported.stderr, imported.stderr
    async with db.session_scope() as session:
        ((stored, version),) = (
            await session.execute(
                select(Cv, CvVersion)
                .join(CvVersion, CvVersion.cv_id == Cv.id)
                .where(Cv.id == uuid.UUID(imported.stdout.strip()))  # the id it printed: the CV it stored
            )
        ).all()
    assert (stored.source_name, stored.source_kind, version.summary) == ("cv.data", "pdf", "Imported cv.data (PDF)")
