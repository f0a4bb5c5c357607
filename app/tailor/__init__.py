"""Tailoring a CV to a job (variants, plans, page budgets) and cover letters, under the no-invention guard."""
