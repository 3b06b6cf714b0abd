"""Which templates a run uses: the look-up order, and the set each workbook prints with.

The templates folder is the first of:

1. ``--templates``: a folder (with ``manifest.toml``, or a set folder inside one), or the name
   of a set (``--templates 市级``) in the folder the rest of this order finds;
2. the environment variable ``XLGEN_TEMPLATES`` (a folder);
3. a ``templates`` folder next to the inputs: in the input's folder, its parent or its
   grandparent (``工作目录/templates`` for ``工作目录/inputs/2024/某部门.xlsx``); without
   inputs (``xlgen templates …``), in the current folder;
4. the templates shipped with xlgen.

Each workbook then prints with the set named by ``--templates``, else the set named in its
部门信息 ``模板`` field, else the set whose ``levels`` hold its 预算级次, else the first set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, OutputError, TemplateError
from ..problems import Problem, Severity
from ..suggest import did_you_mean
from ..workbook import FIELDS_FILE, Contract, load_contract
from .manifest import MANIFEST, Document, Manifest, TemplateSet, read_manifest

ENV = "XLGEN_TEMPLATES"
FOLDER = "templates"

# How the folder was found, as `xlgen templates list` says it.
FROM_OPTION = "命令行 --templates"
FROM_ENV = f"环境变量 {ENV}"
FROM_INPUTS = "输入文件旁的 templates 文件夹"
FROM_CWD = "当前文件夹的 templates 文件夹"
FROM_SHIPPED = "随 xlgen 安装的模板"


def shipped_templates_dir() -> Path:
    """The templates that ship with xlgen: ``xlgen/templates`` inside an installed wheel,
    the repository's top-level ``templates/`` in a checkout (editable install)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


def template_key(template: Path) -> tuple[str, int, int]:
    """A template file as the key of what is cached from it (its compiled program, its
    workbook, its check): resolved path, modification time and size. OSError if it is gone."""
    stat = template.stat()
    return str(template.resolve()), stat.st_mtime_ns, stat.st_size


def template_label(template: Path | str) -> str:
    """How a message names a template: its path inside the templates folder, so the two
    ``项目支出绩效目标表.xlsx`` read apart (``区级/项目支出绩效目标表.xlsx``, a shared one
    ``部门整体预算绩效目标申报表.xlsx``); the file name alone when no templates folder (with
    its ``manifest.toml``) holds it."""
    template = Path(template)
    folder = template.parent
    if not (folder / MANIFEST).is_file() and (folder.parent / MANIFEST).is_file():
        return f"{folder.name}/{template.name}"
    return template.name


def unreadable_message(template: Path, exc: BaseException) -> str:
    """Why a template file cannot be read, in Chinese, and what to do (never the library's
    English)."""
    template = Path(template)
    word = template.suffix.lower() == ".docx"
    what = f" {'Word' if word else 'Excel'} 模板“{template_label(template)}”"
    if isinstance(exc, PermissionError):
        return f"无法读取{what}：没有读取权限，或它正在 Excel/WPS/Word 中打开（关闭后重试）。"
    if isinstance(exc, OSError):
        return f"无法读取{what}（系统错误 {exc.errno}）：请确认文件还在、可以打开。"
    suffix, app = (".docx", "Word 或 WPS") if word else (".xlsx", "Excel 或 WPS")
    return (f"无法读取{what}：它不是有效的 {suffix} 文件（可能已损坏，或是改了扩展名的其他"
            f"格式）。请用 {app} 打开它，另存为 {suffix} 后再试。")



def _renamed_hint(template: Path, folder: Path, set_name: str = "") -> str:
    """What to do about a missing template, naming the file it was probably saved as (another
    name, or .xls / .et / .doc / .wps), in the set's own sub-folder first."""
    near = ""
    if template.parent.is_dir():
        own = folder / set_name
        names = [f"{set_name}/{p.name}" for p in (_files(own) if set_name and own.is_dir()
                                                  else [])]
        names += [p.name for p in template.parent.iterdir()
                  if p.is_file() and not p.name.startswith(("~$", "."))
                  and p.name != template.name]
        stem = template.stem
        near = next((n for n in names if n.split("/")[-1].startswith(stem)), "") \
            or did_you_mean(template.name, names) or ""
    relative = template.relative_to(folder) if template.is_relative_to(folder) else template
    if set_name and near.startswith(f"{set_name}/"):  # the set's own, saved under another name
        relative = Path(set_name) / template.name
    found = f"文件夹中有“{near}”，是否另存时改了文件名或格式？" if near else ""
    return (f"{found}请把模板（.xlsx 或 .docx）改回“{relative.as_posix()}”，"
            f"或修改 {folder.name}/manifest.toml 中这份文书的 template。")


