"""``python -m xlgen``: the same command line as ``xlgen``."""

from .cli import run

if __name__ == "__main__":
    run()
