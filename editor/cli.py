"""The ``galley`` command: open the desktop app, or convert and export without one.

    galley [FILE]                  open FILE (any transcript or a project) in the app
    galley --demo                  open the bundled demo interview
    galley convert IN -o OUT.galley.json [--glossary FILE]
    galley export IN [-o OUT] [--format FORMAT] [--clean|--verbatim] [options]
    galley check PATH... [--glossary FILE]... [--tool ID]... [--format text|json] [--jobs N]
    galley tag PATH... [--tool ID]... [--format text|json]
    galley plugins [--format text|json]

Exit status: 0 on success, 2 on bad usage or bad input, with one clear line on stderr.
Nothing is written when the input is bad: output is produced in memory first and then
written atomically.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from editor import __version__
from editor.core.errors import FileProblem

SUBCOMMANDS = ("convert", "export", "check", "tag", "plugins")
EXPORT_FORMATS = (
    "txt", "md", "html", "docx", "srt", "vtt",
    "podcast-transcript", "podcast-chapters", "show-notes", "json", "galley",
)  # fmt: skip


class UsageError(Exception):
    """Bad command-line usage: reported in one line, exit status 2."""


def _fail(message: str) -> int:
    print(f"galley: error: {message}", file=sys.stderr)
    return 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error is one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="galley",
        description="Galley: a transcript editor for podcast and video producers.",
        epilog=(
            "headless commands:\n"
            "  galley convert IN -o OUT.galley.json   import a transcript into a project\n"
            "  galley export IN -o OUT [--format F]   export txt, md, html, docx, srt, vtt, podcast JSON, show notes\n"
            "  galley check PATH...                   list suspected errors, like a linter\n"
            "  galley tag PATH...                     propose speaker turns, ad reads and chapters\n"
            "  galley plugins                         list plugins, their states and errors\n"
            "run 'galley COMMAND --help' for a command's options"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="a transcript (txt, srt, vtt, Whisper JSON) or a .galley.json project")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo interview")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="open FILE, wait for the checks, save the window as PNG, print counts as JSON and exit")
    parser.add_argument("--size", metavar="WxH", help="window size for --screenshot, e.g. 1400x900")
    parser.add_argument("--version", action="version", version=f"galley {__version__}")
    return parser


def _convert_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="galley convert", description="Import a transcript into a Galley project file.")
    parser.add_argument("input", type=Path, help="the transcript to import")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the project file to write (.galley.json)")
    parser.add_argument("--from", dest="source_format", metavar="FORMAT", help="the input format, if detection guesses wrong")
    parser.add_argument("--glossary", type=Path, help="a glossary file to attach to the project")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="galley export",
        description="Export a transcript or project for publishing (see docs/exports.md).",
        epilog="formats: " + ", ".join(EXPORT_FORMATS) + " (the format is taken from -o's extension when "
        "--format is not given: .txt .md .html .docx .srt .vtt .transcript.json .chapters.json .notes.md .json .galley.json)",
    )
    parser.add_argument("input", type=Path, help="a transcript or a .galley.json project")
    parser.add_argument("--format", "--to", dest="to", metavar="FORMAT", help="the export format (default: from -o's extension)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--mode", choices=("verbatim", "clean"), default="verbatim", help="verbatim (default) or clean")
    modes.add_argument("--clean", dest="mode", action="store_const", const="clean", help="same as --mode clean")
    modes.add_argument("--verbatim", dest="mode", action="store_const", const="verbatim", help="same as --mode verbatim")
    parser.add_argument("-o", "--output", type=Path, help="where to write (standard output for text formats if omitted)")
    parser.add_argument("--from", dest="source_format", metavar="FORMAT", help="the input format, if detection guesses wrong")
    parser.add_argument("--title", default="", help="the title to print instead of the project's")
    clean = parser.add_argument_group("clean mode")
    clean.add_argument("--fillers", help="more comma-separated fillers to remove, e.g. 'like,sort of'")
    clean.add_argument("--no-language-fillers", dest="language_fillers", action="store_false", help="do not remove the fillers listed for the transcript's language")
    clean.add_argument("--timestamps", action="store_true", help="[HH:MM:SS] before each paragraph whose time is known")
    clean.add_argument("--wrap", type=int, default=0, metavar="COLUMNS", help="hard-wrap clean text and Markdown at this width")
    clean.add_argument("--pause", type=float, default=0.0, metavar="SECONDS", help="start a paragraph after a silence this long (0: off)")
    clean.add_argument("--max-sentences", type=int, default=6, metavar="N", help="at most N sentences a paragraph (default 6)")
    clean.add_argument("--max-words", type=int, default=180, metavar="N", help="at most N words a paragraph (default 180)")
    cues = parser.add_argument_group("subtitles and show notes")
    cues.add_argument("--speaker-prefix", choices=("turns", "every", "none"), default="turns", help="SRT: 'Name: ' at each speaker turn (default), on every cue, or none")
    cues.add_argument("--speaker-case", choices=("as-is", "upper"), default="as-is", help="SRT: speaker names as written (default) or in capitals")
    cues.add_argument("--no-sponsors", dest="sponsors", action="store_false", help="show notes: leave out the sponsor list")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="galley check", description="Run the correction tools and print what they find.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="transcripts or .galley.json projects")
    parser.add_argument("--glossary", type=Path, action="append", default=[], help="a glossary file (repeatable)")
    parser.add_argument("--tool", action="append", default=[], metavar="ID", help="run only this tool (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="check files in N parallel processes")
    return parser


def _tag_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="galley tag",
        description="Run the tagging tools and print what they propose: speaker turns (speakers), "
        "ad reads and sponsor credits (sponsors), chapter starts (chapters).",
        epilog="lines are input lines for plain text, segment numbers otherwise; nothing is changed",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="transcripts or .galley.json projects")
    parser.add_argument("--tool", action="append", default=[], metavar="ID", help="run only this tool, e.g. sponsors (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    return parser


def _plugins_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="galley plugins", description="List plugins, their states and errors.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``galley`` console script; returns the exit status."""
    # A frozen (PyInstaller) build starts its tool process by running itself: let that
    # child do its work here instead of opening the app.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            command, rest = args[0], args[1:]
            if command == "convert":
                return _convert(_convert_parser().parse_args(rest))
            if command == "check":
                return _check(_check_parser().parse_args(rest))
            if command == "tag":
                from editor.tag_command import run_tag

                options = _tag_parser().parse_args(rest)
                return run_tag([str(p) for p in options.paths], options.tool, options.format)
            if command == "plugins":
                from editor.check_command import run_plugins

                return run_plugins(_plugins_parser().parse_args(rest).format)
            return _export(_export_parser().parse_args(rest))
        return _open_gui(_gui_parser().parse_args(args))
    except UsageError as error:
        return _fail(f"{error} (see galley --help)")
    except FileProblem as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130


