"""The agent: a multi-step tool loop driven by a language model."""
