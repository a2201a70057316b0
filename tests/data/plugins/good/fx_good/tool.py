from editor.plugin_api import Suggestion, words


class Tool:
    """Flags the configured word and suggests "the"."""

    def check(self, segments, ctx):
        target = ctx.settings["word"]
        found = []
        for segment in segments:
            ctx.check_cancelled()
            for word in words(segment.text):
                if word.text.lower() == target:
                    found.append(Suggestion(segment.id, word.start, word.end, "spelling", f"{word.text}?", ("the",), 0.9))
        return found
