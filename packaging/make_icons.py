"""Render Galley's application icon into the PNG sizes desktops and installers want.

    python packaging/make_icons.py            # (re)write the PNGs, the .ico and the .icns
    python packaging/make_icons.py --out DIR  # write them under DIR instead of resources/icons

The scalable icon is resources/icons/hicolor/scalable/apps/<APP_ID>.svg. Small sizes have
their own drawings on whole pixels (resources/icons/source/<APP_ID>-16.svg, -24.svg,
-32.svg); 22 px is the 24 px drawing without its 1 px margin. Rendering uses Qt's own SVG
renderer (QtSvg ships in PySide6-Essentials), offscreen, so no display and no extra
package is needed. The PNGs are small and committed, so a checkout, the wheel and the
PyInstaller and Flatpak builds have them without running this; run it after editing an SVG.

Besides hicolor/NxN/apps/<APP_ID>.png it writes <APP_ID>.ico (Windows: the executable and
the installer) and <APP_ID>.icns (macOS: the .app bundle). Both are containers of the same
PNGs, written here in a few lines so that neither Pillow nor Apple's iconutil is needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editor.app_id import APP_ID

ICONS = ROOT / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SCALABLE = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
# size -> (drawing, size it is drawn at, margin cropped off each side)
SOURCES: dict[int, tuple[Path, int, int]] = {
    16: (ICONS / "source" / f"{APP_ID}-16.svg", 16, 0),
    22: (ICONS / "source" / f"{APP_ID}-24.svg", 24, 1),
    24: (ICONS / "source" / f"{APP_ID}-24.svg", 24, 0),
    32: (ICONS / "source" / f"{APP_ID}-32.svg", 32, 0),
}


ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size (the @2x types reuse the larger PNGs).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def source_for(size: int) -> tuple[Path, int, int]:
    return SOURCES.get(size, (SCALABLE, size, 0))


def png_path(root: Path, size: int) -> Path:
    return root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int, margin: int):  # -> QImage
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg}: not a valid SVG for Qt's renderer")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if margin:
        image = image.copy(margin, margin, size - 2 * margin, size - 2 * margin)
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (readable since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, blobs = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ICONS, help="folder to write into (default resources/icons)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841  (QImage/QPainter want one)
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        svg, drawn_at, margin = source_for(size)
        image = render(svg, drawn_at, margin)
        assert image.width() == size and image.height() == size, (svg, size)
        out = png_path(args.out / "hicolor", size)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"make_icons: cannot write {out}")
        pngs[size] = out.read_bytes()
    (args.out / f"{APP_ID}.ico").write_bytes(ico_bytes(pngs))
    (args.out / f"{APP_ID}.icns").write_bytes(icns_bytes(pngs))
    for path in sorted(args.out.rglob(f"{APP_ID}.*")):
        if path.suffix != ".svg":
            print(f"{path.relative_to(args.out)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
