"""Check every template of every set in the manifest (``xlgen templates check``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import TemplateError
from ..problems import Problem, Severity
from ..workbook import Contract
from .context import build_context
from .demo import demo_book
from .lookup import Templates, find_templates


def check_template(template: Path, contract: Contract | None = None) -> list[Problem]:
    """Problems of one .xlsx or .docx template, trial-rendered with the demo workbook (its
    records carry a sample of each field ``contract`` declares beyond the packaged one)."""
    context = build_context(demo_book(contract))
    if template.suffix.lower() == ".xlsx":
        from .xlsx import check_xlsx_template

        return check_xlsx_template(template, context)
    from .docx import check_docx_template

    return check_docx_template(template, context)


def check_template_statically(template: Path) -> list[Problem]:
    """Problems of one template found without rendering it: syntax, unknown variables,
    blocks and merges (``build`` checks each template so once per run)."""
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
    problems: list[Problem] = []
    checked = 0
    for doc, missing in templates.each_template():
        checked += 1
        if missing is not None:
            problems.append(missing)
            continue
        try:
            problems.extend(check_template(doc.template, templates.contract))
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
