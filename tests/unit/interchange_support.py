"""The interchange format's own example document, with a real file in it, for tests."""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

from journal_app.journal.records import COLLECTIONS

TESTIMONY = b"%PDF-1.4\nSigned: K. Whitfield, Service Manager\n"
PER_RECORD = (*COLLECTIONS, "retention")

_EXAMPLE: dict[str, Any] = {
    "format": "placement-journal",
    "version": 1,
    "exported_at": "2026-11-23T10:00:00+00:00",
    "learner": {
        "name": "Sam Learner", "programme": "Customer Service Practitioner L2",
        "placement": "Northside Motors service desk",
        "start": "2026-09-01", "end": "2027-06-30", "assessor": "J. Assessor",
        "off_the_job_target_hours": 278, "uln": "1234567890", "programme_code": "ST0072",
        "employer": "Northside Motors Ltd", "iqa": "R. Quality",
    },
    "frameworks": [
        {"id": "crm-unit", "title": "Customer relationships",
         "criteria": [{"code": "1.1", "text": "Identify and prioritise key customers"}]},
    ],
    "customers": [
        {"id": "c1", "name": "Mrs A. Patel", "kind": "external", "organisation": "", "segment": "key",
         "needs": "", "communication": "", "contact": "", "notes": ""},
    ],
    "interactions": [
        {"id": "i1", "customer": "c1", "at": "2026-10-01T09:30:00+01:00", "channel": "phone",
         "kind": "complaint", "summary": "",
         "star": {"situation": "", "task": "", "action": "", "result": ""},
         "reflection": "", "techniques": ["active listening", "open questions"], "adaptation": "",
         "complaint": {"acknowledge": "", "apologise": "", "act": "", "assure": ""},
         "offer": {"what": "", "need": "", "benefit": "", "accepted": False},
         "resolved_first_contact": False, "criteria": ["crm-unit:1.1"]},
    ],
    "promises": [
        {"id": "p1", "customer": "c1", "interaction": "i1", "kind": "promise",
         "text": "Call back with the part's delivery date", "due": "2026-10-03",
         "status": "open", "closed_at": None, "outcome": ""},
    ],
    "feedback": [
        {"id": "f1", "customer": "c1", "interaction": "i1", "at": "2026-10-05T12:00:00+01:00",
         "source": "customer", "nps": 9, "csat": 5, "comment": "", "dimension": "responsiveness",
         "action_taken": ""},
    ],
    "evidence": [
        {"id": "e1", "kind": "witness-testimony", "title": "", "at": "2026-10-06", "description": "",
         "witness": {"name": "", "role": "", "statement": "", "signed": False,
                     "relationship": "", "signed_on": None},
         "file": {"name": "testimony.pdf", "media_type": "application/pdf",
                  "sha256": hashlib.sha256(TESTIMONY).hexdigest(),
                  "data_base64": base64.b64encode(TESTIMONY).decode("ascii")},
         "interactions": ["i1"], "criteria": ["crm-unit:1.1"]},
    ],
    "objectives": [
        {"id": "o1", "customer": "c1", "segment": None, "specific": "", "metric": "CSAT",
         "baseline": 3.8, "target": 4.5, "achievable": "", "relevant": "", "due": "2027-01-31",
         "review": "2026-12-01", "status": "active", "criteria": []},
    ],
    "reviews": [
        {"id": "r1", "objective": "o1", "at": "2026-12-01", "plan": "", "do": "", "check": "", "act": "",
         "metric_value": 4.1},
    ],
    "hours": [
        {"id": "h1", "date": "2026-10-01", "minutes": 240, "activity": "", "off_the_job": True,
         "criteria": []},
    ],
    "improvements": [
        {"id": "m1", "change": "Confirm every call-back time by text", "why": "", "measure": "CSAT",
         "before": 3.8, "after": 4.1,
         "started": "2026-10-10", "measured": "2026-12-01", "feedback": "f1", "objective": "o1"},
    ],
    "retention": [{"category": "customer-identity", "days": 365, "action": "anonymise"}],
}


def spec_example() -> dict[str, Any]:
    return copy.deepcopy(_EXAMPLE)


def without_files(doc: dict[str, Any]) -> dict[str, Any]:
    for item in doc.get("evidence", []):
        item["file"] = None
    return doc
