"""Outgoing email over SMTP (Python's smtplib): verification links and account notices. Blocking: run it in a thread."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from app.config import Settings
from app.errors import ConfigurationError

TIMEOUT = 20.0


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message through the configured SMTP server; ConfigurationError when it fails."""
    if not settings.smtp_host:
        raise ConfigurationError("Email is not configured (set ALTOC_SMTP_HOST).")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        if settings.smtp_security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                client.login(settings.smtp_user, password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The server's address is configuration, not a secret; the password never appears here.
        raise ConfigurationError(
            f"Could not send email through {settings.smtp_host}:{settings.smtp_port} ({exc.__class__.__name__})."
        ) from None
