"""Pictures for the demo pages, drawn with Pillow when the demo loads: no files to ship, no
network, and the same picture for the same seed on every run.

Two kinds, both small JPEGs:

- ``scene_image``: a photograph-like outdoor scene, 1200 × 675 by default — a sky graded from
  zenith to horizon, a sun and soft clouds, ranges of hills fading with distance, on some a row
  of town buildings with lit windows, trees, and on some a red flag on a pole; a little film
  grain so it does not look flat. For news, notices, 党建动态 galleries and video covers.
- ``portrait_image``: a head-and-shoulders silhouette in a white shirt and dark jacket with a
  party badge, on a coloured background with blurred light spots, 300 × 400 by default. For
  党员风采.

Drawing a scene takes about 50 ms, a portrait 10 ms; the demo draws about two dozen.
"""

import functools
import math
import random
from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SCENE_SIZE = (1200, 675)
PORTRAIT_SIZE = (300, 400)
JPEG_QUALITY = 80

#: (zenith, horizon) colours of the sky: clear noon, late afternoon, early morning, overcast.
SKIES = (
    ((58, 123, 213), (189, 224, 254)),
    ((70, 110, 190), (255, 205, 150)),
    ((96, 150, 220), (255, 236, 210)),
    ((120, 140, 165), (214, 222, 230)),
)
#: Hill colours from the farthest range to the nearest.
HILLS = ((126, 160, 150), (84, 132, 96), (52, 105, 62), (38, 82, 44))
PORTRAIT_BACKGROUNDS = (
    ((178, 34, 34), (232, 96, 76)),
    ((31, 78, 140), (110, 160, 210)),
    ((46, 110, 90), (140, 196, 160)),
    ((120, 86, 60), (210, 176, 130)),
    ((90, 90, 110), (180, 180, 200)),
)
SKIN_TONES = ((232, 190, 160), (222, 178, 145), (240, 200, 172), (214, 166, 132))
HAIR = ((25, 22, 20), (40, 34, 30), (60, 55, 52), (150, 150, 150))


