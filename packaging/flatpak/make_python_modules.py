"""Write Galley's Python dependencies as Flatpak sources pinned by sha256.

    python3-requirements.json   a module installing the run-time dependencies into /app
    build-tools-sources.json    the build backend's wheel (setuptools), a source of the
                                galley module, used while building and not installed

    .venv/bin/python packaging/flatpak/make_python_modules.py

Flatpak builds run without network, so every wheel is a source with its URL and sha256,
and pip installs them with ``--no-index``. The versions are the ones installed in the
venv running this script (the development .venv, which the tests ran against); the wheels
are the ones pip picks for the Flatpak runtime's Python (org.freedesktop.Platform 25.08:
CPython 3.13, glibc 2.41) on x86_64 and aarch64. Each is downloaded with ``pip download``
and hashed here; its URL is PyPI's content-addressed one (files.pythonhosted.org/packages/
+ the file's BLAKE2b-256 digest), so nothing is looked up in PyPI's API.

Run it again after changing a dependency in pyproject.toml or upgrading the venv, and
commit the result. setuptools, the build backend, is not installed in the venv at the
version pyproject.toml asks for, so it is pinned to the newest release pip finds.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pip vendors it
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
OUT = HERE / "python3-requirements.json"
OUT_TOOLS = HERE / "build-tools-sources.json"
TARGET_PYTHON = "3.13"
ARCHES = ("x86_64", "aarch64")
GLIBC_MINOR = 39  # wheels for glibc up to 2.39 (the runtime has 2.41)
BUILD_TOOLS = ["setuptools>=77"]  # pyproject.toml's build-system.requires
TARGET_ENV = {"python_version": TARGET_PYTHON, "python_full_version": f"{TARGET_PYTHON}.0",
              "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
              "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def runtime_closure() -> dict[str, str]:
    """{distribution name: installed version} for everything Galley needs at run time on
    the target Python: pyproject.toml's dependencies (not the installed galley's metadata,
    which an editable install does not refresh) and theirs, extras left out."""
    project = tomllib.loads((HERE.parent.parent / "pyproject.toml").read_text("utf-8"))["project"]
    found: dict[str, str] = {}
    todo: list[list[str]] = [project["dependencies"]]
    while todo:
        for line in todo.pop():
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(TARGET_ENV):
                continue
            name = metadata.distribution(req.name).metadata["Name"]
            if name not in found:
                found[name] = metadata.version(name)
                todo.append(metadata.distribution(name).requires or [])
    return dict(sorted(found.items(), key=lambda item: item[0].lower()))


def platform_args(arch: str) -> list[str]:
    args = ["--platform", f"manylinux2014_{arch}"]
    for minor in range(17, GLIBC_MINOR + 1):
        args += ["--platform", f"manylinux_2_{minor}_{arch}"]
    return args


def download(spec: str, arch: str, dest: Path) -> Path:
    before = set(dest.iterdir())
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--python-version", TARGET_PYTHON, "--implementation", "cp", "--abi", "cp" + TARGET_PYTHON.replace(".", ""),
         "--abi", "abi3", "--abi", "none", *platform_args(arch), "--dest", str(dest), spec],
        check=True,
    )
    new = set(dest.iterdir()) - before
    if not new:  # already downloaded for the other architecture (a pure wheel)
        name = re.sub(r"[-_.]+", "_", Requirement(spec).name).lower()
        new = {p for p in dest.iterdir() if p.name.lower().startswith(name + "-")}
    (path,) = new
    return path


def source(path: Path, arches: list[str] | None) -> dict:
    data = path.read_bytes()
    blake = hashlib.blake2b(data, digest_size=32).hexdigest()
    entry = {
        "type": "file",
        "url": f"https://files.pythonhosted.org/packages/{blake[:2]}/{blake[2:4]}/{blake[4:]}/{path.name}",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if arches:
        entry["only-arches"] = arches
    return entry


def sources_for(specs: list[str], work: Path) -> tuple[list[dict], list[str]]:
    sources, files = [], []
    for spec in specs:
        by_name: dict[str, tuple[Path, list[str]]] = {}
        for arch in ARCHES:
            path = download(spec, arch, work / arch)
            by_name.setdefault(path.name, (path, []))[1].append(arch)
        everywhere = len(by_name) == 1 and len(next(iter(by_name.values()))[1]) == len(ARCHES)
        for name, (path, arches) in by_name.items():
            sources.append(source(path, None if everywhere else arches))
            files.append(name)
        print(f"{spec}: {', '.join(sorted(by_name))}", file=sys.stderr)
    return sources, files


def main() -> int:
    pins = runtime_closure()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for arch in ARCHES:
            (work / arch).mkdir()
        deps, _ = sources_for([f"{name}=={version}" for name, version in pins.items()], work)
        tools_pinned = []
        for spec in BUILD_TOOLS:
            path = download(spec, ARCHES[0], work / ARCHES[0])
            tools_pinned.append(path.name.split("-")[0] + "==" + path.name.split("-")[1])
        tools, _ = sources_for(tools_pinned, work)
    install = 'pip3 install --no-index --no-deps --find-links="file://${PWD}" --prefix="${FLATPAK_DEST}" '
    module = {
        "name": "python3-requirements",
        "buildsystem": "simple",
        "build-commands": [install + " ".join(f'"{name}=={version}"' for name, version in pins.items())],
        "sources": deps,
        "cleanup": [
            "/bin",  # the dependencies' console scripts (pygmentize ...)
            # PySide6-Essentials parts Galley never loads: typing stubs, Qt's translations,
            # QML, build-time type data and the developer tools.
            "/lib/python3*/site-packages/PySide6/*.pyi",
            "/lib/python3*/site-packages/PySide6/Qt/translations",
            "/lib/python3*/site-packages/PySide6/Qt/qml",
            "/lib/python3*/site-packages/PySide6/Qt/metatypes",
            "/lib/python3*/site-packages/PySide6/Qt/libexec",
            "/lib/python3*/site-packages/PySide6/assistant",
            "/lib/python3*/site-packages/PySide6/designer",
            "/lib/python3*/site-packages/PySide6/linguist",
            "/lib/python3*/site-packages/PySide6/lrelease",
            "/lib/python3*/site-packages/PySide6/lupdate",
            "/lib/python3*/site-packages/PySide6/rcc",
            "/lib/python3*/site-packages/PySide6/uic",
        ],
    }
    header = "Generated by packaging/flatpak/make_python_modules.py; do not edit. Pins: " + ", ".join(
        f"{name}=={version}" for name, version in pins.items()
    )
    OUT.write_text(json.dumps({"//": header, **module}, indent=2) + "\n", "utf-8")
    OUT_TOOLS.write_text(json.dumps(tools, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT.name} ({len(pins)} packages) and {OUT_TOOLS.name} ({', '.join(tools_pinned)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
