"""What a run will do with each workbook, decided the same way by ``validate`` and ``build``.

For one workbook: check it (rules/check), settle which documents it can have and which it
cannot (and the sheets each lacks), claim its output name against the other workbooks of
the run (two workbooks of one department and year would write the same files), and apply
the folder's warning policy (xlgen.toml, --ignore).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Policy, is_template_problem
from ..model import InputBook
from ..problems import Problem, Report, Severity
from ..render import Document, Templates, safe_filename
from ..rules import check_workbook
from ..suggest import did_you_mean
from ..workbook import folder_policy, load_contract

WRITE_FAILED = "write-failed"  # the documents could not be written (not the workbook's fault)


@dataclass(frozen=True)
class Skipped:
    """A document not built for a workbook: the sheets it lacks, or another reason."""

    document: str
    missing: tuple[str, ...] = ()
    reason: str = ""
    empty: tuple[str, ...] = ()  # those of ``missing`` that are there with nothing filled
    template: str = ""  # the template whose errors kept it from being made (template_label)

    @property
    def why(self) -> str:
        if self.template:
            return f"模板 {self.template} 有错误（见“模板问题”）"
        if self.missing:
            absent = [m for m in self.missing if "." not in m and m not in self.empty]
            empty = [m for m in self.missing if m in self.empty]
            columns = [m.replace(".", "”表的“") for m in self.missing if "." in m]
            parts = [f"缺少工作表“{'”“'.join(absent)}”或该表是空的"] if absent else []
            parts += [f"“{'”“'.join(empty)}”表是空的（没有填写内容）"] if empty else []
            parts += [f"“{c}”列未填写" for c in columns]
            return "，".join(parts)
        return self.reason

    def as_dict(self) -> dict:
        return {"document": self.document, "missing_sheets": list(self.missing),
                "reason": self.why, "template": self.template}


@dataclass(frozen=True)
class Identity:
    """Whose documents a workbook makes: its year and department, and where the name is."""

    year: int
    name: str
    sheet: str
    cell: str


@dataclass
class WorkbookResult:
    """What happened to one input workbook."""

    source: Path
    report: Report
    dept: str = ""
    year: int | None = None
    written: list[Path] = field(default_factory=list)  # new or changed files
    unchanged: list[Path] = field(default_factory=list)  # identical to what was there
    planned: list[Path] = field(default_factory=list)  # dry run: what would be written
    planned_delivery: list[Path] = field(default_factory=list)  # and its PDFs and zip
    skipped: list[Skipped] = field(default_factory=list)  # documents not built, and why
    wanted: list[Document] = field(default_factory=list)  # documents it has the sheets for
    identity: Identity | None = None  # None when the workbook could not be read
    template_set: str = ""  # the template set its documents print with
    pdfs: list[Path] = field(default_factory=list)  # --pdf: printed (or already up to date)
    pdfs_unchanged: list[Path] = field(default_factory=list)  # those of them already so
    previous: list[Path] = field(default_factory=list)  # not built: last good ones still there
    previous_delivered: list[Path] = field(default_factory=list)  # their PDFs and zip
    bundle: Path | None = None  # --bundle: the department's zip
    bundle_unchanged: bool = False  # it already held exactly these files

    @property
    def documents(self) -> list[Path]:
        return self.written + self.unchanged + self.planned

    @property
    def ok(self) -> bool:
        return self.report.valid

    def set_of(self, path: Path) -> str:
        """The template set document ``path`` printed with, when its template is that set's
        own (in the set's sub-folder, such as 区级/项目支出绩效目标表.xlsx); '' when it is
        shared by every set, or the folder has no sets."""
        for doc in self.wanted:
            if (self.template_set and doc.template.parent.name == self.template_set
                    and self.year is not None
                    and doc.filename(self.year, self.dept) == path.name):
                return self.template_set
        return ""

    @property
    def held_by_templates(self) -> list[Skipped]:
        """The documents not made because their templates have errors."""
        return [s for s in self.skipped if s.template]

    @property
    def unwritten(self) -> bool:
        """Nothing wrong with the workbook: only its documents could not be written."""
        errors = self.report.errors
        return bool(errors) and all(p.code == WRITE_FAILED for p in errors)


class Claims:
    """Output names taken in this run: (folder, year, department) → the workbook."""

    def __init__(self) -> None:
        self._taken: dict[tuple[str, int, str], Path] = {}

    def claim(self, result: WorkbookResult, rel: Path) -> bool:
        """Take ``result``'s output name; report ``same-output`` (False) when already taken.

        Called in input order, so the first workbook of a department and year keeps it.
        """
        who = result.identity
        if who is None:
            return True
        key = (rel.as_posix(), who.year, safe_filename(who.name).casefold())
        other = self._taken.setdefault(key, result.source)
        if other == result.source:
            return True
        result.report.error(
            "same-output", f"与 {other} 的年度（{who.year}）和部门名称相同，会生成同名的文书："
            f"文书只按 {other.name} 生成，不按本工作簿。如果本工作簿才是要用的，请移走 "
            f"{other.name} 后重新运行；如果是两个部门，请改正部门名称。", who.sheet, who.cell)
        return False


def plan(book: InputBook, documents: Iterable[Document]) -> tuple[list[Document], list[Skipped]]:
    """The documents ``book`` has every needed sheet for, and those it lacks sheets for."""
    contract = load_contract()
    wanted: list[Document] = []
    skipped: list[Skipped] = []
    for doc in documents:
        # a column of a sheet the workbook lacks altogether: the sheet is what is missing
        missing = tuple(dict.fromkeys(
            n.partition(".")[0] if n.partition(".")[0] not in book.sheets else n
            for n in doc.needs if not contract.need_met(book, n)))
        if missing:
            empty = book.empty_sheets
            skipped.append(Skipped(doc.name, missing,
                                   empty=tuple(m for m in missing if m in empty)))
        else:
            wanted.append(doc)
    return wanted, skipped


def policy_for(source: Path, base: Policy) -> Policy:
    """``base`` (from --ignore) with the nearest xlgen.toml's settings."""
    return base.merged(folder_policy(source.parent))


def apply_policy(policy: Policy, report: Report, problems: Iterable[Problem]) -> None:
    """Add ``problems`` to ``report`` under ``policy`` (warnings dropped or raised)."""
    extra = Report(report.file, list(problems))
    policy.apply(extra)
    report.problems.extend(extra.problems)
    report.ignored += extra.ignored


def choose_set(templates: Templates, book: InputBook, result: WorkbookResult,
               problems: list[Problem]) -> list[Document] | None:
    """The documents of the template set ``book`` prints with (``--templates``, its 模板
    field, its 预算级次); None, with a problem at the cell, when it names an unknown set."""
    dept = book.department
    asked = dept.template.strip()
    chosen = templates.choose(dept.level, asked)
    if chosen is None:
        known = "、".join(templates.manifest.set_names) or "（无）"
        near = did_you_mean(asked, templates.manifest.set_names, cutoff=0.5)
        hint = f"是否应为“{near}”？" if near else ""
        problems.append(Problem(
            Severity.ERROR, "unknown-template-set",
            f"“模板”填的是“{asked}”，但模板文件夹 {templates.folder} 中没有这一套模板。{hint}"
            f"可用的模板套：{known}；不填则按预算级次选择。",
            result.report.file, dept.sheet or "部门信息", dept.cell("template")))
        return None
    result.template_set = chosen.name
    return templates.documents(chosen.name)


def check_source(source: Path, rel: Path, documents: list[Document] | Templates | None,
                 policy: Policy) -> tuple[InputBook | None, WorkbookResult]:
    """Check one workbook as a run sees it (plan, policy); nothing is rendered.

    ``documents`` is a list, or the run's templates: the workbook's set is then chosen by
    :func:`choose_set`. Output names are claimed afterwards, in input order (:class:`Claims`).
    """
    book, found = check_workbook(
        source, contract=documents.contract if isinstance(documents, Templates) else None)
    report = Report(found.file)
    result = WorkbookResult(source, report)
    problems = list(found.problems)
    if book is not None:
        dept = book.department
        result.dept, result.year = dept.name, dept.year
        result.identity = Identity(dept.year, dept.name, dept.sheet or "部门信息",
                                   dept.cell("name"))
        if isinstance(documents, Templates):
            documents = choose_set(documents, book, result, problems)
        if documents is not None:
            result.wanted, result.skipped = plan(book, documents)
            if documents and not result.wanted:
                problems.append(Problem(Severity.ERROR, "no-documents",
                                        _nothing_to_make(result.skipped), found.file))
    apply_policy(policy, report, problems)
    return book, result


def _nothing_to_make(skipped: list[Skipped]) -> str:
    """Why a workbook makes no document; one with nothing filled in yet (a blank from
    ``xlgen init``, every needed sheet empty or absent) is told to be filled in first."""
    lacks = "；".join(f"“{s.document}”：{s.why}" for s in skipped)
    blank = all(s.missing and not s.template and not s.reason
                and all("." not in m for m in s.missing) for s in skipped)
    if blank:
        return (f"这个工作簿还没有填写文书需要的表，不能生成任何文书：{lacks}。"
                "请先用 Excel 或 WPS 填写这些表（xlgen init 生成的是空白工作簿），"
                "保存后运行 xlgen validate 检查，再生成文书。")
    return (f"这个工作簿不能生成任何文书：{lacks}。"
            "请填写所需的工作表（缺少的表可从 xlgen init 生成的空白工作簿复制）。")


def split_template_problems(problems: Iterable[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(problems of the templates, problems of the workbook or its documents)."""
    template: list[Problem] = []
    other: list[Problem] = []
    for p in problems:
        (template if is_template_problem(p) else other).append(p)
    return template, other


__all__ = [
    "Claims",
    "Identity",
    "Skipped",
    "WorkbookResult",
    "apply_policy",
    "check_source",
    "choose_set",
    "plan",
    "policy_for",
    "split_template_problems",
]
