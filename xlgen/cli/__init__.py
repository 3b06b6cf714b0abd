"""The command line (``xlgen``): a thin layer over :mod:`xlgen.api`."""

from .commands import main

__all__ = ["main"]
