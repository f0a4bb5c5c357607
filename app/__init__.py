"""AltocV2 core: conversation, agent loop, language-model providers and domain services."""
