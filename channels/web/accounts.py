"""Our account routes: the password form's POST /login (it replaces Chainlit's, to say why a sign-in failed:
no such account, wrong password, too short, wait, service trouble), the sign-up page with its "create a new
account for x@y?" question, and the email verification link."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.exc import DBAPIError

from app.assistant.runtime import Runtime
from app.auth import MIN_PASSWORD, SHORT_PASSWORD, AuthService, Refusal, SignUp, Why
from app.errors import AltocError, ConfigurationError, DatabaseUnavailable
from app.mail import send_mail
from channels.web.lifecycle import WEB_RUNTIME
from channels.web.wording import chat_wording, model_in_use

log = logging.getLogger(__name__)
SIGN_UP_ROUTE = "/altoc/sign-up"
CONFIRM_ROUTE = "/altoc/sign-up/confirm"
VERIFY_ROUTE = "/altoc/verify"
PAGE = Path(__file__).parent / "assets" / "account_page.html"
DATABASE_TROUBLE = (
    "The service is having trouble reaching its database, so nobody can sign in right now. "
    "Please try again in a minute."
)
# What a dead or restarting database raises on the way: the driver's errors, the socket's, a time-out.
DATABASE_ERRORS = (DatabaseUnavailable, DBAPIError, OSError, TimeoutError)


def read_token(token: str) -> dict[str, Any] | None:
    """The claims of a genuine, unexpired Chainlit sign-in token; None for anything else."""
    import jwt

    from channels.web.chainlit_internals import jwt_secret

    secret = jwt_secret()
    if not secret:
        return None
    try:
        claims: dict[str, Any] = jwt.decode(token, secret, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    return claims


# A page load sends a burst of requests with one cookie: a session found open is trusted for a moment.
# Signing out forgets it here at once; another process sees the sign-out within OPEN_SESSION_MEMORY seconds.
OPEN_SESSION_MEMORY = 2.0
_open_sessions: dict[uuid.UUID, float] = {}


async def session_open(session_id: uuid.UUID) -> bool:
    now = time.monotonic()
    if _open_sessions.get(session_id, 0.0) > now:
        return True
    runtime = await WEB_RUNTIME.get()
    async with runtime.db.session_scope() as session:
        is_open = await AuthService(session).session_is_active(session_id)
    if is_open:
        if len(_open_sessions) > 10_000:
            _open_sessions.clear()
        _open_sessions[session_id] = now + OPEN_SESSION_MEMORY
    return is_open


def forget_session(session_id: uuid.UUID) -> None:
    _open_sessions.pop(session_id, None)


async def _runtime() -> Runtime:
    try:
        return await WEB_RUNTIME.get()
    except AltocError as exc:
        raise HTTPException(status_code=503, detail=f"The service could not start: {exc.message}") from None


async def login(request: Request, form: OAuth2PasswordRequestForm = Depends()) -> Response:  # noqa: B008
    """The sign-in form (Chainlit's page posts here). Its frontend shows `detail` to the person."""
    from channels.web.auth import password_user
    from channels.web.chainlit_internals import authenticate_user

    runtime = await _runtime()
    client = request.client.host if request.client else None
    name_unknown_email = not runtime.settings.mail_enabled  # sign-up says so already (app.auth.sign_in)
    try:
        async with runtime.db.session_scope() as session:
            service = AuthService(session)
            result = await service.sign_in(form.username, form.password, client, name_unknown_email=name_unknown_email)
    except DATABASE_ERRORS:
        log.warning("sign-in failed: the database did not answer", exc_info=True)
        raise HTTPException(status_code=503, detail=DATABASE_TROUBLE, headers={"Retry-After": "30"}) from None
    if isinstance(result, Refusal):
        headers = {"Retry-After": str(result.retry_after)} if result.retry_after is not None else None
        raise HTTPException(status_code=REFUSAL_STATUS[result.why], detail=result.message, headers=headers)
    response: Response = await authenticate_user(request, password_user(form.username, result))
    return response


# Chainlit's sign-in page shows only the translation of the failed request's status text (`detail` in a
# passing toast), so each reason has a status of its own and the page a sentence per status (SIGN_IN_ERRORS).
REFUSAL_STATUS = {
    Why.WRONG_CREDENTIALS: 401,
    Why.UNKNOWN_EMAIL: 404,
    Why.NOT_AN_EMAIL: 400,
    Why.SHORT_PASSWORD: 422,
    Why.WAIT: 429,
}


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """One of our account pages (self-contained: no script, styles inline)."""
    text = PAGE.read_text(encoding="utf-8").replace("{title}", html.escape(title)).replace("{body}", body)
    return HTMLResponse(text, status_code=status)


def sign_up_form(message: str = "", email: str = "", error: bool = False) -> str:
    note = f'<p class="{"error" if error else "note"}" role="alert">{html.escape(message)}</p>' if message else ""
    return f"""{note}
<form method="post" action="{SIGN_UP_ROUTE}">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" required value="{html.escape(email)}">
  <label for="password">Password (at least {MIN_PASSWORD} characters)</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{MIN_PASSWORD}">
  <label for="password2">Password again</label>
  <input id="password2" name="password2" type="password" autocomplete="new-password" required
         minlength="{MIN_PASSWORD}">
  <button type="submit">Create account</button>
</form>
<p class="small">Already have an account? <a href="/login">Sign in</a></p>"""


def confirm_question(outcome: SignUp) -> str:
    """The second step of a sign-up without SMTP: the email, spelled out, and a deliberate yes."""
    email = html.escape(outcome.email)
    change = html.escape(f"{SIGN_UP_ROUTE}?{urlencode({'email': outcome.email})}")
    return f"""<p class="note" role="status">{html.escape(outcome.message)}</p>
<form method="post" action="{CONFIRM_ROUTE}">
  <input type="hidden" name="token" value="{html.escape(outcome.confirm_token or "")}">
  <button type="submit">Yes, create my account for {email}</button>
</form>
<p class="small">Not your email? <a href="{change}">Change it</a>.
Already have an account? <a href="/login">Sign in</a></p>"""


def base_url(request: Request, runtime: Runtime) -> str:
    return (runtime.settings.public_url or str(request.base_url)).rstrip("/")


async def sign_up_page(request: Request) -> HTMLResponse:
    return page("Create your account", sign_up_form(email=request.query_params.get("email", "")[:320]))


async def sign_up(request: Request) -> HTMLResponse:
    """Ask "create a new account for x@y?" (or, with email configured, send the link that creates it)."""
    runtime = await _runtime()
    form = await request.form()
    email, password, again = (str(form.get(name) or "") for name in ("email", "password", "password2"))
    if password != again:
        return page("Create your account", sign_up_form("The two passwords differ: type the same one twice.",
                                                        email, error=True), status=400)  # fmt: skip
    settings = runtime.settings
    try:
        async with runtime.db.session_scope() as session:
            outcome: SignUp = await AuthService(session).sign_up(
                email, password, verify_by_mail=settings.mail_enabled, base_url=base_url(request, runtime)
            )
        if outcome.mail is not None:
            await asyncio.to_thread(send_mail, settings, outcome.mail.to, outcome.mail.subject, outcome.mail.body)
    except ConfigurationError as exc:  # the email could not be sent
        log.warning("sign-up email not sent: %s", exc.message)
        message = "We could not send the email just now. Please try again in a few minutes."
        return page("Create your account", sign_up_form(message, email, error=True), status=503)
    except DATABASE_ERRORS:  # before AltocError: DatabaseUnavailable is one
        log.warning("sign-up failed: the database did not answer", exc_info=True)
        return page("Create your account", sign_up_form(DATABASE_TROUBLE, email, error=True), status=503)
    except AltocError as exc:
        return page("Create your account", sign_up_form(exc.message, email, error=True), status=400)
    if outcome.confirm_token is not None:
        return page("Create your account", confirm_question(outcome))
    return page("Create your account", f'<p class="note" role="status">{html.escape(outcome.message)}</p>')


async def _spend_token(
    request: Request,
    title: str,
    step: Callable[[AuthService, str], Awaitable[str]],
    problem: Callable[[str], str],
    then: str,
) -> HTMLResponse:
    """The second step of a sign-up or an email check: the form's single-use token spent by `step`, and the page
    with its sentence and the link `then`; or the page that says why not (`problem` writes the body for a refused
    token)."""
    runtime = await _runtime()
    token = str((await request.form()).get("token") or "")
    try:
        async with runtime.db.session_scope() as session:
            message = await step(AuthService(session), token)
    except DATABASE_ERRORS:  # before AltocError: DatabaseUnavailable is one
        log.warning("%s failed: the database did not answer", title, exc_info=True)
        return page(title, f'<p class="error" role="alert">{html.escape(DATABASE_TROUBLE)}</p>', 503)
    except AltocError as exc:
        return page(title, problem(exc.message), status=400)
    return page(title, f'<p class="note" role="status">{html.escape(message)}</p><p>{then}</p>')


async def confirm_sign_up(request: Request) -> HTMLResponse:
    """The yes to "create a new account for x@y?": the account exists from here on."""
    return await _spend_token(
        request,
        "Create your account",
        lambda auth, token: auth.confirm_sign_up(token),
        lambda why: sign_up_form(why, error=True),
        '<a class="button" href="/login">Go to sign-in</a>',
    )


async def verify_page(request: Request) -> HTMLResponse:
    """The link in the email. Opening it only shows a button: mail scanners that fetch links create nothing."""
    token = html.escape(request.query_params.get("token", ""))
    body = f"""<p>Confirm your email address to finish creating your account.</p>
<form method="post" action="{VERIFY_ROUTE}"><input type="hidden" name="token" value="{token}">
<button type="submit">Confirm my email</button></form>"""
    return page("Confirm your email", body)


async def verify(request: Request) -> HTMLResponse:
    return await _spend_token(
        request,
        "Confirm your email",
        lambda auth, token: auth.confirm_email(token),
        lambda why: f'<p class="error" role="alert">{html.escape(why)}</p><p><a href="{SIGN_UP_ROUTE}">Sign up</a></p>',
        '<a class="button" href="/login">Sign in</a>',
    )


# The sentence Chainlit's sign-in page shows for each failed request's status text (REFUSAL_STATUS). Python
# 3.13 renamed 422's phrase, which uvicorn sends: both are here.
SIGN_IN_ERRORS = {
    "Unauthorized": "Wrong password for this email. Check it (is Caps Lock on?) and try again.",
    "Not Found": "There is no account with this email. Check it for a typo, or, if you are new here, "
    "create an account below.",
    "Bad Request": "That is not an email address. Use your email, e.g. maria@example.com.",
    "Unprocessable Entity": SHORT_PASSWORD,
    "Unprocessable Content": SHORT_PASSWORD,
    "Too Many Requests": "Too many failed sign-ins, so signing in is paused for a short while. "
    "Wait a minute, then try again.",
    "Service Unavailable": DATABASE_TROUBLE,
}
# With SMTP, an unknown email and a wrong password get one answer (nobody learns who has an account).
PRIVATE_SIGN_IN_ERRORS = SIGN_IN_ERRORS | {
    "Unauthorized": "Wrong email or password. Check both (is Caps Lock on?); new here? Create an account below.",
}


async def sign_in_errors() -> dict[str, str]:
    try:
        runtime = await WEB_RUNTIME.get()
    except AltocError:
        return PRIVATE_SIGN_IN_ERRORS
    return PRIVATE_SIGN_IN_ERRORS if runtime.settings.mail_enabled else SIGN_IN_ERRORS


async def translations(request: Request) -> JSONResponse:
    """Chainlit's /project/translations, with our sign-in page's title and errors (in English for every
    language)."""
    from channels.web.chainlit_internals import language_pattern, load_translation

    language = request.query_params.get("language", "en-US")
    if not re.fullmatch(language_pattern(), language):
        raise HTTPException(status_code=422, detail="Unknown language code.")
    translation = load_translation(language)
    login = translation.setdefault("auth", {}).setdefault("login", {})
    login["title"] = "Sign in to Altoc"
    login.setdefault("errors", {}).update(await sign_in_errors())
    return JSONResponse({"translation": chat_wording(translation, await model_in_use())})


def account_routes() -> list[Any]:
    """POST /login and /project/translations replace Chainlit's (chainlit_internals.OVERRIDDEN_ROUTES)."""
    from fastapi.routing import APIRoute

    return [
        APIRoute("/login", login, methods=["POST"]),
        APIRoute(SIGN_UP_ROUTE, sign_up_page, methods=["GET"]),
        APIRoute(SIGN_UP_ROUTE, sign_up, methods=["POST"]),
        APIRoute(CONFIRM_ROUTE, confirm_sign_up, methods=["POST"]),
        APIRoute(VERIFY_ROUTE, verify_page, methods=["GET"]),
        APIRoute(VERIFY_ROUTE, verify, methods=["POST"]),
        APIRoute("/project/translations", translations, methods=["GET"]),
    ]
