class Tool:
    def check(self, segments, ctx):
        raise RuntimeError("boom in check")
