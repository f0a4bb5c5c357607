"""Our own HTTP application (`altoc serve`): health, every channel's routes, Chainlit mounted at `/` last."""
