"""④ Rendering: the template context, the manifest of documents, the Excel and Word renderers.

The renderers import openpyxl and docxtpl; they are loaded on first use, so that commands
that do not render (``xlgen --help``, ``validate``) start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .context import VARIABLES, LazyContext, build_context, extra_variables
from .filters import FILTERS
from .lookup import (
    Templates,
    default_templates_dir,
    export_templates,
    find_templates,
    shipped_templates_dir,
    template_key,
    template_label,
    templates_folder_of,
)
from .manifest import Document, Manifest, TemplateSet, load_manifest, read_manifest, safe_filename
from .stable_zip import ZIP_TIME, normalise_zip, stable_zip_bytes

if TYPE_CHECKING:
    from .check import (
        check_template,
        check_template_statically,
        check_templates,
        template_variables,
    )
    from .docx import check_docx_template, docx_template_variables, render_docx
    from .members import variable_fields
    from .xlsx import (
        RenderResult,
        check_xlsx_template,
        render_xlsx,
        text_height,
        text_lines,
        xlsx_template_variables,
    )

_LAZY = {
    "check_template": "check",
    "check_template_statically": "check",
    "check_templates": "check",
    "template_variables": "check",
    "check_docx_template": "docx",
    "docx_template_variables": "docx",
    "render_docx": "docx",
    "variable_fields": "members",
    "RenderResult": "xlsx",
    "check_xlsx_template": "xlsx",
    "render_xlsx": "xlsx",
    "text_height": "xlsx",
    "text_lines": "xlsx",
    "xlsx_template_variables": "xlsx",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)


__all__ = [
    "FILTERS",
    "VARIABLES",
    "ZIP_TIME",
    "Document",
    "LazyContext",
    "Manifest",
    "RenderResult",
    "TemplateSet",
    "Templates",
    "build_context",
    "extra_variables",
    "check_docx_template",
    "check_template",
    "check_template_statically",
    "check_templates",
    "check_xlsx_template",
    "default_templates_dir",
    "docx_template_variables",
    "export_templates",
    "find_templates",
    "templates_folder_of",
    "load_manifest",
    "variable_fields",
    "normalise_zip",
    "read_manifest",
    "render_docx",
    "render_xlsx",
    "safe_filename",
    "shipped_templates_dir",
    "stable_zip_bytes",
    "template_key",
    "template_label",
    "template_variables",
    "text_height",
    "text_lines",
    "xlsx_template_variables",
]
