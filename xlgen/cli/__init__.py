"""The command line (``xlgen``): a thin layer over :mod:`xlgen.api`."""

from .commands import main
from .console import setup_streams
from .quickexit import run as _run


def run() -> None:
    """The ``xlgen`` command (console script and ``python -m xlgen``): ``main``, then a quick
    exit with its status (cli/quickexit.py). The console is set up first: a mistyped option
    is reported before ``main`` runs."""
    setup_streams()
    _run(lambda: main(prog_name="xlgen"))


__all__ = ["main", "run"]
