#!/usr/bin/env bash
# Packaging checks: CI runs them after the test suite (.ci/run); run them by hand before a
# release. From any folder:
#
#   bash packaging/verify.sh            # PYTHON=python3.12 bash ... to pick the interpreter
#
#   1. wheel      build the wheel from the checkout's files, install it into a fresh venv,
#                 and from outside the checkout run `galley --version`, `galley plugins`
#                 and `galley check` on the demo transcript the wheel carries
#   2. linux      validate the desktop entry, the AppStream metainfo (also as an installed
#                 tree with the icons) and the shared-mime-info file; installs
#                 desktop-file-utils, appstream and shared-mime-info with apt-get when
#                 they are missing and we are root
#   3. pyinstaller  build the one-folder bundle (packaging/pyinstaller/build.sh) into the
#                 wheel's venv and run the frozen app: --version, an offscreen --screenshot
#                 of the demo (one JSON line with findings), and a check with a plugin that
#                 runs in a worker process (multiprocessing in a frozen app)
#
# Needs Python 3.11+ with venv and pip, and network access to PyPI (plus Debian's archive
# for step 2 when the tools are missing). Everything is built in a temporary folder that
# is removed at the end; nothing in the checkout changes. Exit status 0 when all pass.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
app_id="io.github.galley.Galley"
work="$(mktemp -d "${TMPDIR:-/tmp}/galley-verify.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GALLEY_HOME="$work/home"  # never touch the real user's settings
export PIP_DISABLE_PIP_VERSION_CHECK=1
mkdir -p "$GALLEY_HOME" "$work/outside"

started=$SECONDS
step_started=$SECONDS
timings=()
step() {
    step_started=$SECONDS
    echo
    echo "== verify: $*"
}
passed() {
    local took=$((SECONDS - step_started))
    timings+=("$1: ${took}s")
    echo "-- verify: $1 ok (${took}s)"
}
fail() {
    echo "verify: FAILED: $*" >&2
    exit 1
}
# The value of one JSON expression (Python syntax over `data`) from a file.
json_get() {
    "$python" -c 'import json, sys; data = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

version="$("$python" -c 'import re, sys; print(re.search(r"__version__ = \"(.+?)\"", open(sys.argv[1]).read())[1])' "$root/editor/__init__.py")"
echo "verify: Galley $version from $root, $("$python" --version), working in $work"

# --- 1. the wheel -------------------------------------------------------------------------
step "wheel: build from the checkout's files, install into a fresh venv, run from outside"
# Only the files a fresh clone would have (tracked, or new and not ignored): a stale build/
# or .venv in a working tree must not leak into the wheel.
"$python" - "$root" "$work/src" <<'EOF'
import shutil, subprocess, sys
from pathlib import Path
root, dest = Path(sys.argv[1]), Path(sys.argv[2])
try:
    git = ["git", "-c", "safe.directory=*", "-C", str(root)]
    listing = subprocess.run(git + ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], check=True, capture_output=True)
    names = listing.stdout.decode().split("\0")
except (OSError, subprocess.CalledProcessError):
    sys.exit("verify: not a git checkout; cannot tell which files belong to it")
for name in filter(None, names):
    source = root / name
    if source.is_file():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / name)
EOF
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/wheel" "$work/src" 2> "$work/wheel.log" \
    || { cat "$work/wheel.log" >&2; fail "pip wheel failed"; }
# The built-in plugins: every folder of plugins/ with a manifest.
plugins_expected="$(cd "$work/src/plugins" && for m in */plugin.toml; do echo "${m%/plugin.toml}"; done | sort | tr '\n' ' ')"
wheel="$(ls "$work"/wheel/galley-"$version"-*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || fail "no galley-$version wheel was built"
"$python" - "$wheel" "$app_id" $plugins_expected <<'EOF' || fail "the wheel lacks files (see above)"
import sys, zipfile
wheel, app_id, plugins = sys.argv[1], sys.argv[2], sys.argv[3:]
names = set(zipfile.ZipFile(wheel).namelist())
wanted = ["editor/cli.py", "editor/app_id.py", "editor/_resources/samples/demo-interview.txt",
          "editor/_resources/schema/galley-project.schema.json",
          "editor/_resources/icons/hicolor/scalable/apps/%s.svg" % app_id]
wanted += ["editor/_resources/icons/hicolor/%dx%d/apps/%s.png" % (n, n, app_id) for n in (16, 22, 24, 32, 48, 64, 128, 256, 512)]
wanted += ["editor/_plugins/%s/plugin.toml" % p for p in plugins]
missing = [n for n in wanted if n not in names]
for n in missing:
    print("verify: missing from the wheel:", n, file=sys.stderr)
sys.exit(1 if missing else 0)
EOF
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel" || fail "pip install of the wheel failed"
galley="$work/venv/bin/galley"
cd "$work/outside"
[[ "$("$galley" --version)" == "galley $version" ]] || fail "galley --version said '$("$galley" --version)', not 'galley $version'"
demo="$("$work/venv/bin/python" -c 'from editor import paths; print(paths.demo_transcript())')"
case "$demo" in
    "$work/venv/"*) ;;
    *) fail "the installed app finds its demo at $demo, not inside the installed package" ;;
esac
"$galley" plugins --format json > plugins.json || fail "galley plugins exited with $?"
loaded="$(json_get plugins.json '" ".join(sorted(p["location"].rstrip("/").split("/")[-1] for p in data if p["source"] == "builtin" and not p["error"]))')"
for plugin in $plugins_expected; do
    [[ " $loaded " == *" $plugin "* ]] || fail "built-in plugin '$plugin' missing or broken in the installed wheel (found: $loaded)"
