import module_that_does_not_exist  # noqa: F401


class Tool:
    def check(self, segments, ctx):
        return []
