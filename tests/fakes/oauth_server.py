"""A fake OAuth 2 provider on 127.0.0.1 for Chainlit's generic provider (OAUTH_GENERIC_*): the browser is sent
to /authorize and straight back with a code; the server trades the code at /token and asks /userinfo.

`user` is who signs in next (OpenID Connect claims: sub, email, email_verified, name)."""

from __future__ import annotations

import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOAuth:
    def __init__(self, client_id: str = "altoc-test", client_secret: str = "test-secret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.user: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """What makes Chainlit offer this provider ("generic") and talk to it."""
        return {
            "OAUTH_GENERIC_CLIENT_ID": self.client_id,
            "OAUTH_GENERIC_CLIENT_SECRET": self.client_secret,
            "OAUTH_GENERIC_AUTH_URL": f"{self.url}/authorize",
            "OAUTH_GENERIC_TOKEN_URL": f"{self.url}/token",
            "OAUTH_GENERIC_USER_INFO_URL": f"{self.url}/userinfo",
            "OAUTH_GENERIC_SCOPES": "openid email profile",
            "OAUTH_GENERIC_NAME": "generic",
        }

    def start(self) -> FakeOAuth:
        threading.Thread(target=self._server.serve_forever, name="fake-oauth", daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                fake.calls.append(url.path)
                if url.path == "/authorize":
                    if query.get("client_id") != fake.client_id or query.get("response_type") != "code":
                        self._json(400, {"error": "invalid_request"})
                        return
                    code = secrets.token_urlsafe(16)
                    fake.codes[code] = {"user": dict(fake.user), "redirect_uri": query["redirect_uri"]}
                    back = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
                    self.send_response(302)
                    self.send_header("Location", back)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in fake.tokens:
                        self._json(401, {"error": "invalid_token"})
                        return
                    self._json(200, fake.tokens[token])
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                fake.calls.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                grant = fake.codes.pop(form.get("code", ""), None)
                if (
                    grant is None
                    or form.get("client_secret") != fake.client_secret
                    or form.get("grant_type") != "authorization_code"
                ):
                    self._json(400, {"error": "invalid_grant"})
                    return
                token = secrets.token_urlsafe(24)
                fake.tokens[token] = grant["user"]
                self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

        return Handler
