"""The terminal (`altoc chat`) as a channel: named in the assistant's words, never run by `altoc serve`."""

from __future__ import annotations

from channels.registry import Channel, register

register(Channel(name="cli", display_name="terminal", position=90))
