"""Documents built on a CV for one job: the cover letter."""
