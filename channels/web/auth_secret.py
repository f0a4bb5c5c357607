"""The secret that signs the web chat's sign-in cookies. No Chainlit import: it must exist before Chainlit loads."""

from __future__ import annotations

import secrets
from pathlib import Path


def ensure_auth_secret(data_dir: Path, configured: str | None) -> str:
    """CHAINLIT_AUTH_SECRET if configured; otherwise one generated on first run into the data dir (mode 0600)."""
    if configured:
        return configured
    path = data_dir / "web" / "auth_secret"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="utf-8")
    return secret
