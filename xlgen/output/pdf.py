"""Print finished documents to PDF with LibreOffice (headless): in parallel, atomically, once.

LibreOffice is the converter clerks and IT already have. Each conversion runs its own
``soffice`` process with a private profile folder (LibreOffice refuses a second process on a
profile in use; the profile is set up for Chinese, see lo_profile), under a time limit; a
conversion that fails is reported for its document and the .xlsx/.docx stay written. A PDF is
written atomically, and only when its document changed since the PDF was made (the document's
digest is recorded beside the PDFs).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from .atomic import write_atomic
from .lo_profile import prepare_profile

SOFFICE_ENV = "XLGEN_SOFFICE"
TIMEOUT = 300.0  # seconds for one document; a 600-indicator city table takes ~20 s
RECORD = ".xlgen-pdf.json"  # beside the PDFs: document name → digest it was printed from

_WINDOWS_DIRS = ("LibreOffice", "LibreOffice 7", "LibreOffice 24", "LibreOffice 25")
_UNIX_PATHS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def soffice_candidates() -> list[Path]:
    """Where LibreOffice is usually installed, besides PATH (Windows and Linux/macOS)."""
    found: list[Path] = []
    if sys.platform == "win32":
        for env in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"):
            base = os.environ.get(env)
            if base:
                found += [Path(base) / d / "program" / "soffice.exe" for d in _WINDOWS_DIRS]
    else:
        found += [Path(p) for p in _UNIX_PATHS]
        found += sorted(Path("/opt").glob("libreoffice*/program/soffice"))
    return found


def find_soffice(explicit: str | Path | None = None) -> Path | None:
    """The LibreOffice program to use: ``explicit`` (``--soffice``) if given, else
    ``$XLGEN_SOFFICE``, else ``soffice``/``libreoffice`` on PATH, else the usual folders."""
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    env = os.environ.get(SOFFICE_ENV)
    if env:
        return Path(env) if Path(env).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in soffice_candidates() if p.is_file()), None)


def missing_soffice_message(explicit: str | Path | None = None) -> str:
    """Why no PDF can be made, and what to do (Chinese)."""
    if explicit:
        return (f"找不到 --soffice 指定的 LibreOffice 程序：{explicit}。"
                "请确认路径（如 C:\\Program Files\\LibreOffice\\program\\soffice.exe）。")
    return ("没有找到 LibreOffice，无法生成 PDF（Excel/Word 文书已照常生成）。"
            "请安装 LibreOffice（免费，https://zh-cn.libreoffice.org），"
            "或用 --soffice 指定 soffice 程序的位置。")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class PdfResult:
    """One document's PDF: written, already up to date, or why it failed."""

    source: Path
    target: Path
    converted: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class PdfConverter:
    """Converts documents with one LibreOffice process per document, ``workers`` at a time.

    Each worker slot keeps its own profile folder for the converter's lifetime (a profile is
    slow to create, and LibreOffice locks it while a process uses it), set up for Chinese
    documents (lo_profile: zh-CN, the Windows Chinese fonts mapped to installed ones). Use as
    a context manager, or call ``close()`` to remove the profiles.
    """

    def __init__(self, soffice: Path, workers: int | None = None, timeout: float = TIMEOUT):
        self.soffice = Path(soffice)
        self.workers = max(1, workers or min(os.cpu_count() or 1, 4))
        self.timeout = timeout
        self._home = Path(tempfile.mkdtemp(prefix="xlgen-lo-"))
        self._running: set[subprocess.Popen] = set()  # LibreOffice processes now converting
        self._slots: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for i in range(self.workers):
            self._slots.put(prepare_profile(self._home / f"profile{i}"))

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop any conversion still running (a clerk's second Ctrl+C does not wait for it),
        then remove the profiles: a LibreOffice left running would write into them again."""
        for proc in list(self._running):
            _stop(proc)
        shutil.rmtree(self._home, ignore_errors=True)

    def convert_all(self, documents: Iterable[Path], *, force: bool = False,
                    on_done: Callable[[PdfResult], None] | None = None) -> list[PdfResult]:
        """A PDF beside each document (same name, .pdf); skipped when already up to date.

        Results come back in the order of ``documents``.
        """
        docs = list(documents)
        records = {folder: _read_record(folder) for folder in {d.parent for d in docs}}
        digests = {d: digest(d) for d in docs}
        todo: list[Path] = []
        results: dict[Path, PdfResult] = {}
        for doc in docs:
            target = doc.with_suffix(".pdf")
            if (not force and target.is_file()
                    and records[doc.parent].get(doc.name) == digests[doc]):
                results[doc] = PdfResult(doc, target)
                if on_done:
                    on_done(results[doc])
            else:
                todo.append(doc)

        def run(doc: Path) -> PdfResult:
            result = self.convert(doc, doc.with_suffix(".pdf"))
            if on_done:
                on_done(result)
            return result

        from concurrent.futures import ThreadPoolExecutor  # only --pdf needs threads

        try:
            with ThreadPoolExecutor(self.workers) as pool:
                for result in pool.map(run, todo):
                    results[result.source] = result
                    if result.ok:
                        records[result.source.parent][result.source.name] = \
                            digests[result.source]
        finally:  # also when stopped (Ctrl+C): a rerun skips the PDFs already made
            for folder, record in records.items():
                kept = {name: h for name, h in record.items() if (folder / name).is_file()}
                _write_record(folder, kept)
        return [results[d] for d in docs]

    def convert(self, source: Path, target: Path) -> PdfResult:
        """Convert one document now (no up-to-date check)."""
        profile = self._slots.get()
        try:
            return self._convert(source, target, profile)
        finally:
            self._slots.put(profile)

    def _convert(self, source: Path, target: Path, profile: Path) -> PdfResult:
        result = PdfResult(source, target)
        outdir = Path(tempfile.mkdtemp(prefix="xlgen-pdf-", dir=self._home))
        command = [str(self.soffice), f"-env:UserInstallation={profile.as_uri()}",
                   "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        try:
            error = _run(command, self.timeout, self._running)
            produced = outdir / (source.stem + ".pdf")
            if error is None and not produced.is_file():
                error = "LibreOffice 没有输出 PDF"
            if error is not None:
                result.error = (f"“{source.name}”转换为 PDF 失败（{error}）。"
                                "Excel/Word 文书已生成，可手工打开后另存为 PDF。")
                return result
            write_atomic(target, produced.read_bytes())
            result.converted = True
        except OutputError as exc:
            result.error = str(exc)
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
        return result


def _run(command: list[str], timeout: float, running: set[subprocess.Popen]) -> str | None:
    """Run LibreOffice; None on success, else a short reason. A hung process is killed. The
    process is in ``running`` while it runs."""
    kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        kwargs["start_new_session"] = True  # its helper processes die with it
    try:
        proc = subprocess.Popen(command, **kwargs)
    except OSError as exc:
        return f"无法启动 LibreOffice：{exc.strerror or exc}"
    running.add(proc)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"超过 {timeout:.0f} 秒仍未完成，已停止"
    finally:
        running.discard(proc)
    if proc.returncode != 0:
        text = err.decode("utf-8", "replace").strip().splitlines()
        return f"LibreOffice 退出码 {proc.returncode}" + (f"：{text[-1][:200]}" if text else "")
    return None


def _kill(proc: subprocess.Popen) -> None:
    _stop(proc)
    proc.communicate()


def _stop(proc: subprocess.Popen) -> None:
    """Kill LibreOffice and its helper processes (its own process group; on Windows the
    process tree: soffice.exe only launches soffice.bin, which does the work and would go
    on holding the profile the slot's next document needs)."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def _read_record(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_record(folder: Path, record: dict[str, str]) -> None:
    if not record and not (folder / RECORD).exists():
        return
    text = json.dumps(dict(sorted(record.items())), ensure_ascii=False, indent=1) + "\n"
    try:
        write_atomic(folder / RECORD, text.encode("utf-8"))
    except OutputError:
        pass  # the record only saves time; the PDFs are written
