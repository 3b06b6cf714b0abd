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
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, os_reason
from ..limits import PDF_SECONDS
from .atomic import CLOSE_IT, read_reason, write_atomic
from .lo_profile import prepare_profile

SOFFICE_ENV = "XLGEN_SOFFICE"
TIMEOUT = PDF_SECONDS  # seconds for one document (build --pdf-timeout)
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
    ``$XLGEN_SOFFICE``, else ``soffice``/``libreoffice`` on PATH, else the usual folders.

    A folder given (copied from Explorer's address bar: ``C:\\Program Files\\LibreOffice``
    or its ``program`` folder) means the soffice program in it."""
    given = explicit or os.environ.get(SOFFICE_ENV)
    if given:
        return _program_at(Path(given))
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in soffice_candidates() if p.is_file()), None)


def _program_at(path: Path) -> Path | None:
    path = path.absolute()  # "soffice" in the current folder: not looked up on PATH instead
    if path.is_file():
        return path
    if not path.is_dir():
        return None
    names = ("soffice.exe", "soffice.com") if sys.platform == "win32" else ("soffice",)
    return next((folder / name for folder in (path, path / "program") for name in names
                 if (folder / name).is_file()), None)


def missing_soffice_message(explicit: str | Path | None = None) -> str:
    """Why no PDF can be made, and what to do (Chinese)."""
    example = "（如 C:\\Program Files\\LibreOffice\\program\\soffice.exe）"
    if explicit:
        return f"找不到 --soffice 指定的 LibreOffice 程序：{explicit}。请确认路径{example}。"
    env = os.environ.get(SOFFICE_ENV)
    if env:
        return (f"找不到环境变量 {SOFFICE_ENV} 指定的 LibreOffice 程序：{env}。请改正它的值"
                f"{example}，或用 --soffice 指定。")
    return ("没有找到 LibreOffice，无法生成 PDF（Excel/Word 文书照常生成）。"
            "请安装 LibreOffice（免费，https://zh-cn.libreoffice.org），"
            "或用 --soffice 指定 soffice 程序的位置。")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


CURRENT = "current"  # the PDF beside the document was printed from exactly its bytes
STALE = "stale"  # xlgen printed the PDF from an earlier version of the document
DAMAGED = "damaged"  # xlgen printed it, but the file there now is not a whole PDF
ABSENT = "absent"  # no PDF, or one xlgen did not print (by hand, or its record is gone)
# the document cannot be read now (open in a program that lets no other read it): whether
# its PDF is as it is cannot be known, and no PDF can be printed from it
UNREADABLE = "unreadable"
_TAIL = 1024  # "%%EOF" is within the last bytes of a whole PDF (Acrobat looks this far)


def is_whole_pdf(path: Path) -> bool:
    """Whether ``path`` starts as a PDF does and has its end mark: not an empty file, a copy
    that stopped halfway, or another file saved under the PDF's name. Cheap (two reads)."""
    try:
        with path.open("rb") as fh:
            if fh.read(5) != b"%PDF-":
                return False
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - _TAIL))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


def pdf_states(documents: Iterable[Path]) -> dict[Path, str]:
    """Each document's PDF beside it: CURRENT, STALE, DAMAGED, ABSENT or UNREADABLE (the
    document cannot be read now) by the folder's record; a document and its PDF are read only
    when the record names it."""
    docs = list(documents)
    records = {folder: _read_record(folder) for folder in {d.parent for d in docs}}
    return {d: _state(d, records[d.parent], digest) for d in docs}


def _state(doc: Path, record: dict[str, str], digest_of: Callable[[Path], str]) -> str:
    printed = record.get(doc.name)
    pdf = doc.with_suffix(".pdf")
    if printed is None or not pdf.is_file():
        return ABSENT
    if not is_whole_pdf(pdf):
        return DAMAGED
    try:
        now = digest_of(doc)
    except OSError:
        return UNREADABLE
    return CURRENT if printed == now else STALE


