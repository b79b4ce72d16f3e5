"""The built app's entry point: the same ``main`` as the ``journal-app`` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A long PDF pack is drawn partly in a second process, which starts this program again:
    # this hands that start to the helper's code instead of the app's.
    multiprocessing.freeze_support()
    from journal_app.__main__ import main

    sys.exit(main())
