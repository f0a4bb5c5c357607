"""The web chat (Chainlit). Only this package and the modules Chainlit loads from it import chainlit."""
