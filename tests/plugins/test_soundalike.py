"""The glossary sound-alike tool: misheard terms found, everyday speech left alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import pytest
from galley_soundalike.phonetics import fold, is_initialism, sound_key, spoken
from galley_soundalike.tool import SoundAlikeTool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.glossary import parse_glossary
from editor.core.lexicon import load_lexicon
from editor.paths import demo_glossary, demo_transcript, resource
from editor.plugin_api import (
    SOUND_ALIKE,
    Cancelled,
    Glossary,
    Lexicon,
    SegmentSnapshot,
    Suggestion,
    ToolContext,
    words,
)


def api_glossary(text: str) -> Glossary:
    """A glossary file's text as the plugin API's value (what the host hands to tools)."""
    parsed = parse_glossary(text)
    return Glossary(terms=parsed.terms, replacements=parsed.replacements)


# The demo show's terms *without* its "wrong => Right" pairs: what the matcher finds on
# its own, by sound.
TERMS_ONLY = api_glossary(
    """
Siobhan Nguyen
Maya Okafor
Aoife Brennan
Tomasz Wiśniewski
The Build Log
Lintwise
Kubernetes
PyTorch
Python 3
Grafana
Prometheus
Kubeflow
KubeCon
GPU
"""
)

# Another show entirely: film, food and software terms and names from several languages.
OTHER_GLOSSARY = api_glossary(
    """
