"""The evidence pack as CSV tables, for e-portfolio systems and spreadsheets.

Where the tables go depends on the name given:
- ``pack.zip`` → one zip holding ``interactions.csv``, ``promises.csv``, ``feedback.csv``,
  ``criteria.csv``, ``evidence.csv``, ``plans.csv``, ``plan_actions.csv``, ``reviews.csv``,
  ``hours.csv``, ``measures.csv``, ``improvements.csv`` and ``learner.csv`` (the clearest:
  one file to hand over);
- ``pack.csv`` → the interactions table there, and each other table beside it as
  ``pack-promises.csv``, ``pack-feedback.csv`` …;
- an existing folder → the same files by their plain names inside it.

The zip also holds ``manifest.json``: the pack ID, export time, app version and every
table with its size and SHA-256 (``journal-app verify-pack`` checks it).

Files are UTF-8 with a byte-order mark so spreadsheet programs show accents and
emoji correctly. Free text that starts like a formula (``=``, ``+``, ``-``, ``@``)
gets a leading apostrophe so a spreadsheet shows it rather than running it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ...journal.records import Record
from ...vault.durable import write_atomic
from ..rules.kpi import response_hours, within_target
from .content_marking import action_status, in_period
from .gather import PackData

Rows = list[list[object]]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def tables(data: PackData) -> dict[str, Rows]:
    """Table name → rows (header first), in the order they are written."""
    return {
        "interactions": _interactions(data), "promises": _promises(data), "feedback": _feedback(data),
        "criteria": _criteria(data), "evidence": _evidence(data), "plans": _plans(data),
        "plan_actions": _plan_actions(data), "reviews": _reviews(data), "hours": _hours(data),
        "measures": _measures(data), "improvements": _improvements(data), "learner": _learner(data),
    }


def encode(rows: Rows) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def write(data: PackData, out_path: Path, write_file: Callable[[Path, bytes], None] | None = None) -> Path:
    """Write the tables where ``out_path`` says (see the module docstring); returns the main file."""
    write_file = write_file or (lambda path, payload: write_atomic(path, [payload]))
    built = tables(data)
    if out_path.is_dir():
        for name, rows in built.items():
            write_file(out_path / f"{name}.csv", encode(rows))
        return out_path
    if out_path.suffix.lower() == ".csv":
        for name, rows in built.items():
            target = out_path if name == "interactions" else out_path.with_name(f"{out_path.stem}-{name}.csv")
            write_file(target, encode(rows))
        return out_path
    from .bundle import CSV_KIND, MANIFEST, entry, manifest

    buffer = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in built.items():
            payload = encode(rows)
            entries.append(entry(f"{name}.csv", payload))
            archive.writestr(f"{name}.csv", payload)
        archive.writestr(MANIFEST, manifest(entries, kind=CSV_KIND, pack_id=getattr(data, "pack_id", ""),
                                            exported=data.generated, pseudonymised=not data.real_names))
    write_file(out_path, buffer.getvalue())
    return out_path


def _meta(record: Record) -> list[object]:
    return [record.created_at, record.updated_at if record.edits else "", record.edits]


META = ["written", "last_edited", "edits"]


def _interactions(data: PackData) -> Rows:
    t = data.text
    rows: Rows = [[
        "ref", "date", "time", "customer", "channel", "kind", "summary", "situation", "task", "action",
        "result", "what_i_would_do_differently", "techniques", "how_i_adapted", "complaint_acknowledge",
        "complaint_apologise", "complaint_act", "complaint_assure", "offer", "offer_need", "offer_benefit",
        "offer_accepted", "resolved_first_contact", "criteria", "consumer_right", "consumer_right_notes",
        "personal_data", "data_handling", "declined_or_scoped", "why_declined", *META,
    ]]
    for i in data.interactions:
        c, o, law, scope = i.complaint, i.offer, i.rights, i.boundaries
        rows.append([
            i.id, i.at[:10], i.at[11:16], data.customer(i.customer), i.channel, i.kind, safe(t(i.summary)),
            safe(t(i.star.situation)), safe(t(i.star.task)), safe(t(i.star.action)), safe(t(i.star.result)),
            safe(t(i.reflection)), safe(t("; ".join(i.techniques))), safe(t(i.adaptation)),
            *(safe(t(getattr(c, f))) if c else "" for f in ("acknowledge", "apologise", "act", "assure")),
            *(safe(t(getattr(o, f))) if o else "" for f in ("what", "need", "benefit")),
            ("yes" if o.accepted else "no") if o else "",
            "yes" if i.resolved_first_contact else "no", " ".join(i.criteria),
            (law.consumer_right or "") if law else "",
            *(safe(t(getattr(law, f))) if law else ""
              for f in ("consumer_notes", "personal_data", "data_handling")),
            *(safe(t(getattr(scope, f))) if scope else "" for f in ("declined", "why")),
            *_meta(i),
        ])
    return rows


def _promises(data: PackData) -> Rows:
    today = data.generated.date()
    rows: Rows = [["ref", "interaction", "customer", "kind", "promise", "due", "status", "closed", "outcome",
                   "response_target_hours", "response_hours", "within_target", *META]]
    # The response clock starts at the interaction (see the pack's service-levels definition).
    started = {i.id: i.at for i in data.sources.values()} | {i.id: i.at for i in data.interactions}
    for p in data.promises:
        status = p.status
        if status == "open" and p.due and date.fromisoformat(p.due) < today:
            status = "overdue"
        start = started.get(p.interaction or "")
        taken, met = response_hours(p, start), within_target(p, start)
        rows.append([p.id, p.interaction or "", data.customer(p.customer), p.kind, safe(data.text(p.text)),
                     p.due, status, p.closed_at or "", safe(data.text(p.outcome)),
                     "" if p.response_target_hours is None else f"{p.response_target_hours:g}",
                     "" if taken is None else round(taken, 1),
                     "" if met is None else ("yes" if met else "no"),
                     *_meta(p)])
    return rows


def _feedback(data: PackData) -> Rows:
    rows: Rows = [["ref", "date", "source", "customer", "interaction", "nps", "csat", "rater_dimension",
                   "comment", "action_taken", *META]]
    for f in data.feedback:
        rows.append([f.id, f.at[:10], f.source, data.customer(f.customer), f.interaction or "",
                     "" if f.nps is None else f.nps, "" if f.csat is None else f.csat, f.dimension or "",
                     safe(data.text(f.comment)), safe(data.text(f.action_taken)), *_meta(f)])
    return rows


def _criteria(data: PackData) -> Rows:
    rows: Rows = [["criterion", "framework", "text", "status", "supporting_count", "signed_witness",
                   "supporting_refs"]]
    for c in data.coverage:
        rows.append([c.ref, c.framework, c.text, c.status, len(c.supporting),
                     "yes" if c.has_signed_witness else "no",
                     " ".join(f"{s.record_type}:{s.record_id}" for s in c.supporting)])
    return rows


def _evidence(data: PackData) -> Rows:
    t = data.text
    rows: Rows = [["ref", "kind", "title", "date", "description", "witness_name", "witness_role",
                   "witness_signed", "statement", "file_name", "media_type", "sha256", "interactions",
                   "criteria", "witness_relationship", "witness_signed_on", *META]]
    for e in data.evidence:
        w, f = e.witness, e.file
        rows.append([
            e.id, e.kind, safe(t(e.title)), e.at or "", safe(t(e.description)),
            w.name if w else "", safe(t(w.role)) if w else "", ("yes" if w.signed else "no") if w else "",
            safe(t(w.statement)) if w else "", safe(t(f.name)) if f else "", f.media_type if f else "",
            f.sha256 if f else "", " ".join(e.interactions), " ".join(e.criteria),
            safe(t(w.relationship)) if w else "", (w.signed_on or "") if w else "", *_meta(e),
        ])
    return rows


def _plans(data: PackData) -> Rows:
    t = data.text
    rows: Rows = [["ref", "customer", "segment", "specific", "metric", "baseline", "target", "achievable",
                   "relevant", "due", "review", "status", "criteria", "service_model_dimension",
                   "service_model_why", "actions", *META]]
    for o in data.objectives:
        model = o.service_model
        rows.append([
            o.id, data.customer(o.customer) if o.customer else "", o.segment or "", safe(t(o.specific)),
            safe(t(o.metric)), "" if o.baseline is None else o.baseline, "" if o.target is None else o.target,
            safe(t(o.achievable)), safe(t(o.relevant)), o.due or "", o.review or "", o.status,
            " ".join(o.criteria), (model.dimension or "") if model else "",
            safe(t(model.why)) if model else "",
            len(o.actions), *_meta(o),
        ])
    return rows


def _plan_actions(data: PackData) -> Rows:
    """One row per action of each relationship plan, numbered from 1 within its plan."""
    t = data.text
    today = data.generated.date()
    rows: Rows = [["objective", "action", "what", "who", "by", "resources", "done", "status"]]
    for o in data.objectives:
        for number, a in enumerate(o.actions, 1):
            status, _colour = action_status(a, o.status == "active", today)
            rows.append([o.id, number, safe(t(a.what)), safe(t(a.who)), a.by or "", safe(t(a.resources)),
                         "yes" if a.done else "no", status])
    return rows


def _improvements(data: PackData) -> Rows:
    t = data.text
    rows: Rows = [["ref", "change", "why", "measure", "before", "after", "difference", "started", "measured",
                   "feedback", "objective", *META]]
    for item in in_period(data, data.improvements):
        before, after = item.before, item.after
        rows.append([
            item.id, safe(t(item.change)), safe(t(item.why)), safe(t(item.measure)),
            "" if before is None else before, "" if after is None else after,
            "" if before is None or after is None else round(after - before, 6),
            item.started or "", item.measured or "", item.feedback or "", item.objective or "", *_meta(item),
        ])
    return rows


def _learner(data: PackData) -> Rows:
    """The pack's identity page as one row: who it is about and who assesses and samples it."""
    learner = data.learner
    return [
        ["pack_id", "learner", "uln", "programme", "programme_code", "employer", "placement",
         "placement_start", "placement_end", "assessor", "iqa", "period_from", "period_to", "generated",
         "real_names"],
        [getattr(data, "pack_id", ""), safe(learner.name), learner.uln, safe(learner.programme),
         safe(learner.programme_code), safe(learner.employer), safe(learner.placement), learner.start or "",
         learner.end or "", safe(learner.assessor), safe(learner.iqa),
         data.start.isoformat() if data.start else "", data.end.isoformat() if data.end else "",
         data.generated.replace(microsecond=0).isoformat(), "yes" if data.real_names else "no"],
    ]


