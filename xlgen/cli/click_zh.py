"""Click's own strings in Chinese (``Usage:``, ``Options:``, ``Missing argument``…).

Click translates its messages through :mod:`gettext`, whose catalogues are chosen by the
process locale: a Chinese Windows sets none of LANG/LANGUAGE, so they cannot be relied on.
This adapter instead replaces the ``_``/``ngettext`` names click's modules imported from
gettext with a lookup in :data:`MESSAGES` (the only place xlgen touches click's internals;
pyproject.toml pins click to the range tested, and tests/test_cli_clerk.py checks every message
below still exists in click's source). A message not listed stays English.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .display import width

OPTIONS_METAVAR = "[选项]"

MESSAGES: dict[str, str] = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不需要值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint}的值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否应为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否应为其中之一：{possibilities}？）",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not one of {choices}.": "“{value}”不是 {choices} 之一。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在，请检查名称和所在文件夹。",
    "{name} {filename!r} is a file.": "“{filename}”是文件，应为文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹，应为文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "Aborted!": "已中止。",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def _term_len(x: str) -> int:
    """Display width of help text (click counts characters: Chinese ones take two columns)."""
    import click

    return width(click.unstyle(x))


def install() -> None:
    """Make click speak Chinese and align Chinese help text (idempotent)."""
    import importlib

    import click.formatting

    click.formatting.term_len = _term_len
    for name in _MODULES:
        module: Any = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext


def hint(param: click.Parameter, ctx: click.Context | None) -> str:
    """A parameter as an error message names it: “文件或文件夹…”, “-j / --jobs”."""
    if isinstance(param, click.Argument) and ctx is not None:
        return f"“{param.make_metavar(ctx)}”"
    return f"“{' / '.join(param.opts) or param.human_readable_name}”"


def example(help_text: str | None) -> str:
    """The first example of a command's help (the line after 示例：), '' if none."""
    lines = [line.strip() for line in (help_text or "").splitlines()]
    if "示例：" in lines:
        for line in lines[lines.index("示例：") + 1:]:
            if line.startswith("xlgen "):
                return line.split("  ")[0]
    return ""


class ExistingFile(click.Path):
    """A file that must exist: a missing one is named with the path one name away, when
    there is one (``是否应为 inputs/2023年/某局.xlsx？``), as ``xlgen build`` names it."""

    def __init__(self) -> None:
        super().__init__(exists=False, dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if not os.path.lexists(os.fsdecode(value)):
            from ..workbook import missing_note

            self.fail(missing_note(value), param, ctx)
        return super().convert(value, param, ctx)


class _Errors:
    """Parameter errors that name the parameter in Chinese quotes (click's own read
    ``缺少参数 '文件'.``); a missing argument is shown with the help's first example, a
    mistyped option with the close ones in Chinese quotes."""

    help: str | None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.MissingParameter as exc:
            if exc.param is None:
                raise
            shown = example(self.help)
            how = f"例如：{shown}" if shown else f"见 {ctx.command_path} --help"
            raise click.UsageError(f"缺少{hint(exc.param, ctx)}。{how}", ctx) from None
        except click.NoSuchOption as exc:
            raise click.UsageError(exc.message + suggestion(exc.possibilities or ()),
                                   ctx) from None
        except click.BadParameter as exc:
            if exc.param is not None and exc.param_hint is None:
                exc.param_hint = hint(exc.param, ctx)
            raise


class Command(_Errors, click.Command):
    """A command whose usage line reads ``用法：xlgen validate [选项] …``, with the
    parameter errors of :class:`_Errors`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class Group(_Errors, click.Group):
    """A group whose commands and subgroups are :class:`Command`/:class:`Group`; a
    mistyped command is answered with the close ones in Chinese quotes."""

    command_class = Command

    def __init__(self, *args: Any, aliases: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "命令 [参数]…")
        super().__init__(*args, **kwargs)
        self.aliases = aliases or {}  # another name a user types → the command's name

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            name = args[0] if args else ""
            if not name or self.get_command(ctx, name) is not None:
                raise
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx))
            raise click.UsageError(MESSAGES["No such command {name!r}."].format(name=name)
                                   + suggestion(close), ctx) from None


def suggestion(names: Any) -> str:
    """``是否应为“--jobs”？`` for one close name, ``是否应为其中之一：“a”、“b”？`` for
    more ('' for none): click's own says ``'--jobs'``, after a space."""
    quoted = [f"“{n}”" for n in sorted(names)]
    if not quoted:
        return ""
    if len(quoted) == 1:
        return f"是否应为{quoted[0]}？"
    return f"是否应为其中之一：{'、'.join(quoted)}？"


Group.group_class = Group

__all__ = ["MESSAGES", "Command", "Group", "install"]
