"""`altoc` as a real process, without paying for its imports each time.

Starting `altoc` costs one to three seconds of imports (SQLAlchemy, Alembic, pydantic, the tools) before a
command does anything, and the tests start it well over a hundred times (`altoc serve` included). Here one
helper process imports those modules once, then forks a child for each command: the child is a new process
with its own working directory, environment, stdin, stdout and stderr (the pipes or files the test passes,
sent over a unix socket), runs the same `channels.cli.main.main` as the `altoc` script, and ends as an
interpreter does (threads joined, atexit handlers run, streams flushed) with the exit status the script
would have. Everything a command does after those imports (settings from the environment and `.env`, the
database, migrations, importing Chainlit after setting its app root) happens in the child, as in a fresh
process. The helper imports nothing that reads the environment or the working directory at import time, and
holds no thread when it forks (a fork copies only the calling thread): both are checked as it starts.
What the imports print (a warning, say) is printed again at the start of each child's stderr or stdout.

`AltocPopen` is `subprocess.Popen` for such a child (pid, poll, wait, send_signal, communicate, pipes), and
`run` is `subprocess.run`. A few tests still run the `altoc` script itself (tests/channels/test_cli.py,
test_cli_chat.py, test_cli_bad_input.py, test_cli_imports.py): the entry point, a terminal (pty), and which
modules a command loads.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import inspect
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
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
_PACKET = 1 << 20


# --- the helper process ------------------------------------------------------------------------------


def _serve(control: int) -> None:
    """Import PRELOAD, then fork one child per request until the test session closes the socket; report
    each child's exit status as it ends."""
    preamble = _printed_while(lambda: [importlib.import_module(module) for module in PRELOAD])
    from app.config import get_settings

    assert get_settings.cache_info().currsize == 0, "settings were read at import time"
    assert threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1, "a thread at import time"
    sock = socket.socket(fileno=control)
    wakeup_read, wakeup_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    signal.set_wakeup_fd(wakeup_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(wakeup_read, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is sock:
                message, fds, _, _ = socket.recv_fds(sock, _PACKET, 3)
                if not message:
                    return
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    for fd in (sock.fileno(), wakeup_read, wakeup_write, selector.fileno()):
                        os.close(fd)
                    _child(json.loads(message), fds, preamble)  # never returns
                for fd in fds:
                    os.close(fd)
                sock.send(json.dumps({"pid": pid}).encode())
            else:
                os.read(wakeup_read, 4096)
                while True:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    sock.send(json.dumps({"ended": pid, "status": os.waitstatus_to_exitcode(status)}).encode())


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


def _child(request: dict[str, Any], fds: Sequence[int], preamble: dict[int, bytes]) -> None:
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        for fd in (1, 2):
            if preamble[fd]:
                os.write(fd, preamble[fd])
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
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


class _Helper:
    """The helper process and the socket to it; a thread reads the pids it forks and their exit statuses."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        self._cwd = tempfile.mkdtemp(prefix="altoc-helper-")
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", f"import tests.cliprocess as c; c._serve({theirs.fileno()})"],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            cwd=self._cwd,
            env={**os.environ, "PYTHONPATH": path},
        )
        theirs.close()
        self._sock = ours
        self._request_lock = threading.Lock()
        self._changed = threading.Condition()
        self._pids: list[int] = []
        self._ended: dict[int, int] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="altoc-helper", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                message = self._sock.recv(_PACKET)
            except OSError:
                message = b""
            if not message:
                break
            reply = json.loads(message)
            with self._changed:
                if "pid" in reply:
                    self._pids.append(reply["pid"])
                else:
                    self._ended[reply["ended"]] = reply["status"]
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def fork(self, args: Sequence[str], cwd: str, env: Mapping[str, str], fds: Sequence[int]) -> int:
        """A child running `altoc ARGS` with stdin, stdout and stderr on `fds`; its pid."""
        request = json.dumps({"args": list(args), "cwd": cwd, "env": dict(env)}).encode()
        with self._request_lock:
            socket.send_fds(self._sock, [request], list(fds))
            with self._changed:
                if not self._changed.wait_for(lambda: self._pids or self._closed, timeout=60) or not self._pids:
                    raise RuntimeError(f"the altoc helper process did not fork (status {self.process.poll()})")
                return self._pids.pop(0)

    def status(self, pid: int, timeout: float | None = 0) -> int | None:
        """The child's exit status once it has ended, within `timeout` seconds (None: however long it takes)."""
        with self._changed:
            self._changed.wait_for(lambda: pid in self._ended or self._closed, timeout=timeout)
            return self._ended.get(pid)

    def close(self) -> None:
        self._sock.shutdown(socket.SHUT_RDWR)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(30)
        self._sock.close()
        os.rmdir(self._cwd)


_helper: _Helper | None = None
_helper_lock = threading.Lock()


def helper() -> _Helper:
    """The session's helper process, started on first use and stopped when the test process exits."""
    global _helper
    with _helper_lock:
        if _helper is None:
            _helper = _Helper()
            atexit.register(_helper.close)
        return _helper


# Popen's own start-up hook, by its parameters' names (the same from Python 3.11 to 3.13).
_EXECUTE_CHILD = list(inspect.signature(subprocess.Popen._execute_child).parameters)[1:]  # type: ignore[attr-defined]


class AltocPopen(subprocess.Popen[Any]):
    """`subprocess.Popen(["altoc", *args], ...)` for a child forked by the helper: the same pipes, files, pid,
    signals, `communicate` and `wait`; only its start (and its exit status, read from the helper) differ."""

    def _execute_child(self, *popen_args: Any) -> None:  # type: ignore[override]
        given = dict(zip(_EXECUTE_CHILD, popen_args, strict=True))
        args, cwd, env = given["args"], given["cwd"], given["env"]
        p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite = (
            given[name] for name in ("p2cread", "p2cwrite", "c2pread", "c2pwrite", "errread", "errwrite")
        )
        fds = [fd if fd != -1 else std for fd, std in ((p2cread, 0), (c2pwrite, 1), (errwrite, 2))]
        try:
            self.pid = helper().fork(list(args), os.fspath(cwd or os.getcwd()), os.environ if env is None else env, fds)
            self._child_created = True
        finally:
            for fd, parent_end in ((p2cread, p2cwrite), (c2pwrite, c2pread), (errwrite, errread)):
                if fd != -1 and parent_end != -1:
                    os.close(fd)
            devnull = getattr(self, "_devnull", None)
            if devnull is not None:
                os.close(devnull)
            self._closed_child_pipe_fds = True

    def _internal_poll(self, _deadstate: int | None = None, **_: Any) -> int | None:
        if self.returncode is None:
            self.returncode = helper().status(self.pid)
        return self.returncode

    def _wait(self, timeout: float | None) -> int:
        if self.returncode is None:
            status = helper().status(self.pid, timeout)
            if status is None:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self.returncode = status
        return self.returncode


def run(
    *args: str, cwd: Path | str, env: Mapping[str, str] | None = None, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(["altoc", *args], input=stdin, capture_output=True, text=True, timeout=timeout, ...)`."""
    with AltocPopen(
        list(args),
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
