"""Benchmarks: every speed goal of issue 13 as a measured ratio, with OK or SLOWER.

    make bench                      # or: python bench/run.py [--quick] [--repeat 3]

Each figure is the median of ``--repeat`` runs of a whole command (a fresh process, as a clerk
runs it), the two sides of a ratio alternating so that machine noise hits both alike.

Goals (on these 2-core machines):
  1. one 2,000-project / 16,000-indicator workbook: ``xlgen build`` within 1.5x of the
     fastest hand-written script (bench/baseline_fast.py: python-calamine + xlsxwriter);
     bench/baseline.py (openpyxl) is printed for reference, and bench/phases.py's CPU time
     of each phase of the build against the script's work;
  2. peak memory of that build at 20,000 projects ≤ 250 MiB (the largest process);
  3. a folder of 200 department workbooks: default ``--jobs`` vs ``--jobs 1`` ≤ 0.6; printed
     beside it, for reference, the machine's own limit: two ``--jobs 1`` runs of half the
     folder each, side by side, against one ``--jobs 1`` run of all of it;
  4. an unchanged rebuild of that folder ≤ 0.2x a fresh build;
  5. ``xlgen --help`` ≤ 0.25 s.
Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_folder  # noqa: E402

PYTHON = sys.executable
XLGEN = [PYTHON, "-m", "xlgen"]
TEMPLATES = HERE.parent / "templates"
ENV = {**os.environ, "XLGEN_TEMPLATES": str(TEMPLATES)}  # every command: the checkout's templates


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def side_by_side(commands: list[list[str]]) -> float:
    """The wall time of ``commands`` started together, until the last one ends."""
    start = time.perf_counter()
    running = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
               for c in commands]
    for process in running:
        process.wait()
    return time.perf_counter() - start


def halves(folder: Path, into: Path) -> list[Path]:
    """``folder``'s workbooks in two folders, every other one (copies: no links on Windows)."""
    parts = [into / "half1", into / "half2"]
    for part in parts:
        part.mkdir(parents=True, exist_ok=True)
    for i, book in enumerate(sorted(folder.glob("*.xlsx"))):
        shutil.copy2(book, parts[i % 2] / book.name)
    return parts


def peak_mib(command: list[str]) -> float:
    """The largest resident set of ``command`` or any process it waited for (MiB)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PYTHON, "-c", probe, *command], capture_output=True, text=True,
                         env=ENV, check=True)
    return int(out.stdout.strip()) / 1024


def alternating(a: list[str], b: list[str], repeat: int, before=None) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run turn about (``before()`` runs ahead of each)."""
    times_a, times_b = [], []
    for _ in range(repeat):
        for command, times in ((a, times_a), (b, times_b)):
            if before:
                before()
            times.append(timed(command))
    return statistics.median(times_a), statistics.median(times_b)


def byte_compile() -> str:
    """Byte-compile xlgen and bench/ as ``pip install`` does (a clerk's installed package has
    its .pyc files; the baselines' libraries have theirs). A checkout run with
    PYTHONDONTWRITEBYTECODE, as on the development machines, would otherwise compile every
    module from source at each start: 0.1 s of the single build, on xlgen's side alone."""
    import compileall

    import xlgen

    package = Path(xlgen.__file__).resolve().parent
    ok = all(compileall.compile_dir(folder, quiet=1) for folder in (package, HERE))
    return f"byte-compiled {package} and bench/" + ("" if ok else " (with errors)")


