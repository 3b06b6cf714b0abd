"""Exceptions raised when work cannot go on (bad data is reported, not raised)."""


class XlgenError(Exception):
    """Base of every error xlgen raises; its message is a Chinese sentence for the user."""


class NotAWorkbookError(XlgenError):
    """The file is not a readable .xlsx workbook (empty, CSV, truncated, .xls, hostile)."""


class TemplateError(XlgenError):
    """A template is broken: bad Jinja syntax, an unknown variable, an unclosed block."""


class OutputError(XlgenError):
    """An output file could not be written."""
