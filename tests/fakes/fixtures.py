"""Pytest fixtures for the fake servers (registered in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.oauth_server import FakeOAuth
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.smtp_server import FakeSmtp
from tests.fakes.stripe_server import FakeStripe
from tests.fakes.telegram_server import FakeTelegram


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def fake_anthropic() -> Iterator[FakeAnthropic]:
    server = FakeAnthropic().start()
    yield server
    server.stop()


@pytest.fixture
def fake_smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture
def fake_oauth() -> Iterator[FakeOAuth]:
    server = FakeOAuth().start()
    yield server
    server.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    server = FakeStripe().start()
    yield server
    server.stop()
