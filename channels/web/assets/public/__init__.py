"""Served by Chainlit under /public (theme.json); this marker only makes wheels ship the folder."""
