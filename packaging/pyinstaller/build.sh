#!/usr/bin/env bash
# Build Galley's one-folder PyInstaller bundle: DIST/galley/galley (DIST defaults to dist/).
#
#   bash packaging/pyinstaller/build.sh VENV [DIST]
#
# VENV is a virtual environment with Galley's dependencies installed (one made with
# `pip install .`, or the development .venv); PyInstaller (pinned in requirements.txt) is
# installed into it. editor/ is taken from this checkout whatever VENV holds. Intermediate
# files go to $GALLEY_PYINSTALLER_WORK (default build/pyinstaller/, ignored by git).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${1:-}"
dist="${2:-$root/dist}"

if [[ -z "$venv" || ! -x "$venv/bin/python" ]]; then
    echo "usage: $0 VENV [DIST]   (VENV/bin/python must exist; got '${venv}')" >&2
    exit 2
fi
python="$venv/bin/python"
mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"

if ! "$python" -c "import PySide6.QtWidgets, rapidfuzz, jellyfish, pygments, platformdirs, docx, jsonschema_rs" 2>/dev/null; then
    echo "build.sh: $venv lacks Galley's dependencies; install them first, e.g. $python -m pip install '$root'" >&2
    exit 2
fi

echo "build.sh: installing PyInstaller into $venv"
"$python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

echo "build.sh: building $dist/galley"
rm -rf "$dist/galley"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "${GALLEY_PYINSTALLER_WORK:-$root/build/pyinstaller}" \
    "$here/galley.spec"

if [[ ! -x "$dist/galley/galley" && ! -f "$dist/galley/galley.exe" ]]; then
    echo "build.sh: PyInstaller finished but $dist/galley/galley is missing" >&2
    exit 1
fi
echo "build.sh: built $dist/galley ($(du -sh "$dist/galley" | cut -f1))"
