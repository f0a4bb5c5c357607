"""Agent tools: one typed function per action; the LLM agent, guided mode, commands and buttons share them.

Importing this package registers every tool in `tools.registry.REGISTRY`.
"""

from tools import (  # noqa: F401  (registration side effect)
    account_tools,
    ats_tools,
    billing_tools,
    cv_tools,
    group_tools,
    io_tools,
    tailor_tools,
    version_tools,
)
from tools.registry import REGISTRY, ToolContext, ToolResult

__all__ = ["REGISTRY", "ToolContext", "ToolResult"]
