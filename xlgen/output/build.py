"""Build documents: check each workbook, render its documents in memory, then write them.

A workbook with errors writes nothing; the others in the same run still build. Every file is
written atomically, and an unchanged rebuild leaves files untouched (byte-identical output).
A broken template is the template's problem, reported once for the run (``Run.templates``),
never charged to the clerks' workbooks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalogue import Policy
from ..errors import ConfigError, OutputError, TemplateError, internal_error_message
from ..limits import DEFAULT_LIMITS, Limits
from ..model import InputBook
from ..problems import Problem, Report, Severity
from ..render import (
    Document,
    Templates,
    build_context,
    check_template_statically,
    find_templates,
    template_label,
)
from . import checkcache
from .atomic import write_together
from .gcpause import gc_paused
from .keep import EDITED_KEPT, keep_changed, kept_message, undo, would_keep
from .names import long_folder_name, place, too_long_message, windows_budget
from .plan import (
    WRITE_FAILED,
    Claims,
    Skipped,
    WorkbookResult,
    apply_policy,
    check_source,
    policy_for,
    split_template_problems,
)
from .pool import Failure, run_isolated
from .record import BuildRecord, setup_digest, templates_digest

Progress = Callable[[Path], None]
Done = Callable[[WorkbookResult], None]
NOT_THE_WORKBOOK = "这是输出文件夹的问题，不是输入工作簿的问题。"


def _place(p: Problem) -> tuple[str, ...]:
    return (p.code, p.file, p.sheet, p.cell, p.paragraph) if p.cell or p.paragraph else (
        p.code, p.file, p.message)


@dataclass
class Run:
    """A run over many workbooks: each one's result, and the templates' problems (once)."""

    results: list[WorkbookResult] = field(default_factory=list)
    templates: list[Problem] = field(default_factory=list)
    # documents xlgen wrote in the output folder before that this run did not make
    stale: list[Path] = field(default_factory=list)

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
    """``out_dir/<subfolder of the input>/<部门名称>`` (a long name shortened: output.names)."""
    return Path(place(Path(out_dir) / rel, book.department.name, book.department.year,
                      []).folder)


def _templates(run: Run, templates_dir: Path | str | Templates | None,
               workbooks: list[tuple[Path, Path]]) -> Templates | None:
    """The run's templates: ``--templates`` (a folder or a set), else found by the look-up
    order next to the first workbook (render.lookup)."""
    if isinstance(templates_dir, Templates):
        return templates_dir
    try:
        return find_templates(templates_dir, [source for source, _ in workbooks[:1]])
    except TemplateError as exc:
        run.templates.append(Problem(Severity.ERROR, "template-manifest", str(exc), exc.file))
        return None


def _broken(template: Path) -> tuple[bool, list[Problem]]:
    """Whether a template is broken, and the problems of its static check (made once per
    process: render/check.py). The run's own process checks every template, for the report;
    a worker checks those it renders itself, so that it need not wait for that check when it
    runs beside it."""
    if not template.is_file():  # missing: the run's check reports it (missing-template)
        return True, []
    found = check_template_statically(template)
    return any(p.severity is Severity.ERROR for p in found), found


def _check_templates(run: Run, templates: Templates) -> None:
    """Check every template (of every set the run may use), each reported once in ``run``,
    and the folder's layout (a set's template saved as .xlsm, a misspelt set folder)."""
    run.add_template_problems(templates.folder_problems())
    for doc, missing in templates.each_template():
        run.add_template_problems([missing] if missing is not None
                                  else _broken(doc.template)[1])


def _checked_templates(run: Run, templates: Templates, record: BuildRecord | None = None,
                       digest: str = "") -> None:
    """``_check_templates``, or what it found last time when the templates and the code are
    the same (``digest``, their ``templates_digest``): in this output folder (its
    ``record``), else in any run on this computer (checkcache). Only the first run after
    xlgen or a template changed reads and compiles them here."""
    digest = digest or templates_digest(templates)
    remembered = record.checked(digest) if record is not None else None
    if remembered is None:
        remembered = checkcache.recall(digest)
    if remembered is not None:
        run.add_template_problems(remembered)
        if record is not None:
            record.remember_check(digest, remembered)
        return
    before = len(run.templates)
    _check_templates(run, templates)
    found = run.templates[before:]
    if record is not None:
        record.remember_check(digest, found)
    checkcache.remember(digest, found)


def _render(doc: Document, context, title: str) -> tuple[bytes | None, list[Problem]]:
    if doc.kind == "xlsx":
        from ..render import render_xlsx

        result = render_xlsx(doc.template, context, title=title)
        return result.data, result.problems
    from ..render import render_docx

    return render_docx(doc.template, context, title=title), []


def _template_problem(exc: TemplateError, source: Path) -> Problem:
    """A template failing on one workbook's data: the template's problem, naming the
    workbook it first failed on (the same place fails for others is not repeated)."""
    return Problem(Severity.ERROR, "template-render", f"{exc}（生成 {source.name} 时出现）",
                   exc.file, exc.sheet, exc.cell, exc.paragraph)


@dataclass(frozen=True)
class Setup:
    """What every workbook's step needs, made once per run (sent once to each worker)."""

    documents: list[Document] | Templates | None  # Templates: a set chosen per workbook
    out_dir: Path | None = None  # None: check only (validate)
    dry_run: bool = False


