#!/usr/bin/env python3
"""Draws the app icon (a blue shield with a white tick, as addins/thunderbird/icons/
sendguard.svg) as RGBA PNGs with the standard library only, so no SVG renderer is
needed to build the app.  python3 icons/make_icons.py"""
import struct
import zlib
from pathlib import Path


def inside_shield(x, y):
    # shield: top edge y=4..13 slanting, sides to y=30, then a curve to the tip at y=60
    if y < 4 or y > 60 or x < 8 or x > 56:
        return False
    top = 4 + abs(x - 32) * 9 / 24
    if y < top:
        return False
    if y <= 30:
        return True
    half = 24 * (1 - ((y - 30) / 30) ** 1.6)
    return abs(x - 32) <= half


def near_tick(x, y):
    def seg(ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= 3.2 ** 2
    return seg(20, 33, 28, 41) or seg(28, 41, 44, 24)


def png(size):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            # 4x4 supersampling for smooth edges
            blue = white = 0
            for sj in range(4):
                for si in range(4):
                    x = (i + (si + 0.5) / 4) * 64 / size
                    y = (j + (sj + 0.5) / 4) * 64 / size
                    if inside_shield(x, y):
                        if near_tick(x, y):
                            white += 1
                        else:
                            blue += 1
            cover = blue + white
            if cover == 0:
                row += bytes(4)
                continue
            r = (0x1D * blue + 255 * white) // cover
            g = (0x4E * blue + 255 * white) // cover
            b = (0xD8 * blue + 255 * white) // cover
            row += bytes([r, g, b, cover * 255 // 16])
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


here = Path(__file__).resolve().parent
for name, size in (("32x32.png", 32), ("128x128.png", 128), ("icon.png", 256)):
    (here / name).write_bytes(png(size))
