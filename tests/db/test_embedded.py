"""The embedded server survives killed processes; DATABASE_URL servers without pgvector are refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.errors import ConfigurationError
from db.embedded import start_embedded_server
from db.session import check_pgvector, normalize_url

KILLED_OWNER = """
import os, signal, sys
from pathlib import Path
from db.embedded import start_embedded_server
start_embedded_server(Path(sys.argv[1]))
print("started", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _postmaster_pid(pgdata: Path) -> int | None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    pid = int(pidfile.read_text().splitlines()[0])
    return pid if psutil.pid_exists(pid) else None


@pytest.mark.slow
def test_server_leaked_by_a_killed_process_is_adopted_and_stopped(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    proc = subprocess.run([sys.executable, "-c", KILLED_OWNER, str(pgdata)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL and "started" in proc.stdout, proc.stderr
    leaked = _postmaster_pid(pgdata)
    assert leaked is not None, "the killed process should have left the server running"
    assert json.loads((pgdata / ".handle_pids.json").read_text()) != []

    server = start_embedded_server(pgdata)
    assert _postmaster_pid(pgdata) == leaked  # adopted, not restarted
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == [os.getpid()]
    server.cleanup()
    deadline = time.monotonic() + 10
    while _postmaster_pid(pgdata) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _postmaster_pid(pgdata) is None, "the last owner must stop the server"


def test_url_forms_providers_hand_out() -> None:
    assert normalize_url("postgres://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    with pytest.raises(ConfigurationError, match="must point at PostgreSQL"):
        normalize_url("mysql://u@h/db")


def _debian_postgres() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found and shutil.which("runuser") else None


@pytest.fixture
def plain_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server without pgvector (Debian's), on a unix socket, as the postgres user."""
    bindir = _debian_postgres()
    if bindir is None or os.geteuid() != 0:
        pytest.skip("needs Debian's postgresql server package and root (to run it as 'postgres')")
    base = Path("/tmp") / f"altoc-plainpg-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir()
    shutil.chown(base, "postgres", "postgres")
    pgdata, run = str(base / "data"), ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*run, str(bindir / "initdb"), "-D", pgdata, "-A", "trust", "-U", "postgres"], check=True, capture_output=True
    )
    subprocess.run(
        [*run, str(bindir / "pg_ctl"), "-D", pgdata, "-w", "-l", str(base / "log"), "-o", f"-h '' -k {base}", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@/postgres?host={base}"
    finally:
        subprocess.run([*run, str(bindir / "pg_ctl"), "-D", pgdata, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_server_without_pgvector_gets_a_clear_message(plain_postgres: str) -> None:
    if _has_vector(plain_postgres):
        pytest.skip("this Debian server has pgvector installed")
    with pytest.raises(ConfigurationError, match="does not have the pgvector extension") as info:
        check_pgvector(normalize_url(plain_postgres))
    assert "unset DATABASE_URL" in info.value.message


def test_altoc_db_upgrade_reports_missing_pgvector(plain_postgres: str, tmp_path: Path) -> None:
    if _has_vector(plain_postgres):
        pytest.skip("this Debian server has pgvector installed")
    env = {**os.environ, "DATABASE_URL": plain_postgres, "ALTOC_DATA_DIR": str(tmp_path)}
    altoc = Path(sys.executable).parent / "altoc"
    proc = subprocess.run(
        [str(altoc), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("altoc: The PostgreSQL server at postgresql+psycopg://postgres@/postgres")
    assert "Traceback" not in proc.stderr


def test_unreachable_database_url(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="Cannot connect to the database"):
        check_pgvector(normalize_url(f"postgresql://postgres@/postgres?host={tmp_path}"))


def _has_vector(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(normalize_url(url))
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).scalar()
    engine.dispose()
    return bool(found)
