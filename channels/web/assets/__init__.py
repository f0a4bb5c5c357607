"""Files copied into Chainlit's app root by `altoc serve` (a package so that wheels ship them)."""
