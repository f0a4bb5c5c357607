"""The web process's one `Runtime`: started once in the background, awaited by every chat, closed at shutdown.

No Chainlit import here: `serve()` starts the runtime while Chainlit is still being imported.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future

from app.assistant.runtime import Runtime


class WebRuntime:
    """Holds the process's `Runtime`; a failed start is kept and re-raised to every caller."""

    def __init__(self) -> None:
        self._future: Future[Runtime] | None = None
        self._lock = threading.Lock()

    def start_in_background(self, starter: Callable[[], Runtime]) -> None:
        """Run `starter` (database start-up and migrations) in a thread, unless a start is already under way."""
        with self._lock:
            if self._future is not None:
                return
            future: Future[Runtime] = Future()
            self._future = future

        def run() -> None:
            try:
                future.set_result(starter())
            except BaseException as exc:  # handed to whoever waits: a start-up error must not vanish
                future.set_exception(exc)

        # A daemon thread: Ctrl-C during start-up must not wait for migrations to finish.
        threading.Thread(target=run, name="altoc-runtime-start", daemon=True).start()

    def install(self, runtime: Runtime) -> None:
        """Use an already started runtime (tests, or a host that built its own)."""
        with self._lock:
            future: Future[Runtime] = Future()
            future.set_result(runtime)
            self._future = future

    def wait(self, timeout: float | None = None) -> Runtime:
        """Block until the runtime is up (re-raises its start-up error)."""
        if self._future is None:
            raise RuntimeError("the web runtime was never started")
        return self._future.result(timeout)

    async def get(self) -> Runtime:
        """The runtime, starting it with the default settings if nobody did (e.g. `chainlit run app.py`)."""
        if self._future is None:
            self.start_in_background(lambda: Runtime.start(stream=True))
        assert self._future is not None
        return await asyncio.wrap_future(self._future)

    async def close(self) -> None:
        """Dispose of the engine and release this process's handle on the embedded PostgreSQL."""
        with self._lock:
            future, self._future = self._future, None
        if future is None:
            return
        try:
            runtime = await asyncio.wrap_future(future)
        except Exception:  # it never started, so there is nothing to close
            return
        await runtime.close()


WEB_RUNTIME = WebRuntime()