Seán Connery
Saoirse Ronan
Niamh Kavanagh
Xavier Dolan
Nigella Lawson
Worcestershire
Chipotle
Tchaikovsky
Postgres
NumPy
Jupyter
Terraform
Django
GitHub
MySQL
Dmap
Web3
iOS
Beyoncé
"""
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon("en")


@pytest.fixture(scope="module")
def tool() -> SoundAlikeTool:
    return SoundAlikeTool()


def context(lexicon: Lexicon, glossary: Glossary = TERMS_ONLY, **kwargs: Any) -> ToolContext:
    settings_: Mapping[str, Any] = kwargs.pop("settings", {})
    return ToolContext(glossary=glossary, lexicon=lexicon, settings=settings_, **kwargs)


def segments(*lines: str) -> list[SegmentSnapshot]:
    return [SegmentSnapshot(f"s{i}", i, line) for i, line in enumerate(lines)]


def run(tool: SoundAlikeTool, ctx: ToolContext, *lines: str) -> list[Suggestion]:
    return tool.check(segments(*lines), ctx)


def found(tool: SoundAlikeTool, ctx: ToolContext, *lines: str) -> list[tuple[str, str]]:
    """(flagged text, first replacement) of every finding, in order."""
    return [
        (lines[int(s.segment_id[1:])][s.start : s.end], s.replacements[0]) for s in run(tool, ctx, *lines)
    ]


# ------------------------------------------------------------------ what it finds


@pytest.mark.parametrize(
    ("line", "wrong", "right"),
    [
        ("she spends her days wrangling pie torch jobs", "pie torch", "PyTorch"),
        ("all of it runs on top of cooper netties", "cooper netties", "Kubernetes"),
        ("you can learn Cooper Netties in a few months", "Cooper Netties", "Kubernetes"),
        ("so shivon welcome to the show", "shivon", "Siobhan"),
        ("Shivon Win is a machine learning engineer", "Shivon Win", "Siobhan Nguyen"),
        ("okay Siobhan Gwen this has been brilliant", "Siobhan Gwen", "Siobhan Nguyen"),
        ("thank you so much Shavonne Nguyen", "Shavonne Nguyen", "Siobhan Nguyen"),
        ("and on top of that we use cube flow", "cube flow", "Kubeflow"),
        ("she gave a great talk at cube con last year", "cube con", "KubeCon"),
        ("and Grafanna on top of it for dashboards", "Grafanna", "Grafana"),
        ("I can pull up one gruffana board and see why", "gruffana", "Grafana"),
        ("so we run Promethius for metrics", "Promethius", "Prometheus"),
        ("Eefa built the whole interview cluster herself", "Eefa", "Aoife"),
        ("Ifa and I gave a joint talk", "Ifa", "Aoife"),
        ("Tomas Vishnevski wrote a checker", "Tomas Vishnevski", "Tomasz Wiśniewski"),
        ("there's a Kubernetties working group", "Kubernetties", "Kubernetes"),
        ("with big runs on KUBERNETTI clusters", "KUBERNETTI", "Kubernetes"),
        ("the build log is made by me Maya Okafur", "Maya Okafur", "Maya Okafor"),
    ],
)
def test_misheard_terms_are_found_by_sound(
    tool: SoundAlikeTool, lexicon: Lexicon, line: str, wrong: str, right: str
) -> None:
    assert found(tool, context(lexicon), line) == [(wrong, right)]


@pytest.mark.parametrize(
    ("line", "wrong", "right"),
    [
        ("we had Sean Conary on the show last year", "Sean Conary", "Seán Connery"),
        ("the actor Sean Connery was there", "Sean Connery", "Seán Connery"),
        ("Beyonce played last night", "Beyonce", "Beyoncé"),
        ("add a splash of worcester sheer sauce", "worcester sheer", "Worcestershire"),
        ("we listened to chai kovsky all evening", "chai kovsky", "Tchaikovsky"),
        ("Zavier Dolan directed it", "Zavier Dolan", "Xavier Dolan"),
        ("Neve Kavanagh sang that one", "Neve Kavanagh", "Niamh Kavanagh"),
        ("Nigel Lawson cooked the lamb", "Nigel Lawson", "Nigella Lawson"),
        ("I wrote the whole thing in num pie", "num pie", "NumPy"),
        ("open a jupiter notebook and run it", "jupiter", "Jupyter"),
        ("the post gress database fell over", "post gress", "Postgres"),
        ("it is a jango app", "jango", "Django"),
        ("I pushed it to git hub", "git hub", "GitHub"),
        ("everything is web three now", "web three", "Web3"),
        ("the terra form plan failed", "terra form", "Terraform"),
        ("the I O S version ships today", "I O S", "iOS"),
    ],
)
def test_another_shows_glossary(
    tool: SoundAlikeTool, lexicon: Lexicon, line: str, wrong: str, right: str
) -> None:
    assert found(tool, context(lexicon, OTHER_GLOSSARY), line) == [(wrong, right)]


def test_spelled_out_digits(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon)
    assert found(tool, ctx, "it works with Python three and most editors") == [("Python three", "Python 3")]
    assert found(tool, ctx, "and Pythonthree reads them differently") == [("Pythonthree", "Python 3")]
    assert found(tool, ctx, "we moved to Python3 last year") == [("Python3", "Python 3")]
    web = context(lexicon, api_glossary("Web3\nMarvel Phase 4\n"))
    assert found(tool, web, "the web 3 crowd loved it") == [("web 3", "Web3")]
    assert found(tool, web, "marvel phase four was a mess") == [("marvel phase four", "Marvel Phase 4")]


def test_accented_name_parts(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    glossary = api_glossary("Itzel Domínguez\nItsel => Itzel\nSeán Connery\nMartin Luther King\n")
    ctx = context(lexicon, glossary)
    # A pair and a part in one name: each is fixed.
    assert found(tool, ctx, "please welcome Itsel Dominguez") == [
        ("Itsel", "Itzel"),
        ("Dominguez", "Domínguez"),
    ]
    (part,) = run(tool, ctx, "and Dominguez said")
    assert part.message == '"Dominguez" is written "Domínguez" in the glossary term "Itzel Domínguez"'
    # "Sean" alone may be another Sean: flagged (the glossary spells it with an accent) but
    # without much confidence.
    (sean,) = run(tool, ctx, "Sean said hello")
    assert sean.replacements == ("Seán",) and sean.confidence < 0.7
    # Part of a name as written is no error.
    assert found(tool, ctx, "Martin Luther was a monk") == []


def test_a_different_number_is_not_the_term(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon)
    assert found(tool, ctx, "a big chunk of the code was still Python 2") == []
    assert found(tool, ctx, "we had data files written as Python two pickles") == []


def test_capitals_alone_are_left_to_the_consistency_tool_unless_asked(
    tool: SoundAlikeTool, lexicon: Lexicon
) -> None:
    lines = ("the python 3 migration took months", "mostly about Pytorch on Kubernetes", "Kubecon in Paris")
    assert found(tool, context(lexicon), *lines) == []
    asked = context(lexicon, settings={"case_variants": True})
    assert found(tool, asked, *lines) == [
        ("python 3", "Python 3"),
        ("Pytorch", "PyTorch"),
        ("Kubecon", "KubeCon"),
    ]
    suggestion = run(tool, asked, "mostly about Pytorch on Kubernetes")[0]
    assert suggestion.confidence < 0.7 and "written" in suggestion.message
    # A capital that only starts a segment is not a variant.
    assert found(tool, context(lexicon, api_glossary("iOS\n")), "IOS is next") == []


def test_spacing_and_hyphen_variants_of_a_term(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon)
    assert found(tool, ctx, "a distributed Py Torch job") == [("Py Torch", "PyTorch")]
    assert found(tool, ctx, "where you'd book a G P U") == [("G P U", "GPU")]
    assert found(tool, ctx, "the Kube-Con keynote") == [("Kube-Con", "KubeCon")]
    suggestion = run(tool, ctx, "where you'd book a G P U")[0]
    assert suggestion.confidence >= 0.9 and "written differently" in suggestion.message


def test_plural_and_possessive_endings(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon)
    assert found(tool, ctx, "and pie torches docs do mention it") == [("pie torches", "PyTorch's")]
    assert found(tool, ctx, "two G P Us under a desk") == [("G P Us", "GPUs")]
    # The term itself with an ending is fine.
    assert found(tool, ctx, "four GPUs and PyTorch's new compiler and Nguyen's team") == []


# ----------------------------------------------------------------- explicit pairs


def test_explicit_pairs_match_whole_phrases_case_insensitively(
    tool: SoundAlikeTool, lexicon: Lexicon
) -> None:
    glossary = api_glossary("Kubernetes\nget hub => GitHub\nkuber nettys => Kubernetes\n")
    ctx = context(lexicon, glossary)
    suggestions = run(
        tool, ctx, "push it to Get Hub first", "we run KUBER   NETTYS in prod", "the budget hubs"
    )
    assert [(s.segment_id, s.replacements) for s in suggestions] == [
        ("s0", ("GitHub",)),
        ("s1", ("Kubernetes",)),
    ]
    assert all(s.confidence >= 0.95 and "known misrecognition" in s.message for s in suggestions)
    # Whole words only: the pair is not found inside other words.
    assert found(tool, ctx, "forget hubris") == []
    # "get hub" is only flagged because the producer listed it: by sound alone it is two
    # everyday words.
    assert found(tool, context(lexicon, api_glossary("GitHub\n")), "push it to get hub first") == []


def test_the_demo_glossary_pairs(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, api_glossary(demo_glossary().read_text("utf-8")))
    assert found(tool, ctx, "Shivon Win do you think the gruffana board") == [
        ("Shivon Win", "Siobhan Nguyen"),
        ("gruffana", "Grafana"),
    ]


# ------------------------------------------------------------- what it leaves alone


def test_common_words_need_strong_evidence(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, OTHER_GLOSSARY)
    assert found(tool, ctx, "some mornings I still get up at five") == []
    assert found(tool, ctx, "honestly the map was wrong the whole time") == []
    assert found(tool, ctx, "my sequel to the first book comes out in May") == []
    assert found(tool, ctx, "my hands were numb from the cold") == []
    assert found(tool, ctx, "the OS update broke my laptop") == []


def test_everyday_phrases_near_demo_terms(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, api_glossary(demo_glossary().read_text("utf-8")))
    lines = (
        "holding a glass of water and watching an ice cube melt",
        "the pie chart shows three slices",
        "we grabbed a pie and a torch and went camping",
        "Alice Cooper played the festival",  # "Cooper" alone is half of "Kubernetes" at most
        "the CPU was pegged at a hundred percent",
        "I think the python in the zoo is asleep",
        "build log listeners get twenty percent off",
        "she wants to win the cup",
        "my friend Gwen came along",
        "Eva and I went to the cinema",
        "the prom was on a Friday",
    )
    assert found(tool, ctx, *lines) == []


def test_text_that_already_is_the_term(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, api_glossary(demo_glossary().read_text("utf-8")))
    lines = (
        "Maya Okafor and Siobhan Nguyen and Aoife Brennan",
        "Tomasz Wiśniewski from the platform team",
        "it works with Python 3 and PyTorch on Kubernetes",
        "Kubeflow KubeCon Grafana Prometheus GPU Lintwise",
        "you're listening to The Build Log",
        "Siobhan says hi and so does Tomasz",
        "the KubeCon talk is online",
    )
    assert found(tool, ctx, *lines) == []


ORDINARY = """\
hey everyone and welcome back to the show
before we get going a quick note about our sponsor
okay so today's guest is someone I've wanted on for ages
thanks for having me it's really good to be here
I've been listening since the early episodes
so let's start at the start how did you get into this
honestly I don't think anyone plans that career
I studied physics and wrote a lot of bad code
at some point I realised I enjoyed making things fast
after that I joined a small research lab
we had four machines sitting under a desk
and somebody had to look after them
you'd come in at nine and your job was dead
because someone else grabbed the card overnight
so my first real project was a tiny scheduler
written in bash and a lot of hope
it worked for about a year until an upgrade
which is longer than it deserved to last
when I moved into industry everything changed
the question on my first day was can we share the cluster
the honest answer was sort of
it wants eight cards on the same node
it wants to hold them for three days
and if one of them dies the whole job falls over
that sounds miserable to debug
the fix is one line in the config file
numbers feel less personal than opinions
people started fixing things without being asked
the room held about six hundred people
I remember standing backstage holding a glass of water
but it went fine and the questions were great
if you're training something big every day owning the hardware pays off
if it's two experiments a quarter just rent
let's take a quick break and we'll be right back
we review every page in a weekly meeting
if a page didn't need a human we delete it
I still get up at five some mornings
we give people a broken cluster in the interview
do they check the logs do they check the metrics
the people who do well aren't always the most senior
so if you can open a repo you've never seen and find the bug
that's worth more to me than any certificate
we'll put all of that in the show notes
thanks to everyone listening and see you next week
"""


@pytest.mark.parametrize("glossary_name", ["demo", "other"])
def test_ordinary_conversation_has_no_findings(
    tool: SoundAlikeTool, lexicon: Lexicon, glossary_name: str
) -> None:
    glossary = api_glossary(demo_glossary().read_text("utf-8")) if glossary_name == "demo" else OTHER_GLOSSARY
    lines = ORDINARY.splitlines()
    assert len(lines) >= 30
    assert found(tool, context(lexicon, glossary), *lines) == []


def test_accepted_words_and_ignored_phrases_are_not_flagged(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    line = "so shivon said the cube con talk went well"
    assert found(tool, context(lexicon), line) == [("shivon", "Siobhan"), ("cube con", "KubeCon")]
    ctx = context(lexicon, personal_dictionary=frozenset({"Shivon"}), ignored=frozenset({"cube con"}))
    assert found(tool, ctx, line) == []


# --------------------------------------------------------------------- overlaps


def test_overlapping_windows_keep_the_best_match(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon)
    # One finding for the full name, not one per word.
    assert found(tool, ctx, "I'm here with Shivon Win today") == [("Shivon Win", "Siobhan Nguyen")]
    # Neighbouring words that add nothing stay out of the span.
    assert found(tool, ctx, "everything runs on cooper netties now") == [("cooper netties", "Kubernetes")]
    assert found(tool, ctx, "then cube flow does the job") == [("cube flow", "Kubeflow")]
    # Two separate misheard terms in one segment are two findings.
    assert found(tool, ctx, "big pie torch runs on cooper netties clusters") == [
        ("pie torch", "PyTorch"),
        ("cooper netties", "Kubernetes"),
    ]
    suggestions = run(tool, ctx, "big pie torch runs on cooper netties clusters")
    assert suggestions[0].end <= suggestions[1].start


def test_window_length_setting(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    line = "wrangling pie torch jobs"
    assert found(tool, context(lexicon, settings={"max_window": 1}), line) == []
    assert found(tool, context(lexicon, settings={"max_window": 2}), line) == [("pie torch", "PyTorch")]


def test_threshold_setting(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    lines = ("at cube con last year", "it works with Python three")
    assert found(tool, context(lexicon, settings={"threshold": 1.0}), *lines) == [
        ("Python three", "Python 3")
    ]
    assert len(found(tool, context(lexicon, settings={"threshold": 0.75}), *lines)) == 2


# ------------------------------------------------------------ suggestion details


def test_replacement_memory_goes_first(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    memory = {"shivon": "Siobhan Nguyen", "Cube Con": "KubeCon Europe"}
    ctx = context(lexicon, replacement_memory=memory)
    first = run(tool, ctx, "so shivon welcome")[0]
    assert first.replacements[0] == "Siobhan Nguyen" and "Siobhan" in first.replacements
    assert run(tool, ctx, "at Cube Con last year")[0].replacements[0] == "KubeCon Europe"


def test_suggestion_fields(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    line = "on top of cooper netties"
    (suggestion,) = run(tool, context(lexicon), line)
    assert suggestion.kind == SOUND_ALIKE
    assert line[suggestion.start : suggestion.end] == "cooper netties"
    assert suggestion.message == '"cooper netties" sounds like the glossary term "Kubernetes"'
    assert 0.5 < suggestion.confidence <= 1.0
    part = run(tool, context(lexicon), "so shivon welcome")[0]
    assert part.confidence <= 0.75 and "Siobhan Nguyen" in part.message


def test_confidence_orders_evidence(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, api_glossary(demo_glossary().read_text("utf-8")))
    pair, variant, fuzzy = (
        run(tool, ctx, line)[0].confidence
        for line in ("on cooper netties", "book a G P U", "at cube con last year")
    )
    assert pair > variant > fuzzy


def test_nothing_without_a_glossary(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    assert run(tool, context(lexicon, Glossary()), "pie torch on cooper netties") == []


def test_cancellation(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    ctx = context(lexicon, is_cancelled=lambda: True)
    with pytest.raises(Cancelled):
        run(tool, ctx, "pie torch")


def test_progress_is_reported(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    reports: list[tuple[int, int]] = []
    ctx = context(lexicon, report_progress=lambda done, total: reports.append((done, total)))
    run(tool, ctx, *["pie torch on cooper netties"] * 450)
    assert reports[-1] == (450, 450)


def test_a_new_glossary_is_used_by_the_same_tool(lexicon: Lexicon) -> None:
    tool = SoundAlikeTool()
    assert found(tool, context(lexicon), "at cube con") == [("cube con", "KubeCon")]
    assert found(tool, context(lexicon, api_glossary("Kubernetes\n")), "at cube con") == []
    assert found(tool, context(lexicon), "at cube con") == [("cube con", "KubeCon")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("abcdefgkmnoprstuy GPUIO3-'é.")), max_size=40), max_size=5)
)
def test_findings_are_valid_spans_that_never_overlap(
    tool: SoundAlikeTool, lexicon: Lexicon, lines: list[str]
) -> None:
    ctx = context(lexicon, api_glossary(demo_glossary().read_text("utf-8")))
    suggestions = run(tool, ctx, *lines)
    by_segment: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        text = lines[int(s.segment_id[1:])]
        assert 0 <= s.start < s.end <= len(text)
        assert s.replacements and s.replacements[0] != text[s.start : s.end]
        assert 0.0 <= s.confidence <= 1.0
        by_segment.setdefault(s.segment_id, []).append(s)
    for group in by_segment.values():
        spans = sorted((s.start, s.end) for s in group)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


# ------------------------------------------------------------------- the demo


def _demo_segments() -> list[SegmentSnapshot]:
    text = demo_transcript().read_text("utf-8")
    return [
        SegmentSnapshot(f"s{i}", i, line.split(": ", 1)[-1], line=i + 1)
        for i, line in enumerate(text.splitlines())
    ]


def _overlaps(segment: SegmentSnapshot, suggestion: Suggestion, wrong: str) -> bool:
    at = segment.text.casefold().find(wrong.casefold())
    return at >= 0 and suggestion.start < at + len(wrong) and at < suggestion.end


def test_demo_misheard_terms_are_found_without_false_alarms(tool: SoundAlikeTool, lexicon: Lexicon) -> None:
    """Every planted error of the demo whose fix is a glossary term (or part of one), other
    than a change of capitals, is found with the right fix; nothing else is flagged."""
    glossary = api_glossary(demo_glossary().read_text("utf-8"))
    answers = json.loads(resource("samples", "demo-answers.json").read_text("utf-8"))["misheard"]
    glossary_words = {w.text for term in glossary.terms for w in words(term)} | set(glossary.terms)
    expected = [
        a
        for a in answers
        if a["right"].rstrip("'s").rstrip("’") in glossary_words or a["right"] in glossary_words
        if a["wrong"].casefold() != a["right"].casefold()
    ]
    assert len(expected) >= 40
    segments_ = _demo_segments()
    suggestions = tool.check(segments_, context(lexicon, glossary))
    by_line: dict[int, list[Suggestion]] = {}
    for s in suggestions:
        by_line.setdefault(int(s.segment_id[1:]) + 1, []).append(s)
    missed = [
        (a["line"], a["wrong"])
        for a in expected
        if not any(
            _overlaps(segments_[a["line"] - 1], s, a["wrong"]) and a["right"] in s.replacements[0]
            for s in by_line.get(a["line"], [])
        )
    ]
    assert missed == []
    unexpected = [
        (line, segments_[line - 1].text[s.start : s.end])
        for line, group in by_line.items()
        for s in group
        if not any(a["line"] == line and _overlaps(segments_[line - 1], s, a["wrong"]) for a in answers)
    ]
    assert unexpected == []


# ------------------------------------------------------------------ phonetics


def test_sound_keys_hear_what_recognisers_confuse() -> None:
    assert sound_key("cooper netties") == sound_key("Kubernetes")
    assert sound_key("Shivon") == sound_key("Siobhan") == sound_key("Shavonne")
    assert sound_key("Shivon Win") == sound_key("Siobhan Nguyen")
    assert sound_key("Eefa") == sound_key("Aoife")
    assert sound_key("pie torch") == sound_key("PyTorch")
    assert sound_key("gruffana") == sound_key("Grafana")
    assert sound_key("jango") == sound_key("Django")
    assert sound_key("get up") == sound_key("GitHub")  # hence the guard on common words
    assert sound_key("CPU") != sound_key("GPU")  # initialisms are heard as letter names


def test_folding_and_spoken_numbers() -> None:
    assert fold("Seán Wiśniewski") == "seanwisniewski"
    assert fold("Py-Torch") == "pytorch"
    assert spoken("Python 3") == spoken("python three") == "pythonthree"
    assert spoken("Web3") == "webthree" and spoken("route 66") == "routesixtysix"
    assert is_initialism("GPU") and is_initialism("html") and not is_initialism("NASA")
