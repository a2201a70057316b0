import os


class Tool:
    """Ends the interpreter at once, as a crash in native code would."""

    def check(self, segments, ctx):
        os._exit(7)
