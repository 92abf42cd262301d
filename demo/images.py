"""Draws the demo articles' images locally with Pillow: no downloaded pictures."""

import io
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675


def _mix(colour, other, amount):
    return tuple(int(c + (o - c) * amount) for c, o in zip(colour, other, strict=True))


def draw_story_image(seed, colour, label):
    """A calm abstract landscape in the story's colour, with the section named in the corner."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(colour, (250, 240, 225), y / HEIGHT * 0.55))
    sun = (rng.randint(150, WIDTH - 150), rng.randint(90, 260))
    draw.ellipse([sun[0] - 70, sun[1] - 70, sun[0] + 70, sun[1] + 70], fill=(255, 214, 150))
    for layer in range(4):
        base = HEIGHT * (0.55 + layer * 0.12)
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 60, 60):
            points.append((x, base + rng.randint(-40, 40)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=_mix(colour, (10, 10, 20), 0.15 + layer * 0.18))
    font = ImageFont.load_default(size=40)
    draw.rectangle([0, HEIGHT - 70, 360, HEIGHT], fill=(255, 255, 255))
    draw.text((24, HEIGHT - 58), label.upper(), fill=colour, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
