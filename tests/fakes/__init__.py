"""Fake HTTP servers on 127.0.0.1 that answer in each external service's real wire format."""
