"""verify-pack: an assessor checks that an evidence bundle is as it was exported.

Needs no journal and no passphrase, and never loads the GUI toolkit.

Exit codes: 0 nothing changed; 24 some files were changed, are missing or were added;
25 the file can't be checked (missing, not a zip, cut short, unsafe names, a zip bomb, no
or a damaged manifest).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import print_json

ATTACHMENTS_AS_THEY_ARE = (
    "{out} holds the attached files exactly as they were added: names and details inside "
    "them are not hidden. Check them before you send the bundle."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify-pack",
        help="check an evidence bundle (or a CSV pack's zip) against its manifest of SHA-256 hashes",
    )
    p.add_argument("bundle", metavar="BUNDLE.zip", type=Path, help="the bundle to check")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_verify_pack)


def _verify_pack(args: argparse.Namespace) -> int:
    from ..services.export.bundle import EXIT_CHANGED, EXIT_UNCHANGED, verify

    report = verify(args.bundle)
    if args.json:
        print_json(report.as_json())
    else:
        for line in report.lines():
            print(line)
    return EXIT_UNCHANGED if report.unchanged else EXIT_CHANGED
