"""Run a parser on untrusted bytes in a child process with limits on memory, CPU and wall-clock time.

The child sets RLIMIT_AS and RLIMIT_CPU on itself before it reads the input, and answers in JSON (never
pickle: a parser fooled by its input must not be able to run code in the parent). A child over its time
is killed; every way of failing becomes an `InvalidInput` that names the limit.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput


@dataclass(frozen=True)
class Limits:
    """What one child may use: wall-clock seconds (CPU seconds too) and address space in MB."""

    seconds: float
    memory_mb: int


_ROOT = str(Path(__file__).resolve().parents[1])  # the folder that holds the `app` package


def module_command(module: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """Command and environment to run one of our modules in a new interpreter: `-P` keeps the working
    directory off the path, so a folder named `app` where the server was started cannot stand in for ours."""
    path = os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-P", "-m", module, *args], {**os.environ, "PYTHONPATH": path}


def run_limited(target: str, payload: bytes, params: dict[str, Any], limits: Limits, what: str) -> Any:
    """`target(payload, **params)` ("package.module:function") in a child; its JSON result.

    The function's `InvalidInput` comes back with its own message; running out of time or memory, or
    crashing, becomes an `InvalidInput` about `what` ("report.pdf") that names the limit. Blocks this
    thread (async callers use `asyncio.to_thread`); the event loop and other people are not held up.
    """
    cpu = max(1, int(limits.seconds + 0.999))
    command, env = module_command("app.sandbox", target, str(limits.memory_mb), str(cpu))
    header = json.dumps(params).encode() + b"\n"
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    ) as child:
        try:
            out, _ = child.communicate(header + payload, timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            _kill(child)
            raise _limit_error("time", what, limits) from None
        except BrokenPipeError:  # the child died before reading everything (e.g. out of memory at once)
            child.wait()
            out = b""
    try:
        answer = json.loads(out) if out else {}
    except ValueError:
        answer = {}
    if "result" in answer:
        return answer["result"]
    if "message" in answer:
        raise InvalidInput(str(answer["message"]))
    limit = answer.get("limit")
    if limit is None and child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        limit = "time"
    if limit is None and child.returncode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
        limit = "memory"  # C code that gets no memory under RLIMIT_AS tends to abort or crash
    if limit in ("time", "memory"):
        raise _limit_error(limit, what, limits)
    raise InvalidInput(f"I could not read {what}: it looks damaged. Save it again, or paste the text instead.")


def _kill(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)  # its own session: anything it started goes too
    child.wait()


def _limit_error(limit: str, what: str, limits: Limits) -> InvalidInput:
    if limit == "time":
        return InvalidInput(
            f"Reading {what} took longer than the {limits.seconds:g} s limit, so I stopped. "
            "Send a simpler file (fewer pages, no huge tables), or paste the text instead."
        )
    return InvalidInput(
        f"Reading {what} needed more than the {limits.memory_mb} MB memory limit, so I stopped. "
        "Send a smaller or simpler file, or paste the text instead."
    )


def _child_main(target: str, memory_mb: int, cpu_seconds: int) -> int:
    """In the child: limits first, then read the request, run the function, print one JSON answer."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(10)  # the server's chat turns come first
    header = sys.stdin.buffer.readline()
    payload = sys.stdin.buffer.read()
    module_name, _, function_name = target.partition(":")
    answer: dict[str, Any]
    try:
        import importlib

        function = getattr(importlib.import_module(module_name), function_name)
        answer = {"result": function(payload, **json.loads(header))}
    except InvalidInput as exc:
        answer = {"message": exc.message}
    except MemoryError:
        answer = {"limit": "memory"}
    except Exception as exc:  # a parser's own error on a broken file: the parent says "damaged"
        answer = {"error": type(exc).__name__}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
