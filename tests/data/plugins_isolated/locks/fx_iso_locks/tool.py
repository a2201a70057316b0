import re


class Tool:
    """Catastrophic regular-expression backtracking: one C call that holds the
    interpreter lock for minutes, so no thread of its process can run."""

    def check(self, segments, ctx):
        re.match(r"(a+)+$", "a" * 40 + "b")
        return []
