import os

from editor.plugin_api import Suggestion, words


class Tool:
    """Flags "teh" and says which process it ran in, so tests can tell isolation apart."""

    def check(self, segments, ctx):
        found = []
        for index, segment in enumerate(segments):
            ctx.check_cancelled()
            ctx.progress(index + 1, len(segments))
            for word in words(segment.text):
                if word.text.lower() == "teh":
                    found.append(Suggestion(segment.id, word.start, word.end, "spelling", f"pid {os.getpid()}", ("the",), 0.9))
        return found
