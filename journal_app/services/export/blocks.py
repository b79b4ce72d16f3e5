"""A format-neutral model of the evidence pack: a flat list of blocks.

``content`` builds the blocks once (already redacted); ``html``, ``pdf`` and
``docx`` each turn the same blocks into their format, so the three packs can't
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    """The cover page heading."""

    text: str
    subtitle: str = ""


@dataclass(frozen=True)
class Section:
    """A top-level part of the pack; starts on a new page when printed."""

    title: str
    anchor: str
    intro: str = ""


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (an interaction, a plan, a testimony)."""

    text: str
    meta: str = ""  # a muted line under it: date, channel, customer, criteria


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "", "muted", "empty" (nothing to show), "note"


@dataclass(frozen=True)
class Fields:
    """Labelled values; empty values are left out by the renderers."""

    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Cell:
    text: str
    status: str | None = None  # "none" | "some" | "green": coloured and labelled


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    widths: list[int] = field(default_factory=list)  # percentages, optional
    caption: str = ""
    small: bool = False  # dense tables (the evidence index) use a smaller font


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Metrics:
    """A row of headline numbers."""

    items: list[Metric]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


@dataclass(frozen=True)
class Chart:
    """A chart described by its data; each renderer draws it (SVG or PNG)."""

    title: str
    kind: str  # "line" | "stacked-bars"
    labels: list[str]
    series: list[Series]
    y_min: float
    y_max: float
    unit: str = ""
    description: str = ""  # the text alternative for screen readers and Word


Block = Title | Section | Heading | Paragraph | Fields | Table | Metrics | Chart


def cells(*texts: str) -> list[Cell]:
    return [Cell(t) for t in texts]
