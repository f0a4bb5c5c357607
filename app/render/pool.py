"""Warm PDF render processes for a long-running server: renders run side by side, each with a time limit.

WeasyPrint's font configuration is not thread-safe, so one process renders one PDF at a time; a small
pool of worker processes lets several people's exports run at once (one per core by default). A render
over the time limit has its process killed and replaced, and the person gets a clear message.

Each process warms itself up as it starts (WeasyPrint imported, the default design's fonts loaded, one small
PDF made, which is when WeasyPrint builds its C types and loads its PDF writer), and `start_render_pool` gets
this process ready too, so the first PDF a person asks for is as fast as the next ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import resource
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

from app.errors import InvalidInput
from app.sandbox import module_command

_LENGTH = struct.Struct("<I")
WORKER_MEMORY_MB = 2048
START_SECONDS = 120.0  # for a new process to warm up (not counted against a render's time limit)
log = logging.getLogger(__name__)
# What a worker renders once as it starts: headings, bold, italic, a link and a list, as a CV has them.
WARM_UP_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CV</title></head>
<body class="template-classic"><header class="cv-header"><h1 class="name">Ada Lovelace</h1>
<p class="contact"><span>London</span><span class="sep"> · </span><a href="mailto:ada@example.org">ada@example.org</a>
</p></header><section class="section section-work"><h2>Experience</h2><div class="entry"><div class="entry-head">
<div class="entry-line"><span class="entry-title">Analyst, <strong>Engine Ltd</strong></span>
<span class="entry-date">1842 – 1843</span></div><p class="entry-sub"><em>Notes on the Analytical Engine</em></p></div>
<ul><li>Wrote the first published program: Bernoulli numbers (1843).</li></ul></div></section>
</body></html>"""


class _Stopped(Exception):
    """The worker process ended (crashed, or killed by its memory limit) in the middle of a render."""


class _Worker:
    """One render process: requests and replies are length-prefixed on its stdin and stdout; an empty reply
    before the first request says it has warmed up."""

    def __init__(self, memory_mb: int) -> None:
        # Its temporary files (WeasyPrint's font configuration) go in a folder removed when it ends or is killed.
        self.tempdir = tempfile.mkdtemp(prefix="altoc-render-")
        command, env = module_command("app.render.pool", str(memory_mb), self.tempdir)
        self.process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            start_new_session=True,  # Ctrl-C on the server is not also delivered to its workers
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.request_fd = self.process.stdin.fileno()
        self.reply_fd = self.process.stdout.fileno()
        os.set_blocking(self.request_fd, False)
        self.ready = False

    def wait_ready(self, deadline: float) -> None:
        """Wait for the process to have warmed up (its empty reply); `_Stopped` if it ends or takes too long."""
        if self.ready:
            return
        received = bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(self.reply_fd, selectors.EVENT_READ)
            while len(received) < _LENGTH.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise _Stopped
                chunk = os.read(self.reply_fd, _LENGTH.size - len(received))
                if not chunk:
                    raise _Stopped
                received += chunk
        if _LENGTH.unpack(received)[0] != 0:
            raise _Stopped
        self.ready = True

    def exchange(self, request: bytes, deadline: float) -> bytes:
        """Send one request and read its reply, never waiting past `deadline` (TimeoutError)."""
        pending = memoryview(_LENGTH.pack(len(request)) + request)
        reply = bytearray()
        needed: int | None = None
        with selectors.DefaultSelector() as selector:
            selector.register(self.request_fd, selectors.EVENT_WRITE)
            selector.register(self.reply_fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                for key, _ in selector.select(remaining):
                    if key.fd == self.request_fd:
                        try:
                            pending = pending[os.write(self.request_fd, pending[: 1 << 16]) :]
                        except BlockingIOError:
                            continue
                        except OSError:
                            raise _Stopped from None
                        if not pending:
                            selector.unregister(self.request_fd)
                        continue
                    chunk = os.read(self.reply_fd, 1 << 20)
                    if not chunk:
                        raise _Stopped
                    reply += chunk
                    if needed is None and len(reply) >= _LENGTH.size:
                        needed = _LENGTH.size + _LENGTH.unpack_from(reply)[0]
                    if needed is not None and len(reply) >= needed:
                        return bytes(reply[_LENGTH.size : needed])

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        shutil.rmtree(self.tempdir, ignore_errors=True)


class RenderPool:
    """`size` warm render processes; `render` blocks the calling thread (callers are in worker threads)."""

    def __init__(self, size: int, seconds: float, memory_mb: int = WORKER_MEMORY_MB) -> None:
        self.size = size
        self.seconds = seconds
        self.memory_mb = memory_mb
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self.memory_mb)
        with self._lock:
            self._all = [w for w in self._all if w.process.poll() is None] + [worker]
        return worker

    @property
    def busy(self) -> int:
        """How many processes are rendering now."""
        return self.size - self._idle.qsize()

    def render(self, html: str, design: str, paper: str) -> tuple[bytes, int]:
        """(PDF bytes, page count). Waiting for a free process, or for a new one to warm up, does not count
        against the time limit."""
        worker = self._idle.get()
        if worker.process.poll() is not None:  # ended while idle (killed from outside): a fresh one
            worker.kill()
            worker = self._spawn()
        try:
            worker.wait_ready(time.monotonic() + START_SECONDS)
            reply = worker.exchange(f"{design}\n{paper}\n{html}".encode(), time.monotonic() + self.seconds)
        except TimeoutError:
            worker.kill()
            worker = self._spawn()
            raise InvalidInput(
                f"Making this PDF took longer than the {self.seconds:g} s limit, so I stopped it. The CV is "
                "probably very long: shorten it (fewer entries or bullets), or export it as DOCX or Markdown."
            ) from None
        except _Stopped:
            worker.kill()
            worker = self._spawn()
            raise InvalidInput(
                f"The PDF could not be made: the renderer stopped (its memory limit is {self.memory_mb} MB). "
                "Try again; if it happens again, shorten the CV or export it as DOCX or Markdown."
            ) from None
        finally:
            self._idle.put(worker)
        if reply[:2] != b"ok":
            raise InvalidInput(reply[2:].decode("utf-8", "replace"))
        (pages,) = _LENGTH.unpack_from(reply, 2)
        return reply[2 + _LENGTH.size :], pages

    def wait_ready(self, timeout: float = START_SECONDS) -> None:
        """Block until every process has warmed up (benchmarks and tests; the server does not need to wait)."""
        deadline = time.monotonic() + timeout
        workers = [self._idle.get() for _ in range(self.size)]
        try:
            for worker in workers:
                with contextlib.suppress(_Stopped):  # a render will replace it
                    worker.wait_ready(deadline)
        finally:
            for worker in workers:
                self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


