"""The child-process runner every untrusted parse goes through: each limit ends the child and is named."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from app.errors import InvalidInput
from app.sandbox import Limits, run_limited


def echo(data: bytes, suffix: str) -> str:
    return data.decode() + suffix


def refuse(data: bytes) -> str:
    raise InvalidInput("refused by the parser")


def allocate(data: bytes, megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def spin(data: bytes) -> None:
    while True:
        pass


def sleep(data: bytes) -> None:
    time.sleep(60)


def crash(data: bytes) -> None:
    raise KeyError("a parser's own error")


TARGET = "tests.app.test_sandbox"


def test_the_result_and_the_parsers_own_message_come_back() -> None:
    assert run_limited(f"{TARGET}:echo", b"abc", {"suffix": "!"}, Limits(10, 512), "x.pdf") == "abc!"
    with pytest.raises(InvalidInput, match="^refused by the parser$"):
        run_limited(f"{TARGET}:refuse", b"", {}, Limits(10, 512), "x.pdf")


@pytest.mark.parametrize(
    ("target", "params", "message"),
    [
        ("allocate", {"megabytes": 1024}, "Reading big.pdf needed more than the 256 MB memory limit"),
        ("spin", {}, "Reading big.pdf took longer than the 1 s limit"),
        ("sleep", {}, "Reading big.pdf took longer than the 1 s limit"),
        ("crash", {}, "I could not read big.pdf: it looks damaged"),
    ],
)
def test_each_limit_stops_the_child_and_is_named(target: str, params: dict[str, int], message: str) -> None:
    started = time.monotonic()
    with pytest.raises(InvalidInput, match=message):
        run_limited(f"{TARGET}:{target}", b"", params, Limits(1, 256), "big.pdf")
    assert time.monotonic() - started < 30  # killed, not waited for (the sleep is 60 s)


def test_a_folder_named_app_where_the_server_starts_is_not_imported(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("raise SystemExit('the wrong app package')\n")
    monkeypatch.chdir(tmp_path)
    assert run_limited(f"{TARGET}:echo", b"ok", {"suffix": ""}, Limits(10, 512), "x.pdf") == "ok"
