"""`altoc` as a real process, without paying for its imports each time.

Starting `altoc` costs one to three seconds of imports (SQLAlchemy, Alembic, pydantic, the tools) before a
command does anything, and the command-line tests start it a hundred times. Here one helper process imports
those modules once, then forks a child for each command: the child is a new process with its own working
directory, environment, stdin, stdout and stderr (files, as `subprocess.run` gives pipes), runs the same
`channels.cli.main.main` as the `altoc` script, and ends as an interpreter does (threads joined, atexit
handlers run, streams flushed) with the exit status the script would have. Everything the command does after
its imports (settings from the environment and `.env`, the database, migrations) happens in the child, as in
a fresh process. Nothing is imported in the helper that reads the environment or the working directory at
import time, and it holds no thread (a fork copies only the calling thread) — both are checked as it starts.

A few tests still run the `altoc` script itself (tests/channels/test_cli.py, test_cli_chat.py,
test_cli_imports.py): the entry point, a terminal (pty), and which modules a command loads.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import locale
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ALTOC = str(Path(sys.executable).parent / "altoc")
# What every command imports before it reads its settings (`python -X importtime -m channels.cli.main cv list`).
PRELOAD = (
    "channels.cli.main",
    "channels.registry",
    "app.config",
    "app.assistant.runtime",
    "app.llm.factory",
    "db.session",
    "db.embedded",
    "alembic.command",
)


# --- the helper process ------------------------------------------------------------------------------


def _serve(requests: int, replies: int) -> None:
    """Import PRELOAD, then fork one child per request line until the test session closes the pipe."""
    # What the imports print (a warning, say) is what every `altoc` prints first: each child repeats it.
    preamble = _printed_while(lambda: [importlib.import_module(module) for module in PRELOAD])
    from app.config import get_settings

    assert get_settings.cache_info().currsize == 0, "settings were read at import time"
    assert threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1, "a thread at import time"
    with os.fdopen(requests, "rb") as incoming, os.fdopen(replies, "wb", buffering=0) as outgoing:
        for line in incoming:
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                os.close(incoming.fileno())
                os.close(outgoing.fileno())
                _child(request, preamble)  # never returns
            outgoing.write(f"{pid}\n".encode())
            _, status = os.waitpid(pid, 0)
            outgoing.write(f"{os.waitstatus_to_exitcode(status)}\n".encode())


def _printed_while(work: Callable[[], object]) -> dict[int, bytes]:
    """What `work` wrote on stdout (1) and stderr (2)."""
    printed = {}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        kept = {fd: os.dup(fd) for fd in (1, 2)}
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            work()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, file in ((1, out), (2, err)):
                os.dup2(kept[fd], fd)
                os.close(kept[fd])
                file.seek(0)
                printed[fd] = file.read()
    return printed


def _child(request: dict[str, Any], preamble: dict[int, bytes]) -> None:
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, (path, flags) in enumerate(
            ((request["stdin"], os.O_RDONLY), (request["stdout"], os.O_WRONLY), (request["stderr"], os.O_WRONLY))
        ):
            opened = os.open(path, flags)
            os.dup2(opened, fd)
            os.close(opened)
            if preamble.get(fd):
                os.write(fd, preamble[fd])
        sys.argv = [ALTOC, *request["args"]]
        code = _run_as_the_script()
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
        with contextlib.suppress(BaseException):
            sys.stderr.flush()
        os._exit(code)


def _run_as_the_script() -> int:
    """`sys.exit(main())`, as the `altoc` script runs it, then the interpreter's exit: the status it reports."""
    from channels.cli.main import main

    try:
        status: Any = main()
        raise SystemExit(status)
    except SystemExit as exc:
        status = exc.code
    except BaseException:
        traceback.print_exc()
        status = 1
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = 1
    threading._shutdown()  # type: ignore[attr-defined]  # non-daemon threads, as at the interpreter's exit
    atexit._run_exitfuncs()
    return code & 0xFF


# --- the test side -------------------------------------------------------------------------------------


class AltocProcesses:
    """The helper process, as the tests talk to it: `run` is `subprocess.run(["altoc", *args], ...)`."""

    def __init__(self) -> None:
        self._files = Path(tempfile.mkdtemp(prefix="altoc-cli-"))
        requests_read, self._requests = os.pipe()
        self._replies, replies_write = os.pipe()
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        self._helper = subprocess.Popen(
            [sys.executable, "-P", "-c", f"import tests.cliprocess as c; c._serve({requests_read}, {replies_write})"],
            pass_fds=(requests_read, replies_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=self._files,
            env={**os.environ, "PYTHONPATH": path},
        )
        os.close(requests_read)
        os.close(replies_write)
        self._lock = threading.Lock()
        self._pending = b""
        self._count = 0

    def run(
        self,
        *args: str,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        stdin: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        """`altoc ARGS` in `cwd` with environment `env` (default: this process's), `stdin` as its input (default:
        none); its exit status and output as `subprocess.run(..., capture_output=True, text=True)` gives them."""
        with self._lock:
            self._count += 1
            base = self._files / str(self._count)
            paths = {name: base.with_suffix(f".{name}") for name in ("stdin", "stdout", "stderr")}
            paths["stdin"].write_text(stdin or "")
            for name in ("stdout", "stderr"):
                paths[name].write_bytes(b"")
            request = {
                "args": list(args),
                "cwd": str(cwd),
                "env": dict(os.environ if env is None else env),
                **{name: str(path) for name, path in paths.items()},
            }
            os.write(self._requests, json.dumps(request).encode() + b"\n")
            deadline = time.monotonic() + timeout
            pid = int(self._reply(deadline + 30))
            try:
                code = int(self._reply(deadline))
            except TimeoutError:
                os.kill(pid, 9)
                self._reply(time.monotonic() + 30)
                raise subprocess.TimeoutExpired([ALTOC, *args], timeout) from None
            stdout, stderr = (_text(paths[name].read_bytes()) for name in ("stdout", "stderr"))
            for path in paths.values():
                path.unlink()
        return subprocess.CompletedProcess([ALTOC, *args], code, stdout, stderr)

    def _reply(self, deadline: float) -> str:
        while b"\n" not in self._pending:
            if self._helper.poll() is not None:
                raise RuntimeError(f"the altoc helper process ended with status {self._helper.returncode}")
            ready, _, _ = select.select([self._replies], [], [], max(0.0, min(1.0, deadline - time.monotonic())))
            if ready:
                self._pending += os.read(self._replies, 4096)
            elif time.monotonic() >= deadline:
                raise TimeoutError
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()

    def close(self) -> None:
        os.close(self._requests)
        try:
            self._helper.wait(30)
        except subprocess.TimeoutExpired:
            self._helper.kill()
            self._helper.wait()
        os.close(self._replies)
        for leftover in self._files.iterdir():
            leftover.unlink()
        self._files.rmdir()


def _text(data: bytes) -> str:
    """Bytes decoded as `subprocess.run(..., text=True)` decodes them (locale encoding, universal newlines)."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")