def _load(path: Path, source_format: str | None):  # -> Document
    from editor.formats import read_document

    return read_document(path, source_format)


def _write_output(path: Path, data: bytes) -> None:
    from editor.core.atomic import atomic_write

    try:
        atomic_write(path, data)
    except OSError as error:
        raise FileProblem(path, f"cannot write: {error.strerror or error}") from error


def _convert(args: argparse.Namespace) -> int:
    from editor.core.glossary import read_glossary
    from editor.core.project import project_bytes

    glossary = read_glossary(args.glossary) if args.glossary else None
    doc = _load(args.input, args.source_format)
    if glossary is not None:
        doc.set_glossary(glossary)
    _write_output(args.output, project_bytes(doc))
    print(f"{args.output}: {len(doc)} segments, {len(doc.speakers)} speakers", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from editor.formats import export_bytes
    from editor.formats.errors import FormatError
    from editor.formats.writers import writer_for, writer_for_path
    from editor.formats.writers.base import ExportOptions

    try:
        if args.to:
            writer = writer_for(args.to)
        elif args.output is not None:
            writer = writer_for_path(args.output)
        else:
            raise UsageError("give the export format with --format FORMAT, or an output file with -o")
    except FormatError as error:
        raise UsageError(error.message if args.to else f"give --format FORMAT: cannot tell the format of {args.output.name}") from error
    label = args.to or writer.name
    if writer.binary and args.output is None:
        raise UsageError(f"{label} is a binary format; give an output file with -o")
    if args.mode not in writer.modes:
        raise UsageError(f"{label} export has no {args.mode} mode")
    fillers = tuple(f.strip() for f in (args.fillers or "").split(",") if f.strip())
    try:
        options = ExportOptions(
            mode=args.mode,
            fillers=fillers,
            language_fillers=args.language_fillers,
            paragraph_max_sentences=args.max_sentences,
            paragraph_max_words=args.max_words,
            wrap_width=args.wrap,
            timestamps=args.timestamps,
            pause_break=args.pause,
            speaker_prefix=args.speaker_prefix,
            speaker_case=args.speaker_case,
            sponsors=args.sponsors,
            title=args.title,
        )
    except ValueError as error:
        raise UsageError(_option_problem(str(error))) from error
    doc = _load(args.input, args.source_format)
    data = export_bytes(doc, writer.name, options)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _write_output(args.output, data)
    return 0


# ExportOptions names its fields; the command line says the option a user typed.
_OPTION_NAMES = {
    "paragraph_max_sentences and paragraph_max_words must be at least 1": "--max-sentences and --max-words must be at least 1",
    "wrap_width and pause_break cannot be negative": "--wrap and --pause cannot be negative",
    "pause_break must be a number of seconds": "--pause must be a number of seconds",
}


def _option_problem(message: str) -> str:
    return _OPTION_NAMES.get(message, message)


def _check(args: argparse.Namespace) -> int:
    from editor.check_command import run_check
    from editor.core.glossary import merge_glossaries, read_glossary
    from editor.core.model import Glossary

    if args.jobs < 1:
        raise UsageError("--jobs needs a number of processes, 1 or more")
    glossary = Glossary()
    for path in args.glossary:  # bad glossary: one line, exit 2, nothing checked
        glossary = merge_glossaries(glossary, read_glossary(path))
    return run_check([str(p) for p in args.paths], glossary, args.tool, args.format, args.jobs)


def display_available() -> bool:
    """Whether a GUI can open: a display server on X11/Wayland systems, or a Qt platform set."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _open_gui(args: argparse.Namespace) -> int:
    from editor import paths

    if args.file is not None and args.demo:
        raise UsageError("give a FILE or --demo, not both")
    path = paths.demo_transcript() if args.demo else args.file
    if args.screenshot is None and not display_available():
        return _fail(
            "no display available (DISPLAY and WAYLAND_DISPLAY are unset); "
            "use the headless commands instead: galley convert, galley export (see galley --help)"
        )
    if args.screenshot is not None and not display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    size = _size(args.size) if args.size else None
    doc = _load(path, None) if path is not None else None  # bad input: one line, before any window
    if args.demo and doc is not None:  # the demo comes with its show's glossary
        from editor.core.document import Document
        from editor.core.glossary import read_glossary

        glossary = read_glossary(paths.demo_glossary())
        doc = Document(doc.segments, doc.speakers, metadata=doc.metadata, glossary=glossary)
    from PySide6.QtCore import QSize

    from editor.ui.app import run

    return run(doc, path, screenshot=args.screenshot, size=QSize(*size) if size else None)


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise UsageError(f"--size expects WIDTHxHEIGHT in pixels, like 1400x900, not {text!r}")
    return int(width), int(height)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
