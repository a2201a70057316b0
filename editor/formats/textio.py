"""Reading transcript files as text: size and access checks, encoding detection, newlines.

Only encodings that identify themselves are accepted: UTF-8 (with or without a BOM) and
UTF-16 with a BOM. Guessing a legacy code page silently corrupts names and accents, so
anything else is refused with a message that says how to fix the file.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from editor.formats.errors import FormatError

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file Galley opens: far above any transcript, low enough to never exhaust memory."""

# Magic numbers of binary files people plausibly pick by mistake. Used only for the
# message once the data has failed as text, so a transcript that happens to begin with
# these letters is never refused.
_BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or a Word/OpenDocument file"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a WAV or AVI file"),
    (b"fLaC", "a FLAC audio file"),
    (b"OggS", "an Ogg audio file"),
)


def decode_text(data: bytes, path: str | Path | None) -> str:
    """Decode a transcript file's bytes and normalise its newlines to ``\\n``.

    Accepts UTF-8, UTF-8 with a BOM and UTF-16 LE/BE with a BOM (the BOM is dropped).
    Raises ``FormatError`` naming ``path`` for anything else: binary data, UTF-16 or
    UTF-32 without support, or bytes that are not valid UTF-8.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Checked before UTF-16 because the UTF-32 LE BOM begins with the UTF-16 LE one.
        raise FormatError(path, "UTF-32 text is not supported; save it as UTF-8 and try again")
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data, "utf-8", path, skip=len(codecs.BOM_UTF8))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = _decode(data, encoding, path, skip=2)
    elif data.startswith(b"{\\rtf"):
        # RTF is ASCII, so it would "decode" fine and import as markup soup.
        raise FormatError(path, "an RTF document, not plain text; save it as plain text and try again")
    else:
        if b"\x00" in data:
            raise FormatError(path, _binary_message(data))
        text = _decode(data, "utf-8", path)
    if "\x00" in text:
        raise FormatError(path, "binary data, not a transcript (the text contains NUL characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, encoding: str, path: str | Path | None, *, skip: int = 0) -> str:
    """``data[skip:]`` decoded; error offsets count from the start of the file."""
    try:
        return data[skip:].decode(encoding) if skip else data.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        if encoding != "utf-8":
            raise FormatError(
                path,
                f"damaged UTF-16 text (at byte offset {offset}); save it as UTF-8 and try again",
            ) from None
        if any(data.startswith(magic) for magic, _ in _BINARY_KINDS):
            raise FormatError(path, _binary_message(data)) from None
        bad = exc.object[exc.start : exc.start + 1]
        raise FormatError(
            path,
            f"not UTF-8 or UTF-16 text (invalid byte 0x{bad.hex()} at offset {offset}); "
            "save it as UTF-8 and try again",
        ) from None


def _binary_message(data: bytes) -> str:
    """Why BOM-less data that contains NUL bytes (or fails as UTF-8) is refused."""
    for magic, kind in _BINARY_KINDS:
        if data.startswith(magic):
            return f"binary data ({kind}), not a transcript"
    # UTF-16 without a BOM shows a NUL in every other byte for Latin-script text.
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and (odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)):
        return "looks like UTF-16 text without a byte-order mark; save it as UTF-8 and try again"
    return "binary data, not a transcript"


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a transcript file, with one clear ``FormatError`` for every way it fails.

    Refuses folders, devices and pipes (reading ``/dev/zero`` would never end) and files
    over :data:`MAX_FILE_BYTES`.
    """
    path = Path(path)
    try:
        # stat before open: opening a named pipe for reading would block.
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise FormatError(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FormatError(path, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise FormatError(path, _too_large(info.st_size))
        with open(path, "rb") as handle:
            # Read one byte past the limit: a file that grows while we read is caught too.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FormatError(path, "file not found") from None
    except IsADirectoryError:
        raise FormatError(path, "is a folder, not a file") from None
    except PermissionError:
        raise FormatError(path, "permission denied") from None
    except OSError as exc:
        raise FormatError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(path, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (
        f"file is too large ({size / 1024 / 1024:.0f} MB; "
        f"Galley opens transcripts up to {MAX_FILE_BYTES // 1024 // 1024} MB)"
    )


def read_text(path: str | Path) -> str:
    """The decoded, newline-normalised text of a file (see :func:`decode_text`)."""
    return decode_text(read_bytes(path), path)
