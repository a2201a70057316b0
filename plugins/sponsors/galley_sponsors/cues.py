"""What ad reads say: the phrases the sponsors tool looks for in one segment.

A segment's text is looked at in two forms: ``low`` (case-folded, punctuation kept, for web
addresses written as ``fernway.co.uk``) and ``plain`` (case-folded words only, hesitations
removed, so "brought to you, um, by" still reads "brought to you by").

* **Strong cues** say outright that this is a sponsor message ("brought to you by",
  "promo code", "listeners get 20 percent off", a vanity address "dot com slash show").
  A read is only proposed around at least one of them.
* **Medium cues** are what the rest of a read is made of (a web address, an offer, "I've
  been using it", the sponsor's name): they extend a read to its neighbours but never
  start one.
* **Returns** ("and now back to our show") end a read and belong to it; **lead-ins**
  ("let's take a quick break") and **conversation** cues ("my guest today", a question,
  "anyway") end it and do not.

Each cue has points; a read's confidence grows with the points of the distinct cues in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# fmt: off
_HESITATION = re.compile(r"\b(?:u+m+|u+h+|e+r+m+|e+r+|a+h+|h+m+|m+h*m+)\b")
_NOT_WORD = re.compile(r"[^\w%/']+")
_TLD = r"(?:com|co|org|net|io|app|dev|fm|ai|tv|shop|store|uk|us|ca|au|ie|de|nz|show|audio|coffee|health)"
_SHOW = (
    r"(?:this|today's|todays|tonight's|this week's|the|our) (?:episode|show|podcast|program|programme|"
    r"segment|part of the show|hour|series|season|broadcast|edition)"
)
_VERB_BY = r"(?:sponsored|supported|presented|powered|underwritten|made possible|funded|brought to you) by"
# fmt: on


@dataclass(frozen=True, slots=True)
class Cue:
    """One kind of evidence: a name for the note, points, and whether it can start a read."""

    name: str
    pattern: re.Pattern[str]
    points: float
    strong: bool
    on_low: bool = False  # matched against the punctuated text (web addresses)


def _cue(name: str, pattern: str, points: float, strong: bool, *, on_low: bool = False) -> Cue:
    return Cue(name, re.compile(pattern), points, strong, on_low)


CUES: tuple[Cue, ...] = (
    # ------------------------------------------------------------------ strong
    _cue("brought to you by", r"\bbrought to you (?:in part )?by\b", 3.0, True),
    _cue(
        "show sponsored",
        rf"\b{_SHOW}(?: is| are| was| has been|'s)? (?:also |proudly |once again )?{_VERB_BY}\b",
        3.0,
        True,
    ),
    _cue("sponsored by", r"\bsponsored by\b", 2.5, True),
    _cue(
        "support comes from",
        r"\bsupport (?:for (?:this|the|today's|our) (?:show|podcast|episode|program|programme) )?(?:also )?(?:comes|is coming) from\b",
        3.0,
        True,
    ),
    _cue(
        "thanks for supporting",
        r"\bthank(?:s| you)(?: again| once again| so much| as always)? to \w+(?: \w+){0,3} for (?:supporting|sponsoring|partnering)\b"
        r"|\b(?:supporting|sponsoring) (?:the|this|our|today's) (?:show|episode|podcast|program|programme)\b",
        3.0,
        True,
    ),
    _cue(
        "our sponsor",
        r"\b(?:word|message|moment|note|break) from (?:our|today's|this week's|this episode's|the show's) sponsors?\b"
        r"|\b(?:our|today's|this week's|this episode's|the show's) sponsors?\b",
        2.5,
        True,
    ),
    _cue("promo code", r"\b(?:promo|promotional|discount|coupon|offer|voucher|referral) code\b", 3.0, True),
    _cue("percent off", r"(?:percent|%) off\b", 2.5, True),
    _cue(
        "free trial",
        r"\bfree trial\b|\b(?:first|one|two|three|four|six|\d+) (?:months?|weeks?)(?: of \w+(?: \w+)?)? (?:for )?free\b"
        r"|\bfree for (?:a|one|the first|\w+|\d+) (?:month|months|week|weeks|days)\b",
        2.5,
        True,
    ),
    _cue(
        "listeners get",
        r"\blisteners (?:can )?(?:get|save|receive|enjoy|claim)\b(?! involved| in touch| started| to\b| back| help)|\bexclusive (?:offer|deal|discount)\b",
        2.5,
        True,
    ),
    _cue("vanity address", rf"\bdot {_TLD}(?: dot [a-z]{{2,3}})? slash [a-z0-9]", 2.5, True),
    _cue("vanity address", r"\b[a-z0-9-]+(?:\.[a-z]{2,8})+/[a-z0-9]", 2.5, True, on_low=True),
    # ------------------------------------------------------------------ medium
    _cue("web address", rf"\b[a-z0-9-]{{2,}}(?:\.[a-z]{{2,3}})?\.{_TLD}\b", 2.0, False, on_low=True),
    _cue("web address", rf"\bdot {_TLD}\b|\bw w w\b|\bwww\b", 2.0, False),
    _cue("at checkout", r"\bat checkout\b|\bcheckout page\b", 2.0, False),
    _cue("supported by", rf"\b{_VERB_BY}\b", 1.0, False),
    _cue(
        "repeats the offer",
        r"\b(?:the )?code (?:again )?is\b|\bonce (?:more|again)\b|\bagain that's\b",
        1.0,
        False,
    ),
    _cue(
        "offer",
        r"\b(?:free shipping|first order|off your (?:first|next)|off (?:the|your) (?:team|annual|yearly|monthly|first) (?:plan|order|year|month|box)"
        r"|sign(?:ing)? up|risk[- ]free|money[- ]back|free tier|free plan|(?:team|annual|yearly|premium|pro|family) plan"
        r"|subscription|special offer|limited time|today only|discount|(?:per|a) month for|starting at|for (?:our|my|all) listeners)\b",
        1.5,
        False,
    ),
    _cue(
        "product talk",
        r"\b(?:i've been using|i have been using|i've used|i use (?:it|them)|i love (?:it|them|their|how)|we use (?:it|them)"
        r"|try (?:it|them)|give (?:it|them) a (?:try|go)|head (?:over )?to|go to|visit|learn more|find out more"
        r"|check (?:it|them) out|download (?:it|the app)|available (?:on|at|in|for)|works with|comes with|designed for)\b",
        1.0,
        False,
    ),
    _cue(
        "more from them",
        r"\bmore (?:from|about|on) (?:them|our sponsors?|this sponsor)\b|\blater in the (?:episode|show|program|programme)\b"
        r"|\b(?:tell you|hear) (?:more |all )?(?:about|from) (?:it|them) later\b",
        1.5,
        False,
    ),
)

STRONG_NAMES = frozenset(c.name for c in CUES if c.strong)
# One pass each over the two forms of a segment tells whether any cue is there at all
# (most segments have none).
STRONG_CUES = tuple(c for c in CUES if c.strong or c.name == "supported by")
MEDIUM_CUES = tuple(c for c in CUES if c not in STRONG_CUES)
STRONG_PLAIN = re.compile("|".join(f"(?:{c.pattern.pattern})" for c in STRONG_CUES if not c.on_low))
STRONG_LOW = re.compile("|".join(f"(?:{c.pattern.pattern})" for c in STRONG_CUES if c.on_low))
MEDIUM_PLAIN = re.compile("|".join(f"(?:{c.pattern.pattern})" for c in MEDIUM_CUES if not c.on_low))
MEDIUM_LOW = re.compile("|".join(f"(?:{c.pattern.pattern})" for c in MEDIUM_CUES if c.on_low))
# Words at least one strong cue needs: segments without any skip the cue patterns.
_STRONG_WORDS = (
    "brought sponsored sponsor sponsors supported presented powered underwritten possible funded support supporting "
    "sponsoring partnering code percent % off free trial listeners exclusive slash checkout"
)
STRONG_WORDS = frozenset(_STRONG_WORDS.split())
# Strong cues that ordinary talk also says now and then ("they got forty percent off in a
# sale"): alone, without a statement, code, address or named sponsor, they make a weak read.
OFFER_ONLY = frozenset({"percent off", "free trial"})

# A speaker label still in the text starts a new voice: "Announcer: ...", "SPEAKER_02: ...",
# "[SPEAKER_02] ...", ">> ..." (caption turn marker).
TURN_MARK = re.compile(
    r"^\s*(?:>>|\[(?:[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}|SPEAKER_\d+)\]|(?:[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}|SPEAKER_\d+):\s)"
)

# A read ends *with* these (they belong to it) ...
RETURN = re.compile(
    r"^(?:(?:and|so|okay|ok|right|alright|all right|well)\s+)*(?:now\s+)?(?:we're\s+|we are\s+|let's\s+(?:get|go)\s+)?back to\b"
    r"|\b(?:now|and now) back to\b"
    r"|\bback to (?:our|the|my|today's) (?:show|conversation|interview|chat|episode|program|programme|guest|discussion|podcast)\b"
    r"|^(?:and |so |okay )?we're back\b|\blet's get back\b"
)
# ... and *before* these (they are the show again).
CONVERSATION = re.compile(
    r"^(?:anyway|anyways)\b|\bwhere were we\b|\b(?:my|our|today's|this week's|this episode's) guests?\b"
    r"|\b(?:today|this week|this episode|tonight) (?:we're|we are|i'm|i am|i've got|we've got) \w+"
    r"|\bi'm (?:talking|speaking|chatting|sitting down) (?:to|with)\b|\bjoining (?:me|us)\b"
    r"|\blet's (?:get into|dive|start|talk|get started|begin|get going)\b|^(?:okay|ok|alright|right) so\b"
)
# A read never starts before these (the break is announced, then the read follows).
LEAD_IN = re.compile(
    r"\b(?:take|taking|have) a (?:quick |short |little |brief )?break\b|\bafter the break\b|\bwhen we come back\b"
    r"|\bbefore we (?:get going|get started|start|begin|dive in|get into it|go any further)\b|\bbut first\b"
    r"|\bright after this\b|\bafter (?:this|these) (?:short |quick )?(?:break|messages?)\b|\bstay with us\b|\bstick around\b"
    r"|\bbefore we start\b|\ba quick (?:note|thank you|thanks)\b"
)
# Sponsor statements whose object is the sponsor's name: "brought to you by <Name>".
STATEMENT = re.compile(
    r"\b(?:brought to you (?:in part )?by|sponsored by|supported by|presented by|powered by|underwritten by|made possible by"
    r"|support (?:for (?:this|the|today's|our) (?:show|podcast|episode|program|programme) )?(?:also )?comes from"
    r"|thanks(?: again| once again| so much| as always)? to|thank you(?: again| once again| so much)? to)\s+",
    re.IGNORECASE,
)
# "thanks to X" names a sponsor only when "for supporting/sponsoring" follows.
THANKS = re.compile(r"^thank", re.IGNORECASE)
SUPPORTING = re.compile(r"\bfor (?:supporting|sponsoring|partnering)\b", re.IGNORECASE)
SHOW_NAME = re.compile(
    r"\b(?:welcome|welcome back|croeso|hello and welcome|you're listening|you are listening|this is|this has been) to (?:the )?([a-z0-9' ]{2,40}?)(?=$| podcast\b| show\b| where\b| i'm\b| i am\b| with\b| the podcast\b| a podcast\b| a show\b| the show\b)"
    r"|\b(?:this is|this has been|you're listening to) (?:the )?([a-z0-9' ]{2,40}?)(?=$| podcast\b| i'm\b| with\b)"
)
SUBJECT_BY = re.compile(rf"^(.{{1,40}}?) (?:is|are|was|has been) (?:also |proudly )?{_VERB_BY}\b")
CODE = re.compile(r"\bcode(?: word)?(?: is)?[:,]? ([A-Za-z0-9][A-Za-z0-9-]*)")
QUESTION_END = re.compile(r"\?\s*[\"'”’)]*\s*$")
SENTENCE_END = re.compile(r"[.!?…]\s*[\"'”’)]*\s*$")
SELF = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|we|we're|we've|my|our|me|us|you|you're|he|she|his|they|they're)\b"
)
# fmt: off
NOT_CODES = frozenset({
    "review", "reviews", "base", "that", "is", "the", "for", "in", "and", "to", "of", "you", "it", "a", "an",
    "snippet", "snippets", "was", "which", "we", "i", "so", "but", "on", "at", "this", "again", "word",
})
NAME_STOP = frozenset({
    "the", "a", "an", "and", "or", "who", "which", "that", "for", "with", "to", "of", "in", "on", "at", "from",
    "our", "my", "your", "their", "is", "are", "was", "makers", "maker", "folks", "people", "team", "friends",
    "everyone", "you", "listeners", "listening", "supporting", "sponsoring", "again", "today", "this", "as",
    "always", "so", "much", "it", "its", "it's", "by", "more", "all", "us", "me", "them", "every", "one",
})
NAME_SKIP = ("our friends at ", "our friends over at ", "the folks at ", "the team at ", "the people at ", "our good friends at ")
# fmt: on


def plain(text: str) -> str:
    """Case-folded words of ``text``, hesitations removed, one space between words."""
    low = text.casefold().replace("’", "'")
    return " ".join(_HESITATION.sub(" ", _NOT_WORD.sub(" ", low)).split())


def low(text: str) -> str:
    """Case-folded ``text`` with its punctuation (web addresses keep their dots)."""
    return text.casefold().replace("’", "'")
