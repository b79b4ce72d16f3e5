"""How long each record page takes on the GUI thread with a big journal (10,000 interactions).

Run: QT_QPA_PLATFORM=offscreen python bench/bench_record_pages.py [interactions]
Prints milliseconds per page refresh and per common action; the target is ~50 ms or
less for anything on the GUI thread (Insights and the export preview run on a worker).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JOURNAL_APP_FAST_KDF", "1")
os.environ.setdefault("JOURNAL_APP_TEST_SUITE", "1")  # throwaway journals: the fast KDF is fine
os.environ.setdefault("JOURNAL_APP_HOME", tempfile.mkdtemp())
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build(n: int):
    from journal_app.journal.journal import Journal
    from journal_app.journal.records import Customer, Evidence, Feedback, Hours, Interaction, Learner, Promise

    now = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    journal, _key = Journal.create(Path(tempfile.mkdtemp()) / "big.pjournal", "bench passphrase words",
                                   clock=lambda: now,
                                   learner=Learner(name="Sam", off_the_job_target_hours=278))
    refs = [ref for ref, _c in journal.criteria()]
    kinds = ("enquiry", "sale", "service", "complaint", "follow-up")
    with journal.transaction():
        customers = [
            journal.customers.add(Customer(name=f"Person {k}", segment="key" if k % 9 == 0 else "growth"))
            for k in range(300)
        ]
        for k in range(n):
            c = customers[k % len(customers)]
            at = (now - timedelta(hours=k * 3)).isoformat()
            i = journal.interactions.add(Interaction(
                customer=c.id, at=at, kind=kinds[k % 5], summary=f"Helped {c.name} with booking {k}",
                criteria=[refs[k % len(refs)]] if k % 3 == 0 else []))
            if k % 5 == 0:
                journal.promises.add(Promise(customer=c.id, interaction=i.id, text=f"Call back {k}",
                                             due=(now - timedelta(hours=k * 3 - 48)).date().isoformat()))
            if k % 7 == 0:
                journal.feedback.add(Feedback(customer=c.id, interaction=i.id, at=at, nps=k % 11,
                                              csat=1 + k % 5))
        for k in range(200):
            journal.evidence.add(Evidence(kind="email", title=f"E-mail {k}", criteria=[refs[k % len(refs)]]))
            journal.hours.add(Hours(date=(now - timedelta(days=k)).date().isoformat(), minutes=240))
    return journal, now


def timed(label: str, work) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best * 1000:8.1f} ms")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    start = time.perf_counter()
    journal, now = build(n)
    print(f"built a journal with {n} interactions in {time.perf_counter() - start:.1f} s")
    from journal_app.ui.background import BackgroundRunner
    from journal_app.ui.context import AppContext
    from journal_app.ui.pages.customers import CustomersPage
    from journal_app.ui.pages.evidence import EvidencePage
    from journal_app.ui.pages.hours import HoursPage
    from journal_app.ui.pages.interactions import InteractionsPage
    from journal_app.ui.pages.plans import PlansPage
    from journal_app.ui.pages.privacy import PrivacyPage
    from journal_app.ui.pages.promises import PromisesPage
    from journal_app.ui.pages.today import TodayPage

    # The app's own thread-pool runner: what runs on a worker is not counted as GUI time.
    context = AppContext(journal, clock=lambda: now, run_in_background=BackgroundRunner())
    pages = {cls.__name__: cls(context) for cls in (TodayPage, InteractionsPage, CustomersPage,
                                                    PromisesPage, EvidencePage, PlansPage,
                                                    HoursPage, PrivacyPage)}
    from PySide6.QtCore import QThreadPool

    for name, page in pages.items():
        timed(f"{name}.refresh()", page.refresh)
        QThreadPool.globalInstance().waitForDone()  # work it handed to a worker: not GUI time,
        app.processEvents()                         # and not left running under the next page
    customers = pages["CustomersPage"]
    first = journal.customers.ids()[0]
    timed("CustomersPage: open one customer's journey", lambda: customers.show_record("customer", first))
    evidence = pages["EvidencePage"]
    timed("(worker) criteria coverage map", evidence._refresh_coverage)
    from journal_app.ui.models.insights import insight_data
    from journal_app.ui.models.redaction_preview import redaction_preview

    timed("(worker) Insights measures, whole placement", lambda: insight_data(journal, None, now.date()))
    timed("(worker) export redaction preview", lambda: redaction_preview(journal))
    from journal_app.services.rules.reminders import compute_reminders

    timed("(worker) Today's reminders, on a reading copy",
          lambda: compute_reminders(journal.reading_copy(), now))
    for page in pages.values():
        page.deleteLater()
    app.processEvents()
    journal.close()


if __name__ == "__main__":
    main()
