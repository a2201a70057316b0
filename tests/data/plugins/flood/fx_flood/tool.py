from editor.plugin_api import Suggestion


class Tool:
    """Returns a finding per character, a hundred times over."""

    def check(self, segments, ctx):
        return [
            Suggestion(s.id, i, i + 1, "spelling", "flood")
            for _ in range(100)
            for s in segments
            for i in range(len(s.text))
        ]
