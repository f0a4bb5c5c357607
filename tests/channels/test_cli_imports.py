"""`altoc` loads only what a command needs: no WeasyPrint, Chainlit, Telegram or Stripe for commands that do not use
them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.sandbox import module_command

CV = Path(__file__).parents[1] / "fixtures" / "full_resume.json"
HEAVY = ("weasyprint", "chainlit", "telegram", "fastapi", "stripe")
RUN = """
import json, sys
from channels.cli.main import main
status = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"status": status, "loaded": loaded}), file=sys.stderr)
"""


def _loaded(*argv: str, cwd: Path) -> list[str]:
    _, env = module_command("channels.cli.main")
    done = subprocess.run(
        [sys.executable, "-P", "-c", RUN, *argv],
        input=json.dumps(HEAVY), env=env, cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result["status"] == 0, done.stderr
    return list(result["loaded"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("templates",), []),
        (("export", "--cv-file", str(CV), "--format", "md", "-o", "cv.md"), []),
        (("export", "--cv-file", str(CV), "--format", "pdf", "-o", "cv.pdf"), ["weasyprint"]),
    ],
)
def test_a_command_imports_only_what_it_uses(argv: tuple[str, ...], expected: list[str], tmp_path: Path) -> None:
    assert _loaded(*argv, cwd=tmp_path) == expected


def test_the_assistant_and_its_tools_load_no_payment_sdk(tmp_path: Path) -> None:
    """Every process imports the tools; the Stripe SDK (0.4 s) only when someone buys or Stripe's routes serve."""
    _, env = module_command("channels.cli.main")
    code = "import sys, app.assistant.runtime, tools; print('stripe' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-P", "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr
