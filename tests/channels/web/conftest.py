"""Chainlit reads its app root when first imported: every test here that imports it gets a temporary one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def chainlit_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """CHAINLIT_APP_ROOT for this module: a prepared app root in a temp dir (importing chainlit writes there)."""
    from channels.web.channel import prepare_app_root

    root = prepare_app_root(tmp_path_factory.mktemp("web-root"), "127.0.0.1", 8000)
    mp = pytest.MonkeyPatch()
    mp.setenv("CHAINLIT_APP_ROOT", str(root))
    mp.setenv("CHAINLIT_ENV_FILE", str(root / "absent.env"))  # chainlit would load ./.env into os.environ
    yield root
    mp.undo()
