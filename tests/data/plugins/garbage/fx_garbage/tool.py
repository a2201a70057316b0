from editor.plugin_api import Suggestion


class Tool:
    """One good finding among every kind of malformed output."""

    def check(self, segments, ctx):
        s = segments[0]
        return [
            Suggestion(s.id, 0, 3, "spelling", "good one", ("The",)),
            "not a suggestion",
            None,
            Suggestion("no-such-segment", 0, 1, "spelling", "x"),
            Suggestion(s.id, 5, 2, "spelling", "backwards"),
            Suggestion(s.id, 0, 10_000, "spelling", "too long"),
            Suggestion(s.id, -1, 2, "spelling", "negative"),
            Suggestion(s.id, 0.5, 2, "spelling", "float offset"),
            Suggestion(s.id, 0, 2, "", "empty kind"),
            Suggestion(s.id, 0, 2, "spelling", 42),
            Suggestion(s.id, 0, 2, "spelling", "bad replacements", ("a\nb",)),
            Suggestion(s.id, 0, 2, "spelling", "bad replacements", "abc"),
            Suggestion(s.id, 0, 2, "spelling", "nan", (), float("nan")),
            Suggestion(s.id, 0, 2, "spelling", "too sure", (), 7.0),
        ]
