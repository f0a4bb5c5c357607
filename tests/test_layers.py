"""The layer contract in pyproject.toml places every part of app/, so a new module cannot slip past it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in layers["layers"] for name in layer.replace("|", ":").split(":")}


def test_every_part_of_app_sits_in_a_layer() -> None:
    parts = {
        f"app.{p.stem if p.suffix == '.py' else p.name}"
        for p in (ROOT / "app").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    missing = sorted(parts - _layered_modules())
    assert not missing, f"add {missing} to a layer in [tool.importlinter] of pyproject.toml"


def test_the_top_level_packages_are_layered() -> None:
    assert {"channels", "app.assistant", "tools", "db"} <= _layered_modules()
