"""Exceptions raised when work cannot go on (bad data is reported, not raised)."""


class XlgenError(Exception):
    """Base of every error xlgen raises; its message is a Chinese sentence for the user."""


class NotAWorkbookError(XlgenError):
    """The file is not a readable .xlsx workbook (empty, CSV, truncated, .xls, hostile)."""


class TemplateError(XlgenError):
    """A template is broken: bad Jinja syntax, an unknown variable, an unclosed block."""


class OutputError(XlgenError):
    """An output file could not be written."""


def internal_error_message(exc: BaseException) -> str:
    """The Chinese sentence for an unexpected failure (a bug in xlgen, not in the input)."""
    return (f"程序内部错误（{type(exc).__name__}: {exc}）。这不是填表的问题："
            "请把这个工作簿和本提示发给维护人员。其他工作簿不受影响。")