done
"$galley" check "$demo" --format json > check.json || fail "galley check exited with $?"
findings="$(json_get check.json 'sum(len(f["findings"]) for f in data)')"
[[ "$findings" -gt 0 ]] || fail "galley check found nothing in the demo transcript"
wheel_size="$(du -h "$wheel" | cut -f1)"
echo "   $(basename "$wheel") ($wheel_size); galley check: $findings findings in the demo; plugins: $loaded"
cd "$root"
passed "wheel"

# --- 2. Linux desktop metadata ------------------------------------------------------------
step "linux: desktop entry, AppStream metainfo, shared-mime-info"
if ! command -v desktop-file-validate > /dev/null || ! command -v appstreamcli > /dev/null \
    || ! command -v update-mime-database > /dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
        echo "   installing desktop-file-utils, appstream and shared-mime-info with apt-get"
        apt-get update -qq > "$work/apt.log" 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                desktop-file-utils appstream shared-mime-info >> "$work/apt.log" 2>&1 \
            || { cat "$work/apt.log" >&2; fail "apt-get could not install the validators"; }
    else
        fail "desktop-file-validate, appstreamcli and update-mime-database are needed (Debian/Ubuntu: apt-get install desktop-file-utils appstream shared-mime-info)"
    fi
fi
linux="$root/packaging/linux"
desktop-file-validate "$linux/$app_id.desktop" || fail "desktop-file-validate rejected $app_id.desktop"
appstreamcli validate --no-net --pedantic "$linux/$app_id.metainfo.xml" || fail "appstreamcli rejected $app_id.metainfo.xml"
# As installed: desktop entry, metainfo and icons side by side under a prefix.
tree="$work/tree/usr/share"
install -Dm644 "$linux/$app_id.desktop" "$tree/applications/$app_id.desktop"
install -Dm644 "$linux/$app_id.metainfo.xml" "$tree/metainfo/$app_id.metainfo.xml"
install -Dm644 "$linux/$app_id.mime.xml" "$tree/mime/packages/$app_id.xml"
mkdir -p "$tree/icons" && cp -r "$root/resources/icons/hicolor" "$tree/icons/"
appstreamcli validate-tree --no-net "$work/tree" || fail "appstreamcli validate-tree failed on the installed layout"
if [[ -f /usr/share/mime/packages/freedesktop.org.xml ]]; then
    cp /usr/share/mime/packages/freedesktop.org.xml "$tree/mime/packages/"  # for application/json
fi
update-mime-database "$tree/mime" > "$work/mime.log" 2>&1 \
    || { cat "$work/mime.log" >&2; fail "update-mime-database rejected $app_id.mime.xml"; }
grep -q "application/x-galley-project:\*\.galley\.json" "$tree/mime/globs2" \
    || fail "*.galley.json is not registered as application/x-galley-project"
passed "linux"

# --- 3. the PyInstaller bundle ------------------------------------------------------------
step "pyinstaller: build the one-folder bundle and run the frozen app"
GALLEY_PYINSTALLER_WORK="$work/pyinstaller" bash "$root/packaging/pyinstaller/build.sh" "$work/venv" "$work/dist" \
    > "$work/pyinstaller.log" 2>&1 || { tail -n 40 "$work/pyinstaller.log" >&2; fail "the PyInstaller build failed"; }
frozen="$work/dist/galley/galley"
[[ -x "$frozen" ]] || fail "no frozen executable at $frozen"
cd "$work/outside"
[[ "$(timeout 120 "$frozen" --version)" == "galley $version" ]] || fail "frozen --version did not say 'galley $version'"
cp "$root/resources/samples/demo-interview.txt" demo-interview.txt
QT_QPA_PLATFORM=offscreen timeout 300 "$frozen" --screenshot "$work/frozen.png" demo-interview.txt > shot.out 2> shot.err \
    || { cat shot.err >&2; fail "frozen --screenshot exited with $?"; }
tail -n 1 shot.out > shot.json
shot_findings="$(json_get shot.json 'data["findings"] if data["segments"] > 0 else 0')" \
    || { cat shot.out shot.err >&2; fail "frozen --screenshot did not print its JSON line"; }
[[ "$shot_findings" -gt 0 ]] || fail "the frozen app found nothing in the demo: $(cat shot.json)"
"$python" -c 'import sys; d = open(sys.argv[1], "rb").read(24); sys.exit(not (d[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(d[16:20], "big") > 0))' "$work/frozen.png" \
    || fail "the frozen app's screenshot is not a PNG"
# A plugin that does not come with Galley runs in a worker process (spawn): the frozen
# executable must start as that worker, not as a second Galley.
mkdir -p "$GALLEY_HOME/plugins" && cp -r "$root/docs/example-plugin" "$GALLEY_HOME/plugins/house-style"
printf 'She sent an e-mail about it.\n' > house.txt
timeout 300 "$frozen" check house.txt --tool house-style --format json > house.json || fail "frozen check with a worker-process plugin exited with $?"
[[ "$(json_get house.json 'sum(len(f["findings"]) for f in data)')" -gt 0 ]] \
    || fail "the out-of-process plugin found nothing in the frozen app"
frozen_size="$(du -sh "$work/dist/galley" | cut -f1)"
echo "   frozen folder $frozen_size; screenshot: $(cat shot.json)"
cd "$root"
passed "pyinstaller"

echo
echo "verify: all packaging checks passed in $((SECONDS - started))s (${timings[*]}); wheel $wheel_size, frozen folder $frozen_size"
