"""Leave the process as soon as the command is done.

A Python process tears itself down at exit: it frees every module and object one by one.
For ``xlgen`` that is 0.05–0.1 s after the last line is printed (the renderer's libraries, the
compiled templates), a tenth of a clerk's run for nothing. :func:`run` flushes the output,
waits for the threads a normal exit waits for, runs the exit handlers (multiprocessing's,
temporary files', logging's) and ends the process without the teardown. Tests call the
click group (``main``) instead, which never exits.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable


def exit_status(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives (a message is printed by the caller)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code % 256  # as the system keeps it: -1 → 255, 256 → 0
    return 1


def run(command: Callable[[], object]) -> None:
    """Run ``command`` (a click command in standalone mode) and exit with its status."""
    try:
        command()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
    status = exit_status(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (xlgen … | head): nothing to do
            pass
    _join_threads()
    atexit._run_exitfuncs()
    os._exit(status)


def _join_threads() -> None:
    """Wait for the threads a normal exit waits for (non-daemon ones, after telling thread
    pools to finish): the interpreter's own step, which ``os._exit`` would skip."""
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None and threading.current_thread() is threading.main_thread():
        shutdown()
