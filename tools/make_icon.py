#!/usr/bin/env python3
"""Draws assets/icon.png: clusters of coloured dots on a dark rounded square, like the map.
Standard library only: python3 tools/make_icon.py"""
import math, os, random, struct, zlib

SIZE = 256
random.seed(7)
pixels = [[(0, 0, 0, 0)] * SIZE for _ in range(SIZE)]

def blend(x, y, color, alpha):
    if 0 <= x < SIZE and 0 <= y < SIZE:
        r, g, b, a = pixels[y][x]
        na = alpha + a / 255 * (1 - alpha)
        if na <= 0:
            return
        mix = lambda c0, c1: int((c1 * alpha + c0 * (a / 255) * (1 - alpha)) / na)
        pixels[y][x] = (mix(r, color[0]), mix(g, color[1]), mix(b, color[2]), int(na * 255))

def rounded_square(margin, radius, color):
    for y in range(SIZE):
        for x in range(SIZE):
            dx = max(margin + radius - x, 0, x - (SIZE - 1 - margin - radius))
            dy = max(margin + radius - y, 0, y - (SIZE - 1 - margin - radius))
            d = math.hypot(dx, dy) - radius
            coverage = min(1.0, max(0.0, 0.5 - d))
            if coverage > 0:
                blend(x, y, color, coverage)

def disc(cx, cy, r, color, alpha=1.0):
    for y in range(int(cy - r - 1), int(cy + r + 2)):
        for x in range(int(cx - r - 1), int(cx + r + 2)):
            coverage = min(1.0, max(0.0, r + 0.5 - math.hypot(x - cx, y - cy)))
            if coverage > 0:
                blend(x, y, color, coverage * alpha)

rounded_square(8, 44, (27, 36, 56))
clusters = [((86, 92), (0x4e, 0x79, 0xa7)), ((172, 84), (0xf2, 0x8e, 0x2b)),
            ((96, 176), (0x59, 0xa1, 0x4f)), ((176, 170), (0xe1, 0x57, 0x59))]
for (cx, cy), color in clusters:
    disc(cx, cy, 40, color, 0.13)
    for _ in range(26):
        angle, dist = random.uniform(0, 2 * math.pi), abs(random.gauss(0, 17))
        disc(cx + dist * math.cos(angle), cy + dist * math.sin(angle), random.uniform(3.5, 6.0), color)

raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
chunk = lambda tag, data: struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "icon.png")
open(out, "wb").write(png)
print("wrote", os.path.normpath(out), len(png), "bytes")
