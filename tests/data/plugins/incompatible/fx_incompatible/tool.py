class Tool:
    def check(self, segments, ctx):
        raise AssertionError("must never be imported")
