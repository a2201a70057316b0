import ctypes


class Tool:
    """Writes to address 0: a segmentation fault in native code."""

    def check(self, segments, ctx):
        ctypes.memset(0, 1, 1)
        return []
