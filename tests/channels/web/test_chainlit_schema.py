"""Chainlit's chat history tables are ours (db/migrations/versions/0003_*): they must have every column the
installed Chainlit's SQLAlchemy data layer writes or reads. Chainlit only logs a warning when a column is
missing (and drops the step), so an upgrade that adds one must fail here instead."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:traceloop.*")

ALIASES = {"s": "steps", "t": "threads", "f": "feedbacks", "e": "elements", "u": "users"}
# Keys of Chainlit's dicts that it fills from other tables on reading and never writes to these.
READ_ONLY = {"steps": {"feedback"}}


@pytest.fixture(scope="module", autouse=True)
def _root(chainlit_root: Path) -> Path:
    """Chainlit imported with its app root in a temp dir."""
    return chainlit_root


def sql_strings(source: str) -> list[str]:
    """Every string constant (f-strings' literal parts too) of the module that is SQL."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
    return [s for s in found if re.search(r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b", s)]


def dict_keys(function: Any) -> set[str]:
    """The string keys of the dict literals in `function` (the rows Chainlit builds before an INSERT)."""
    tree = ast.parse(inspect.getsource(function).strip().replace("\n    ", "\n"))
    return {
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def chainlit_columns() -> dict[str, set[str]]:
    """{table: columns} that chainlit.data.sql_alchemy uses: named in its SQL, or written from its dicts."""
    from chainlit.data import sql_alchemy
    from chainlit.element import ElementDict
    from chainlit.step import StepDict
    from chainlit.types import Feedback

    used: dict[str, set[str]] = defaultdict(set)
    for statement in sql_strings(inspect.getsource(sql_alchemy)):
        for alias, column in re.findall(r'\b([a-z])\."(\w+)"', statement):
            used[ALIASES[alias]].add(column)
        tables = set(re.findall(r"\b(?:FROM|INTO|UPDATE(?!\s+SET)|JOIN)\s+(\w+)", statement))
        if len(tables) == 1 and not re.search(r'\b[a-z]\."', statement):
            used[tables.pop()] |= set(re.findall(r'"(\w+)"', statement))
    layer = sql_alchemy.SQLAlchemyDataLayer
    used["threads"] |= dict_keys(layer.update_thread)
    used["steps"] |= set(StepDict.__annotations__) - READ_ONLY["steps"]
    used["elements"] |= set(ElementDict.__annotations__)
    used["feedbacks"] |= {field.name for field in dataclasses.fields(Feedback)}
    used["users"] |= dict_keys(layer.create_user)
    return dict(used)


async def our_columns(db: Any) -> dict[str, set[str]]:
    query = text("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'chainlit'")
    async with db.engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    tables: dict[str, set[str]] = defaultdict(set)
    for table, column in rows:
        tables[table].add(column)
    return dict(tables)


async def test_our_chainlit_tables_have_every_column_chainlits_data_layer_uses(db: Any) -> None:
    used, ours = chainlit_columns(), await our_columns(db)
    assert set(used) == {"users", "threads", "steps", "elements", "feedbacks"}
    missing = {table: sorted(columns - ours.get(table, set())) for table, columns in used.items()}
    assert not any(missing.values()), f"columns Chainlit uses that our migrations lack: {missing}"
    assert len(used["steps"]) >= 20 and {"autoCollapse", "modes", "command", "defaultOpen"} <= used["steps"]


def test_the_reading_of_chainlits_source_finds_what_it_writes() -> None:
    """The parse above sees the columns in the SQL it is meant to (so an empty result cannot pass)."""
    used = chainlit_columns()
    assert {"userIdentifier", "userId", "createdAt", "tags", "metadata"} <= used["threads"]
    assert {"forId", "threadId", "value", "comment"} <= used["feedbacks"]
    assert {"objectKey", "chainlitKey", "props", "url"} <= used["elements"]
    assert {"identifier", "metadata", "createdAt"} <= used["users"]
