"""The guard in conftest: tests may talk to this machine only."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import OutsideConnectionError


def test_outside_connections_fail_the_test() -> None:
    with pytest.raises(OutsideConnectionError), socket.create_connection(("93.184.216.34", 80), timeout=1):
        pass
    with pytest.raises(OutsideConnectionError):
        socket.getaddrinfo("example.com", 443)


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with socket.create_connection(server.getsockname(), timeout=1):
        pass
    server.close()
