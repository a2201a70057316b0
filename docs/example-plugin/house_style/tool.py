"""Flag spellings the show's style guide rejects."""

from __future__ import annotations

from collections.abc import Sequence

from editor.plugin_api import SegmentSnapshot, Suggestion, ToolContext, words

PREFERRED = {"e-mail": "email", "web site": "website", "alright": "all right"}


class HouseStyle:
    """A live correction tool: cheap, looks at one segment at a time."""

    def check(self, segments: Sequence[SegmentSnapshot], ctx: ToolContext) -> list[Suggestion]:
        preferred = dict(PREFERRED)
        if ctx.settings.get("prefer_okay", True):
            preferred["ok"] = "okay"
        found: list[Suggestion] = []
        for done, segment in enumerate(segments):
            if done % 200 == 0:
                ctx.check_cancelled()  # the host may want us to stop
                ctx.progress(done, len(segments))
            for word in words(segment.text):
                better = preferred.get(word.text.lower())
                if better and word.text.lower() not in ctx.accepted_words:
                    found.append(
                        Suggestion(
                            segment_id=segment.id,
                            start=word.start,
                            end=word.end,
                            kind="style",
                            message=f"House style writes “{better}”",
                            replacements=(ctx.replacement_memory.get(word.text, better),),
                            confidence=0.9,
                        )
                    )
        return found
