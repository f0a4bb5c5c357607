"""Repositories: all SQL lives here. They take a session, scope by user, and never commit."""
