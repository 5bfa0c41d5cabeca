"""The demo's photos: places the team photographed, drawn here (no camera, no resident on
them), stored as a phone would send them — a JPEG without EXIF, named by its hash."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from app.conversations.models import Visibility

SIZE = (800, 600)
Painter = Callable[[ImageDraw.ImageDraw], None]


def _garden(draw: ImageDraw.ImageDraw) -> None:
    """Raised beds along a street, with rows of green and a sun."""
    draw.rectangle((0, 0, 800, 330), fill=(178, 216, 236))
    draw.ellipse((640, 40, 730, 130), fill=(250, 214, 90))
    draw.rectangle((0, 330, 800, 600), fill=(170, 160, 150))
    for left in (40, 300, 560):
        draw.rectangle((left, 360, left + 200, 520), fill=(139, 94, 60))
        draw.rectangle((left + 10, 370, left + 190, 400), fill=(110, 70, 45))
        for x in range(left + 25, left + 190, 30):
            draw.ellipse((x - 14, 300, x + 14, 372), fill=(76, 140, 60))
            draw.ellipse((x - 8, 286, x + 8, 316), fill=(96, 168, 72))
    draw.rectangle((0, 250, 800, 262), fill=(120, 120, 130))


def _bandstand(draw: ImageDraw.ImageDraw) -> None:
    """A park with a bandstand, trees and benches."""
    draw.rectangle((0, 0, 800, 380), fill=(200, 226, 240))
    draw.rectangle((0, 380, 800, 600), fill=(112, 170, 90))
    for x in (90, 700):
        draw.rectangle((x - 12, 250, x + 12, 400), fill=(104, 72, 48))
        draw.ellipse((x - 80, 120, x + 80, 290), fill=(60, 120, 60))
    draw.polygon(((400, 110), (250, 230), (550, 230)), fill=(70, 90, 80))
    for x in range(270, 540, 52):
        draw.rectangle((x, 230, x + 10, 390), fill=(235, 235, 230))
    draw.rectangle((250, 380, 550, 410), fill=(200, 196, 186))
    for x in (120, 600):
        draw.rectangle((x, 470, x + 110, 482), fill=(120, 84, 56))
        draw.rectangle((x + 8, 482, x + 16, 510), fill=(90, 90, 90))
        draw.rectangle((x + 94, 482, x + 102, 510), fill=(90, 90, 90))


def jpeg_of(painter: Painter) -> bytes:
    image = Image.new("RGB", SIZE, (255, 255, 255))
    painter(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class DemoPhoto:
    conversation: str  # a DemoConversation key; its author took the photo
    discovery: str  # a DemoDiscovery key of that conversation
    caption: str
    visibility: Visibility
    painter: Painter


PHOTOS: tuple[DemoPhoto, ...] = (
    DemoPhoto(
        "c10",
        "place_moestuin",
        "De moestuinbakken in de Swammerdamstraat, eind september",
        Visibility.overview,
        _garden,
    ),
    DemoPhoto(
        "c01",
        "place_koepel",
        "De Muziekkoepel op een doordeweekse middag: het podium staat leeg",
        Visibility.team,
        _bandstand,
    ),
)
