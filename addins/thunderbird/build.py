#!/usr/bin/env python3
"""Builds the add-in's .xpi (a zip of the extension files) into dist/.

Only what Thunderbird loads goes in: the manifest, pages, scripts, icons and locales;
tests and build files stay out. Entries are sorted and dated 1980-01-01, so the same
sources give the same bytes.

    python3 build.py            # dist/sendguard-thunderbird-<version>.xpi
"""
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIPPED = ["manifest.json", "background.html", "ask.html", "learn.html", "options.html", "page.css"]
SHIPPED_DIRS = ["src", "icons", "_locales"]


def files():
    out = [HERE / name for name in SHIPPED]
    for d in SHIPPED_DIRS:
        out += [p for p in (HERE / d).rglob("*") if p.is_file()]
    return sorted(out)


def main():
    version = json.loads((HERE / "manifest.json").read_text("utf-8"))["version"]
    dist = HERE / "dist"
    dist.mkdir(exist_ok=True)
    target = dist / f"sendguard-thunderbird-{version}.xpi"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as xpi:
        for path in files():
            info = zipfile.ZipInfo(path.relative_to(HERE).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            xpi.writestr(info, path.read_bytes())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