def _load() -> str:
    """The machine's load average: another process's work slows both sides of a ratio."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # Windows
        return "unknown"


class Goals:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, name: str, figure: str, target: str, ok: bool | None) -> None:
        self.rows.append((name, figure, target, ok))
        verdict = "" if ok is None else ("OK" if ok else "SLOWER")
        print(f"  {name:<58} {figure:>16}   {target:<10} {verdict}", flush=True)

    @property
    def ok(self) -> bool:
        return all(ok is not False for *_, ok in self.rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="smaller inputs (500 projects, 5,000 for memory, 40 workbooks)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    projects, big, count = (500, 5000, 40) if args.quick else (2000, 20000, 200)
    print(f"machine: {os.cpu_count()} cores, load average {_load()} (1, 5, 15 min)")
    print(byte_compile())
    goals = Goals()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        city = generate(tmp / "city.xlsx", projects)
        out = tmp / "out"
        print(f"1. one workbook: {projects:,} projects, {projects * 8:,} indicators "
              f"({city.stat().st_size / 1e6:.1f} MB), medians of {args.repeat}")

        def clean() -> None:
            shutil.rmtree(out, ignore_errors=True)

        build = [*XLGEN, "build", str(city), "--out", str(out), "-j", "1"]
        # The templates' check is remembered on the computer (xlgen/output/checkcache.py),
        # here in the run's own folder: one build first, as a clerk's first run ever.
        ENV["XLGEN_CACHE"] = str(tmp / "cache")
        timed(build)
        clean()
        print("   the templates' check remembered from one build before (checkcache.py)")
        fast = [PYTHON, str(HERE / "baseline_fast.py"), str(city), str(tmp / "fast.xlsx")]
        ours, theirs = alternating(build, fast, args.repeat, clean)
        goals.add("xlgen build (-j 1) / python-calamine + xlsxwriter script",
                  f"{ours:.2f}/{theirs:.2f} s = {ours / theirs:.2f}x", "≤ 1.5x",
                  ours / theirs <= 1.5)
        slow = [PYTHON, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from baseline "
                "import baseline; from pathlib import Path; "
                "baseline(Path(sys.argv[2]), Path(sys.argv[3]))", str(HERE), str(city),
                str(tmp / "slow.xlsx")]
        openpyxl_script = statistics.median(timed(slow) for _ in range(args.repeat))
        goals.add("xlgen build / openpyxl script (reference)",
                  f"{ours:.2f}/{openpyxl_script:.2f} s = {ours / openpyxl_script:.2f}x", "", None)
        # where the time goes (bench/phases.py): the build's phases against the script's work
        subprocess.run([PYTHON, str(HERE / "phases.py"), str(city), "--repeat",
                        str(max(5, args.repeat))], env=ENV, check=False)

        huge = generate(tmp / "huge.xlsx", big)
        clean()
        mib = peak_mib([*XLGEN, "build", str(huge), "--out", str(out), "-j", "1"])
        goals.add(f"2. peak memory, {big:,} projects", f"{mib:.0f} MiB", "≤ 250 MiB",
                  mib <= 250)

        folder = generate_folder(tmp / "folder", count)
        print(f"3–4. a folder of {count} department workbooks")
        outs = tmp / "outs"

        def clean_outs() -> None:
            shutil.rmtree(outs, ignore_errors=True)

        parallel = [*XLGEN, "build", str(folder), "--out", str(outs)]
        serial = [*XLGEN, "build", str(folder), "--out", str(outs), "-j", "1"]
        t_par, t_ser = alternating(parallel, serial, args.repeat, clean_outs)
        goals.add(f"default --jobs ({os.cpu_count()} cores) / --jobs 1",
                  f"{t_par:.2f}/{t_ser:.2f} s = {t_par / t_ser:.2f}", "≤ 0.6", t_par / t_ser <= 0.6)
        # What two busy processes get from this machine: no pool, no shared start, nothing
        # of ours between them. Below it, the pool beats two independent runs.
        two = [[*XLGEN, "build", str(half), "--out", str(outs / half.name), "-j", "1"]
               for half in halves(folder, tmp / "halves")]
        times = []
        for _ in range(args.repeat):
            clean_outs()
            times.append(side_by_side(two))
        t_two = statistics.median(times)
        goals.add("two halves side by side, --jobs 1 each / --jobs 1 (ref.)",
                  f"{t_two:.2f}/{t_ser:.2f} s = {t_two / t_ser:.2f}", "", None)
        clean_outs()
        timed(parallel)
        rebuild = statistics.median(timed(parallel) for _ in range(args.repeat))
        goals.add("unchanged rebuild / fresh build", f"{rebuild:.2f}/{t_par:.2f} s = "
                  f"{rebuild / t_par:.2f}", "≤ 0.2", rebuild / t_par <= 0.2)

        help_time = statistics.median(timed([*XLGEN, "--help"]) for _ in range(max(5, args.repeat)))
        goals.add("5. xlgen --help", f"{help_time:.3f} s", "≤ 0.25 s", help_time <= 0.25)
    print(f"load average at the end: {_load()}")
    if args.json:
        args.json.write_text(json.dumps(goals.rows, ensure_ascii=False, indent=1), "utf-8")
    print("all goals met" if goals.ok else "SLOWER THAN A GOAL")
    return 0 if goals.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