def _reviews(data: PackData) -> Rows:
    t = data.text
    rows: Rows = [["ref", "objective", "date", "plan", "do", "check", "act", "metric_value", *META]]
    for reviews in data.reviews.values():
        for r in reviews:
            rows.append([r.id, r.objective, r.at, safe(t(r.plan)), safe(t(r.do)), safe(t(r.check)),
                         safe(t(r.act)), "" if r.metric_value is None else r.metric_value, *_meta(r)])
    return rows


def _hours(data: PackData) -> Rows:
    rows: Rows = [["ref", "date", "hours", "off_the_job", "activity", "criteria", *META]]
    for h in data.hours:
        rows.append([h.id, h.date, round(h.minutes / 60, 2), "yes" if h.off_the_job else "no",
                     safe(data.text(h.activity)), " ".join(h.criteria), *_meta(h)])
    return rows


def _measures(data: PackData) -> Rows:
    rows: Rows = [["month", "interactions", "complaints", "nps", "nps_answers", "csat_percent",
                   "csat_answers", "first_contact_resolution_percent", "issues",
                   "promise_kept_rate_percent", "promises_due"]]

    def num(value: float | None) -> object:
        return "" if value is None else round(value, 1)

    for m in data.measures.months:
        rows.append([m.month, m.interactions, m.complaints, num(m.nps), m.nps_answers, num(m.csat),
                     m.csat_answers, num(m.fcr), m.issues, num(m.promise_kept_rate), m.promises_due])
    overall = data.measures
    rows.append(["whole period", sum(m.interactions for m in overall.months),
                 sum(m.complaints for m in overall.months), num(overall.nps), overall.nps_answers,
                 num(overall.csat), overall.csat_answers, num(overall.fcr), overall.issues,
                 num(overall.promise_kept_rate), overall.promises_due])
    return rows

