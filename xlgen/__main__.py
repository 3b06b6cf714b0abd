"""``python -m xlgen``: the same command line as ``xlgen``."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="xlgen")