_pool: RenderPool | None = None


def start_render_pool(size: int, seconds: float) -> RenderPool:
    """Start the process-wide pool (a long-running server); `render_pdf` uses it from then on.

    Returns at once: the processes warm up by themselves, and this process prepares its part of an export
    (the CV's HTML, the parse-back check's PDF reader) in a thread meanwhile.
    """
    global _pool
    if _pool is None:
        _pool = RenderPool(size, seconds)
        threading.Thread(target=_warm_up_here, name="altoc-render-warm-up", daemon=True).start()
    return _pool


def _warm_up_here() -> None:
    from app.render import prepare_pdf_export

    try:
        prepare_pdf_export()
    except Exception:  # not needed for anything to work: the first export then just takes longer
        log.warning("could not prepare PDF export ahead of time", exc_info=True)


def current_pool() -> RenderPool | None:
    return _pool


def stop_render_pool() -> None:
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _worker_main(memory_mb: int, tempdir: str) -> int:
    """In the worker: warm WeasyPrint up, then render requests until the server closes the pipe."""
    from app.render.designs import DESIGNS
    from app.render.pdf import renderer

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(10)  # people's chat turns in the server come first; a long render can wait for a core
    tempfile.tempdir = tempdir
    try:
        current = renderer()
        with contextlib.suppress(Exception):  # if it fails, the first request's render does it (and reports why)
            current.render(WARM_UP_HTML, DESIGNS["classic"], "a4")  # the default design, WeasyPrint's first render
        os.write(1, _LENGTH.pack(0))  # ready
        while (header := _read_exactly(0, _LENGTH.size)) is not None:
            request = _read_exactly(0, _LENGTH.unpack(header)[0])
            if request is None:
                break
            name, paper, html = request.decode("utf-8").split("\n", 2)
            try:
                pdf, pages = current.render(html, DESIGNS[name], paper)
                reply = b"ok" + _LENGTH.pack(pages) + pdf
            except MemoryError:
                return 1
            except InvalidInput as exc:
                reply = b"er" + exc.message.encode()
            except Exception as exc:  # reported to the person, the worker stays
                reply = b"er" + f"The PDF could not be made ({type(exc).__name__}). Try another design.".encode()
            os.write(1, _LENGTH.pack(len(reply)))
            view = memoryview(reply)
            while view:
                view = view[os.write(1, view) :]
        return 0
    finally:
        shutil.rmtree(tempdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(_worker_main(int(sys.argv[1]), sys.argv[2]))
