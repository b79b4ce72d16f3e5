"""Layout rules shared by the PDF, Word and HTML packs.

- Column widths: a table header word is never broken in the middle, so every column is
  at least as wide as its longest header word; the other columns give up the room.
- Long unbroken text (a pasted link, a reference with no spaces) may wrap anywhere, but
  ordinary words only wrap between words.
"""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
# About how wide one character of a bold 8.5 pt header is, as a share of the text width
# (17 cm for PDF, 17.4 cm for Word): 1.9 mm of 170 mm. Cell padding adds two characters.
CHAR_SHARE = 1.9 / 170 * 100
PADDING_CHARS = 2


def header_widths(columns: list[str], widths: list[int] | None) -> list[float]:
    """Column widths (percentages adding up to 100) wide enough for every header word."""
    count = len(columns)
    if not count:
        return []
    given = [float(w) for w in (widths or [])][:count]
    if len(given) < count or sum(given) <= 0:
        given = [100 / count] * count
    total = sum(given)
    given = [w * 100 / total for w in given]
    need = [min((longest_word(c) + PADDING_CHARS) * CHAR_SHARE, 100 / count * 2) for c in columns]
    short = [max(n - w, 0.0) for w, n in zip(given, need, strict=True)]
    wanted = sum(short)
    if not wanted:
        return given
    spare = [max(w - n, 0.0) for w, n in zip(given, need, strict=True)]
    room = sum(spare)
    if room <= 0:
        return given
    take = min(wanted, room)
    out = []
    for w, s, sp in zip(given, short, spare, strict=True):
        out.append(w + (s / wanted * take if s else 0.0) - (sp / room * take if sp else 0.0))
    return out


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def chars_that_fit(width_percent: float, small: bool = False) -> int:
    """About how many characters of body text fit on one line of a column this wide."""
    share = CHAR_SHARE * (0.8 if small else 0.88)
    return max(int(width_percent / share) - PADDING_CHARS, 6)


def breakable(text: str, longest: int = 60) -> str:
    """Text whose words longer than ``longest`` characters may wrap anywhere (zero-width spaces)."""
    if len(text) <= longest:
        return text
    step = max(longest, 6)
    if max(map(len, text.split()), default=0) <= step:  # no word that long: nothing to do
        return text

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZERO_WIDTH_SPACE.join(word[i : i + step] for i in range(0, len(word), step))

    return re.sub(rf"\S{{{step + 1},}}", split, text)