@dataclass(frozen=True)
class Templates:
    """The templates folder a run uses, how it was found, and the set ``--templates`` named."""

    manifest: Manifest
    found_by: str
    forced: str = ""  # a set named on the command line: every workbook uses it

    @property
    def folder(self) -> Path:
        return self.manifest.folder

    @property
    def contract(self) -> Contract:
        """The input contract with the fields declared in this folder's fields.toml."""
        return load_contract(self.folder / FIELDS_FILE)

    def documents(self, set_name: str = "") -> list[Document]:
        """The documents of set ``set_name`` (default: the forced set, else the first)."""
        return self.manifest.documents(set_name or self.forced)

    def each_template(self) -> Iterator[tuple[Document, Problem | None]]:
        """Each document whose template file no document before it uses (a template shared
        by several sets comes once), with its ``missing-template`` problem when the file
        does not exist."""
        seen: set[Path] = set()
        for set_name, doc in self.every_document():
            if doc.template in seen:
                continue
            seen.add(doc.template)
            missing = None
            if not doc.template.is_file():
                where = f"（模板套“{set_name}”）" if set_name else ""
                missing = Problem(Severity.ERROR, "missing-template",
                                  f"文书“{doc.name}”{where}的模板文件不存在：{doc.template}。"
                                  + _renamed_hint(doc.template, self.folder, set_name),
                                  str(doc.template))
            yield doc, missing

    def folder_problems(self) -> list[Problem]:
        """What in the folder's layout makes a set print other than its maintainer meant: a
        template of a set saved as .xlsm/.xls/.et/.doc/.wps (ignored: the set would silently
        print with the shared one), a set without its sub-folder, a sub-folder or a file in
        one that no set or document uses (a misspelt name)."""
        manifest = self.manifest
        names = manifest.set_names
        templates = {d.template.name for d in manifest.entries}
        stems = {d.template.stem.casefold(): d.template.name for d in manifest.entries}
        problems = []
        for name in names:
            folder = self.folder / name
            if not folder.is_dir():
                near = did_you_mean(name, _subfolders(self.folder), cutoff=0.5)
                hint = f"文件夹中有“{near}/”，是否名称不同？" if near else ""
                problems.append(Problem(
                    Severity.WARNING, "template-set-folder",
                    f"模板套“{name}”没有同名的子文件夹 {name}/：这一套的文书全部用共用的模板。"
                    f"{hint}要让这一套与众不同，把改过的模板放进子文件夹 {name}/"
                    "（文件夹名与 manifest.toml 中的 name 完全相同）。", str(folder)))
                continue
            for file in sorted(_files(folder)):
                label = f"{name}/{file.name}"
                if file.name in templates:
                    continue
                twin = stems.get(file.stem.casefold())
                if twin and file.suffix.lower() != Path(twin).suffix.lower():
                    kind = Path(twin).suffix.lower()
                    app = "Word 或 WPS" if kind == ".docx" else "Excel 或 WPS"
                    problems.append(Problem(
                        Severity.ERROR, "template-not-xlsx",
                        f"模板“{label}”是 {file.suffix} 文件，xlgen 只用 {kind}：模板套“{name}”"
                        f"不会用它，而是用{_used(self, name, twin)}。请用 {app} 打开它，"
                        f"另存为 {kind} 文件（{name}/{twin}），再删去 {label}。", str(file)))
                elif file.suffix.lower() in (".xlsx", ".docx"):
                    near = did_you_mean(file.name, templates, cutoff=0.5)
                    hint = f"是否应为“{name}/{near}”？" if near else ""
                    problems.append(Problem(
                        Severity.WARNING, "template-set-folder",
                        f"“{label}”不是 manifest.toml 中任何文书的模板，不会被使用。{hint}"
                        "模板套子文件夹中的模板要与 [[document]] 的 template 同名。", str(file)))
        for sub in _subfolders(self.folder):
            if sub not in names:
                near = did_you_mean(sub, names, cutoff=0.5)
                hint = f"是否应为“{near}”？" if near else ""
                known = "、".join(names) or "（无）"
                problems.append(Problem(
                    Severity.WARNING, "template-set-folder",
                    f"子文件夹“{sub}/”不是 manifest.toml 中的模板套，其中的模板不会被使用。{hint}"
                    f"模板套有：{known}；子文件夹名要与 [[set]] 的 name 完全相同。",
                    str(self.folder / sub)))
        return problems

    def layout(self) -> list[str]:
        """The folder's files and those of its sub-folders (what :meth:`folder_problems`
        depends on besides the manifest)."""
        return sorted([p.name for p in _files(self.folder)] + [
            f"{sub}/{p.name}" for sub in _subfolders(self.folder)
            for p in [self.folder / sub, *_files(self.folder / sub)]])

    def every_document(self) -> list[tuple[str, Document]]:
        """(set name, document) for every set this run may use (only the forced one, if any)."""
        names = [self.forced] if self.forced else (self.manifest.set_names or [""])
        return [(name, doc) for name in names for doc in self.documents(name)]

    def choose(self, level: str, requested: str = "") -> TemplateSet | None:
        """The set for a workbook of 预算级次 ``level`` that asks for set ``requested``.

        None when ``requested`` names no set of this folder (the caller reports it).
        """
        if self.forced:
            return self.manifest.template_set(self.forced)
        if requested:
            return self.manifest.template_set(requested)
        return self.manifest.set_for_level(level)


