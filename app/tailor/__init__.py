"""Tailoring a CV to a job: fitting it to a page budget by relevance."""
