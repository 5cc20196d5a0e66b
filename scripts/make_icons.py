"""Draw RecoveryNet's app icons into static/icons/.

Run from the repo root (needs Pillow):

    python scripts/make_icons.py

The design is deliberately calm and text-free: three concentric rings (the
support network) around a filled dot (the person) in white on deep teal.
The Crisis shortcut icon is a white "+" on a warm red rounded square.

Everything is drawn at 4x and downscaled with LANCZOS, which gives smooth
anti-aliased edges without needing any vector tooling.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (15, 118, 110, 255)  # #0f766e, matches theme_color
RED = (185, 28, 28, 255)  # #b91c1c
WHITE = (255, 255, 255)
SUPERSAMPLE = 4

OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "icons"


def _ring(draw: ImageDraw.ImageDraw, c: float, r: float, width: float, alpha: int) -> None:
    box = (c - r, c - r, c + r, c + r)
    draw.ellipse(box, outline=WHITE + (alpha,), width=max(1, round(width)))


def network_icon(size: int, *, scale: float, rounded: bool) -> Image.Image:
    """Rings-and-dot icon.

    ``scale`` is the radius of the outermost ring as a fraction of the canvas:
    maskable icons must keep everything inside the central 80% circle, so they
    use a smaller scale than "any" icons. ``rounded`` gives a rounded square
    with transparent corners; otherwise the background is full-bleed (needed
    for maskable icons and for iOS, which renders transparency as black).
    """
    s = size * SUPERSAMPLE
    bg = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(bg)
    if rounded:
        d.rounded_rectangle((0, 0, s - 1, s - 1), radius=round(s * 0.22), fill=TEAL)
    else:
        d.rectangle((0, 0, s, s), fill=TEAL)

    # Rings go on their own layer so their translucency blends with the teal
    # rather than replacing it.
    layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ld = ImageDraw.Draw(layer)
    c = s / 2
    outer = s * scale
    width = outer * 0.11
    # Outer rings are fainter: the closest support is the strongest.
    for frac, alpha in ((1.0, 130), (0.72, 190), (0.46, 255)):
        _ring(ld, c, outer * frac - width / 2, width, alpha)
    dot = outer * 0.2
    ld.ellipse((c - dot, c - dot, c + dot, c + dot), fill=WHITE + (255,))

    img = Image.alpha_composite(bg, layer)
    return img.resize((size, size), Image.LANCZOS)


def crisis_icon(size: int) -> Image.Image:
    s = size * SUPERSAMPLE
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, s - 1, s - 1), radius=round(s * 0.22), fill=RED)
    # A plus with rounded ends, kept well inside the square so it survives
    # the circular mask some launchers apply to shortcut icons.
    c = s / 2
    arm = s * 0.27
    half = s * 0.075
    for box in (
        (c - arm, c - half, c + arm, c + half),
        (c - half, c - arm, c + half, c + arm),
    ):
        d.rounded_rectangle(box, radius=round(half), fill=WHITE + (255,))
    return img.resize((size, size), Image.LANCZOS)


def quantize(img: Image.Image, colors: int = 64) -> Image.Image:
    """Reduce to a palette, snapping near-misses back to the exact brand colours.

    These are flat shapes, so a small palette is visually lossless and makes
    the files 5-10x smaller (icon-192 is precached for offline use). The
    quantizer rounds, e.g. teal to (14, 118, 110, 254); snapping keeps the
    background exactly #0f766e and fully opaque.
    """
    method = Image.FASTOCTREE if img.mode == "RGBA" else Image.MEDIANCUT
    q = img.quantize(colors=colors, method=method)
    mode, raw = q.palette.getdata()
    n = len(mode)  # "RGB" or "RGBA"
    pal = list(raw)
    exact = [TEAL, RED, WHITE + (255,), (0, 0, 0, 0)]
    for i in range(0, len(pal) - n + 1, n):
        entry = pal[i : i + n]
        for target in exact:
            if all(abs(a - b) <= 2 for a, b in zip(entry, target[:n])):
                pal[i : i + n] = target[:n]
                break
    q.putpalette(bytes(pal), rawmode=mode)
    return q


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    icons = {
        "icon-192.png": network_icon(192, scale=0.38, rounded=True),
        "icon-512.png": network_icon(512, scale=0.38, rounded=True),
        # Safe zone is a circle of radius 40%; 0.30 leaves comfortable margin.
        "icon-maskable-512.png": network_icon(512, scale=0.30, rounded=False).convert("RGB"),
        # iOS adds its own rounded mask and dislikes transparency.
        "apple-touch-icon-180.png": network_icon(180, scale=0.34, rounded=False).convert("RGB"),
        "crisis-96.png": crisis_icon(96),
    }
    for name, img in icons.items():
        path = OUT_DIR / name
        quantize(img).save(path, optimize=True)
        print(f"wrote {path.relative_to(OUT_DIR.parent.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
