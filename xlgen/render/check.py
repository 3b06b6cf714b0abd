"""Check every template of every set in the manifest (``xlgen templates check``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import TemplateError
from ..problems import Problem, Severity
from ..workbook import Contract
from .context import build_context
from .demo import demo_book
from .docx_format import word_format_problems
from .filecache import FileCache
from .lookup import Templates, find_templates, template_key


def check_template(template: Path, contract: Contract | None = None) -> list[Problem]:
    """Problems of one .xlsx or .docx template, trial-rendered with the demo workbook (its
    records carry a sample of each field ``contract`` declares beyond the packaged one)."""
    context = build_context(demo_book(contract))
    if template.suffix.lower() == ".xlsx":
        from .xlsx import check_xlsx_template

        return check_xlsx_template(template, context)
    from .docx import check_docx_template

    return check_docx_template(template, context)


_STATIC: FileCache[list[Problem]] = FileCache(64)


def check_template_statically(template: Path) -> list[Problem]:
    """Problems of one template found without rendering it: syntax, unknown variables,
    blocks and merges. Found once per process while the file is unchanged: ``build``'s
    process checks every template for its report, and a worker each template it renders (a
    worker forked after that check, or an in-process run, finds the result here)."""
    try:
        key = template_key(template)
    except OSError:  # missing or unreadable: the check says so, nothing to keep
        return _check_statically(template)
    found = _STATIC.get(key)
    return found if found is not None else _STATIC.put(key, _check_statically(template))


def _check_statically(template: Path) -> list[Problem]:
    if template.suffix.lower() == ".xlsx":
        from .xlsx import check_xlsx_template

        return check_xlsx_template(template)
    from .docx import check_docx_template

    return check_docx_template(template)


def check_templates(templates_dir: Path | str | Templates | None = None
                    ) -> tuple[int, list[Problem]]:
    """(number of templates checked, problems) for every document of every set.

    A template shared by several sets is checked once.
    """
    templates = templates_dir if isinstance(templates_dir, Templates) \
        else find_templates(templates_dir)
    problems: list[Problem] = templates.folder_problems()
    checked = 0
    for doc, missing in templates.each_template():
        checked += 1
        if missing is not None:
            problems.append(missing)
            continue
        try:
            problems.extend(check_template(doc.template, templates.contract))
            if doc.template.suffix.lower() == ".docx":
                problems.extend(word_format_problems(doc.template))
        except TemplateError as exc:
            problems.append(Problem(Severity.ERROR, "template-error", str(exc),
                                    str(doc.template)))
    return checked, problems


def template_variables(template: Path) -> set[str]:
    """Top-level names a template uses."""
    if template.suffix.lower() == ".xlsx":
        from .xlsx import xlsx_template_variables

        return xlsx_template_variables(template)
    from .docx import docx_template_variables

    return docx_template_variables(template)
