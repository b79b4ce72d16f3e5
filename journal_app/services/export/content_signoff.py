"""The evidence pack's open items (the reminders at export time) and its last page: the
learner's declaration of authenticity and the assessor's and IQA's decisions and sign-off."""

from __future__ import annotations

from .blocks import Block, Cell, Fields, Heading, Paragraph, Section, Table
from .content import framework_counts, gap, nice_date, programme_line
from .gather import PackData

SEVERITY_LABELS = {
    "overdue": ("Overdue", "none"), "due-soon": ("Due soon", "some"),
    "missing": ("Missing", "some"), "info": ("For information", None),
}
SIGNATURE = "______________________________"
DATE_LINE = "____ / ____ / ________"
WRITING_LINES = "\n".join(["_" * 60] * 3)
DECLARATION = (
    "I confirm that the evidence in this pack is my own work. The entries describe what I did "
    "and thought on my placement, written by me; feedback, witness testimonies and attached "
    "documents from other people are shown as theirs. I understand that my assessor and the "
    "internal quality assurer may check any entry with the people and records named."
)


def open_items(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Open items", "open-items",
        f"What the journal itself flagged as missing or late when this pack was exported "
        f"({nice_date(data.generated.date())}), across the whole journal: overdue promises, "
        "reflections not written, complaints without their four As, feedback with no action, "
        "reviews past their date, criteria with no evidence. Customers are named as elsewhere in the pack.",
    )]
    if not data.reminders:
        blocks.append(Paragraph("Nothing was open when this pack was exported.", "empty"))
        return blocks
    hidden = sum(1 for r in data.reminders if r.state)
    blocks.append(Paragraph(
        f"{len(data.reminders) - hidden} open, plus {hidden} the learner snoozed or dismissed."
        if hidden else f"{len(data.reminders)} open.", "muted"))
    # Grouped by urgency, one line an item (a table of hundreds of rows costs the PDF far more).
    for severity, (label, _status) in SEVERITY_LABELS.items():
        items = [r for r in data.reminders if r.severity == severity]
        if not items:
            continue
        blocks.append(Heading(label, f"{len(items)} item{'' if len(items) == 1 else 's'}"))
        lines = []
        for r in items:
            moment = r.due or r.since
            when = nice_date(r.due_date or (moment.date() if moment else None))
            note = ""
            if r.state == "snoozed":
                until = r.hidden_until.date() if r.hidden_until else None
                note = f" (snoozed by the learner{' until ' + nice_date(until) if until else ''})"
            elif r.state == "dismissed":
                note = " (dismissed by the learner)"
            lines.append(" · ".join(x for x in (when, f"{r.subject.type} {r.subject.id}",
                                                data.text(r.message) + note) if x))
        blocks.append(Paragraph("\n".join(lines)))
    return blocks


def sign_off(data: PackData) -> list[Block]:
    learner = data.learner
    blocks: list[Block] = [
        Section("Declaration and sign-off", "sign-off",
                f"Pack ID {data.pack_id}: the same ID is on the cover, so this page can be matched to "
                "the pack it signs off."),
        Fields([
            ("Pack ID", data.pack_id),
            ("Learner", learner.name or "Not set"),
            ("ULN", gap(learner.uln)),
            ("Programme", gap(programme_line(data))),
            ("Employer", gap(learner.employer)),
        ]),
        Heading("Learner's declaration of authenticity"),
        Paragraph(DECLARATION),
        Fields([("Learner's signature", SIGNATURE), ("Date", DATE_LINE)]),
        Heading("Assessor's decision"),
    ]
    counts = framework_counts(data)
    if counts:
        blocks.append(Table(
            ["Framework", "Learner's claim", "Assessor decision (met / not yet / referred)"],
            [[Cell(title), Cell(f"{done} of {total} criteria evidenced"), Cell("")]
             for _fid, title, done, total in counts],
            [40, 25, 35],
        ))
    blocks += [
        Fields([
            ("Assessor", gap(learner.assessor)),
            ("Decision", "Met  /  Not yet met  /  Referred   (circle one)"),
            ("Feedback to the learner", WRITING_LINES),
            ("Assessor's signature", SIGNATURE), ("Date", DATE_LINE),
        ]),
        Heading("Internal quality assurance"),
        Fields([
            ("IQA", gap(learner.iqa)),
            ("Sampled", "Yes  /  No"),
            ("Decision", "Assessment decision agreed  /  Not agreed: referred back to the assessor"),
            ("Comments", WRITING_LINES),
            ("IQA's signature", SIGNATURE), ("Date", DATE_LINE),
        ]),
    ]
    return blocks
