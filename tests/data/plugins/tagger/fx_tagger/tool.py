from editor.plugin_api import TagProposal


class Tool:
    """Proposes an ad tag over the first two segments, plus two malformed proposals."""

    def tag(self, segments, ctx):
        return [
            TagProposal("ad", segments[0].id, segments[1].id, 0.7, "sponsor read"),
            TagProposal("ad", segments[1].id, segments[0].id, 0.7),
            TagProposal("ad", "nope", segments[0].id, 0.7),
        ]
