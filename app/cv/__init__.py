"""The CV: a JSON Resume document modelled in pydantic, with the service that edits and versions it."""
