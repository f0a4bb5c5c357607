"""The one check a whole CV document passes before it is stored or handed on: its size, then the CV model.

Apart from app/cv/service.py so that the import's worker process (app/imports) can use it without loading
the database layer.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.cv.errors import invalid_cv
from app.cv.limits import check_cv_size
from app.cv.model import Resume


def validate_document(
    data: dict[str, Any], intro: str = "That change does not fit the CV", size_intro: str = "That CV is too big"
) -> Resume:
    """The document as a Resume, or InvalidInput: over a size limit (app/cv/limits.py), or not valid."""
    check_cv_size(data, intro=size_intro)
    try:
        return Resume.model_validate(data)
    except ValidationError as exc:
        raise invalid_cv(exc, intro=intro) from None
