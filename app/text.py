"""Shortening free text for a title or a label: never inside a word. A name cut in half
("Zwaluw…") is no longer a name the privacy rules recognise (app.people.names finds whole
words), so whatever hides it afterwards would let it through."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters: cut at the last space before the
    limit, with "…"; a single word longer than the limit is cut (it names nobody whole)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"
