class Tool:
    def check(self, segments, ctx):
        raise AssertionError("a duplicate must never be imported")
