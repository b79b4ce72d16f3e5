"""What every evidence pack says about itself, whatever its format: title, author, pack ID,
the moment it was exported and its language (British English)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

LANGUAGE = "en-GB"
CREATOR = "Placement Journal"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str = ""
    subject: str = "Placement evidence log"
    pack_id: str = ""
    created: datetime = field(default_factory=_now)
    language: str = LANGUAGE

    @property
    def creator(self) -> str:
        from ... import __version__

        return f"{CREATOR} {__version__}"

    def pdf_date(self) -> str:
        """The export time as a PDF date string: D:YYYYMMDDHHmmSS+HH'mm'."""
        moment = self.created if self.created.tzinfo else self.created.replace(tzinfo=UTC)
        offset = moment.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        sign = "+" if minutes >= 0 else "-"
        hours, mins = divmod(abs(minutes), 60)
        return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{mins:02d}'"

    def utc(self) -> datetime:
        """The export time in UTC, without a zone (what Word's core properties hold)."""
        moment = self.created if self.created.tzinfo else self.created.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)
