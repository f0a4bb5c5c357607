"""`altoc`: the command line. Imports are lazy so each command loads only what it needs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, NoReturn

EXPORT_FORMATS = ("json", "pdf", "docx", "html", "md")


class CliError(Exception):
    """A mistake the person can fix: printed without a traceback, exit status 1."""


def fail(message: str, status: int = 1) -> NoReturn:
    print(f"altoc: {terminal_safe(message)}", file=sys.stderr)
    raise SystemExit(status)


def terminal_safe(text: str) -> str:
    """What a CV, a file or a model wrote, without the control characters that would drive the terminal."""
    from app.cleantext import clean_text

    return clean_text(text)


def _account(args: argparse.Namespace) -> tuple[str, str]:
    from app.assistant.runtime import LOCAL_ACCOUNT_CHANNEL

    return (LOCAL_ACCOUNT_CHANNEL, args.user)


def _with_runtime(body: Callable[[Any], Coroutine[Any, Any, int]]) -> int:
    """Start the runtime (database, migrations), run `body(runtime)`, always shut down cleanly."""
    from app.assistant.runtime import Runtime, configure_logging
    from channels.registry import display_names

    runtime = Runtime.start(channel_names=display_names())
    configure_logging(runtime.settings)

    async def main() -> int:
        try:
            return await body(runtime)
        finally:
            await runtime.close()

    import asyncio

    return asyncio.run(main())


def _print_result(result: Any, *, json_output: bool = False) -> int:
    if not result.ok:
        fail(result.message)
    if json_output:
        print(json.dumps(result.data, ensure_ascii=False, indent=2))  # JSON escapes every control character
    else:
        print(terminal_safe(result.message))
    return 0


def _load_cv_file(path: str) -> Any:
    from pydantic import ValidationError

    from app.cv.errors import invalid_cv
    from app.cv.model import Resume

    file = Path(path)
    if not file.is_file():
        raise CliError(f"{path}: no such file")
    raw = file.read_bytes()
    if len(raw) > 5_000_000:
        raise CliError(f"{path}: {len(raw):,} bytes is too large for a CV (limit 5 MB)")
    from app.errors import AltocError
    from app.uploads import parse_json_document

    try:
        document = parse_json_document(path, raw)
    except AltocError as exc:
        raise CliError(exc.message) from None
    try:
        return Resume.model_validate(document)
    except ValidationError as exc:
        raise CliError(f"{path}: " + invalid_cv(exc, intro="not a valid JSON Resume").message) from None


# --- commands ----------------------------------------------------------------------------------


def cmd_chat(args: argparse.Namespace) -> int:
    from channels.cli.chat import run_chat

    return _with_runtime(lambda runtime: run_chat(runtime, _account(args), out_dir=Path(args.out_dir)))


def cmd_import(args: argparse.Namespace) -> int:
    file = _sniffed(args.file)
    source = Path(args.file).resolve()

    async def read(runtime: Any) -> int:
        result = await runtime.import_cv_file(_account(args), file)
        print(result.data["cv_id"])
        print(terminal_safe(f"{source}: {result.message}"), file=sys.stderr)
        for question in result.data["uncertain"]:
            print(f"Check: {terminal_safe(question['question'])}", file=sys.stderr)
        return 0

    return _with_runtime(read)


def _sniffed(path: str) -> Any:
    """The file's type from its content (never its name), within the upload size limit."""
    from app.config import get_settings
    from app.errors import AltocError
    from app.uploads import sniff

    file = Path(path)
    if not file.is_file():
        raise CliError(f"{path}: no such file")
    try:
        return sniff(file.name, file.read_bytes(), get_settings().max_upload_bytes)
    except AltocError as exc:
        raise CliError(exc.message) from None