@dataclass
class Work:
    """One workbook checked (and rendered, in memory): what the run then claims and writes."""

    result: WorkbookResult
    rel: Path
    outputs: list[tuple[Path, bytes | None]] = field(default_factory=list)  # None: dry run
    templates: list[Problem] = field(default_factory=list)  # the templates' own problems
    kept: list[Path] = field(default_factory=list)  # an unchanged rebuild: outputs as they are
    too_long: str = ""  # the output folder is too deep for Windows: why nothing is written


Item = tuple[Path, Path, Policy]  # (workbook, folder relative to its argument, its policy)


def work(setup: Setup, item: Item) -> Work:
    """Check one workbook and render its documents to bytes; writes nothing.

    Runs in a worker process (or in the caller's, without ``jobs``). A bug of ours is this
    workbook's ``internal-error``; a MemoryError is left to the worker pool.
    """
    source, rel, policy = item
    try:
        with gc_paused():
            return _work(setup, source, rel, policy)
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours must not stop the other workbooks
        result = WorkbookResult(source, Report(file=str(source)))
        result.report.error("internal-error", internal_error_message(exc))
        return Work(result, rel)


def _work(setup: Setup, source: Path, rel: Path, policy: Policy) -> Work:
    book, result = check_source(source, rel, setup.documents, policy)
    done = Work(result, rel)
    if book is None or not result.ok:
        return done
    wanted = []
    for doc in result.wanted:
        broken, problems = _broken(doc.template)
        if broken:
            done.templates += problems
            result.skipped.append(_held(doc))
        else:
            wanted.append(doc)
    targets: list[Path] = []
    if setup.out_dir is not None:
        root = setup.out_dir / rel
        max_path, extra = windows_budget(root)
        placed = place(root, book.department.name, book.department.year, wanted,
                       max_path=max_path, extra=extra)
        if not placed.fits:
            done.too_long = too_long_message(placed)
            return done
        targets = [Path(p) for p in placed.files]
    # validate and --dry-run render too (in memory, then dropped): a template mistake Jinja
    # finds only on the data, or a value too long for its cell, is theirs to report as well
    context = build_context(book)
    for i, doc in enumerate(wanted):
        try:
            data, problems = _render(doc, context,
                                     doc.title(book.department.year, book.department.name))
        except TemplateError as exc:
            done.templates.append(_template_problem(exc, source))
            result.skipped.append(_held(doc))
            continue
        template, own = split_template_problems(problems)
        done.templates += template
        apply_policy(policy, result.report, own)
        if any(p.severity is Severity.ERROR for p in template):
            result.skipped.append(_held(doc))
        elif data is not None and targets:
            done.outputs.append((targets[i], None if setup.dry_run else data))
    return done


def _held(doc: Document) -> Skipped:
    """A document not made because its template has errors."""
    return Skipped(doc.name, template=template_label(doc.template))


def _commit(run: Run, claims: Claims, done: Work) -> WorkbookResult:
    """In input order: claim the workbook's output names, then write its documents."""
    run.add_template_problems(done.templates)
    result = done.result
    claims.claim(result, done.rel)
    if not result.ok:
        return result
    result.unchanged += done.kept
    if done.too_long:
        result.report.error(WRITE_FAILED, done.too_long)
        return result
    result.planned += [target for target, data in done.outputs if data is None]
    for target, aside in would_keep(result.planned):
        result.report.warn(EDITED_KEPT, kept_message(target, aside, dry_run=True))
    files = [(target, data) for target, data in done.outputs if data is not None]
    kept: list[tuple[Path, Path]] = []
    try:  # a workbook's documents are replaced together or not at all
        kept = keep_changed(target for target, _ in files)  # a clerk's edits first
        written = write_together(files, f"本工作簿的 {len(files)} 份文书")
    except OutputError as exc:
        undo(kept)
        result.report.error(WRITE_FAILED, f"{exc}{NOT_THE_WORKBOOK}")
        return result
    for target, aside in kept:
        result.report.warn(EDITED_KEPT, kept_message(target, aside))
    for target, _ in files:
        (result.written if target in written else result.unchanged).append(target)
    return result