def _files(folder: Path) -> list[Path]:
    """The files a maintainer put in ``folder`` (not Office's ``~$`` lock files, hidden ones
    or the READMEs)."""
    return [p for p in folder.iterdir() if p.is_file()
            and not p.name.startswith(("~$", ".")) and p.suffix.lower() not in (".md", ".txt")]


def _subfolders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "__")))


def _used(templates: Templates, set_name: str, template: str) -> str:
    """What set ``set_name`` prints document template ``template`` with instead."""
    path = templates.manifest.template_path(set_name, Path(template))
    return f"共用的“{path.name}”" + ("" if path.is_file() else "（它也不存在）")


def _is_root(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def _next_to(inputs: Sequence[Path]) -> Path | None:
    for path in inputs:
        path = Path(path)
        folder = path if path.is_dir() else path.parent
        for candidate in (folder, *list(folder.resolve().parents)[:2]):
            if _is_root(candidate / FOLDER):
                return candidate / FOLDER
    return None


def _default(inputs: Sequence[Path]) -> tuple[Path, str]:
    env = os.environ.get(ENV)
    if env:
        if not Path(env).is_dir():
            raise TemplateError(f"环境变量 {ENV} 指向的模板文件夹 {env} 不存在。")
        return Path(env), FROM_ENV
    if inputs:
        near = _next_to(inputs)
        if near is not None:
            return near, FROM_INPUTS
    elif _is_root(Path(FOLDER)):
        return Path(FOLDER), FROM_CWD
    return shipped_templates_dir(), FROM_SHIPPED


def find_templates(option: str | Path | None = None,
                   inputs: Sequence[Path] = ()) -> Templates:
    """The templates a run uses, by the look-up order in this module's docstring."""
    if option is not None and str(option).strip():
        path = Path(option)
        if path.is_dir():
            if _is_root(path):
                return Templates(read_manifest(path), FROM_OPTION)
            if _is_root(path.parent):
                manifest = read_manifest(path.parent)
                if path.name in manifest.set_names:
                    return Templates(manifest, FROM_OPTION, forced=path.name)
            raise TemplateError(f"{path} 不是模板文件夹：其中没有文书清单 {MANIFEST}。")
        folder, found_by = _default(inputs)
        manifest = read_manifest(folder)
        name = str(option).strip()
        if name not in manifest.set_names:
            # the clerk's command line, not a template: exit code 2, as any mistyped value
            known = "、".join(manifest.set_names) or "（无）"
            near = did_you_mean(name, manifest.set_names, cutoff=0.5)
            hint = f"是否应为“{near}”？" if near else ""
            raise ConfigError(f"--templates “{name}”：没有这个模板套，也没有这个文件夹。{hint}"
                              f"模板套有：{known}（在 {folder} 中）；"
                              "也可以写模板文件夹的路径。")
        return Templates(manifest, found_by, forced=name)
    folder, found_by = _default(inputs)
    return Templates(read_manifest(folder), found_by)


def templates_folder_of(template: Path) -> Path | None:
    """The templates folder a template file is in (in it, or in one of its set folders), or
    None for a file outside any: ``xlgen templates vars 我的模板/区级/…xlsx`` lists that
    folder's declared fields, not those of the folder the look-up order would find."""
    folder = Path(template).parent
    for candidate in (folder, folder.parent):
        if _is_root(candidate):
            return candidate
    return None


def default_templates_dir() -> Path:
    """The templates folder the look-up order finds without a command-line choice or inputs."""
    return _default(())[0]


def export_templates(dest: Path, force: bool = False) -> Path:
    """Copy the shipped templates (every set, the manifest, the READMEs) to ``dest``.

    Refuses a ``dest`` that exists and is not empty unless ``force`` (then files of the same
    name are overwritten, others kept). Returns ``dest``.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ConfigError(f"{dest} 是一个文件，不能作为模板文件夹。")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ConfigError(f"{dest} 已存在且不是空文件夹，未复制。"
                          "如确需覆盖其中的同名文件，请加 --force。")
    source = shipped_templates_dir()
    try:
        shutil.copytree(source, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "~$*", ".~lock*"))
    except shutil.Error as exc:  # every file that failed, after copying the others
        failed = [str(dst) for _, dst, _ in exc.args[0]]
        raise OutputError(f"无法覆盖 {failed[0]}" + (f" 等 {len(failed)} 个文件" if len(
            failed) > 1 else "") + "：文件可能正在 Excel/WPS/Word 中打开，或没有写入权限。"
            "其他模板已复制。请关闭该文件后重新运行。") from exc
    return dest
