"""A project file is data, never code; saving writes only where the producer chose;
exported HTML escapes everything; plugins are found only in the three documented places.
"""

from __future__ import annotations

import ast
import builtins
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from editor import paths
from editor.core import autosave, project
from editor.core.document import Document
from editor.core.errors import ProjectError
from editor.core.model import Annotation, Decision, DecisionAction, Glossary, Metadata, Segment, Speaker, Word
from editor.formats.errors import FormatError
from editor.formats.readers import read_document
from editor.formats.writers import export_bytes
from editor.formats.writers.base import ExportOptions
from editor.plugin_host.check import default_registry

ROOT = Path(__file__).resolve().parents[2]

PAYLOADS = (
    "__import__('os').system('touch PWNED')",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "!!python/object/apply:os.system ['touch PWNED']",
    "cos\nsystem\n(S'touch PWNED'\ntR.",  # a pickle
    "$(touch PWNED)`touch PWNED`",
    "file:///etc/passwd",
    "../../etc/x",
    "<script>alert(1)</script>",
)
OBJECTS: list[Any] = [
    {"$ref": "file:///etc/passwd"},
    {"$ref": "#/definitions/x", "$schema": "file:///etc/passwd"},
    {"__class__": "os.system", "__reduce__": ["os.system", ["touch PWNED"]]},
    {"py/object": "subprocess.Popen", "py/newargs": [["touch", "PWNED"]]},
    {"__import__": "os", "eval": "__import__('os').system('touch PWNED')"},
    {"!!python/object/apply:os.system": ["touch PWNED"]},
]


def hostile_project() -> dict[str, Any]:
    """A valid project with code-looking strings and objects in every place that holds any."""
    text = " ".join(PAYLOADS).replace("\n", " ")
    doc = Document(
        [
            Segment("s1", text, "sp1", 0.0, 1.0, (Word(PAYLOADS[0], 0.0, 0.5, 0.5),), PAYLOADS[3]),
            Segment("s2", "plain"),
        ],
        [Speaker("sp1", PAYLOADS[0]), Speaker("sp2", "../../etc/passwd")],
        metadata=Metadata(title="../../etc/x", source_name="/etc/passwd", source_format=PAYLOADS[2]),
        glossary=Glossary((PAYLOADS[0],), ((PAYLOADS[1], PAYLOADS[2]),)),
        plugin_data={
            # Plugin settings: a plugin id with what a manifest or its settings might hold.
            "fixture.evil": {
                "python_name": "os:system",
                "path": "../../plugins/evil",
                "command": "touch PWNED",
            },
            "galley.spelling": {"dictionary": "/etc/passwd", "settings": {"word": PAYLOADS[0]}},
            "objects": OBJECTS,
        },
    )
    doc.add_annotations(
        [Annotation("", "s1", 0, 10, "rule", text[:10], PAYLOADS[0], (PAYLOADS[1],), tool=PAYLOADS[2])]
    )
    doc.add_tag("ad", "s1", "s2", title=PAYLOADS[0], note="javascript:alert(1)")
    doc.add_decision(Decision("", DecisionAction.ACCEPT, PAYLOADS[0], PAYLOADS[4]))
    return project.document_to_json(doc)


class Tripwire(AssertionError):
    """Loading a project reached something that runs code, starts a process or writes."""


@contextmanager
def watched(allowed_reads: set[Path]) -> Iterator[list[str]]:
    """Trip on anything that executes code or starts a process, on writing any file, and on
    reading any file but ``allowed_reads``; yields the list of what was opened."""
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open
    allowed = {str(p.resolve()) for p in allowed_reads}

    def check(path: Any, writing: bool) -> None:
        if isinstance(path, int):
            return
        name = str(Path(os.fsdecode(path)).resolve())
        opened.append(name)
        if writing:
            raise Tripwire(f"opened {name} for writing")
        if name not in allowed:
            raise Tripwire(f"read {name}")

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        check(file, any(c in mode for c in "wax+"))
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        check(path, bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC)))
        return real_os_open(path, flags, *args, **kwargs)

    def trip(name: str) -> Any:
        def tripped(*args: Any, **kwargs: Any) -> Any:
            raise Tripwire(f"{name} was called with {args!r:.200}")

        return tripped

    patches: list[tuple[Any, str, Any]] = [
        (builtins, "open", guarded_open),
        (io, "open", guarded_open),
        (os, "open", guarded_os_open),
        (builtins, "eval", trip("eval")),
        (builtins, "exec", trip("exec")),
        (builtins, "compile", trip("compile")),
        (os, "system", trip("os.system")),
        (os, "popen", trip("os.popen")),
        (os, "fork", trip("os.fork")),
        (os, "execv", trip("os.execv")),
        (os, "execve", trip("os.execve")),
        (os, "posix_spawn", trip("os.posix_spawn")),
        (subprocess, "Popen", trip("subprocess.Popen")),
        (os, "replace", trip("os.replace")),
        (os, "rename", trip("os.rename")),
        (os, "unlink", trip("os.unlink")),
        (os, "remove", trip("os.remove")),
        (os, "mkdir", trip("os.mkdir")),
    ]
    import marshal
    import pickle

    patches += [
        (pickle, "loads", trip("pickle.loads")),
        (pickle, "load", trip("pickle.load")),
        (marshal, "loads", trip("marshal.loads")),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches if hasattr(owner, name)]
    modules = set(sys.modules)
    for owner, name, replacement in patches:
        if hasattr(owner, name):
            setattr(owner, name, replacement)
    try:
        yield opened
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    new = sorted(set(sys.modules) - modules)
    assert not new, f"loading a project imported modules: {new}"


