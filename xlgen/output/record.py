"""What each workbook's outputs were built from, kept beside them (``.xlgen-build.json``).

An unchanged rebuild (same workbook bytes, templates, options, warning policy and xlgen code)
skips the work: the recorded problems are reported again and the outputs, when they are
still exactly as written (size and modification time), are kept as they are. Anything else
is built afresh. A damaged or foreign record is ignored, never trusted.

It also keeps the documents xlgen wrote that a later run no longer makes (a project removed,
a department renamed, a workbook renamed or taken away): ``stale`` lists them, run after run,
until they are made again or the clerk deletes them. They are never deleted here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..filenames import BUILD_RECORD
from ..problems import Problem, Report, Severity
from ..render import Document, Templates
from .atomic import write_atomic
from .plan import Identity, Skipped, WorkbookResult

RECORD = BUILD_RECORD
FORMAT = 1


@cache
def code_digest() -> str:
    """SHA-256 over xlgen's own code and data: a changed program never reuses old outputs."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def templates_digest(documents: list[Document] | Templates) -> str:
    """The code, the documents (of every template set) and their templates' bytes: what the
    templates' check found depends on nothing else."""
    h = hashlib.sha256(code_digest().encode())
    if isinstance(documents, Templates):
        h.update(json.dumps([documents.forced, [[s.name, list(s.levels)] for s in
                                                documents.manifest.sets]],
                            ensure_ascii=False).encode())
        h.update(json.dumps(documents.layout(), ensure_ascii=False).encode())
        documents = [doc for _, doc in documents.every_document()]
    for doc in documents:
        h.update(json.dumps([doc.name, doc.output, list(doc.needs), str(doc.template)],
                            ensure_ascii=False).encode())
        h.update(hashlib.sha256(doc.template.read_bytes()).digest() if doc.template.is_file()
                 else b"missing")
    return h.hexdigest()


def setup_digest(templates: str, out_dir: Path) -> str:
    """What every workbook of a run is built with: the code, the documents and their
    templates' bytes (``templates``: their ``templates_digest``, which also decides which
    templates are broken), the output folder."""
    h = hashlib.sha256(templates.encode())
    h.update(str(Path(out_dir).resolve()).encode())
    return h.hexdigest()


def problem_from(data: dict[str, str]) -> Problem:
    return Problem(Severity(data["severity"]), data["code"], data["message"], data["file"],
                   data["sheet"], data["cell"], data["paragraph"])