def _write_output(data: bytes, output: str | None, default_name: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output or default_name).resolve()  # the full path: the person finds the file from anywhere
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror}") from None
    print(terminal_safe(f"Wrote {target} ({len(data):,} bytes)"), file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    if args.cv_file:
        resume = _load_cv_file(args.cv_file)
        return _export(resume, args)

    async def body(runtime: Any) -> int:
        result = await runtime.call_tool(_account(args), "get_cv", {}, cv_ref=args.cv)
        if not result.ok:
            fail(result.message)
        from app.cv.model import Resume

        return _export(Resume.model_validate(result.data["document"]), args)

    return _with_runtime(body)


def _export(resume: Any, args: argparse.Namespace) -> int:
    from app.errors import AltocError
    from app.render import render_cv

    try:
        rendered = render_cv(resume, args.format, template=args.template, paper=args.paper, language=args.language)
    except AltocError as exc:
        raise CliError(exc.message) from None
    _write_output(rendered.data, args.output, rendered.filename)
    if rendered.check is not None:
        print(rendered.check.summary(), file=sys.stderr)
        if not rendered.check.ok:
            return 3
    return 0


def _read_job(path: str) -> str:
    from app.config import get_settings
    from app.errors import AltocError
    from app.uploads import extract_text, sniff

    file = Path(path)
    if not file.is_file():
        raise CliError(f"{path}: no such file")
    settings = get_settings()
    try:
        return extract_text(sniff(file.name, file.read_bytes(), settings.max_upload_bytes), settings)
    except AltocError as exc:
        raise CliError(exc.message) from None


def cmd_ats(args: argparse.Namespace) -> int:
    job_text = _read_job(args.job) if args.job else None
    if args.cv_file:
        resume = _load_cv_file(args.cv_file)
        from app.ats import LayoutFacts, analyze
        from app.embeddings import get_offline_embedder
        from app.errors import AltocError
        from app.render import render_cv

        embedder = get_offline_embedder()
        try:
            rendered = render_cv(resume, "pdf", template=args.template)
            assert rendered.pages is not None and rendered.check is not None
            layout = LayoutFacts(rendered.pages, rendered.check.ok, rendered.check.summary(), args.template)
            report = analyze(resume, job_text, layout=layout, embedder=embedder)
        except AltocError as exc:
            raise CliError(exc.message) from None
        return _print_report(report.to_json(), args.format)

    async def body(runtime: Any) -> int:
        result = await runtime.call_tool(_account(args), "analyze_cv", {"job_text": job_text}, cv_ref=args.cv)
        if not result.ok:
            fail(result.message)
        report = {k: v for k, v in result.data.items() if k != "fix_list"}
        return _print_report(report, args.format)

    return _with_runtime(body)


def cmd_tailor(args: argparse.Namespace) -> int:
    """A variant of the CV for the job with every change of the plan applied (and fitted to --pages); prints its id.

    What the ad asks for and the CV does not show is listed, never added: answer it in a chat (/tailor)."""
    job_text = _read_job(args.job)

    async def body(runtime: Any) -> int:
        plan = {"job_text": job_text, "pages": args.pages}
        calls = [("tailor_cv", plan), ("apply_tailoring", {"changes": ["all"], "ask": False})]
        results = await runtime.call_tools(_account(args), calls, cv_ref=args.cv)
        if not results[-1].ok:
            fail(results[-1].message)
        tailored, applied = results
        print(tailored.data["cv_id"])
        print(terminal_safe(tailored.message.split("\n\nThe ad also asks")[0]), file=sys.stderr)
        if tailored.data["changes"]:
            print(terminal_safe(applied.message.split("\n\nThat's the tailoring done")[0]), file=sys.stderr)
        if tailored.data["gaps"]:
            gaps = ", ".join(tailored.data["gaps"])
            print(terminal_safe(f"Not added (your CV doesn't show them): {gaps}. Tell me in `altoc chat` (/tailor)."),
                  file=sys.stderr)  # fmt: skip
        return 0

    return _with_runtime(body)


def cmd_letter(args: argparse.Namespace) -> int:
    """The cover letter for the job, written from the CV (a new version of the letter each time), as a file."""
    job_text = _read_job(args.job)

    async def body(runtime: Any) -> int:
        calls = [
            ("write_cover_letter", {"job_text": job_text}),
            ("export_cover_letter", {"format": args.format, "template": args.template, "paper": args.paper}),
        ]
        results = await runtime.call_tools(_account(args), calls, cv_ref=args.cv)
        if not results[-1].ok:
            fail(results[-1].message)
        written, exported = results
        print(terminal_safe(written.message.split("\n\n")[0]), file=sys.stderr)
        file = exported.files[0]
        _write_output(file.data, args.output, file.name)
        return 0

    return _with_runtime(body)


def _print_report(report: dict[str, Any], fmt: str) -> int:
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from app.ats import AtsReport, render_report_text

        print(terminal_safe(render_report_text(AtsReport.model_validate(report), max_findings=30)))
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from app.render import list_templates

    templates = list_templates()
    if args.format == "json":
        print(json.dumps([{"name": t.name, "description": t.description} for t in templates], indent=2))
    else:
        width = max(len(t.name) for t in templates)
        for t in templates:
            print(f"{t.name:<{width}}  {t.description}")
    return 0


def cmd_cv(args: argparse.Namespace) -> int:
    async def body(runtime: Any) -> int:
        account = _account(args)
        if args.action == "list":
            result = await runtime.call_tool(account, "list_cvs", needs_cv=False)
            if result.ok and not result.data:
                print("No CVs yet. Start one with `altoc chat` (then /new) or `altoc import FILE`.")
                return 0
        elif args.action == "show":
            result = await runtime.call_tool(account, "get_cv", cv_ref=args.cv)
            if args.json:
                return _print_result(type(result)(result.message, result.data["document"]), json_output=True)
        elif args.action == "history":
            result = await runtime.call_tool(account, "list_versions", {"limit": args.limit}, cv_ref=args.cv)
        else:  # undo / redo: the same tools as /undo and /redo in a chat
            result = await runtime.call_tool(account, args.action, cv_ref=args.cv)
        return _print_result(result, json_output=args.json and args.action not in ("undo", "redo"))

    return _with_runtime(body)


def cmd_billing(args: argparse.Namespace) -> int:
    from channels.cli.billing import run_billing

    return _with_runtime(lambda runtime: run_billing(runtime, args))


def cmd_db(args: argparse.Namespace) -> int:
    from app.config import get_settings
    from db.session import describe_url, open_database

    settings = get_settings()
    database = open_database(settings.database_url, settings.altoc_data_dir)
    print(f"Database schema is up to date ({describe_url(database.url)}).")
    import asyncio

    asyncio.run(database.close())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from channels.http.serve import serve

    return serve(host=args.host, port=args.port)


def cmd_telegram(args: argparse.Namespace) -> int:
    from app.assistant.runtime import Runtime, configure_logging
    from app.assistant.welcome import mode_label
    from app.config import get_settings
    from channels.registry import display_names
    from channels.telegram.bot import run_polling
    from channels.telegram.keys import bot_token

    settings = get_settings()
    bot_token(settings)  # a missing token is reported before the database starts
    runtime = Runtime.start(settings, channel_names=display_names())
    configure_logging(runtime.settings)
    note = " (TELEGRAM_WEBHOOK_URL is set: polling removes that webhook)" if settings.telegram_webhook_url else ""
    print(f"Altoc Telegram bot: long polling, {mode_label(runtime)}{note}. Ctrl-C stops it.", flush=True)
    from app.render.pool import start_render_pool

    start_render_pool(settings.render_workers, settings.render_seconds)
    run_polling(runtime)
    return 0


# --- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="altoc", description="AltocV2: build, check and export your CV by talking to an assistant."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def with_user(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--user", default="me", help="local user name (default: me)")
        return p

    p = sub.add_parser("serve", help="web chat and HTTP routes (http://localhost:8000)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("telegram", help="the Telegram bot alone, by long polling (needs TELEGRAM_BOT_TOKEN)")
    p.set_defaults(func=cmd_telegram)

    p = with_user(sub.add_parser("chat", help="talk to the assistant in the terminal (reads a pipe too)"))
    p.add_argument("--out-dir", default=".", help="where files you ask for are saved (default: here)")
    p.set_defaults(func=cmd_chat)

    what = "a PDF, Word, LinkedIn export, text or JSON Resume file"
    p = with_user(sub.add_parser("import", help=f"create a CV from {what}; prints its id"))
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = with_user(sub.add_parser("export", help="write a CV as json, pdf, docx, html or md"))
    source = p.add_mutually_exclusive_group()
    source.add_argument("--cv", help="CV id (default: your most recent CV)")
    source.add_argument("--cv-file", help="a JSON Resume file (no database needed)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="pdf")
    p.add_argument("--template", default="classic", help="PDF design (see `altoc templates`)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.add_argument("--language", help="section headings and dates: en, de, fr, es, uk (default: the CV's language)")
    p.add_argument(
        "-o", "--output", help="output file ('-' for stdout; default: Name_CV_<design>.pdf, Name_CV.<format>)"
    )
    p.set_defaults(func=cmd_export)

    p = with_user(sub.add_parser("ats", help="check a CV the way an applicant tracking system reads it"))
    source = p.add_mutually_exclusive_group()
    source.add_argument("--cv", help="CV id (default: your most recent CV)")
    source.add_argument("--cv-file", help="a JSON Resume file (no database needed)")
    p.add_argument("--job", help="the job ad: a text, PDF or DOCX file (default: a general check)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--template", default="classic", help="the PDF design whose layout is checked")
    p.set_defaults(func=cmd_ats)

    p = with_user(sub.add_parser("tailor", help="a variant of the CV for a job ad, tailored; prints its id"))
    p.add_argument("--job", required=True, help="the job ad: a text, PDF or DOCX file")
    p.add_argument("--cv", help="CV id (default: your most recent CV)")
    p.add_argument("--pages", type=int, choices=range(1, 6), metavar="N", help="fit the variant on N pages (1-5)")
    p.set_defaults(func=cmd_tailor)

    p = with_user(sub.add_parser("letter", help="a cover letter for a job ad, written from your CV"))
    p.add_argument("--job", required=True, help="the job ad: a text, PDF or DOCX file")
    p.add_argument("--cv", help="CV id (default: your most recent CV)")
    p.add_argument("--format", choices=("pdf", "docx", "md"), default="pdf")
    p.add_argument("--template", default="classic", help="PDF design, the CV's (see `altoc templates`)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.add_argument("-o", "--output", help="output file ('-' for stdout; default: Name_Cover_Letter_Company.pdf)")
    p.set_defaults(func=cmd_letter)

    p = sub.add_parser("templates", help="list the PDF designs")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_templates)

    p = with_user(sub.add_parser("cv", help="list, show, history, undo or redo your CVs"))
    p.add_argument("action", choices=("list", "show", "history", "undo", "redo"))
    p.add_argument("--cv", help="CV id or its first characters (default: your most recent CV)")
    p.add_argument("--limit", type=int, default=20, help="history: how many versions")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_cv)

    p = sub.add_parser("billing", help="a person's plan, balance and purchases; grant credits, refund (admin)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    who = "the person: user id (or its first 8 characters), web email, telegram:ID, web:EMAIL or local user name"
    b = actions.add_parser("show", help="plan, this month's use, balance, purchases and the last ledger entries")
    b.add_argument("--user", required=True, help=who)
    b.add_argument("--format", choices=("text", "json"), default="text")
    b = actions.add_parser("grant", help="add credits (or take them, negative); the ledger keeps who and why")
    b.add_argument("--user", required=True, help=who)
    b.add_argument("--credits", required=True, help="credits to add, e.g. 500, 2.5 or -100")
    b.add_argument("--reason", required=True, help="why, kept in the ledger")
    b.add_argument("--by", help="who grants (default: your login name)")
    b = actions.add_parser("refund", help="refund a purchase (Stripe or Telegram Stars) and take its credits back")
    b.add_argument("--user", required=True, help=who)
    b.add_argument("--purchase", required=True, help="purchase id, Checkout Session, PaymentIntent or Telegram charge")
    b.add_argument("--reason", help="why, kept in the ledger")
    b.add_argument("--by", help="who refunds (default: your login name)")
    p.set_defaults(func=cmd_billing)

    p = sub.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=("upgrade",))
    p.set_defaults(func=cmd_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from app.errors import AltocError

    try:
        return int(args.func(args))
    except CliError as exc:
        fail(str(exc))
    except AltocError as exc:
        fail(exc.message)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: its traceback may quote the CV, so it goes to the log (ALTOC_LOG_LEVEL=DEBUG) only
        import logging
        import uuid

        error_id = uuid.uuid4().hex[:8]
        if not logging.getLogger().handlers:  # failed before the runtime configured logging
            from app.config import get_settings

            logging.basicConfig(level=get_settings().log_level.upper())
        logging.getLogger("altoc").debug("altoc %s failed (error %s)", args.command, error_id, exc_info=True)
        fail(
            f"something went wrong on our side (error {error_id}); nothing was changed. "
            "Run it again with ALTOC_LOG_LEVEL=DEBUG to see the details."
        )


if __name__ == "__main__":
    raise SystemExit(main())
