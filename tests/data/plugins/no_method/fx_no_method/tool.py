class Tool:
    """Forgot to implement check()."""
