"""A small, realistic placement journal for the evidence pack tests.

Free text deliberately mentions customers by name, with e-mail addresses, phone
numbers, postcodes and number plates, so the tests can prove none of it leaks.
"""

from __future__ import annotations

from journal_app.journal.journal import Journal
from journal_app.journal.records import (
    Complaint,
    Customer,
    Evidence,
    EvidenceFile,
    Feedback,
    Hours,
    Interaction,
    Learner,
    Objective,
    Offer,
    Promise,
    Review,
    Star,
    Witness,
)

LEARNER = "Sam Learner"
ASSESSOR = "Jo Assessor"
WITNESS = "Dave Morris"
# Everything here is personal data that must not appear in a pseudonymised pack.
SECRETS = (
    "Aisha", "Patel", "aisha.patel@example.com", "07700 900123", "LS1 4AP", "AB12 CDE",
    "Brennan", "tom@brennanhaulage.co.uk", "0113 496 0000", "Priya", "Shah",
)
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def populate(journal: Journal) -> dict[str, str]:
    """Fill the journal; returns the ids tests refer to."""
    journal.set_learner(Learner(
        name=LEARNER, programme="Customer Service Practitioner L2", placement="Northside Motors service desk",
        start="2026-09-01", end="2027-06-30", assessor=ASSESSOR, off_the_job_target_hours=278,
    ))
    patel = journal.customers.add(Customer(
        name="Mrs Aisha Patel", kind="external", segment="key", needs="Reliable servicing for her Golf",
        communication="Prefers e-mail", contact="aisha.patel@example.com, 07700 900123, LS1 4AP",
    ))
    brennan = journal.customers.add(Customer(
        name="Tom Brennan", kind="external", organisation="Brennan Haulage", segment="growth",
        contact="tom@brennanhaulage.co.uk",
    ))
    shah = journal.customers.add(Customer(name="Priya Shah", kind="internal", organisation="Parts department",
                                          segment="maintain"))
    complaint = journal.interactions.add(Interaction(
        customer=patel.id, at="2026-10-01T09:30:00+01:00", channel="phone", kind="complaint",
        summary="Mrs Patel rang, upset that her car AB12 CDE wasn't ready",
        star=Star(
            situation="Aisha Patel called on 07700 900123 because the service overran.",
            task="Calm the situation and find out when the car would be ready.",
            action="I listened, apologised and checked with the workshop. "
                   "I e-mailed aisha.patel@example.com.",
            result="She accepted a courtesy car and thanked me.",
        ),
        reflection="Next time I would call Mrs Patel before she has to chase us.",
        techniques=["active listening", "open questions"],
        adaptation="Kept my tone calm and gave short, clear updates because she was stressed.",
        complaint=Complaint(acknowledge="I said I understood it was frustrating.",
                            apologise="I apologised for the delay.",
                            act="Booked a courtesy car to LS1 4AP.", assure="Promised a call by 4pm."),
        resolved_first_contact=True, criteria=["crm-unit:2.3", "crm-unit:2.1"],
    ))
    sale = journal.interactions.add(Interaction(
        customer=brennan.id, at="2026-11-12T14:00:00+00:00", channel="face-to-face", kind="sale",
        summary="Tom Brennan asked about fleet MOTs; call him on 0113 496 0000",
        star=Star(situation="Tom from Brennan Haulage came in about three vans.", task="Find his needs.",
                  action="Asked open questions about mileage.", result="Booked three MOTs."),
        offer=Offer(what="Fleet MOT package", need="Three vans due in December",
                    benefit="One visit, 10% cheaper", accepted=True),
        techniques=["open questions", "summarising"], criteria=["crm-unit:2.5", "crm-unit:1.1"],
    ))
    internal = journal.interactions.add(Interaction(
        customer=shah.id, at="2026-11-20T11:00:00+00:00", channel="chat", kind="internal",
        summary="Asked Priya in parts for an ETA", criteria=["crm-unit:1.3"],
    ))
    journal.promises.add(Promise(customer=patel.id, interaction=complaint.id, text="Call Mrs Patel by 4pm",
                                 due="2026-10-01", status="kept", closed_at="2026-10-01T15:40:00+01:00",
                                 outcome="Called at 15:40"))
    journal.promises.add(Promise(customer=brennan.id, interaction=sale.id, text="Send Tom the MOT dates",
                                 due="2026-11-14", status="late", closed_at="2026-11-16T10:00:00+00:00"))
    journal.promises.add(Promise(customer=brennan.id, interaction=sale.id, text="Quote for tyres",
                                 due="2026-11-30", status="open"))
    journal.feedback.add(Feedback(customer=patel.id, interaction=complaint.id, at="2026-10-05T12:00:00+01:00",
                                  source="customer", nps=9, csat=5, dimension="responsiveness",
                                  comment="Aisha said: quick call back, thank you",
                                  action_taken="Now I ring customers before the promised time."))
    journal.feedback.add(Feedback(customer=brennan.id, at="2026-11-18T12:00:00+00:00", source="customer",
                                  nps=5, csat=3, dimension="reliability", comment="Dates came late"))
    testimony = journal.evidence.add(Evidence(
        kind="witness-testimony", title="Supervisor's testimony", at="2026-10-06",
        witness=Witness(name=WITNESS, role="Service manager", signed=True,
                        statement="Sam handled Mrs Patel's complaint calmly and followed it up."),
        interactions=[complaint.id], criteria=["crm-unit:2.3", "crm-unit:4.3"],
    ))
    testimony.file = EvidenceFile(name="patel-testimony.pdf", media_type="application/pdf", sha256=SHA)
    journal.evidence.update(testimony)
    objective = journal.objectives.add(Objective(
        customer=patel.id, specific="Raise Mrs Patel's CSAT with proactive updates", metric="CSAT",
        baseline=3.8, target=4.5, achievable="Two calls per visit", relevant="She is a key customer",
        due="2027-01-31", review="2026-12-01", criteria=["crm-unit:3.1"],
    ))
    journal.reviews.add(Review(objective=objective.id, at="2026-12-01", plan="Call before ready",
                               do="Called twice", check="CSAT up to 4.6", act="Keep doing it",
                               metric_value=4.6))
    journal.hours.add(Hours(date="2026-10-01", minutes=450, activity="Service desk shift"))
    journal.hours.add(Hours(date="2026-10-02", minutes=180, activity="Complaints training", off_the_job=True,
                            criteria=["crm-unit:2.3"]))
    return {"complaint": complaint.id, "sale": sale.id, "internal": internal.id, "testimony": testimony.id,
            "patel": patel.id, "brennan": brennan.id}
