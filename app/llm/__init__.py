"""Language-model providers behind one interface, plus retry/fallback and structured extraction."""