def failure_message(failure: Failure) -> str:
    """The Chinese sentence for a workbook whose worker crashed, hung or ran out of memory."""
    what = {
        "crash": f"处理这个工作簿时程序异常终止（{failure.detail}）",
        "timeout": f"处理这个工作簿超过 {failure.detail}仍未完成，已停止",
        "memory": f"处理这个工作簿所需的内存超过上限（{failure.detail}），已停止",
    }[failure.kind]
    return (f"{what}。这不是填表的问题：请把这个工作簿和本提示发给维护人员"
            f"（xlgen {__version__}）。其他工作簿不受影响。")


def _failed(source: Path, rel: Path, failure: Failure) -> Work:
    result = WorkbookResult(source, Report(file=str(source)))
    result.report.error("internal-error", failure_message(failure))
    return Work(result, rel)


def policy_items(workbooks: Iterable[tuple[Path, Path]], base: Policy) -> list[Item]:
    """The run's items, each with its folder's policy: every xlgen.toml is read here, in the
    run's own process, so that a wrong one stops the run (ConfigError, exit 2)."""
    return [(source, rel, policy_for(source, base)) for source, rel in workbooks]


def each(step: Callable[[Any, Item], Any], setup: Any, items: list[Item], jobs: int | None,
         limits: Limits, on_start: Progress | None,
         meanwhile: Callable[[], None] | None = None) -> Generator[tuple[int, Any], None, None]:
    """``step(setup, item)`` for every item, in order: in ``jobs`` worker processes, or in
    this process when ``jobs`` is None. A worker's crash, hang or memory exhaustion comes
    back as that item's :class:`Failure`. ``meanwhile`` runs once in this process: beside
    the workers when a core is left over (run_isolated), else first."""
    def started(index: int) -> None:
        if on_start:
            on_start(items[index][0])

    if jobs is not None:
        yield from run_isolated(step, setup, items, jobs, limits, started, meanwhile)
        return
    if meanwhile is not None:
        meanwhile()
    for index, item in enumerate(items):
        started(index)
        yield index, step(setup, item)


def _run(run: Run, setup: Setup, workbooks: Iterable[tuple[Path, Path]], base: Policy,
         jobs: int | None, limits: Limits, on_start: Progress | None,
         on_done: Done | None, record: BuildRecord | None = None,
         check: Callable[[], object] | None = None) -> Run:
    """Every workbook's step, then its commit in input order.

    With ``jobs`` the steps run in that many worker processes (a workbook that crashes,
    hangs or exhausts memory costs itself alone); without, in this process. With a
    ``record``, a workbook built before from exactly the same inputs is not built again.
    ``check`` (the templates' check) runs once, beside the workers when a core is left
    over for it (pool.run_isolated), and always before the first commit: its problems come
    first in the report.
    """
    checked = _Once(check)
    items = policy_items(workbooks, base)
    claims = Claims()
    keys = [record.key(s, r, p) if record else None for s, r, p in items]
    replayed: dict[int, Work] = {}
    earlier = record.outputs() if record is not None else {}
    if record is not None:
        for i, (source, rel, _) in enumerate(items):
            found = record.replay(source, keys[i], setup.documents or [])
            if found is not None:
                result, kept, templates = found
                replayed[i] = Work(result, rel, templates=templates, kept=kept)
    todo = [i for i in range(len(items)) if i not in replayed]
    worked = each(work, setup, [items[i] for i in todo], jobs, limits,
                  lambda source: on_start(source) if on_start else None, checked)
    try:
        with closing(worked):  # stops the workers even if a commit raises
            for index in range(len(items)):
                source, rel, _ = items[index]
                if index in replayed:
                    if on_start:
                        on_start(source)
                    done = replayed[index]
                else:
                    _, outcome = next(worked)
                    done = (_failed(source, rel, outcome) if isinstance(outcome, Failure)
                            else outcome)
                checked()
                fresh = record is not None and index not in replayed
                before = copy.deepcopy(done.result) if fresh else None
                result = _commit(run, claims, done)
                if record is not None and before is not None:
                    _remember(record, keys[index], before, result, done.templates)
                run.results.append(result)
                if on_done:
                    on_done(result)
        checked()
        if record is not None:
            run.stale = record.orphans(earlier, run.results)
            for r in run.results:  # not built now: what the folder holds is the last build
                r.previous = [] if r.ok else [Path(p) for p in earlier.get(
                    str(r.source.resolve()), []) if Path(p).is_file()]
    finally:  # also when stopped (Ctrl+C): a rerun skips the workbooks already written
        if record is not None:
            record.save()
    return run


