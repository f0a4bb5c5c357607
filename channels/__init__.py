"""Channels translate their own I/O into `UserTurn`s and render `AgentEvent`s; nothing else."""
