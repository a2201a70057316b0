"""Decoding and reading transcript files: encodings, newlines, and every way a read fails."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from editor.formats import textio
from editor.formats.errors import FormatError
from editor.formats.textio import decode_text, read_bytes, read_text

TEXT = "Maya: héllo wörld ✓\nsecond line\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be"],
)
def test_accepted_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_text(data, "f.txt") == TEXT


def test_newlines_are_normalised() -> None:
    assert decode_text(b"a\r\nb\rc\n\r\nd", "f.txt") == "a\nb\nc\n\nd"


def test_only_one_bom_is_stripped() -> None:
    # A second BOM is content (a zero-width no-break space), not an encoding mark.
    assert decode_text(codecs.BOM_UTF8 * 2 + b"x", "f.txt") == "\ufeffx"


def _error(data: bytes) -> str:
    with pytest.raises(FormatError) as info:
        decode_text(data, "talk.txt")
    assert str(info.value).startswith("talk.txt: ")
    return info.value.message


def test_invalid_utf8_names_the_byte_and_offset() -> None:
    message = _error(b"hello world!\xff rest")
    assert message == (
        "not UTF-8 or UTF-16 text (invalid byte 0xff at offset 12); save it as UTF-8 and try again"
    )


def test_latin1_text_is_refused_not_guessed() -> None:
    assert "invalid byte 0xe9 at offset 2" in _error("café".encode("latin-1").replace(b"caf", b"ca"))


def test_offsets_count_the_bom() -> None:
    assert "offset 4" in _error(codecs.BOM_UTF8 + b"a\xffb")


def test_utf16_without_bom_is_recognised() -> None:
    assert "UTF-16 text without a byte-order mark" in _error("hello there".encode("utf-16-le"))


def test_binary_data_is_refused() -> None:
    assert _error(bytes(range(256)) * 4) == "binary data, not a transcript"


def test_known_binary_kinds_are_named() -> None:
    assert "ZIP archive or a Word" in _error(b"PK\x03\x04\x14\x00\x06\x00rest")
    assert "PDF" in _error(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


def test_text_that_merely_starts_like_a_magic_number_is_fine() -> None:
    assert decode_text(b"ID3 tags are metadata", "f.txt") == "ID3 tags are metadata"


def test_rtf_is_refused() -> None:
    assert "RTF" in _error(b"{\\rtf1\\ansi hello}")


def test_utf32_is_refused_with_advice() -> None:
    assert "UTF-32" in _error(codecs.BOM_UTF32_LE + "hi".encode("utf-32-le"))


def test_damaged_utf16_is_refused() -> None:
    assert "damaged UTF-16" in _error(codecs.BOM_UTF16_LE + b"h\x00\x00\xdc")


def test_nul_inside_utf16_text_is_binary() -> None:
    assert "NUL" in _error(codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"))


# ------------------------------------------------------------------------------ reading


def test_read_text_reads_and_decodes(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "one\r\ntwo".encode("utf-16-le"))
    assert read_text(path) == "one\ntwo"


def _read_error(path: Path) -> str:
    with pytest.raises(FormatError) as info:
        read_bytes(path)
    assert str(info.value).startswith(f"{path}: ")
    return info.value.message


def test_missing_file(tmp_path: Path) -> None:
    assert _read_error(tmp_path / "nope.txt") == "file not found"


def test_folder(tmp_path: Path) -> None:
    assert _read_error(tmp_path) == "is a folder, not a file"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the suite may run as root, who can read a chmod-0 file.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = tmp_path / "secret.txt"
    path.write_text("x")
    monkeypatch.setattr(textio, "open", refuse, raising=False)
    assert _read_error(path) == "permission denied"


def test_other_os_errors_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    path = tmp_path / "bad.txt"
    path.write_text("x")
    monkeypatch.setattr(textio, "open", fail, raising=False)
    assert _read_error(path) == "cannot read the file (Input/output error)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _read_error(fifo) == "not a regular file"


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert _read_error(path).startswith("file is too large")
    path.write_bytes(b"x" * 10)
    assert read_bytes(path) == b"x" * 10
