"""Keep the app stable with PySide6 builds that assume Python 3.12's immortal singletons.

Some PySide6 6.x wheels return ``None``/``True``/``False`` from C++ calls without
taking a reference (harmless on Python 3.12+, where those objects are immortal).
On Python 3.11 every such call lowers the count by one, and after a few thousand
signal emits or setter calls the interpreter aborts ("deallocating None"). Giving
those few objects a huge reference count once, as 3.12 does, removes the problem.
"""

from __future__ import annotations

import ctypes
import sys

_done = False
SINGLETONS = (None, True, False, Ellipsis, NotImplemented)


def make_singletons_immortal() -> None:
    """Idempotent; does nothing on Python 3.12 and later."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        _done = True
        return
    for obj in SINGLETONS:
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _done = True


make_singletons_immortal()
