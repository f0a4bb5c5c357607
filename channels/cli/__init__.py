"""The `altoc` command line and the terminal chat."""
