"""What must never reach a terminal from a feed: a hand-written list, not a copy of clean.py's pattern.

Each entry is a code point (or a range of them) with why it is dangerous. The tests check the code
against this list and against Unicode's own categories (``unicodedata``), never against the regular
expression the code uses.
"""

from __future__ import annotations

# (first, last, why): inclusive ranges of code points sanitize() must remove.
MUST_GO: list[tuple[int, int, str]] = [
    (0x00, 0x08, "C0 controls before TAB (NUL, BEL, BS ...)"),
    (0x0B, 0x1F, "C0 controls after LF (VT, FF, CR on its own, ESC ...)"),
    (0x7F, 0x7F, "DEL"),
    (0x80, 0x9F, "C1 controls (8-bit CSI U+009B, OSC U+009D, NEL U+0085 ...)"),
    (0x061C, 0x061C, "ARABIC LETTER MARK: flips neutral characters' direction"),
    (0x200B, 0x200B, "ZERO WIDTH SPACE: invisible"),
    (0x200E, 0x200E, "LEFT-TO-RIGHT MARK"),
    (0x200F, 0x200F, "RIGHT-TO-LEFT MARK"),
    (0x202A, 0x202A, "LEFT-TO-RIGHT EMBEDDING"),
    (0x202B, 0x202B, "RIGHT-TO-LEFT EMBEDDING"),
    (0x202C, 0x202C, "POP DIRECTIONAL FORMATTING"),
    (0x202D, 0x202D, "LEFT-TO-RIGHT OVERRIDE"),
    (0x202E, 0x202E, "RIGHT-TO-LEFT OVERRIDE: the 'Trojan Source' character"),
    (0x2060, 0x2060, "WORD JOINER: invisible"),
    (0x2061, 0x2064, "invisible mathematical operators"),
    (0x2066, 0x2066, "LEFT-TO-RIGHT ISOLATE"),
    (0x2067, 0x2067, "RIGHT-TO-LEFT ISOLATE"),
    (0x2068, 0x2068, "FIRST STRONG ISOLATE"),
    (0x2069, 0x2069, "POP DIRECTIONAL ISOLATE"),
    (0x206A, 0x206F, "deprecated shaping and symmetric-swapping controls"),
    (0xFEFF, 0xFEFF, "BYTE ORDER MARK / ZERO WIDTH NO-BREAK SPACE"),
    (0xFFF9, 0xFFFB, "interlinear annotation controls"),
    (0xFFFE, 0xFFFF, "non-characters"),
    (0xE0001, 0xE0001, "LANGUAGE TAG"),
    (0xE0020, 0xE007F, "tag characters: invisible ASCII"),
]

# Format characters (Unicode category Cf) that stay: they are visible, or part of one script's spelling.
MAY_STAY: dict[int, str] = {
    0x00AD: "SOFT HYPHEN: a hyphen where a line breaks",
    **{cp: "Arabic number signs, shown above digits" for cp in range(0x0600, 0x0606)},
    0x06DD: "ARABIC END OF AYAH: a visible mark",
    0x070F: "SYRIAC ABBREVIATION MARK",
    0x0890: "ARABIC POUND MARK ABOVE",
    0x0891: "ARABIC PIASTRE MARK ABOVE",
    0x08E2: "ARABIC DISPUTED END OF AYAH",
    0x180E: "MONGOLIAN VOWEL SEPARATOR: part of Mongolian spelling",
    0x200C: "ZERO WIDTH NON-JOINER: part of Persian, Kurdish and Indic spelling; no reordering",
    0x200D: "ZERO WIDTH JOINER: joins emoji sequences and Indic conjuncts; no reordering",
    0x110BD: "KAITHI NUMBER SIGN",
    0x110CD: "KAITHI NUMBER SIGN ABOVE",
    **{cp: "Egyptian hieroglyph format controls" for cp in range(0x13430, 0x13440)},
    **{cp: "shorthand format controls" for cp in range(0x1BCA0, 0x1BCA4)},
    **{cp: "musical notation beams, ties and phrases" for cp in range(0x1D173, 0x1D17B)},
}

FORBIDDEN: frozenset[str] = frozenset(chr(cp) for first, last, _ in MUST_GO for cp in range(first, last + 1))


def unsafe_in(text: str) -> list[str]:
    """The forbidden characters (as U+XXXX) in ``text``, and any lone surrogate; empty when it is safe."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in FORBIDDEN or 0xD800 <= ord(ch) <= 0xDFFF})
