"""The consistency tool: one entity spelled several ways, minority forms flagged.

Lines are written like raw speech-to-text output (short, no punctuation, names misheard).
Every test states what must be flagged *and* what must be left alone.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from galley_consistency.clusters import forbidden
from galley_consistency.forms import GLOSSARY_TERM, FormTable
from galley_consistency.text import skeleton, sound_key
from galley_consistency.tool import ConsistencyTool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.glossary import read_glossary
from editor.core.lexicon import load_lexicon
from editor.plugin_api import CONSISTENCY, Cancelled, Glossary, SegmentSnapshot, Suggestion, ToolContext
from editor.plugin_host.manifest import read_manifest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
LEXICON = load_lexicon("en")


# ----------------------------------------------------------------------------- helpers


def segments(*lines: str, speaker: str | None = None) -> list[SegmentSnapshot]:
    """Segments from lines; ``Name: text`` lines set the speaker like the plain-text reader."""
    found = []
    current = speaker
    for number, line in enumerate(lines, 1):
        match = re.match(r"^([A-Z][a-z]+): (.*)$", line)
        if match:
            current, line = match.group(1), match.group(2)
        found.append(SegmentSnapshot(id=f"s{number}", index=number - 1, text=line, speaker=current, line=number))
    return found


def context(terms: tuple[str, ...] = (), pairs: tuple[tuple[str, str], ...] = (), **kwargs) -> ToolContext:
    return ToolContext(lexicon=LEXICON, glossary=Glossary(terms, pairs), **kwargs)


def check(segs: list[SegmentSnapshot], ctx: ToolContext | None = None) -> list[Suggestion]:
    found = ConsistencyTool().check(segs, ctx or context())
    by_id = {s.id: s for s in segs}
    for suggestion in found:  # the contract every finding must keep
        text = by_id[suggestion.segment_id].text
        assert 0 <= suggestion.start < suggestion.end <= len(text)
        assert suggestion.kind == CONSISTENCY
        assert 0.0 <= suggestion.confidence <= 1.0
        assert suggestion.replacements and suggestion.replacements[0] != text[suggestion.start:suggestion.end]
    return found


def flagged(segs: list[SegmentSnapshot], found: list[Suggestion]) -> Counter[tuple[str, str]]:
    """``(flagged text, first replacement)`` -> how many times."""
    by_id = {s.id: s.text for s in segs}
    return Counter((by_id[f.segment_id][f.start:f.end], f.replacements[0]) for f in found)


def texts(segs: list[SegmentSnapshot], found: list[Suggestion]) -> set[str]:
    by_id = {s.id: s.text for s in segs}
    return {by_id[f.segment_id][f.start:f.end] for f in found}


# Ordinary talk around the names, so that tests look like real transcripts.
KUBERNETES_LINES = (
    "we moved everything onto Kubernetes last spring",
    "the Kubernetes scheduler knows nothing about our jobs",
    "so on top of Kubernetties we run a small operator",
    "and honestly Kubernetes was built for web apps",
    "you can learn Kubernetes in a few months",
    "every job on every cooper netties node started stalling",
    "we still have one KUBERNETTI cluster in the basement",
    "the Kubernetes upgrade took a whole weekend",
)


# ------------------------------------------------------------------- the brief's examples


def test_kubernetes_variants_go_to_the_glossary_form() -> None:
    segs = segments(*KUBERNETES_LINES)
    found = check(segs, context(("Kubernetes",)))
    assert flagged(segs, found) == {("Kubernetties", "Kubernetes"): 1, ("cooper netties", "Kubernetes"): 1,
                                    ("KUBERNETTI", "Kubernetes"): 1}
    assert "Kubernetes" not in texts(segs, found)  # the canonical form's own occurrences stay
    assert all(f.confidence >= 0.8 for f in found)


def test_kubernetes_variants_without_glossary_go_to_the_majority() -> None:
    segs = segments(*KUBERNETES_LINES, "we run Cooper Netties for the batch jobs")
    found = check(segs)
    assert flagged(segs, found) == {("Kubernetties", "Kubernetes"): 1, ("cooper netties", "Kubernetes"): 1,
                                    ("KUBERNETTI", "Kubernetes"): 1, ("Cooper Netties", "Kubernetes"): 1}
    message = next(f.message for f in found if f.replacements[0] == "Kubernetes")
    assert "also written \u201cKubernetes\u201d (5\u00d7) in this transcript" in message


SIOBHAN_LINES = (
    "Maya: Shivon Win is a machine learning engineer",
    "and for the record it's Siobhan Nguyen",
    "so Shavonne Nguyen before the break you mentioned a migration",
    "Maya: Siobhan Gwen is that a hard conversation to have",
    "I'm talking to Siobhan Nguyen about training clusters",
    "okay shivon let's talk about on-call",
    "thank you so much Siobhan Nguyen",
)


def test_a_guests_name_heard_four_ways_with_the_glossary() -> None:
    segs = segments(*SIOBHAN_LINES)
    ctx = context(("Siobhan Nguyen",), (("Shivon Win", "Siobhan Nguyen"),))
    found = check(segs, ctx)
    assert flagged(segs, found) == {("Shivon Win", "Siobhan Nguyen"): 1, ("Shavonne Nguyen", "Siobhan Nguyen"): 1,
                                    ("Siobhan Gwen", "Siobhan Nguyen"): 1, ("shivon", "Siobhan"): 1}


def test_a_guests_name_without_glossary_goes_to_the_consensus_spelling() -> None:
    # Without the glossary nothing ties the whole of "Shivon Win" to the rest (neither its
    # spelling nor its sound). The other full names share a rare word and sound alike, and
    # "Siobhan Nguyen" is the most frequent. "Shavonne Nguyen" ~ "Siobhan Nguyen" makes
    # "Shavonne" a spelling of "Siobhan", and "Shivon" sounds exactly like "Shavonne": so
    # the first names are fixed, even the one inside "Shivon Win".
    segs = segments(*SIOBHAN_LINES)
    found = check(segs)
    assert flagged(segs, found) == {("Shavonne Nguyen", "Siobhan Nguyen"): 1, ("Siobhan Gwen", "Siobhan Nguyen"): 1,
                                    ("shivon", "Siobhan"): 1, ("Shivon", "Siobhan"): 1}


def test_grafana_with_and_without_glossary() -> None:
    segs = segments(
        "we run Prometheus for metrics and Grafana on top of it for dashboards",
        "now I just send them the Grafanna link",
        "I can pull up one gruffana board and see why",
        "does the team use the same Grafana boards",
        "the Grafana docs are good",
    )
    assert flagged(segs, check(segs, context(("Grafana",)))) == {("Grafanna", "Grafana"): 1,
                                                                 ("gruffana", "Grafana"): 1}
    assert flagged(segs, check(segs)) == {("Grafanna", "Grafana"): 1, ("gruffana", "Grafana"): 1}


def test_aoife_heard_as_eefa_is_tied_by_her_surname() -> None:
    segs = segments(
        "my colleague Eefa Brennan built a really nice panel",
        "Aoife Brennan I know that name",
        "Eefa built the whole interview cluster herself",
        "Eefa and I also write a small blog",
    )
    found = check(segs, context(("Aoife Brennan",)))
    assert flagged(segs, found) == {("Eefa Brennan", "Aoife Brennan"): 1, ("Eefa", "Aoife"): 2}


def test_kubecon_split_and_case_variants() -> None:
    segs = segments(
        "she gave one of my favourite talks at cube con",
        "we gave a joint talk at Kubecon in Paris",
        "who you may have seen speaking at Kubecon",
        "the slides from the KubeCon talk are online",
        "if you see her at cube con say hello",
    )
    expected = {("cube con", "KubeCon"): 2, ("Kubecon", "KubeCon"): 2}
    assert flagged(segs, check(segs, context(("KubeCon",)))) == expected
    # Without a glossary CamelCase still wins over the more frequent "Kubecon": internal
    # capitals are never an accident of speech recognition.
    assert flagged(segs, check(segs)) == expected


def test_case_only_variants_of_a_brand() -> None:
    segs = segments(
        "you describe a distributed PyTorch job in one file",
        "Pytorch data loaders pass batches through shared memory",
        "once we were on Python three we upgraded Pytorch",
        "newer releases of PyTorch had dropped support",
        "and pie torches new compiler alone gave us twenty percent",
    )
    expected = {("Pytorch", "PyTorch"): 2, ("pie torches", "PyTorch's"): 1}
    assert flagged(segs, check(segs, context(("PyTorch",)))) == expected
    assert flagged(segs, check(segs)) == expected


def test_asr_repeating_its_mistake_does_not_make_it_right() -> None:
    # The non-word is the majority (3 to 1) but sounds exactly like a real word.
    segs = segments(
        "so we run Promethius for metrics",
        "now Promethius groups related alerts together",
        "and the Promethius queries behind them",
        "along with the Prometheus docs",
    )
    found = check(segs)
    assert flagged(segs, found) == {("Promethius", "Prometheus"): 3}
    assert "Prometheus" not in texts(segs, found)


def test_numbers_spelled_glued_or_lowercased() -> None:
    segs = segments(
        "it works with Python three and most editors",
        "the python 3 one took five months",
        "and Pythonthree reads them differently",
        "the standard Python 3 tools fix most of those",
        "a big chunk of the code was still Python 2",
        "we had data files written as Python 2 pickles",
        "um first in Fortran and then in python",
    )
    found = check(segs, context(("Python 3",)))
    assert flagged(segs, found) == {("Python three", "Python 3"): 1, ("python 3", "Python 3"): 1,
                                    ("Pythonthree", "Python 3"): 1}
    # "Python 2" is another version, and lowercase "python" alone is the word.
    assert not texts(segs, found) & {"Python 2", "python"}


def test_spelled_out_acronyms() -> None:
    segs = segments(
        "that had four GPUs sitting under a desk",
        "there was a shared spreadsheet where you'd book a G P U",
        "so the scheduler actually knows what a G P U is",
        "on how many GPUs you need and for how long",
        "every GPU exports its temperature",
    )
    found = check(segs)
    assert flagged(segs, found) == {("G P U", "GPU"): 2}


# ------------------------------------------------------------------ what must stay apart


def test_two_glossary_terms_are_never_merged() -> None:
    segs = segments(
        "specifically the training operator from Kubeflow",
        "in the Kubeflow world or more broadly",
        "we run everything on Kubernetes",
        "I gave a talk at KubeCon about it",
        "the Kubernetes community is huge",
        "and then Kubeflow again",
    )
    # A loose threshold would link "Kubeflow" to "KubeCon" (0.67 alike); the glossary says
    # they are different things.
    ctx = context(("Kubernetes", "Kubeflow", "KubeCon"), settings={"threshold": 0.6})
    assert check(segs, ctx) == []


def test_forbidden_pairs() -> None:
    table = FormTable(lambda fold: (fold in LEXICON, LEXICON.frequency(fold)))
    for text in ("Kubeflow", "KubeCon", "Kubernetes", "Kubecon", "Kubernetties", "Python 2", "Python 3", "there",
                 "their", "Maya", "Mara"):
        form = table.get(text)  # as if seen in the transcript
        form.count, form.window_only = 1, False
    for term in ("Kubeflow", "KubeCon", "Kubernetes"):
        form = table.get(term)
        form.glossary, form.glossary_ids = GLOSSARY_TERM, frozenset({term})
    assert forbidden(table.get("Kubeflow"), table.get("KubeCon"))
    assert forbidden(table.get("Kubeflow"), table.get("Kubernetes"))
    assert forbidden(table.get("Python 2"), table.get("Python 3"))  # numbers differ
    assert forbidden(table.get("there"), table.get("their"))  # two everyday words
    assert forbidden(table.get("Maya"), table.get("Mara"))  # two real names
    assert not forbidden(table.get("Kubernetties"), table.get("Kubernetes"))
    assert not forbidden(table.get("KubeCon"), table.get("Kubecon"))  # case variants


def test_everyday_sound_alikes_are_not_this_tools_business() -> None:
    segs = segments(
        "there was a shared spreadsheet",
        "and people would just ignore their bookings",
        "they're not bad people",
        "their code was fine but there was no data",
        "telling researchers the bottleneck is thier own code",
        "and once people saw their own jobs on it",
        "they're happy now and there you go",
    )
    assert check(segs) == []


def test_two_real_names_said_often_are_two_people() -> None:
    # "Maya" and "Mara" are both names the lexicon knows, each said three times: two
    # people. Spelling cannot tell a misheard real name from another person; that is the
    # sound-alike tool's job, with the glossary.
    segs = segments(
        "Maya: welcome back to the show",
        "today Mara is in the studio with me",
        "Mara built the whole interview cluster",
        "thanks Maya it's good to be here",
        "and Maya will be back next week",
        "Mara says the scheduler is fixed",
        "I asked Maya about it yesterday",
    )
    assert check(segs) == []


def test_a_full_name_and_its_surname_are_not_two_spellings() -> None:
    segs = segments(
        "I met a farmer called Dai Llewellyn",
        "Llewellyn grows about two acres for us",
        "and Llewellyn would need to grow twice as much corn",
        "that's Dai Llewellyn with a double L",
    )
    assert check(segs) == []


ORDINARY_LINES = (
    "hey everyone and welcome back to the show",
    "before we get going a quick note about the schedule",
    "okay so today's guest is someone I've wanted on for ages",
    "she runs the platform team at a small startup",
    "I studied physics at university",
    "and I was writing really bad simulation code",
    "at some point I realised I enjoyed making code fast",
    "after that I joined a small research lab",
    "that had four machines sitting under a desk",
    "and somebody had to look after them",
    "and honestly it was chaos",
    "people would book time and then just ignore it",
    "you'd come in at nine and your job was dead",
    "because someone else grabbed the card overnight",
    "so my first real project was a tiny scheduler",
    "written in bash and a lot of hope",
    "it worked for about a year until an upgrade",
    "which is longer than it deserved to",
    "and I assume that's the road that leads you here",
    "yeah that is pretty much it",
    "when I moved into industry the first team I joined",
    "was already running everything in containers",
    "web services and batch jobs in separate namespaces",
    "and the question on my first day was simple",
    "can we run training on the same cluster",
    "and the honest answer was sort of",
    "it wants eight cards on the same node",
    "it wants to hold them for three days",
    "and if one of them dies the whole job falls over",
    "to make it work you need a few layers",
    "at the bottom you need the device plugin",
    "then you need something called gang scheduling",
    "which means all the workers start together or none do",
    "otherwise you get half a job holding cards hostage",
    "In London On Tuesday We Met The Team",
    "WE ALL WENT OUT FOR DINNER AFTER THAT",
    "So Monday was fine and Tuesday was fine",
)


def test_ordinary_talk_has_no_findings() -> None:
    segs = segments(*ORDINARY_LINES, speaker="Maya")
    assert len(segs) > 30
    assert check(segs) == []


def test_sentence_start_capitals_and_addresses_are_not_case_errors() -> None:
    segs = segments(
        "this episode is brought to you by Lintwise",
        "Lintwise is a code linter that tells you why",
        "that's lintwise dot dev slash build log",
        "and thanks again to Lintwise for supporting the show",
    )
    assert check(segs, context(("Lintwise",))) == []


def test_ordinary_words_of_a_glossary_title_are_not_case_errors() -> None:
    segs = segments(
        "hey everyone and welcome back to the build log",
        "you're listening to the build log",
        "The Build Log is made by me",
    )
    assert check(segs, context(("The Build Log",))) == []


def test_a_short_form_is_not_a_misspelling() -> None:
    segs = segments(
        "so we moved from MySQL to PostgreSQL last year",
        "and honestly Postgres has been great for us",
        "Postgres replication is easy now",
    )
    assert check(segs) == []


def test_a_title_is_not_part_of_the_name() -> None:
    segs = segments(
        "from Aarhus University Dr Ingrid Sondergaard",
        "Ingrid Sondergaard that's a surprising ending",
        "thanks to Dr Ingrid Søndergaard",
    )
    assert flagged(segs, check(segs)) == {("Ingrid Sondergaard", "Ingrid Søndergaard"): 2}


# ------------------------------------------------------------ names heard in pieces


def test_exact_splits_of_a_glossary_term_around_everyday_words() -> None:
    segs = segments(
        "the merchants of the steel yard in London",
        "the Steelyard was their base in England",
        "this episode is supported by salt fold",
        "salt fold knives come with a lifetime sharpening service",
    )
    found = check(segs, context(("Steelyard", "Saltfold")))
    assert flagged(segs, found) == {("steel yard", "Steelyard"): 1, ("salt fold", "Saltfold"): 2}


def test_a_split_rebuilds_a_word_seen_whole() -> None:
    segs = segments(
        "you cook the corn in lime that's the nix tamal process",
        "nixtamal is thousands of years old",
        "we nixtamal every morning",
    )
    assert flagged(segs, check(segs)) == {("nix tamal", "nixtamal"): 1}


def test_a_name_heard_as_a_function_word_and_a_non_word() -> None:
    segs = segments(
        "Gethin: So cheel tell me about growing up in Bristol",
        "it's Xochitl it means flower",
        "so So cheel you cook over fire",
    )
    found = check(segs, context(("Xochitl",), (("Sochil", "Xochitl"),)))
    assert flagged(segs, found) == {("So cheel", "Xochitl"): 2}


def test_accents_are_deliberate() -> None:
    segs = segments(
        "Gethin: Ramirez thank you so much",
        "that was Xochitl Ramírez from Milpa",
        "and Ramirez again on the grill",
    )
    assert flagged(segs, check(segs)) == {("Ramirez", "Ramírez"): 2}


def test_a_real_name_wins_an_even_split_with_a_non_word_that_sounds_the_same() -> None:
    segs = segments("Karen joined the team in May", "and Caren said the team is great")
    found = check(segs)
    assert flagged(segs, found) == {("Caren", "Karen"): 1}
    assert found[0].confidence > 0.3  # not a tie


def test_a_speakers_name_is_canonical() -> None:
    segs = segments(
        "Gethin: welcome to the long table",
        "Xochitl: thank you Gethen",
        "it's lovely to be here Gethen",
    )
    found = check(segs)
    assert flagged(segs, found) == {("Gethen", "Gethin"): 2}
    assert "the speaker is named \u201cGethin\u201d" in found[0].message


# ------------------------------------------------------------- producer's own decisions


def test_an_accepted_word_is_canonical() -> None:
    segs = segments(
        "now I just send them the Grafanna link",
        "I pulled up the Grafanna board",
        "the Grafana docs are good",
    )
    ctx = context(personal_dictionary=frozenset({"Grafanna"}))
    found = check(segs, ctx)
    assert flagged(segs, found) == {("Grafana", "Grafanna"): 1}
    assert "your dictionary" not in found[0].message  # it occurs, so the count is shown


def test_an_accepted_word_spelled_unlike_the_glossary_is_still_flagged() -> None:
    segs = segments("now I just send them the Grafanna link", "the Grafana docs are good")
    ctx = context(("Grafana",), personal_dictionary=frozenset({"Grafanna"}))
    assert flagged(segs, check(segs, ctx)) == {("Grafanna", "Grafana"): 1}


def test_replacement_memory_comes_first() -> None:
    segs = segments(*KUBERNETES_LINES)
    ctx = context(("Kubernetes",), replacement_memory={"kubernetties": "Kubernetes (K8s)"})
    found = check(segs, ctx)
    by_text = {segs[int(f.segment_id[1:]) - 1].text[f.start:f.end]: f for f in found}
    assert by_text["Kubernetties"].replacements[:2] == ("Kubernetes (K8s)", "Kubernetes")
    assert by_text["KUBERNETTI"].replacements[0] == "Kubernetes"


def test_possessives_keep_their_ending() -> None:
    segs = segments(
        "we talked to Siobhan Nguyen about it",
        "that was Siobhan Nguyen's idea",
        "and Shavonne Nguyen's team agreed",
    )
    found = check(segs, context(("Siobhan Nguyen",)))
    assert flagged(segs, found) == {("Shavonne Nguyen", "Siobhan Nguyen"): 1}  # "'s" is left as it is


def test_a_tie_is_shown_both_ways_with_low_confidence() -> None:
    segs = segments(
        "we run Kubernetes for the web apps",
        "and Kubernetties for the training jobs",
        "the Kubernetes upgrade went fine",
        "the Kubernetties upgrade did not",
    )
    found = check(segs)
    assert flagged(segs, found) == {("Kubernetes", "Kubernetties"): 2, ("Kubernetties", "Kubernetes"): 2}
    assert all(f.confidence <= 0.3 for f in found)
    assert all("neither spelling is more common" in f.message for f in found)


# -------------------------------------------------------------------- settings and host


def test_settings_threshold_and_min_occurrences() -> None:
    segs = segments(*KUBERNETES_LINES)
    # Nothing is alike enough at 1.0 except case and spacing variants.
    assert flagged(segs, check(segs, context(settings={"threshold": 1.0}))) == {}
    assert check(segs, context(settings={"min_occurrences": 50})) == []
    # Junk settings fall back to defaults rather than failing.
    assert check(segs, context(settings={"threshold": "high", "min_occurrences": None}))


def test_cancellation_is_honoured() -> None:
    segs = segments(*KUBERNETES_LINES)
    with pytest.raises(Cancelled):
        ConsistencyTool().check(segs, context(is_cancelled=lambda: True))


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    ConsistencyTool().check(segments(*KUBERNETES_LINES), context(report_progress=lambda d, t: seen.append((d, t))))
    assert seen[-1] == (len(KUBERNETES_LINES), len(KUBERNETES_LINES))


def test_nothing_in_nothing_out() -> None:
    assert ConsistencyTool().check([], context(("Kubernetes",))) == []
    assert check(segments("", "   ", "...", "- - -")) == []
    # Glossary entries that are only punctuation or spaces are ignored, not fatal.
    assert check(segments(*KUBERNETES_LINES), context(("", "  ", "C++", "!!"), (("", "x"), ("?", "")))) != []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from(list("aAbBkKuUeEnrRsStT íś'’-.3 \n")), max_size=40),
                max_size=12))
def test_any_text_gives_well_formed_findings(lines: list[str]) -> None:
    segs = [SegmentSnapshot(f"s{i}", i, text) for i, text in enumerate(lines)]
    check(segs, context(("Kubernetes", "KubeCon")))  # check() asserts the contract


def test_manifest() -> None:
    manifest = read_manifest(ROOT / "plugins" / "consistency" / "plugin.toml")
    (tool,) = manifest.tools
    assert (manifest.id, tool.id, tool.scope, tool.live, tool.kinds) == (
        "galley.consistency", "consistency", "document", False, ("consistency",))
    assert tool.python_name == "galley_consistency.tool:ConsistencyTool"
    assert manifest.default_settings() == {"threshold": 0.8, "min_occurrences": 2}


def test_views() -> None:
    assert skeleton("cube con") == "cubecon" and skeleton("KubeCon") == "kubecon"
    assert sound_key(skeleton("cube con")) == sound_key(skeleton("KubeCon"))
    assert skeleton("python 3") == skeleton("Pythonthree") == "pythonthree"
    assert skeleton("Tomasz Wiśniewski") == "tomaszwisniewski"
    assert sound_key(skeleton("Cooper Netties")) == sound_key(skeleton("Kubernetes"))
    assert sound_key("eefa") == sound_key("ifa") == sound_key("aoife")


# ------------------------------------------------------------- the demo: quality and speed


def _demo_segments(repeat: int = 1) -> list[SegmentSnapshot]:
    found = []
    speaker = None
    lines = (SAMPLES / "demo-interview.txt").read_text("utf-8").splitlines()
    for copy in range(repeat):
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            match = re.match(r"^([A-Z][a-z]+): (.*)$", line)
            if match:
                speaker, line = match.group(1), match.group(2)
            found.append(SegmentSnapshot(f"{copy}-{number}", len(found), line, speaker, line=number))
    return found


def _demo_context() -> ToolContext:
    glossary = read_glossary(SAMPLES / "demo-glossary.txt")
    return context(glossary.terms, glossary.replacements)


# The demo's misheard names and terms (its README's first table): the variant spellings.
DEMO_VARIANTS = {"Shivon Win", "Shavonne Nguyen", "Siobhan Gwen", "shivon", "Cooper Netties", "cooper netties",
                 "Kubernetties", "KUBERNETTI", "pie torch", "pie torches", "Pytorch", "Python three", "python 3",
                 "Pythonthree", "Grafanna", "gruffana", "Promethius", "cube flow", "cube con", "Kubecon", "Eefa",
                 "Ifa", "Okafur", "G P U", "Tomas Vishnevski"}


def test_demo_recall_and_precision() -> None:
    segs = _demo_segments()
    found = check(segs, _demo_context())
    answers = json.loads((SAMPLES / "demo-answers.json").read_text("utf-8"))["misheard"]
    by_id = {s.id: s for s in segs}
    hit: set[int] = set()
    false_alarms = []
    for suggestion in found:
        segment = by_id[suggestion.segment_id]
        matched = [i for i, answer in enumerate(answers) if answer["line"] == segment.line and any(
            m.start() < suggestion.end and suggestion.start < m.end()
            for m in re.finditer(re.escape(answer["wrong"]), segment.text))]
        hit.update(matched)
        if not matched:
            false_alarms.append(segment.text[suggestion.start:suggestion.end])
    variants = [i for i, answer in enumerate(answers) if answer["wrong"] in DEMO_VARIANTS]
    recall = sum(1 for i in variants if i in hit) / len(variants)
    assert recall >= 0.95, recall  # measured: 65 of 68 (only "Ifa" for "Aoife" is missed)
    assert false_alarms == []


def test_an_hour_of_transcript_is_fast() -> None:
    segs = _demo_segments(repeat=6)  # ~14,000 words, ~1,800 segments
    assert sum(len(s.text.split()) for s in segs) >= 13_000
    ctx = _demo_context()
    tool = ConsistencyTool()
    tool.check(segs, ctx)  # warm the per-word caches, as the app's second check would
    best = min(_timed(tool, segs, ctx) for _ in range(3))
    # Measured ~0.06 s on one core; the bound leaves room for a loaded CI machine.
    assert best < 0.3, best


def _timed(tool: ConsistencyTool, segs: list[SegmentSnapshot], ctx: ToolContext) -> float:
    start = time.process_time()
    tool.check(segs, ctx)
    return time.process_time() - start