def _schema() -> Path:
    return paths.resource("schema", "galley-project.schema.json")


def _warm_up(tmp_path: Path) -> None:
    """Load one harmless project first, so modules loaded lazily on first use (the schema
    validator) are in place before the tripwires go up."""
    path = tmp_path / "warm.galley.json"
    project.save_project(Document([Segment("s1", "x")]), path)
    project.load_project(path)
    read_document(path)
    path.unlink()


def test_loading_a_hostile_project_runs_nothing_and_touches_no_other_file(tmp_path: Path) -> None:
    _warm_up(tmp_path)
    path = tmp_path / "hostile.galley.json"
    path.write_text(json.dumps(hostile_project()), "utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    with watched({path, _schema()}) as opened:
        doc = project.load_project(path)
        again = read_document(path)
    assert set(opened) <= {str(path.resolve()), str(_schema().resolve())}
    assert doc.state() == again.state()
    assert doc.metadata.title == "../../etc/x" and doc.segments[0].text.startswith(PAYLOADS[0])
    assert dict(doc.plugin_data)["objects"] == OBJECTS  # kept as plain data
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not list(Path.cwd().glob("PWNED")) and not list(tmp_path.rglob("PWNED"))


@pytest.mark.parametrize("extra", OBJECTS, ids=lambda o: next(iter(o)))
def test_code_looking_objects_at_the_top_level_are_refused_as_data(
    tmp_path: Path, extra: dict[str, Any]
) -> None:
    """Unknown top-level keys ($ref, __class__, py/object ...) fail validation: no resolver
    or object hook ever sees them."""
    _warm_up(tmp_path)
    path = tmp_path / "hostile.galley.json"
    path.write_text(json.dumps({**hostile_project(), **extra}), "utf-8")
    with watched({path, _schema()}), pytest.raises(ProjectError, match="Additional properties"):
        project.load_project(path)
    with watched({path, _schema()}), pytest.raises(FormatError, match="Additional properties"):
        read_document(path)


def test_plugin_settings_in_a_project_do_not_load_plugins(tmp_path: Path) -> None:
    path = tmp_path / "hostile.galley.json"
    path.write_text(json.dumps(hostile_project()), "utf-8")
    project.load_project(path)
    ids = {record.id for record in default_registry().records}
    assert "fixture.evil" not in ids
    assert all(
        str(r.location).startswith(str(paths.builtin_plugins_dir())) or r.source == "entry point"
        for r in default_registry().records
    )


_LOADERS = (
    "editor/core/project.py",
    "editor/core/autosave.py",
    "editor/core/atomic.py",
    "editor/formats/readers",
)
_FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
_FORBIDDEN_METHODS = {
    "import_module",
    "__import__",
    "unsafe_load",
    "full_load",
    "system",
    "popen",
    "spawnv",
    "execv",
}
_FORBIDDEN_MODULES = {
    "pickle",
    "marshal",
    "shelve",
    "yaml",
    "dill",
    "jsonpickle",
    "subprocess",
    "importlib",
    "ctypes",
}


def _loader_sources() -> Iterator[Path]:
    for name in _LOADERS:
        path = ROOT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


@pytest.mark.parametrize("source", list(_loader_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_loaders_have_no_code_paths(source: Path) -> None:
    """No eval/exec/pickle/yaml/dynamic import anywhere in the code that reads projects
    and transcripts or writes them (checked on the syntax tree, not by grep)."""
    tree = ast.parse(source.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                assert node.func.id not in _FORBIDDEN_BUILTINS, (
                    f"{source.name}:{node.lineno} calls {node.func.id}"
                )
            elif isinstance(node.func, ast.Attribute):
                assert node.func.attr not in _FORBIDDEN_METHODS, (
                    f"{source.name}:{node.lineno} calls .{node.func.attr}"
                )
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in names:
                assert module.split(".")[0] not in _FORBIDDEN_MODULES, (
                    f"{source.name}:{node.lineno} imports {module}"
                )


# ------------------------------------------------------------------- writing only the chosen path


@contextmanager
def recorded_writes() -> Iterator[list[tuple[str, str]]]:
    """Record every file opened for writing, renamed, created or removed."""
    events: list[tuple[str, str]] = []
    real = {name: getattr(os, name) for name in ("open", "replace", "rename", "unlink", "remove", "mkdir")}
    real_open = builtins.open

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            events.append(("write", os.fsdecode(path)))
        return real["open"](path, flags, *args, **kwargs)

    def b_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int) and any(c in mode for c in "wax+"):
            events.append(("write", os.fsdecode(file)))
        return real_open(file, mode, *args, **kwargs)

    def wrap(name: str) -> Any:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            events.append(
                (
                    name,
                    " -> ".join(os.fsdecode(a) for a in args[:2] if isinstance(a, str | bytes | os.PathLike)),
                )
            )
            return real[name](*args, **kwargs)

        return recorded

    os.open = os_open  # type: ignore[assignment]
    builtins.open = io.open = b_open  # type: ignore[assignment]
    for name in ("replace", "rename", "unlink", "remove", "mkdir"):
        setattr(os, name, wrap(name))
    try:
        yield events
    finally:
        for name, function in real.items():
            setattr(os, name, function)
        builtins.open = io.open = real_open  # type: ignore[assignment]


def test_saving_writes_only_the_chosen_path(tmp_path: Path) -> None:
    """Title ``../../etc/x``, source ``/etc/passwd``, speaker ``../../etc/passwd``: none of
    it is a path. The only files touched are the chosen one and its temporary sibling."""
    chosen = tmp_path / "a" / "b" / "episode.galley.json"
    chosen.parent.mkdir(parents=True)
    doc = project.load_project(_write_json(tmp_path / "in.galley.json", hostile_project()))
    (tmp_path / "in.galley.json").unlink()
    with recorded_writes() as events:
        project.save_project(doc, chosen)
    temp = re.compile(re.escape(str(chosen.parent)) + r"/\.episode\.galley\.json\.[a-z0-9_]{8}\.tmp")
    for kind, what in events:
        if kind == "write":
            assert temp.fullmatch(what), what
        elif kind == "replace":
            source, target = what.split(" -> ")
            assert temp.fullmatch(source) and target == str(chosen), what
        else:
            raise AssertionError(f"unexpected {kind} {what}")
    assert [kind for kind, _ in events].count("replace") == 1
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "a",
        "a/b",
        "a/b/episode.galley.json",
    ]
    assert project.load_project(chosen).state() == doc.state()


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize(
    "key",
    [
        "../../x",
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "/",
        "",
        ".",
        "..",
        "a\x00b",
        "x" * 5000,
        "C:\\Windows\\System32\\..\\x",
        "untitled:1",
        "/home/m/caf\udce9.txt",
        "\u202e/evil",
        "autosave/../../x.galley.json",
    ],
)
def test_autosave_files_stay_in_the_autosave_folder(tmp_path: Path, key: str) -> None:
    folder = tmp_path / "home" / "autosave"
    path = autosave.autosave_path(key, folder)
    assert path.parent == folder and re.fullmatch(r"[0-9a-f]{20}\.galley\.json", path.name), path
    with recorded_writes() as events:
        written = autosave.write_autosave(Document([Segment("s1", "x")]), key, folder)
        autosave.discard_autosave(key, folder)
    assert written == path
    for kind, what in events:
        for part in map(Path, what.split(" -> ")):
            inside = part.parent == folder or (kind == "mkdir" and (part == folder or part in folder.parents))
            assert inside, (kind, what)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "home",
        "home/autosave",
    ]


# -------------------------------------------------------------------------------- HTML export

_HOSTILE_TEXT = (
    "<script>alert('x')</script> & \"quoted\" 'single' </p><img src=x onerror=alert(1)> &amp; &#60;"
)


class _Page(html.parser.HTMLParser):
    """Every tag, attribute and text of a page, as a browser would split them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _hostile_document() -> Document:
    doc = Document(
        [
            Segment("s1", _HOSTILE_TEXT, "sp1", 0.0, 2.0),
            Segment("s2", "Ad read </main><script>x</script>", "sp2", 2.0, 4.0),
            Segment("s3", "back \"to\" 'the' <show>", "sp1", 4.0, 6.0),
        ],
        [Speaker("sp1", '<b onmouseover="alert(1)">Maya</b>'), Speaker("sp2", "Ann' onclick='alert(1)")],
        metadata=Metadata(title="</title><script>alert(1)</script>", language='en" onload="alert(1)'),
    )
    doc.add_tag("chapter", "s1", "s1", title="<script>chapter</script>", note="javascript:alert(1)")
    doc.add_tag("ad", "s2", "s2", title='"><script>sponsor</script>', note="<img src=x onerror=alert(1)>")
    return doc


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(),
        ExportOptions(mode="clean"),
        ExportOptions(mode="clean", timestamps=True, title="<i>x</i> & 'y'"),
    ],
    ids=["verbatim", "clean", "clean-titled"],
)
def test_html_export_escapes_everything(options: ExportOptions) -> None:
    doc = _hostile_document()
    page = export_bytes(doc, "html", options).decode("utf-8")
    parser = _Page()
    parser.feed(page)
    parser.close()
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "p",
        "span",
        "strong",
        "ul",
        "li",
        "section",
        "header",
    }
    for tag, attrs in parser.tags:
        assert tag in allowed, f"the page has a <{tag}> tag: {page[:2000]}"
        for name, value in attrs:
            assert name in {"lang", "charset", "name", "content", "class"}, f"<{tag} {name}={value!r}>"
            assert not (value or "").lower().startswith("javascript:")
    lang = dict(next(attrs for tag, attrs in parser.tags if tag == "html"))["lang"]
    assert lang == 'en" onload="alert(1)'  # one attribute value, quotes escaped inside it
    text = "".join(parser.text)
    # Escaped, not stripped: a browser shows the producer's text exactly.
    assert "<script>alert('x')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert '<b onmouseover="alert(1)">Maya</b>' in text
    if options.mode == "verbatim":  # clean leaves the ad read (Ann's turn) out
        assert "Ann' onclick='alert(1)" in text
    assert "<script" not in page.lower().replace("&lt;script", "")


# ------------------------------------------------------------------------- plugin discovery


GOOD_PLUGIN = ROOT / "tests" / "data" / "plugins" / "good"


def _plant(folder: Path) -> None:
    """A working plugin folder (and a plugins/ folder holding one) inside ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(GOOD_PLUGIN, folder / "good", dirs_exist_ok=True)
    shutil.copytree(GOOD_PLUGIN, folder / "plugins" / "good", dirs_exist_ok=True)
    (folder / "plugin.toml").write_bytes((GOOD_PLUGIN / "plugin.toml").read_bytes())


def test_plugins_are_found_only_in_the_three_documented_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "galley-home"
    monkeypatch.setenv("GALLEY_HOME", str(home))
    work, projects = tmp_path / "cwd", tmp_path / "projects"
    for folder in (
        work,
        projects,
        home / "config",
        home / "data",
        home / "autosave",
        home / "data" / "plugins",
    ):
        _plant(folder)
    shutil.copytree(GOOD_PLUGIN, home / "good")  # GALLEY_HOME itself (its plugins/ is the user folder)
    (home / "plugin.toml").write_bytes((GOOD_PLUGIN / "plugin.toml").read_bytes())
    doc_path = projects / "ep.galley.json"
    project.save_project(Document([Segment("s1", "x")]), doc_path)
    monkeypatch.chdir(work)
    project.load_project(doc_path)  # opening a project next to plugins loads none of them
    read_document(doc_path)

    records = default_registry().records
    assert "fixture.good" not in {r.id for r in records}
    for record in records:
        assert record.source in ("builtin", "entry point"), record
        if record.source == "builtin":
            assert record.location.parent == paths.builtin_plugins_dir()

    # Control: the per-user plugin folder is one of the three places, and it is read.
    shutil.copytree(GOOD_PLUGIN, paths.user_plugins_dir() / "good")
    found = {r.id: r for r in default_registry().records}
    assert found["fixture.good"].source == "user"
    assert found["fixture.good"].location == home / "plugins" / "good"