def not_read(doc: Path, exc: OSError) -> str:
    """A document's PDF not printed because the document cannot be read (Chinese)."""
    return f"无法读取 {doc.name}（{read_reason(exc, doc)}），没有生成它的 PDF。{CLOSE_IT}"


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
        self._lock = threading.Lock()  # guards _running and _stopping
        self._stopping = False  # stopped (Ctrl+C, close): start no more LibreOffice
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
        self.stop()
        shutil.rmtree(self._home, ignore_errors=True)

    def stop(self) -> None:
        """Kill the conversions running now and start no more (Ctrl+C: the clerk does not
        wait for LibreOffice to finish, or for its time limit when it hangs)."""
        with self._lock:
            self._stopping = True
            running = list(self._running)
        for proc in running:
            _stop(proc)

    def convert_all(self, documents: Iterable[Path], *, force: bool = False,
                    on_done: Callable[[PdfResult], None] | None = None,
                    on_start: Callable[[Path], None] | None = None) -> list[PdfResult]:
        """A PDF beside each document (same name, .pdf); skipped when already up to date.

        Results come back in the order of ``documents``; ``on_start`` is called as each
        conversion begins, ``on_done`` with each result.
        """
        docs = list(documents)
        records = {folder: _read_record(folder) for folder in {d.parent for d in docs}}
        digests: dict[Path, str] = {}
        todo: list[Path] = []
        results: dict[Path, PdfResult] = {}
        for doc in docs:
            target = doc.with_suffix(".pdf")
            try:
                digests[doc] = digest(doc)
            except OSError as exc:  # open in a program that lets no other read it
                results[doc] = PdfResult(doc, target, error=not_read(doc, exc))
                if on_done:
                    on_done(results[doc])
                continue
            if not force and _state(doc, records[doc.parent], digests.__getitem__) == CURRENT:
                results[doc] = PdfResult(doc, target)
                if on_done:
                    on_done(results[doc])
            else:
                todo.append(doc)

        def run(doc: Path) -> PdfResult:
            if on_start:
                on_start(doc)
            result = self.convert(doc, doc.with_suffix(".pdf"))
            if on_done:
                on_done(result)
            return result

        from concurrent.futures import ThreadPoolExecutor  # only --pdf needs threads

        with self._lock:  # a converter stopped before (its pool is shut down) works again
            self._stopping = False
        pool = ThreadPoolExecutor(self.workers)
        try:
            for result in pool.map(run, todo):
                results[result.source] = result
                if result.ok:
                    records[result.source.parent][result.source.name] = digests[result.source]
        except BaseException:  # Ctrl+C: stop LibreOffice now, not when its documents are done
            self.stop()
            raise
        finally:  # also when stopped (Ctrl+C): a rerun skips the PDFs already made
            pool.shutdown(wait=True, cancel_futures=True)
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

    def track(self, proc: subprocess.Popen) -> bool:
        """Note a LibreOffice process just started; False when stopped meanwhile (it is
        killed then: nothing starts after ``stop``)."""
        with self._lock:
            if not self._stopping:
                self._running.add(proc)
                return True
        _stop(proc)
        return False

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called (a process it killed did not crash)."""
        with self._lock:
            return self._stopping

    def untrack(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._running.discard(proc)

    def _convert(self, source: Path, target: Path, profile: Path) -> PdfResult:
        result = PdfResult(source, target)
        outdir = Path(tempfile.mkdtemp(prefix="xlgen-pdf-", dir=self._home))
        command = [str(self.soffice), f"-env:UserInstallation={profile.as_uri()}",
                   "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        temp = outdir / "temp"  # LibreOffice's own lu*.tmp: removed with outdir, even when
        temp.mkdir()  # it is killed (Ctrl+C, a time limit) and cannot remove them itself
        try:
            failure = _run(command, self.timeout, self, temp)
            produced = outdir / (source.stem + ".pdf")
            if failure is None and not produced.is_file():
                failure = "LibreOffice 没有输出 PDF", ""
            elif failure is None and not is_whole_pdf(produced):
                failure = "LibreOffice 输出的 PDF 不完整", RETRY
            if failure is not None:
                reason, advice = failure
                result.error = (f"“{source.name}”转换为 PDF 失败（{reason}）。{advice}"
                                "Excel/Word 文书已生成，可手工打开后另存为 PDF。")
                return result
            write_atomic(target, produced.read_bytes())
            result.converted = True
        except OutputError as exc:
            result.error = str(exc)
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
        return result


RETRY = "请关闭其他 LibreOffice 窗口后重新运行；仍然如此时，请重新安装 LibreOffice。"


def _run(command: list[str], timeout: float, converter: PdfConverter,
         temp: Path) -> tuple[str, str] | None:
    """Run LibreOffice; None on success, else why not and what to do (Chinese, the second
    empty or a sentence). A hung process is killed. The ``converter`` tracks the process
    while it runs (its ``stop`` kills it). Its temporary files go in ``temp``."""
    env = {**os.environ, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}
    kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "env": env}
    if sys.platform == "win32":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        kwargs["start_new_session"] = True  # its helper processes die with it
    try:
        proc = subprocess.Popen(command, **kwargs)
    except OSError as exc:
        return (f"无法启动 LibreOffice：{os_reason(exc)}",
                "请确认 LibreOffice 安装完整，或用 --soffice 指定 soffice 程序。")
    if not converter.track(proc):
        proc.communicate()
        return "已中止", ""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return (f"超过 {timeout:.0f} 秒仍未完成，已停止",
                f"电脑较慢或文书很大时，可加 --pdf-timeout {max(900, round(timeout) * 3)} "
                "重新运行（每份文书最多等这么多秒）。")
    finally:
        converter.untrack(proc)
    if proc.returncode == 0:
        return None
    if converter.stopped:  # killed by stop (Ctrl+C), not crashed
        return "已中止", ""
    crash = _crash(proc.returncode)
    if crash:
        return f"LibreOffice 意外退出，{crash}", RETRY
    text = err.decode("utf-8", "replace").strip().splitlines()
    return (f"LibreOffice 退出码 {proc.returncode}" + (f"：{text[-1][:200]}" if text else ""),
            "")


def _crash(code: int) -> str:
    """How LibreOffice crashed, for IT (a signal on Linux/macOS, an exception code such as
    0xC0000005 on Windows); "" for an ordinary exit code."""
    if code < 0:
        try:
            return f"信号 {-code} {signal.Signals(-code).name}"
        except ValueError:
            return f"信号 {-code}"
    if code >= 0xC0000000:  # an NTSTATUS error: how Windows reports a crashed process
        return f"异常代码 0x{code:08X}"
    return ""


def _kill(proc: subprocess.Popen) -> None:
    _stop(proc)
    proc.communicate()


def _stop(proc: subprocess.Popen) -> None:
    """Kill LibreOffice and its helper processes (its own process group). On Windows
    ``soffice.exe`` only launches ``soffice.bin``, which does the work: killing the launcher
    alone would leave it running, holding the profile and the document."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           capture_output=True, timeout=30,
                           creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):
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
