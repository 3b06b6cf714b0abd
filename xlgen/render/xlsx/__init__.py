"""The Excel template engine: an .xlsx with Jinja in its cells → a finished .xlsx.

``engine`` is the entry point; ``compile`` turns a sheet into one Jinja program, ``emit``
collects the rows it outputs, ``write`` puts them back into the template's worksheet,
``pages`` plans page breaks and ``values`` holds the pure cell/width/height functions.
"""

from .engine import (
    RenderResult,
    TemplateCellError,
    check_xlsx_template,
    make_environment,
    render_xlsx,
    xlsx_template_variables,
)
from .values import text_height, text_lines

__all__ = [
    "RenderResult",
    "TemplateCellError",
    "check_xlsx_template",
    "make_environment",
    "render_xlsx",
    "text_height",
    "text_lines",
    "xlsx_template_variables",
]
