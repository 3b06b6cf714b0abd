"""Build documents: check each workbook, render its documents in memory, then write them.

A workbook with errors writes nothing; the others in the same run still build. Every file is
written atomically, and an unchanged rebuild leaves files untouched (byte-identical output).
A broken template is the template's problem, reported once for the run (``Run.templates``),
never charged to the clerks' workbooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Policy
from ..errors import ConfigError, OutputError, TemplateError, internal_error_message
from ..model import InputBook
from ..problems import Problem, Report, Severity
from ..render import (
    Document,
    build_context,
    check_template_statically,
    load_manifest,
    safe_filename,
)
from .atomic import write_atomic
from .plan import (
    Claims,
    Skipped,
    WorkbookResult,
    apply_policy,
    check_source,
    policy_for,
    split_template_problems,
)

Progress = Callable[[Path], None]
Done = Callable[[WorkbookResult], None]


def _place(p: Problem) -> tuple[str, ...]:
    return (p.code, p.file, p.sheet, p.cell, p.paragraph) if p.cell or p.paragraph else (
        p.code, p.file, p.message)


@dataclass
class Run:
    """A run over many workbooks: each one's result, and the templates' problems (once)."""

    results: list[WorkbookResult] = field(default_factory=list)
    templates: list[Problem] = field(default_factory=list)

    def add_template_problems(self, problems: Iterable[Problem]) -> None:
        """Add each problem once per place in a template (the first workbook's message)."""
        seen = {_place(p) for p in self.templates}
        for p in problems:
            if _place(p) not in seen:
                seen.add(_place(p))
                self.templates.append(p)

    @property
    def template_errors(self) -> list[Problem]:
        return [p for p in self.templates if p.severity is Severity.ERROR]

    def exit_code(self, strict: bool = False) -> int:
        """3 when a template is broken, else 1 when a workbook has errors (or warnings, with
        ``strict``), else 0. (2 is the command line's own: no such file, a bad option.)"""
        if self.template_errors:
            return 3
        if any(not r.ok or (strict and r.report.warnings) for r in self.results):
            return 1
        return 0


def output_folder(out_dir: Path, rel: Path, book: InputBook) -> Path:
    """``out_dir/<subfolder of the input>/<部门名称>``."""
    return Path(out_dir) / rel / (safe_filename(book.department.name) or "未命名部门")


def _manifest(run: Run, templates_dir: Path | None) -> list[Document] | None:
    try:
        return load_manifest(templates_dir)
    except TemplateError as exc:
        run.templates.append(Problem(Severity.ERROR, "template-manifest", str(exc), exc.file))
        return None


def _broken_templates(run: Run, documents: list[Document]) -> set[str]:
    """Names of the documents whose templates are broken (reported once, in ``run``)."""
    broken: set[str] = set()
    for doc in documents:
        if not doc.template.is_file():
            run.add_template_problems([Problem(
                Severity.ERROR, "missing-template",
                f"文书“{doc.name}”的模板文件不存在：{doc.template}", str(doc.template))])
            broken.add(doc.name)
            continue
        problems = check_template_statically(doc.template)
        run.add_template_problems(problems)
        if any(p.severity is Severity.ERROR for p in problems):
            broken.add(doc.name)
    return broken


def _render(doc: Document, context) -> tuple[bytes | None, list[Problem]]:
    if doc.kind == "xlsx":
        from ..render import render_xlsx

        result = render_xlsx(doc.template, context)
        return result.data, result.problems
    from ..render import render_docx

    return render_docx(doc.template, context), []


def _template_problem(exc: TemplateError, source: Path) -> Problem:
    """A template failing on one workbook's data: the template's problem, naming the
    workbook it first failed on (the same place fails for others is not repeated)."""
    return Problem(Severity.ERROR, "template-render", f"{exc}（生成 {source.name} 时出现）",
                   exc.file, exc.sheet, exc.cell, exc.paragraph)


def _build_one(run: Run, source: Path, rel: Path, out_dir: Path, documents: list[Document],
               broken: set[str], claims: Claims, base: Policy, dry_run: bool) -> WorkbookResult:
    book, result = check_source(source, rel, documents, claims, base)
    if book is None or not result.ok:
        return result
    report = result.report
    folder = output_folder(out_dir, rel, book)
    wanted = []
    for doc in result.wanted:
        if doc.name in broken:
            result.skipped.append(Skipped(doc.name, reason="模板有错误（见“模板问题”）"))
        else:
            wanted.append(doc)
    targets = [folder / d.filename(book.department.year, book.department.name) for d in wanted]
    if dry_run:
        result.planned = targets
        return result
    context = build_context(book)
    rendered: list[tuple[Path, bytes]] = []
    policy = policy_for(source, base)
    for doc, target in zip(wanted, targets, strict=True):
        try:
            data, problems = _render(doc, context)
        except TemplateError as exc:
            run.add_template_problems([_template_problem(exc, source)])
            result.skipped.append(Skipped(doc.name, reason="模板出错（见“模板问题”）"))
            continue
        template, own = split_template_problems(problems)
        run.add_template_problems(template)
        apply_policy(policy, report, own)
        if any(p.severity is Severity.ERROR for p in template):
            result.skipped.append(Skipped(doc.name, reason="模板出错（见“模板问题”）"))
        elif data is not None:
            rendered.append((target, data))
    if not report.valid:
        return result
    for target, data in rendered:
        try:
            changed = write_atomic(target, data)
        except OutputError as exc:
            report.error("write-failed", str(exc))
            continue
        (result.written if changed else result.unchanged).append(target)
    return result


Step = Callable[[Path, Path], WorkbookResult]


def _each(run: Run, workbooks: Iterable[tuple[Path, Path]], step: Step,
          on_start: Progress | None, on_done: Done | None) -> Run:
    """``step`` on every workbook, a bug of ours contained to its workbook."""
    for source, rel in workbooks:
        if on_start:
            on_start(source)
        try:
            result = step(source, rel)
        except ConfigError:
            raise  # a wrong xlgen.toml stops the run: the command line says so (exit 2)
        except Exception as exc:  # a bug of ours must not stop the other workbooks
            result = WorkbookResult(source, Report(file=str(source)))
            result.report.error("internal-error", internal_error_message(exc))
        run.results.append(result)
        if on_done:
            on_done(result)
    return run


def build_run(workbooks: Iterable[tuple[Path, Path]], out_dir: Path,
              templates_dir: Path | None = None, *, dry_run: bool = False,
              ignore: Policy | None = None, on_start: Progress | None = None,
              on_done: Done | None = None) -> Run:
    """Build every workbook (``(path, folder relative to its argument)`` pairs).

    ``ignore`` is the policy given on the command line (each folder's xlgen.toml adds to
    it); ``on_start``/``on_done`` are called around each workbook (a progress display).
    """
    run = Run()
    documents = _manifest(run, templates_dir)
    if documents is None:
        return run
    broken = _broken_templates(run, documents)
    claims = Claims()
    base = ignore or Policy()

    def step(source: Path, rel: Path) -> WorkbookResult:
        return _build_one(run, source, rel, out_dir, documents, broken, claims, base, dry_run)

    return _each(run, workbooks, step, on_start, on_done)


def check_run(workbooks: Iterable[tuple[Path, Path]], templates_dir: Path | None = None, *,
              ignore: Policy | None = None, on_start: Progress | None = None,
              on_done: Done | None = None) -> Run:
    """Check every workbook as ``build`` would (``xlgen validate``): nothing is rendered."""
    run = Run()
    documents = _manifest(run, templates_dir)
    claims = Claims()
    base = ignore or Policy()

    def step(source: Path, rel: Path) -> WorkbookResult:
        return check_source(source, rel, documents, claims, base)[1]

    return _each(run, workbooks, step, on_start, on_done)


def build_all(workbooks: Iterable[tuple[Path, Path]], out_dir: Path,
              templates_dir: Path | None = None, *, dry_run: bool = False,
              on_done: Done | None = None) -> list[WorkbookResult]:
    """:func:`build_run`'s results alone (the templates' problems are in ``build_run``)."""
    return build_run(workbooks, out_dir, templates_dir, dry_run=dry_run, on_done=on_done).results


def build_workbook(source: Path, out_dir: Path, documents: list[Document], *,
                   rel: Path = Path("."), dry_run: bool = False) -> WorkbookResult:
    """Check ``source`` and, when it has no errors, write its documents under ``out_dir``."""
    return _build_one(Run(), Path(source), rel, out_dir, documents, set(), Claims(), Policy(),
                      dry_run)


__all__ = [
    "Run",
    "build_all",
    "build_run",
    "build_workbook",
    "check_run",
    "output_folder",
]