class _Once:
    """Calls ``fn`` (if any) the first time it is called, never again."""

    def __init__(self, fn: Callable[[], object] | None):
        self.fn = fn

    def __call__(self) -> None:
        fn, self.fn = self.fn, None
        if fn is not None:
            fn()


def _remember(record: BuildRecord, key: str | None, before: WorkbookResult,
              after: WorkbookResult, templates: list[Problem]) -> None:
    """Keep a workbook's build for the next run when every document was written.

    A workbook with errors, a bug, a crash, a name taken by another workbook or a failed
    write leaves the record as it was (a workbook with errors writes nothing, not even
    here); its old entry's fingerprint cannot match what changed, so it is built again.
    """
    if before.ok and after.ok and after.report.problems == before.report.problems:
        record.remember(key, before, after, templates)


def build_run(workbooks: Iterable[tuple[Path, Path]], out_dir: Path,
              templates_dir: Path | str | Templates | None = None, *, dry_run: bool = False,
              ignore: Policy | None = None, jobs: int | None = None,
              limits: Limits = DEFAULT_LIMITS, on_start: Progress | None = None,
              on_done: Done | None = None) -> Run:
    """Build every workbook (``(path, folder relative to its argument)`` pairs).

    ``templates_dir`` is ``--templates``: a folder or the name of a template set (each
    workbook otherwise prints with the set its 模板 field or 预算级次 names). ``ignore`` is
    the policy given on the command line (each folder's xlgen.toml adds to it); ``jobs``
    worker processes isolate each workbook (None: run in this process);
    ``on_start``/``on_done`` are called around each workbook (a progress display).
    Raises ConfigError when a folder of ``out_dir`` has a name no file system takes.
    """
    too_long = long_folder_name(Path(out_dir))
    if too_long is not None:  # each stat below it would raise "File name too long"
        raise ConfigError(too_long)
    run = Run()
    workbooks = list(workbooks)
    templates = _templates(run, templates_dir, workbooks)
    if templates is None:
        return run
    record = None if dry_run else BuildRecord(out_dir)
    digest = templates_digest(templates) if record is not None else ""  # reads every template
    setup = Setup(templates, Path(out_dir), dry_run)
    if record is not None:
        record.setup = setup_digest(digest, out_dir)
    return _run(run, setup, workbooks, ignore or Policy(), jobs, limits, on_start, on_done,
                record, lambda: _checked_templates(run, templates, record, digest))


def check_run(workbooks: Iterable[tuple[Path, Path]],
              templates_dir: Path | str | Templates | None = None, *,
              ignore: Policy | None = None, jobs: int | None = None,
              limits: Limits = DEFAULT_LIMITS, on_start: Progress | None = None,
              on_done: Done | None = None) -> Run:
    """Check every workbook as ``build`` would (``xlgen validate``): its documents are
    rendered in memory and dropped, so that what build finds only then (a template mistake
    on this data, a value too long for its cell) is found here too. The templates are
    checked as ``build`` checks them (syntax, unknown names, blocks: not a trial render on
    sample data, which lacks the columns a workbook may add, so validate never fails a
    template that builds): a broken one is reported (exit code 3), and each workbook names
    the documents it holds up."""
    run = Run()
    workbooks = list(workbooks)
    templates = _templates(run, templates_dir, workbooks)

    def check() -> None:
        if templates is not None:
            _checked_templates(run, templates)

    return _run(run, Setup(templates), workbooks, ignore or Policy(), jobs, limits, on_start,
                on_done, check=check)


def build_all(workbooks: Iterable[tuple[Path, Path]], out_dir: Path,
              templates_dir: Path | str | Templates | None = None, *, dry_run: bool = False,
              on_done: Done | None = None) -> list[WorkbookResult]:
    """:func:`build_run`'s results alone (the templates' problems are in ``build_run``)."""
    return build_run(workbooks, out_dir, templates_dir, dry_run=dry_run, on_done=on_done).results


def build_workbook(source: Path, out_dir: Path, documents: list[Document] | Templates, *,
                   rel: Path = Path("."), dry_run: bool = False) -> WorkbookResult:
    """Check ``source`` and, when it has no errors, write its documents under ``out_dir``
    (``documents``: a list, or templates whose set is chosen for the workbook)."""
    source = Path(source)
    setup = Setup(documents, Path(out_dir), dry_run)
    done = work(setup, (source, rel, policy_for(source, Policy())))
    return _commit(Run(), Claims(), done)


__all__ = [
    "Run",
    "build_all",
    "build_run",
    "build_workbook",
    "check_run",
    "output_folder",
]
