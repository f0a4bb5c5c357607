"""The assistant: what turns a person's message into tool calls and replies.

It drives tools (`tools/`) and is driven by channels (`channels/`): the conversation service, the
agent loop, the offline guided mode, slash commands, and the runtime that wires them together.
"""
