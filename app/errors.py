"""Errors a person can act on. Every domain raises a subclass; channels show `.message` as is."""

from __future__ import annotations


class AltocError(Exception):
    """An error whose message is written for the person using the product, not for a developer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(AltocError):
    """The input cannot be used as given (bad date, bad file, message too long...)."""


class NotFound(AltocError):
    """The thing asked for does not exist for this user (or belongs to someone else)."""


class Conflict(AltocError):
    """The request makes sense but not in the current state (nothing to undo, ...)."""


class ProviderUnavailable(AltocError):
    """Every configured language model failed; the offline guided mode takes over."""


class OutOfAllowance(ProviderUnavailable):
    """The person's model allowance and bought credits are used up (app.billing): the guided mode answers."""


class ConfigurationError(AltocError):
    """The environment is set up in a way the product cannot work with."""


class DatabaseUnavailable(AltocError):
    """The database did not answer (it stopped, restarted or is unreachable); nothing was changed."""