def plain_problem(p: Problem) -> dict[str, str]:
    data = asdict(p)
    data["severity"] = p.severity.value
    return data


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class BuildRecord:
    """The record of one output folder; ``save()`` writes it back atomically."""

    def __init__(self, out_dir: Path, setup: str = ""):
        self.path = Path(out_dir) / RECORD
        self.setup = setup  # setup_digest of the run, set before any key() is asked for
        self.entries: dict[str, dict[str, Any]] = {}
        self.check: dict[str, Any] = {}  # the templates' check: digest, problems
        self.stale: list[str] = []  # documents written before that no run makes now
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") == FORMAT and isinstance(data.get("workbooks"), dict):
                self.entries = data["workbooks"]
                if isinstance(data.get("templates"), dict):
                    self.check = data["templates"]
                stale = data.get("stale", [])
                if isinstance(stale, list) and all(isinstance(p, str) for p in stale):
                    self.stale = stale
        except (OSError, ValueError, AttributeError):
            pass

    def checked(self, digest: str) -> list[Problem] | None:
        """What the templates' check found last time, when the templates and the code are
        exactly those (``templates_digest``): their problems."""
        if self.check.get("digest") != digest:
            return None
        try:
            return [problem_from(p) for p in self.check["problems"]]
        except (KeyError, TypeError, ValueError):
            return None

    def remember_check(self, digest: str, problems: list[Problem]) -> None:
        """Keep the templates' check for the next run with the same templates and code."""
        self.check = {"digest": digest, "problems": [plain_problem(p) for p in problems]}

    def key(self, source: Path, rel: Path, policy: Any) -> str | None:
        """The fingerprint of one workbook's build; None when the file cannot be read."""
        try:
            data = source.read_bytes()
        except OSError:
            return None
        h = hashlib.sha256(self.setup.encode())
        h.update(hashlib.sha256(data).digest())
        h.update(json.dumps([rel.as_posix(), sorted(policy.ignore), sorted(policy.errors)],
                            ensure_ascii=False).encode())
        return h.hexdigest()

    def replay(self, source: Path, key: str | None, documents: list[Document] | Templates
               ) -> tuple[WorkbookResult, list[Path], list[Problem]] | None:
        """The recorded result, its intact outputs and the templates' problems, when the
        workbook was built with exactly this fingerprint and its outputs are untouched."""
        entry = self.entries.get(str(source.resolve()))
        if key is None or entry is None or entry.get("key") != key:
            return None
        try:
            outputs = [(Path(o["path"]), o["stat"]) for o in entry["outputs"]]
            if any(_stat(path) != stat for path, stat in outputs):
                return None
            chosen = entry.get("template_set", "")
            if isinstance(documents, Templates):
                documents = documents.documents(chosen)
            by_name = {d.name: d for d in documents}
            report = Report(entry["file"], [problem_from(p) for p in entry["problems"]],
                            entry["ignored"])
            who = entry["identity"]
            result = WorkbookResult(
                source, report, entry["dept"], entry["year"],
                skipped=[Skipped(s["document"], tuple(s["missing"]), s["reason"],
                                 template=s.get("template", ""))
                         for s in entry["skipped"]],
                wanted=[by_name[name] for name in entry["wanted"] if name in by_name],
                identity=Identity(**who) if who else None, template_set=chosen)
            templates = [problem_from(p) for p in entry["templates"]]
        except (KeyError, TypeError, ValueError):
            return None
        return result, [path for path, _ in outputs], templates

    def remember(self, key: str | None, before: WorkbookResult, after: WorkbookResult,
                 templates: list[Problem]) -> None:
        """Record a workbook's build: its problems as the workbook gave them (``before``
        the run claimed names and wrote), and the outputs as written (``after``)."""
        if key is None:
            return
        self.entries[str(after.source.resolve())] = {
            "key": key,
            "file": before.report.file,
            "dept": before.dept,
            "year": before.year,
            "identity": asdict(before.identity) if before.identity else None,
            "problems": [plain_problem(p) for p in before.report.problems],
            "ignored": before.report.ignored,
            "skipped": [{"document": s.document, "missing": list(s.missing),
                         "reason": s.reason, "template": s.template}
                        for s in before.skipped],
            "wanted": [d.name for d in before.wanted],
            "template_set": before.template_set,
            "outputs": [{"path": str(p), "stat": _stat(p)}
                        for p in after.written + after.unchanged],
            "templates": [plain_problem(p) for p in templates],
        }

    def outputs(self) -> dict[str, list[str]]:
        """Each recorded workbook's outputs (its path → theirs), as recorded so far."""
        found: dict[str, list[str]] = {}
        for source, entry in self.entries.items():
            try:
                found[source] = [str(o["path"]) for o in entry["outputs"]]
            except (KeyError, TypeError):
                continue
        return found

    def orphans(self, earlier: dict[str, list[str]], results: list[WorkbookResult]
                ) -> list[Path]:
        """xlgen's documents in the folder that this run did not make: those ``earlier``
        recorded for a workbook that built now or that is no longer there, and those still
        stale from before; none written or kept by this run. Kept as ``stale`` (the next
        run says them again until they are deleted or made again)."""
        built = {str(r.source.resolve()) for r in results if r.ok}
        made = {p.resolve() for r in results for p in (*r.written, *r.unchanged)}
        candidates = [*self.stale]
        for source, paths in earlier.items():
            if source in built or not Path(source).is_file():
                candidates += paths
        stale = sorted({Path(p) for p in candidates
                        if Path(p).resolve() not in made and Path(p).is_file()})
        self.stale = [str(p) for p in stale]
        return stale

    def save(self) -> None:
        """Write the record (entries of workbooks that no longer exist are dropped)."""
        kept = {k: v for k, v in sorted(self.entries.items()) if Path(k).is_file()}
        if not kept and not self.stale and not self.path.exists():
            return
        data = {"format": FORMAT, "templates": self.check, "workbooks": kept}
        if self.stale:
            data["stale"] = self.stale
        text = json.dumps(data, ensure_ascii=False, indent=1)
        try:
            write_atomic(self.path, (text + "\n").encode("utf-8"))
        except OutputError:
            pass  # the record only saves time
