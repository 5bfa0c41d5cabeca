"""QR codes as inline SVG: the overview's share link, an authenticator app's setup key."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, *, scale: int = 3) -> Markup:
    """Black on white with a quiet border, so it prints and scans in greyscale."""
    svg = segno.make(data, error="m").svg_inline(scale=scale, border=2, dark="#000", light="#fff")
    return Markup(svg)  # noqa: S704 - made by segno from data this app chose
