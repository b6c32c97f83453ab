#!/usr/bin/env python3
"""The demo's pictures, drawn here (no photo is copied): charts and gradients as PNG files
under content/media/. Run from the site folder: python3 tools/demo-images.py"""
import math, os, struct, zlib

def png(path, w, h, pixel):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows += bytes(pixel(x, y))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))

def mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))

# A session of the BRVM composite index: a line over a dusk gradient, with a grid.
def seance(w=1600, h=900):
    pts = [0.55, 0.52, 0.58, 0.50, 0.47, 0.49, 0.42, 0.44, 0.38, 0.35, 0.37, 0.31, 0.28]
    def curve(x):
        t = x / (w - 1) * (len(pts) - 1)
        i = min(int(t), len(pts) - 2)
        f = t - i
        f = f * f * (3 - 2 * f)
        return (pts[i] + (pts[i + 1] - pts[i]) * f) * h
    ys = [curve(x) for x in range(w)]
    def pixel(x, y):
        c = mix((12, 38, 74), (4, 14, 30), y / h)
        if x % 160 == 0 or y % 150 == 0:
            c = mix(c, (255, 255, 255), 0.12)
        d = abs(y - ys[x])
        if d < 5:
            return mix((255, 196, 61), c, d / 5)
        if y > ys[x]:
            return mix(c, (255, 196, 61), 0.18 * (1 - (y - ys[x]) / h))
        return c
    return pixel

# Cocoa prices by month: bars in the colours of a pod.
def cacao(w=1200, h=800):
    values = [0.42, 0.48, 0.55, 0.61, 0.58, 0.66, 0.74, 0.71, 0.80, 0.86, 0.83, 0.90]
    bar = w / len(values)
    def pixel(x, y):
        c = (246, 240, 228)
        if (h - y) % 100 == 0:
            c = (222, 212, 196)
        i = int(x / bar)
        inside = (x - i * bar) > bar * 0.18 and (x - i * bar) < bar * 0.82
        if inside and h - y < values[i] * h * 0.9:
            return mix((122, 62, 28), (196, 120, 52), (h - y) / h)
        return c
    return pixel

# Sunrise over solar panels: a warm gradient and a field of slanted stripes.
def solaire(w=2000, h=1125):
    def pixel(x, y):
        sky = mix((255, 170, 90), (80, 140, 210), y / (h * 0.55))
        sun = math.hypot(x - w * 0.7, y - h * 0.35)
        if sun < h * 0.12:
            sky = mix((255, 236, 170), sky, sun / (h * 0.12))
        if y < h * 0.55:
            return sky
        stripe = ((x + y * 1.6) // 46) % 2
        base = (24, 46, 92) if stripe else (38, 70, 130)
        return mix(base, (10, 20, 40), (y - h * 0.55) / (h * 0.45))
    return pixel

# A week of the BRVM composite: five sessions as rising columns over a pale grid, the last in gold.
def semaine(w=1600, h=900):
    closes = [0.46, 0.52, 0.50, 0.61, 0.72]
    col = w / len(closes)
    def pixel(x, y):
        c = mix((240, 245, 250), (214, 226, 238), y / h)
        if y % 90 == 0:
            c = mix(c, (120, 140, 165), 0.35)
        i = min(int(x / col), len(closes) - 1)
        inside = col * 0.2 < x - i * col < col * 0.8
        top = h * (1 - closes[i])
        if inside and y > top:
            deep = (10, 90, 70) if i < len(closes) - 1 else (196, 140, 30)
            return mix(deep, mix(deep, (255, 255, 255), 0.35), (y - top) / (h - top))
        return c
    return pixel

# A dividend: stacks of coins in orange, taller from left to right, on a charcoal ground.
def acompte(w=1200, h=800):
    stacks = [4, 6, 7, 9, 12]
    slot, coin = w / len(stacks), 44
    def pixel(x, y):
        c = mix((46, 48, 56), (22, 23, 28), y / h)
        i = min(int(x / slot), len(stacks) - 1)
        dx = abs(x - (i + 0.5) * slot) / (slot * 0.34)
        base = h - 60
        if dx < 1 and base - stacks[i] * coin < y <= base:
            k = (base - y) % coin
            edge = k < 6 or k > coin - 4
            shade = math.sqrt(1 - dx * dx)
            top = (255, 170, 60) if not edge else (255, 214, 140)
            return mix((150, 70, 10), top, shade)
        return c
    return pixel

if __name__ == "__main__":
    png("content/media/2026/11/23/seance-brvm.png", 1600, 900, seance())
    png("content/media/2026/11/25/prix-cacao.png", 1200, 800, cacao())
    png("content/media/2026/11/19/solaire-sahel.png", 2000, 1125, solaire())
    png("content/media/2026/11/28/semaine-brvm.png", 1600, 900, semaine())
    png("content/media/2026/11/19/acompte-orange.png", 1200, 800, acompte())
