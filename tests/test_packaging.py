"""Packaging files agree with each other and with the code: one application id, every icon
size, the bundle's data folders, the version. Fast checks only; packaging/verify.sh builds
and runs the wheel and the PyInstaller bundle (CI runs it after the tests)."""

from __future__ import annotations

import ast
import configparser
import json
import re
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from editor import __version__, paths
from editor.app_id import APP_ID

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "resources" / "icons"
SPEC = PACKAGING / "pyinstaller" / "galley.spec"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.yml"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
PROJECT_MIME = "application/x-galley-project"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _spec_assignment(name: str):
    """The literal value assigned to ``name`` at the top of the PyInstaller spec."""
    for node in ast.parse(SPEC.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} assigns no {name}")


def test_app_id_is_reverse_dns() -> None:
    assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+\.[A-Za-z][A-Za-z0-9_]*", APP_ID)


def test_linux_files_are_named_after_the_app_id() -> None:
    for suffix in (".desktop", ".metainfo.xml", ".mime.xml"):
        assert (LINUX / f"{APP_ID}{suffix}").is_file(), f"packaging/linux/{APP_ID}{suffix} is missing"
    assert FLATPAK.is_file()
    assert sorted(p.name for p in LINUX.iterdir()) == sorted(f"{APP_ID}{s}" for s in (".desktop", ".metainfo.xml", ".mime.xml"))


def test_desktop_entry_uses_the_app_id_and_opens_projects() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "galley %F"
    mime_types = entry["MimeType"].rstrip(";").split(";")
    assert PROJECT_MIME in mime_types
    assert {"text/plain", "application/x-subrip", "text/vtt", "application/json"} <= set(mime_types)


def test_metainfo_uses_the_app_id_and_the_current_version() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable[@type='desktop-id']").text == f"{APP_ID}.desktop"
    assert root.find("icon[@type='stock']").text == APP_ID
    assert [b.text for b in root.iterfind("provides/binary")] == ["galley"]
    assert PROJECT_MIME in [m.text for m in root.iterfind("provides/mediatype")]
    releases = [r.get("version") for r in root.iterfind("releases/release")]
    assert releases and releases[0] == __version__, "add a <release> for the new version to the metainfo"
    assert root.find("content_rating").get("type").startswith("oars-")
    screenshot = root.find("screenshots/screenshot/image").text
    assert screenshot.endswith("/docs/images/galley-demo.png") and (ROOT / "docs" / "images" / "galley-demo.png").is_file()


def test_mime_info_defines_the_project_type() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    (mime_type,) = root.findall("m:mime-type", ns)
    assert mime_type.get("type") == PROJECT_MIME
    assert [g.get("pattern") for g in mime_type.findall("m:glob", ns)] == ["*.galley.json"]
    assert mime_type.find("m:sub-class-of", ns).get("type") == "application/json"


def test_flatpak_manifest_uses_the_app_id_and_portals_only() -> None:
    text = FLATPAK.read_text("utf-8")
    assert re.search(r"^app-id: (\S+)$", text, re.MULTILINE)[1] == APP_ID
    assert re.search(r"^command: (\S+)$", text, re.MULTILINE)[1] == "galley"
    finish_args = re.findall(r"^\s+- (--\S+)", text, re.MULTILINE)
    assert set(finish_args) == {"--socket=wayland", "--socket=fallback-x11", "--share=ipc", "--device=dri"}
    assert "--filesystem" not in text.replace("No --filesystem", "")


def test_flatpak_python_sources_are_pinned_by_hash() -> None:
    folder = FLATPAK.parent
    module = json.loads((folder / "python3-requirements.json").read_text("utf-8"))
    tools = json.loads((folder / "build-tools-sources.json").read_text("utf-8"))
    for source in module["sources"] + tools:
        assert source["type"] == "file"
        assert source["url"].startswith("https://files.pythonhosted.org/packages/")
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
    # Every run-time dependency in pyproject.toml is among the wheels, for every architecture.
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    wanted = {re.match(r"[A-Za-z0-9_.-]+", d)[0].lower().replace("-", "_") for d in dependencies}
    for arch in ("x86_64", "aarch64"):
        wheels = [s["url"].rsplit("/", 1)[1] for s in module["sources"] if arch in s.get("only-arches", [arch])]
        have = {w.split("-")[0].lower() for w in wheels}
        assert wanted <= have, f"{arch}: no wheel for {sorted(wanted - have)}; run packaging/flatpak/make_python_modules.py"


def test_every_icon_size_exists_with_the_app_id_as_name() -> None:
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in PNG_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), f"{png.relative_to(ROOT)} is missing; run packaging/make_icons.py"
        assert _png_size(png) == (size, size)
    assert (ICONS / f"{APP_ID}.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ICONS / f"{APP_ID}.icns").read_bytes()[:4] == b"icns"
    names = {p.name.split(".png")[0].split(".svg")[0] for p in (ICONS / "hicolor").rglob("*.*")}
    assert names == {APP_ID}


@pytest.mark.gui
def test_make_icons_writes_every_size(qapp, tmp_path: Path) -> None:
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    assert tuple(make_icons.SIZES) == PNG_SIZES
    assert make_icons.main(["--out", str(tmp_path)]) == 0
    for size in PNG_SIZES:
        assert _png_size(make_icons.png_path(tmp_path / "hicolor", size)) == (size, size)


def test_the_app_sets_the_app_id_and_icon() -> None:
    source = (ROOT / "editor" / "ui" / "app.py").read_text("utf-8")
    assert "from editor.app_id import APP_ID" in source
    assert "setDesktopFileName(APP_ID)" in source
    assert "setWindowIcon(" in source


def test_app_id_module_is_qt_free() -> None:
    code = "import sys, editor.app_id; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_pyinstaller_spec_bundles_resources_and_plugins() -> None:
    assert _spec_assignment("DATA_FOLDERS") == ["resources", "plugins"]
    text = SPEC.read_text("utf-8")
    assert "bundle_identifier=APP_ID" in text
    assert "from editor.app_id import APP_ID" in text


def test_frozen_bundle_folders_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _spec_assignment("DATA_FOLDERS"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.builtin_plugins_dir() == tmp_path / "plugins"


def test_windows_installer_matches_the_app() -> None:
    text = (PACKAGING / "windows" / "galley.iss").read_text("utf-8")
    assert re.search(r'^#define AppId "(.+)"$', text, re.MULTILINE)[1] == APP_ID
    assert re.search(r'^#define AppVersion "(.+)"$', text, re.MULTILINE)[1] == __version__


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "editor").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk <= listed, f"add {sorted(on_disk - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert {"editor._resources", "editor._plugins"} <= listed
    assert config["package-dir"]["editor._resources"] == "resources"
    assert config["package-dir"]["editor._plugins"] == "plugins"


def test_ci_runs_the_packaging_checks() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines() if line.strip()]
    assert "bash packaging/verify.sh" in lines
