"""Language-model providers behind one interface, a registry of them, and retry/fallback."""
