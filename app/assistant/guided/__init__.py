"""The offline guided mode: a deterministic interview that builds a CV without any language model."""
