"""Readable text on a coloured background by WCAG 2 contrast.

Textual's ``auto`` colour goes by brightness, which puts white on mid blues where black reads
better (3.7:1 on solarized's cursor). Colours without RGB (ANSI themes) are the terminal's palette
to decide, so they are left alone.
"""

from __future__ import annotations

from rich.color import Color, ColorTriplet

MINIMUM = 4.5  # WCAG 2 AA, normal text
BLACK = Color.from_triplet(ColorTriplet(0, 0, 0))
WHITE = Color.from_triplet(ColorTriplet(255, 255, 255))


def luminance(triplet: ColorTriplet) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(triplet.red) + 0.7152 * channel(triplet.green) + 0.0722 * channel(triplet.blue)


def contrast(one: ColorTriplet, other: ColorTriplet) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(fg: Color | None, bg: Color | None) -> Color | None:
    """``fg`` when it reads on ``bg``; else black or white, whichever reads better; None: leave as is."""
    if fg is None or bg is None or fg.triplet is None or bg.triplet is None:
        return None
    if contrast(fg.triplet, bg.triplet) >= MINIMUM:
        return fg
    on_black = contrast(BLACK.triplet, bg.triplet)  # type: ignore[arg-type]
    on_white = contrast(WHITE.triplet, bg.triplet)  # type: ignore[arg-type]
    return BLACK if on_black >= on_white else WHITE