def _vertical_gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    """An RGB image graded from ``top`` to ``bottom``."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _soft_layer(size: tuple[int, int], draw_shapes, radius: float) -> Image.Image:
    """An L mask of shapes drawn by ``draw_shapes(draw)``, blurred by ``radius``."""
    mask = Image.new("L", size, 0)
    draw_shapes(ImageDraw.Draw(mask))
    return mask.filter(ImageFilter.GaussianBlur(radius))


@functools.cache
def _noise(size: tuple[int, int]) -> Image.Image:
    """A grain texture of ``size`` around mid-grey, made once (it is costly) from a seeded
    generator, so the pictures are the same on every run (Pillow's effect_noise is not seeded)."""
    noise = random.Random(size[0] * 10_000 + size[1]).randbytes(size[0] * size[1])  # noqa: S311
    return Image.frombytes("L", size, noise).point(lambda v: 78 + v * 100 // 255).convert("RGB")


def _grain(image: Image.Image, amount: float = 0.06) -> Image.Image:
    """``image`` with a light monochrome film grain."""
    return Image.blend(image, ImageChops.overlay(image, _noise(image.size)), amount)


def _ridge(rng: random.Random, width: int, base: float, amplitude: float) -> list[tuple]:
    """The top edge of a hill range: a sum of sines with random phases."""
    waves = [(rng.uniform(0.5, 3.5), rng.uniform(0, math.tau), rng.uniform(0.3, 1)) for _ in "abc"]
    points = []
    for x in range(0, width + 20, 20):
        t = x / width * math.tau
        y = sum(weight * math.sin(freq * t + phase) for freq, phase, weight in waves)
        points.append((x, base - amplitude * y / 2))
    return points


def _buildings(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, ground: int) -> None:
    """A row of town buildings standing on ``ground``, windows in a grid, some lit."""
    x = rng.randint(-40, 40)
    while x < width:
        w, h = rng.randint(60, 150), rng.randint(70, 260)
        shade = rng.randint(170, 235)
        body = (shade, shade - rng.randint(0, 12), shade - rng.randint(5, 25))
        draw.rectangle((x, ground - h, x + w, ground), fill=body)
        draw.rectangle((x, ground - h, x + w, ground - h + 6), fill=(shade - 40,) * 3)
        for wy in range(ground - h + 18, ground - 20, 22):
            for wx in range(x + 10, x + w - 14, 20):
                lit = rng.random() < 0.25
                colour = (250, 226, 150) if lit else (96, 120, 140)
                draw.rectangle((wx, wy, wx + 9, wy + 12), fill=colour)
        x += w + rng.randint(4, 30)


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int, scale: float):
    trunk = max(3, int(6 * scale))
    height = int(rng.randint(50, 80) * scale)
    draw.rectangle((x - trunk // 2, ground - height, x + trunk // 2, ground), fill=(80, 56, 36))
    green = (rng.randint(30, 60), rng.randint(95, 130), rng.randint(40, 60))
    for i in range(3):
        r = int((34 - i * 7) * scale)
        cy = ground - height - i * r * 0.8
        draw.ellipse((x - r, cy - r, x + r, cy + r), fill=green)


def _flag(image: Image.Image, rng: random.Random, x: int, ground: int) -> None:
    """A red flag with a yellow star, waving on a pole standing at (``x``, ``ground``)."""
    draw = ImageDraw.Draw(image)
    top = ground - rng.randint(300, 380)
    draw.rectangle((x - 3, top, x + 3, ground), fill=(200, 200, 205))
    draw.ellipse((x - 7, top - 10, x + 7, top + 4), fill=(230, 190, 60))
    fw, fh, phase = 170, 112, rng.uniform(0, math.tau)
    upper = [(x + 3 + i, top + 6 + 9 * math.sin(i / fw * 5 + phase)) for i in range(0, fw + 1, 10)]
    lower = [(px, py + fh) for px, py in reversed(upper)]
    draw.polygon(upper + lower, fill=(222, 41, 16))
    cx, cy, r = x + 34, top + 40 + 9 * math.sin(31 / fw * 5 + phase), 17
    star = [
        (
            cx + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
            cy - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=(255, 222, 0))
    for dx, dy in ((62, 14), (74, 28), (74, 48), (62, 62)):  # the four small stars
        sx, sy = x + 3 + dx, top + 6 + dy + 9 * math.sin(dx / fw * 5 + phase)
        small = [
            (
                sx + (6 if i % 2 == 0 else 2.4) * math.sin(i * math.pi / 5),
                sy - (6 if i % 2 == 0 else 2.4) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
        draw.polygon(small, fill=(255, 222, 0))


def scene_image(*, seed: int, size: tuple[int, int] = SCENE_SIZE) -> Image.Image:
    """An outdoor scene (see the module's docstring); the same ``seed`` draws the same picture."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed for repeatable demo pictures
    width, height = size
    horizon = int(height * rng.uniform(0.5, 0.62))
    zenith, low = SKIES[seed % len(SKIES)]
    image = _vertical_gradient((width, horizon), zenith, low)
    image = (
        image.resize((width, height)) if horizon >= height else image.crop((0, 0, width, height))
    )
    image.paste(low, (0, horizon, width, height))

    sun_x, sun_y, sun_r = rng.randint(width // 6, width * 5 // 6), rng.randint(60, 200), 38
    glow = _soft_layer(
        size, lambda d: d.ellipse((sun_x - 90, sun_y - 90, sun_x + 90, sun_y + 90), fill=120), 40
    )
    image.paste((255, 244, 214), mask=glow)
    ImageDraw.Draw(image).ellipse(
        (sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=(255, 250, 232)
    )

    def clouds(draw: ImageDraw.ImageDraw) -> None:
        for _ in range(rng.randint(3, 6)):
            cx, cy = rng.randint(0, width), rng.randint(30, horizon // 2)
            for _ in range(5):
                rx, ry = rng.randint(40, 110), rng.randint(18, 40)
                ox, oy = rng.randint(-90, 90), rng.randint(-15, 15)
                draw.ellipse((cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry), fill=200)

    image.paste((255, 255, 255), mask=_soft_layer(size, clouds, 12))

    draw = ImageDraw.Draw(image)
    town = rng.random() < 0.6
    for index, colour in enumerate(HILLS[:3]):
        base = horizon - 40 + index * 45
        ridge = _ridge(rng, width, base, amplitude=110 - index * 25)
        draw.polygon([(0, height), *ridge, (width, height)], fill=colour)
        if town and index == 1:
            _buildings(draw, rng, width, ground=base + 70)
    ground = int(height * 0.86)
    near = _ridge(rng, width, ground, amplitude=24)
    draw.polygon([(0, height), *near, (width, height)], fill=HILLS[3])
    for _ in range(rng.randint(4, 9)):
        x = rng.randint(0, width)
        _tree(draw, rng, x, ground + rng.randint(-10, 30), scale=rng.uniform(0.8, 1.4))
    if rng.random() < 0.7:
        _flag(image, rng, rng.randint(width // 8, width * 7 // 8), ground + 10)
    return _grain(image)


def portrait_image(*, seed: int, size: tuple[int, int] = PORTRAIT_SIZE) -> Image.Image:
    """A head-and-shoulders silhouette portrait (see the module's docstring)."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed for repeatable demo pictures
    width, height = size
    dark, light = PORTRAIT_BACKGROUNDS[seed % len(PORTRAIT_BACKGROUNDS)]
    image = _vertical_gradient(size, light, dark)

    def spots(draw: ImageDraw.ImageDraw) -> None:
        for _ in range(9):
            x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(15, 60)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(60, 140))

    image.paste((255, 255, 255), mask=_soft_layer(size, spots, 14))

    figure = Image.new("RGB", size)
    mask = Image.new("L", size, 0)
    draw, mask_draw = ImageDraw.Draw(figure), ImageDraw.Draw(mask)
    cx = width // 2 + rng.randint(-8, 8)
    skin, hair = rng.choice(SKIN_TONES), rng.choice(HAIR)
    jacket = rng.choice(((36, 40, 52), (52, 56, 66), (70, 52, 46), (40, 58, 90)))
    shoulders = (cx - width * 0.5, height * 0.63, cx + width * 0.5, height * 1.3)
    neck = (cx - 21, height * 0.45, cx + 21, height * 0.67)
    head = (cx - 50, height * 0.2, cx + 50, height * 0.5)
    for shape, fill in ((shoulders, jacket), (neck, skin), (head, skin)):
        (draw.ellipse if shape is not neck else draw.rectangle)(shape, fill=fill)
        (mask_draw.ellipse if shape is not neck else mask_draw.rectangle)(shape, fill=255)
    collar_top = height * 0.64
    draw.polygon(
        [(cx - 36, collar_top), (cx + 36, collar_top), (cx, height * 0.84)], fill=(245, 245, 245)
    )
    hair_box = (head[0] - 4, head[1] - 10, head[2] + 4, head[1] + (head[3] - head[1]) * 0.75)
    draw.chord(hair_box, 180, 360, fill=hair)
    mask_draw.chord(hair_box, 180, 360, fill=255)
    badge = (cx + 50, height * 0.76)
    draw.ellipse((badge[0] - 7, badge[1] - 7, badge[0] + 7, badge[1] + 7), fill=(214, 40, 28))
    draw.ellipse((badge[0] - 3, badge[1] - 3, badge[0] + 3, badge[1] + 3), fill=(250, 210, 60))
    image.paste(figure, mask=mask.filter(ImageFilter.GaussianBlur(1.2)))
    return _grain(image, amount=0.04)


def image_jpeg_bytes(image: Image.Image) -> bytes:
    """``image`` as a JPEG (quality ``JPEG_QUALITY``, progressive)."""
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
