"""A small journal full of one customer's personal data, for the privacy tests."""

from __future__ import annotations

from dataclasses import dataclass

from journal_app.journal.records import (
    Complaint,
    Customer,
    Evidence,
    Feedback,
    Hours,
    Interaction,
    Learner,
    Objective,
    Promise,
    Review,
    Star,
    Witness,
)

NAME = "Mrs Anita Patel"
SECRETS = (
    "Anita", "Patel", "07700 900123", "anita.patel@example.com", "Patel Logistics", "AB12 CDE",
    "LS1 4AP", "14 Wellington Road",
)


@dataclass
class Built:
    patel: Customer
    jones: Customer
    interaction: Interaction
    other_interaction: Interaction
    promise: Promise
    feedback: Feedback
    evidence: Evidence
    shared_evidence: Evidence
    objective: Objective
    review: Review
    hours: Hours


def build(journal, *, attach: bool = False) -> Built:
    """Mrs Patel (with contact details, mentions everywhere) and Mr Jones (untouched bystander)."""
    journal.set_learner(Learner(name="Sam Learner", placement="Northside Motors service desk",
                                start="2026-09-01", end="2027-06-30"))
    patel = journal.customers.add(Customer(
        name=NAME, organisation="Patel Logistics", segment="key",
        contact="07700 900123, anita.patel@example.com\n14 Wellington Road, LS1 4AP",
        needs="Anita needs her van (AB12 CDE) back by Friday", notes="Prefers texts to 07700 900123",
    ))
    jones = journal.customers.add(Customer(name="Mr Gareth Jones", contact="0113 496 0000"))
    i = journal.interactions.add(Interaction(
        customer=patel.id, at="2026-10-01T09:30:00+01:00", kind="complaint", channel="phone",
        summary="Mrs Patel rang about the van AB12 CDE", reflection="I listened to Anita and summarised",
        star=Star(situation="Anita Patel was upset", task="Calm her", action="Called 07700 900123 back",
                  result="She thanked me"),
        complaint=Complaint(acknowledge="Told Mrs Patel I understood", apologise="Said sorry",
                            act="Booked the van in", assure="Promised a call"),
    ))
    other = journal.interactions.add(Interaction(
        customer=jones.id, at="2026-10-02T10:00:00+01:00", summary="Mr Jones asked about an MOT",
        reflection="Gareth was happy; his number is 0113 496 0000",
    ))
    p = journal.promises.add(Promise(customer=patel.id, interaction=i.id, text="Ring Anita by Friday",
                                     due="2026-10-03"))
    f = journal.feedback.add(Feedback(customer=patel.id, interaction=i.id, at="2026-10-05T12:00:00+01:00",
                                      nps=9, comment="Anita Patel said the service was great",
                                      action_taken="Thanked the workshop"))
    e = journal.evidence.add(Evidence(
        kind="witness-testimony", title="Patel complaint", at="2026-10-06",
        description="Email from anita.patel@example.com", interactions=[i.id],
        witness=Witness(name="Dave Supervisor", role="Service manager",
                        statement="Sam calmed Mrs Patel down well", signed=True),
    ))
    shared = journal.evidence.add(Evidence(
        kind="meeting-notes", title="Week 5 notes", description="Patel and Jones cases discussed",
        interactions=[i.id, other.id],
    ))
    o = journal.objectives.add(Objective(customer=patel.id, specific="Keep Patel Logistics updated weekly",
                                         metric="CSAT", due="2027-01-31"))
    r = journal.reviews.add(Review(objective=o.id, at="2026-12-01", check="Anita rated us 5"))
    h = journal.hours.add(Hours(date="2026-10-01", minutes=240,
                                activity="Service desk; sorted Mrs Patel's van, then Mr Jones"))
    # An edit, so the old text sits in the history table.
    i.reflection = "I listened to Anita Patel (07700 900123) and summarised"
    i = journal.interactions.update(i)
    if attach:
        from journal_app.journal.attachments import add_attachment

        add_attachment(journal, e.id, "patel-testimony.txt", b"Signed: Anita Patel, 07700 900123",
                       "text/plain")
        add_attachment(journal, shared.id, "week5.txt", b"Patel and Jones notes", "text/plain")
        e = journal.evidence.get(e.id)
        shared = journal.evidence.get(shared.id)
    return Built(patel, jones, i, other, p, f, e, shared, o, r, h)


def leaks(data: bytes | str, terms=SECRETS) -> list[str]:
    """Which of the terms occur (any case) in some bytes or text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    lowered = data.lower()
    return [t for t in terms if t.lower().encode("utf-8") in lowered]
