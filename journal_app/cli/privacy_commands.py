"""erase, subject-export, retention, hold, audit: looking after other people's personal data."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_at_option, add_passphrase_options, add_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase", help="erase everything about one customer (a request to be forgotten)",
        description="Removes a customer's name and contact details from every part of the journal, "
        "its search index, free space and backups, and deletes the files attached to their evidence. "
        "With --delete-linked their interactions, promises, feedback and plans are deleted too. "
        "There is no confirmation question (for scripts): a receipt is printed instead.",
    )
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--customer", required=True, metavar="ID", help="the customer's id")
    p.add_argument("--delete-linked", action="store_true",
                   help="also delete their interactions, promises, feedback, plans and evidence")
    p.add_argument("--json", action="store_true", help="print the receipt as JSON")
    p.add_argument("--new-key", action="store_true",
                   help="then give the journal a new data key, so an old copy or backup kept "
                        "elsewhere opens nothing saved from now on (recovery key: see passwd)")
    from .vault_commands import add_rekey_options

    add_rekey_options(p)
    p.set_defaults(handler=cmd_erase)

    p = sub.add_parser(
        "subject-export", help="export everything held about one person (an access request)",
        description="Writes every record about one customer, in the interchange JSON format, with "
        "other customers' details hidden, and lists the other people it still names (assessor, "
        "witnesses, other customers) for you to check. The file is not encrypted: give it only to "
        "that person.",
    )
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--customer", required=True, metavar="ID", help="the customer's id")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.json", help="where to write it")
    p.add_argument("--force", action="store_true", help="replace FILE.json if it already exists")
    p.add_argument("--exclude-third-parties", action="store_true",
                   help="leave out other people: your assessor, witnesses (name, role, statement) and "
                   "other customers; without it they are listed for you to check")
    p.add_argument("--allow-missing", action="store_true",
                   help="write it even if some of their attached files can't be read (named on "
                        "stderr); without it, nothing is written (exit 19)")
    p.set_defaults(handler=cmd_subject_export)

    p = sub.add_parser(
        "retention", help="show (or with --apply, do) what the retention rules remove now",
        description="Without --apply, a preview of exactly what would be anonymised or deleted and why "
        "(pseudonyms only, no real names). With --apply it is done, saved, old backups are replaced "
        "and the audit trail records it.",
    )
    add_path(p)
    add_passphrase_options(p)
    add_at_option(p)
    p.add_argument("--apply", action="store_true", help="carry out the changes")
    p.add_argument("--policies", action="store_true", help="list the retention rules instead")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=cmd_retention)

    p = sub.add_parser(
        "hold", help="keep a customer or evidence item past its retention date (e.g. for your assessment)",
        description="Places, lists or removes holds. A held item is kept through the --until date.",
    )
    add_path(p)
    add_passphrase_options(p)
    target = p.add_mutually_exclusive_group()
    target.add_argument("--customer", metavar="ID", help="hold this customer and their records")
    target.add_argument("--evidence", metavar="ID", help="hold this evidence item and its file")
    target.add_argument("--remove", metavar="HOLD-ID", help="remove a hold")
    p.add_argument("--until", metavar="DATE", help="keep it through this date, e.g. 2027-03-01")
    p.add_argument("--reason", default="", help="why (e.g. 'end-point assessment')")
    p.set_defaults(handler=cmd_hold)

    p = sub.add_parser(
        "audit", help="show the audit trail (what was exported, erased, changed; never whose data)",
        description="The journal's append-only audit trail.",
    )
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--json", action="store_true", help="print the trail as JSON")
    p.set_defaults(handler=cmd_audit)


def cmd_erase(args: argparse.Namespace) -> int:
    from ..errors import ErasedNotRekeyed, SaveFailed
    from ..services.actions.journal_file import rekey_journal, unlock
    from ..services.actions.privacy import erase_customer
    from .common import print_json, read_passphrase, text_option
    from .vault_commands import _check_key_file_free, recovery_choice, show_new_recovery_key

    new_key = None
    if args.new_key:
        _check_key_file_free(args)
    elif args.recovery_key_file or args.keep_recovery_key_file:
        from ..errors import InvalidInput

        raise InvalidInput("The recovery key options go with --new-key. Nothing was changed.")
    text_option("--customer", args.customer)
    passphrase = read_passphrase(args)
    journal = unlock(args.path, passphrase)
    try:
        receipt = erase_customer(journal, args.customer, delete_linked=args.delete_linked).value
        if args.new_key:
            from ..errors import ErasedNotRekeyed, SaveFailed

            keep, make_new = recovery_choice(args)
            try:
                new_key = rekey_journal(journal, passphrase, recovery_key=keep, new_recovery_key=make_new,
                                        reason="erasure").value
            except SaveFailed as error:
                if type(error) is not SaveFailed:  # already says what was written
                    raise
                raise ErasedNotRekeyed(error.reason) from error
    finally:
        journal.close()
    if args.json:
        extra: dict[str, object] = {"new_key": True} if args.new_key else {}
        if new_key and not args.recovery_key_file:
            extra["new_recovery_key"] = new_key  # shown once, here
            new_key = None
        print_json(receipt.as_dict() | extra)
    else:
        print(receipt.as_text())
        if args.new_key:
            print("The journal has a new key: an old copy or backup kept elsewhere opens nothing saved "
                  "from now on.")
    if new_key:
        show_new_recovery_key(new_key, args)
    return 0


def cmd_subject_export(args: argparse.Namespace) -> int:
    from ..services.actions.moving import check_export_target, save_export_note
    from ..services.actions.privacy import export_for_access_request
    from .common import opened, printable_lines, text_option, warn

    text_option("--customer", args.customer)
    check_export_target(args.path, args.out, force=args.force)  # before the slow unlock
    with opened(args, write=True) as journal:
        result = export_for_access_request(journal, args.customer, args.out, overwrite=args.force,
                                           exclude_third_parties=args.exclude_third_parties,
                                           allow_missing=args.allow_missing).value
        save_export_note(journal, args.out)  # keeps the audit entry; a failure says the file is there
    for evidence_id in result.files_left_out:
        warn(f"the file attached to evidence {evidence_id} can't be read (missing or damaged), "
             "so it is not in the access request")
    print(printable_lines(result.as_text()))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from .common import opened, parse_at, print_json

    now = parse_at(args.at)
    if args.policies:
        if args.apply:
            from ..errors import InvalidInput

            raise InvalidInput("--policies only lists the rules; leave out --apply.")
        return _print_policies(args)
    from ..services.actions.privacy import apply_retention
    from ..services.privacy.retention import preview

    with opened(args, write=args.apply) as journal:
        plan = preview(journal, now)
        if not args.apply:
            if args.json:
                print_json(plan.as_dict())
            else:
                print(plan_text(plan))
            return 0
        receipt = apply_retention(journal, plan).value
    if args.json:
        print_json(receipt.as_dict())
    else:
        print(receipt.as_text())
    return 0


def _print_policies(args: argparse.Namespace) -> int:
    from ..services.privacy.retention import CATEGORY_WORDS, get_policies
    from .common import opened, print_json

    with opened(args) as journal:
        policies = get_policies(journal)
    if args.json:
        print_json([p.to_dict() for p in policies])
        return 0
    for p in policies:
        print(f"{p.category:18} {CATEGORY_WORDS[p.category]}: kept {p.days} days from "
              f"{p.counts_from.replace('-', ' ')}, then {p.action}d")
    return 0


def plan_text(plan) -> str:  # RetentionPlan
    lines = []
    if plan.empty:
        lines.append(f"Nothing is due at {plan.at:%Y-%m-%d %H:%M}: no personal data needs removing.")
    else:
        lines.append(f"At {plan.at:%Y-%m-%d %H:%M} a retention run would change {len(plan.items)} thing(s):")
        for item in plan.items:
            verb = "delete" if item.category == "attachments" or item.action == "delete" else "anonymise"
            lines.append(f"  • {verb}: {item.description} (due {item.due}; {item.why})")
        lines.append("Nothing has been changed. Run again with --apply to do it.")
    for item in plan.held:
        lines.append(f"  ◦ kept by a hold until {item.held_until}: {item.description}")
    return "\n".join(lines)


def cmd_hold(args: argparse.Namespace) -> int:
    from ..errors import InvalidInput, printable
    from .common import opened, text_option

    for option, value in (("--customer", args.customer), ("--evidence", args.evidence),
                          ("--remove", args.remove), ("--reason", args.reason)):
        text_option(option, value)
    changing = bool(args.customer or args.evidence or args.remove)
    if (args.customer or args.evidence) and not args.until:
        raise InvalidInput("Say how long to keep it with --until, e.g. --until 2027-03-01.")
    if args.until and not (args.customer or args.evidence):
        raise InvalidInput("--until goes with --customer or --evidence.")
    from ..services.actions import privacy
    from ..services.privacy import retention

    with opened(args, write=changing) as journal:
        if args.remove:
            if not privacy.remove_hold(journal, args.remove).value:
                from ..errors import RecordNotFound

                raise RecordNotFound("hold", args.remove)
            journal.save()
            print("Hold removed.")
        elif changing:
            kind, record_id = ("customer", args.customer) if args.customer else ("evidence", args.evidence)
            hold = privacy.add_hold(journal, kind, record_id, args.until, args.reason).value
            journal.save()
            print(f"Kept through {hold.until} (hold id {hold.id}).")
        else:
            holds = retention.list_holds(journal)
            if not holds:
                print("No holds.")
            for h in holds:
                print(printable(f"{h.id}  {h.record_type} {h.record_id} kept through {h.until}  "
                                f"{h.reason}".rstrip()))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from ..journal.audit import describe, events
    from .common import opened, print_json

    with opened(args) as journal:
        trail = events(journal)
    if args.json:
        print_json([e.as_dict() for e in trail])
        return 0
    if not trail:
        print("The audit trail is empty.")
    for e in trail:
        details = describe(e.details)
        print(f"{e.seq:>4}  {e.at[:16].replace('T', ' ')}  {e.title}" + (f" — {details}" if details else ""))
    return 0
