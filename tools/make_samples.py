"""Build the sample input workbooks under inputs/ from the seed transcriptions in tools/samples/.

Usage: ``python tools/make_samples.py [--root DIR]`` (default: the project root). The output is
deterministic: running it twice gives identical bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from samples import SAMPLES  # noqa: E402

from xlgen.workbook.blank import write_input_workbook  # noqa: E402


def build(root: Path = ROOT) -> list[Path]:
    """Write every sample workbook under ``root``; return their paths."""
    written = []
    for sample in SAMPLES:
        path = root / sample.PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        write_input_workbook(
            path, year=sample.YEAR, dept=sample.DEPT, data=sample.DATA, notes=sample.NOTES
        )
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 inputs/ 下的样例输入工作簿")
    parser.add_argument("--root", type=Path, default=ROOT, help="项目根目录（默认：本项目）")
    args = parser.parse_args(argv)
    for path in build(args.root):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
