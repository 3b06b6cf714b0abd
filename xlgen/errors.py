"""Exceptions raised when work cannot go on (bad data is reported, not raised), and what a
system error (an OSError) says: a file open in another program, the system's own words."""


class XlgenError(Exception):
    """Base of every error xlgen raises; its message is a Chinese sentence for the user."""


class NotAWorkbookError(XlgenError):
    """The file is not a readable .xlsx workbook (empty, CSV, truncated, .xls, hostile)."""


class TemplateError(XlgenError):
    """A template is broken: bad Jinja syntax, an unknown variable, an unclosed block.

    ``file`` is the template; ``sheet`` its worksheet (or the Word part: 正文/页眉/页脚),
    ``cell`` the Excel cell or ``paragraph`` the Word paragraph's text, when known.
    """

    def __init__(self, message: str, file: str = "", sheet: str = "", cell: str = "",
                 paragraph: str = ""):
        super().__init__(message)
        self.file, self.sheet, self.cell, self.paragraph = file, sheet, cell, paragraph


class OutputError(XlgenError):
    """An output file could not be written."""


class ConfigError(XlgenError):
    """A folder's xlgen.toml or an --ignore code is wrong (unknown code, an error ignored)."""


# Windows' sharing and lock violations (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION): the
# PermissionError for a file another program has open (Excel, WPS, Word keep what they show)
_WINDOWS_IN_USE = (32, 33)


def in_use(exc: OSError) -> bool:
    """Whether ``exc`` is Windows saying another program has the file open."""
    return getattr(exc, "winerror", None) in _WINDOWS_IN_USE


def os_reason(exc: OSError) -> str:
    """The system's own words for ``exc``, without their final full stop (a Chinese Windows
    ends them with "。", which the caller's sentence adds)."""
    return (exc.strerror or str(exc)).rstrip("。. ")


def internal_error_message(exc: BaseException) -> str:
    """The Chinese sentence for an unexpected failure (a bug in xlgen, not in the input)."""
    return (f"程序内部错误（{type(exc).__name__}: {exc}）。这不是填表的问题："
            "请把这个工作簿和本提示发给维护人员。其他工作簿不受影响。")
