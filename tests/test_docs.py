"""What the documentation names must exist: every `xlgen` command line a clerk or a maintainer
copies (README.md, templates/README*.md, the offline bundle's 使用说明.txt, each command's
--help examples) parses with the commands and options xlgen has, and every module is in the
README's layout. Checked by click's own parser, so a renamed option or command fails here."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest

from xlgen.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent

# how the docs spell the program before its arguments
_PROGRAM = re.compile(r"(?:py -m |python -m |\S*?[\\/](?:venv[\\/](?:Scripts|bin)[\\/]))?"
                      r"xlgen(?:\.exe)?(?= |$)")


def _command_lines(text: str, spans: bool = True) -> list[str]:
    """`xlgen …` lines of fenced blocks (and of inline code spans), program spelled `xlgen`."""
    found: list[str] = []
    fenced = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    for chunk in [line for block in fenced for line in block.splitlines()] + inline * spans:
        for match in _PROGRAM.finditer(chunk):
            line = chunk[match.end():]
            # an explanation after two spaces (--help's examples) or a shell comment
            line = re.split(r" {2,}| #|\s&&\s|\s>\s", line)[0].strip()
            if any(mark in line for mark in "…[|"):  # an elided or generic synopsis
                continue
            found.append(("xlgen " + line).strip())
    return found


def _bundle_lines(text: str) -> list[str]:
    program = re.compile(r"venv[\\/](?:Scripts|bin)[\\/]xlgen ")
    return [("xlgen" + line.split("xlgen", 1)[1]).split("  ")[0].strip()
            for line in text.splitlines() if program.search(line)]


def _help_lines() -> list[str]:
    lines: list[str] = []
    commands: list[click.Command] = [main]
    while commands:
        command = commands.pop()
        if isinstance(command, click.Group):
            commands += list(command.commands.values())
        examples = [line for line in f"{command.help}\n{command.epilog}".splitlines()
                    if line.startswith(" ") and line.strip().startswith("xlgen ")]
        lines += _command_lines("```\n" + "\n".join(examples) + "\n```", spans=False)
    return lines


def _documented() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    clerks = (ROOT / "README.md").read_text("utf-8").partition("## For developers")[0]
    sources = {"README.md": clerks,
               "templates/README.md": (ROOT / "templates/README.md").read_text("utf-8"),
               "templates/README-word.md": (ROOT / "templates/README-word.md").read_text("utf-8")}
    for name, text in sources.items():
        lines = _command_lines(text, spans=False)
        pairs += [(name, line) for line in lines]
        # a span names a command or an option in a sentence (`xlgen init --from`): no arguments
        pairs += [(name + " (text)", line) for line in _command_lines(text) if line not in lines]
    for notes in sorted((ROOT / "tools/bundle").glob("*/使用说明.txt")):
        text = notes.read_text("utf-8")
        pairs += [(str(notes.relative_to(ROOT)), line) for line in _bundle_lines(text)]
    pairs += [("--help", line) for line in _help_lines()]
    return pairs


DOCUMENTED = _documented()


def parse(line: str, text: bool = False) -> None:
    """Raise click's own error when the line names a command or option xlgen has not, or
    (a command line, not a mention in the `text`) leaves out an argument or gives one too
    many."""
    words = shlex.split(line.replace("\\", "\\\\"))[1:]
    command: click.Command = main
    context = click.Context(main, info_name="xlgen")
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        name = words.pop(0)
        found = command.get_command(context, name)
        if found is None:
            raise click.UsageError(f"no command {name!r}")
        command, context = found, click.Context(found, info_name=name, parent=context)
    if any(word in ("-h", "--help", "-V", "--version") for word in words):
        return
    if text:
        names = {name for param in command.params for name in getattr(param, "opts", [])}
        unknown = [word for word in words if word.startswith("-") and word not in names]
        if unknown:
            raise click.NoSuchOption(unknown[0])
        return
    values, extra, _ = command.make_parser(context).parse_args(list(words))
    if extra:
        raise click.UsageError(f"too many arguments {extra}")
    for param in command.params:
        value = values.get(param.name)
        # click 8.2+ marks a value not given with its own sentinel (Sentinel.UNSET), not None
        if param.required and (value in (None, ()) or repr(value).endswith("UNSET")):
            raise click.UsageError(f"missing {param.name}")


def test_the_docs_show_every_command():
    # the extraction itself: a change of spelling must not leave this test checking nothing
    lines = {line.split(" --")[0] for _, line in DOCUMENTED}
    for command in ("xlgen init", "xlgen validate", "xlgen build", "xlgen summary",
                    "xlgen import", "xlgen codes", "xlgen templates export"):
        assert any(line.startswith(command) for line in lines), command
    assert len(DOCUMENTED) > 60


@pytest.mark.parametrize(("source", "line"), DOCUMENTED, ids=[f"{s}: {c}" for s, c in DOCUMENTED])
def test_a_documented_command_line_parses(source, line):
    try:
        parse(line, text=source.endswith("(text)"))
    except click.ClickException as error:
        pytest.fail(f"{source}: `{line}`: {error.format_message()}")


@pytest.mark.parametrize("line", [
    "xlgen build inputs/2024 --outt outputs",   # an option renamed
    "xlgen buld inputs/2024",                   # a command renamed
    "xlgen init --year 2024",                   # an argument left out
    "xlgen init a.xlsx b.xlsx",                 # one too many
    "xlgen templates exprt 我的模板",
])
def test_a_wrong_command_line_is_caught(line):
    with pytest.raises(click.ClickException):
        parse(line)


def test_every_option_the_clerks_part_names_exists():
    # `--pdf-timeout 900`, `--soffice 路径` written alone in the text, not in a command line
    clerks = (ROOT / "README.md").read_text("utf-8").partition("## For developers")[0]
    spans = [span for span in re.findall(r"`([^`\n]+)`", clerks)
             if span.startswith("-") or "xlgen " in span]
    option = re.compile(r"(?<!\S)--?[a-z][a-z-]*")
    named = {found for span in spans
             for found in option.findall(span.partition("xlgen ")[2] or span)}
    named -= {"--user"}  # pip's (`py -m pip install --user`), said of that command
    options: set[str] = set()
    commands: list[click.Command] = [main]
    while commands:
        command = commands.pop()
        if isinstance(command, click.Group):
            commands += list(command.commands.values())
        for param in command.params:
            options.update(getattr(param, "opts", []))
    assert named and not named - options, sorted(named - options)


def test_every_module_is_in_the_readme_layout():
    readme = (ROOT / "README.md").read_text("utf-8")
    layout = readme.partition("### Layout")[2].partition("Each package")[0]
    modules = [path for path in (ROOT / "xlgen").rglob("*.py") if path.name != "__init__.py"]
    modules += list((ROOT / "xlgen/data").glob("*.toml"))
    missing = [str(path.relative_to(ROOT)) for path in modules
               if not re.search(rf"(?<![\w.]){re.escape(path.name)}", layout)]
    assert not missing, f"README.md's layout does not name {missing}: add a line for each"


def test_build_json_has_the_fields_the_readme_lists(tmp_path):
    from click.testing import CliRunner
    from test_cli_clerk import target_book

    readme = (ROOT / "README.md").read_text("utf-8")
    shape = readme.partition("`xlgen build --json` prints\n`")[2].partition("`")[0]
    listed = set(re.findall(r'"(\w+)"', shape))
    target_book(tmp_path / "in" / "a.xlsx")
    result = CliRunner().invoke(main, ["build", "--json", str(tmp_path / "in"),
                                       "--out", str(tmp_path / "out")])
    data = json.loads(result.output)
    book = data["workbooks"][0]
    given = set(data) | set(book) | {key for item in book["skipped"] for key in item}
    assert listed == given, (sorted(listed - given), sorted(given - listed))
    clerks = readme.partition("## For developers")[0]
    said = clerks.partition("`xlgen build --json` 为每个工作簿")[2].partition("\n\n")[0]
    plain = {"file", "department", "year", "template_set", "ok", "errors", "warnings", "ignored"}
    missing = [key for key in (set(data) | set(book)) - plain if f"`{key}`" not in said]
    assert not missing, f"README's Chinese part does not say what {missing} are"


def test_every_file_of_the_repository_the_docs_name_exists():
    # `inputs/2024/某局.xlsx` is an example of the clerk's; the others are this repository's
    pattern = re.compile(r"(?<![\w/.])((?:tests|tools|xlgen|bench|templates|\.ci)/"
                         r"[^\s`）)(\]\[，。、；：“”|*<]+)")
    missing = []
    for doc in ("README.md", "templates/README.md", "templates/README-word.md"):
        text = (ROOT / doc).read_text("utf-8")
        for path in sorted(set(pattern.findall(text))):
            path = path.rstrip(".,:;")
            if path.endswith("/"):
                path = path[:-1]
            if path != "xlgen/templates" and not (ROOT / path).exists():  # the wheel's copy
                missing.append(f"{doc}: {path}")
    assert not missing, missing


# -- the clerk's year, as README.md's Chinese part writes it ------------------------------------

SAMPLE = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"


def _clerks_commands() -> list[str]:
    """The `xlgen …` lines of the ```bash blocks of the Chinese part, in order."""
    clerks = (ROOT / "README.md").read_text("utf-8").partition("## For developers")[0]
    blocks = re.findall(r"```bash\n(.*?)```", clerks, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("xlgen ")]


CLERKS = _clerks_commands()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clerk's folder the README's commands are written for: last year's workbook in
    inputs/2023, this year's in inputs/2024, the departments' in 收件/2024 and last year's
    published 目标表 and 申报表 (as xlgen printed them)."""
    from click.testing import CliRunner

    desk = tmp_path_factory.mktemp("desk")
    for folder, name in [("inputs/2023", "某区政务服务数据管理局.xlsx"),
                         ("inputs/2024", SAMPLE.name), ("收件/2024", SAMPLE.name)]:
        (desk / folder).mkdir(parents=True)
        shutil.copy(SAMPLE, desk / folder / name)
    printed = tmp_path_factory.mktemp("printed")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--out", str(printed)])
    assert result.exit_code == 0, result.output
    for document in ("项目支出绩效目标表", "部门整体预算绩效目标申报表"):
        [made] = printed.rglob(f"*{document}.xlsx")
        shutil.copy(made, desk / f"2023年某局{document}.xlsx")
    return desk


def test_the_clerks_commands_are_found():
    assert [line.split()[1] for line in CLERKS] == [
        "init", "validate", "validate", "build", "build", "summary", "init", "import", "import"]


@pytest.mark.parametrize("line", CLERKS)
def test_each_command_of_the_clerks_year_runs_as_written(line, desk, tmp_path, monkeypatch):
    """Run in a fresh copy of the folder it is written for: exit 0 or 1 (a workbook's
    problems), never 2 (the command line as printed is wrong) and never a traceback."""
    from click.testing import CliRunner

    folder = tmp_path / "desk"
    shutil.copytree(desk, folder)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("XLGEN_TEMPLATES", raising=False)
    # --pdf: the command, not LibreOffice's printing (tests/test_print.py), is checked here
    monkeypatch.setenv("XLGEN_SOFFICE", str(tmp_path / "没有 LibreOffice"))
    result = CliRunner().invoke(main, shlex.split(line)[1:])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("said", "command", "option"), [
    ("`--time-limit`，默认 {} 秒", "build", "--time-limit"),
    ("`--memory-limit`，默认 {} MB", "build", "--memory-limit"),
    ("每份文书最多等 {} 秒", "build", "--pdf-timeout"),
])
def test_a_default_the_readme_states_is_the_options(said, command, option):
    [param] = [p for p in main.commands[command].params if option in getattr(p, "opts", [])]
    readme = re.sub(r"\s+", "", (ROOT / "README.md").read_text("utf-8"))  # lines reflowed
    assert re.sub(r"\s+", "", said.format(param.default)) in readme, (said, param.default)


def test_the_readme_says_which_sheets_each_document_needs():
    from xlgen.render import read_manifest

    readme = (ROOT / "README.md").read_text("utf-8")
    lines = [line.strip() for line in readme.splitlines()]
    rows = {row.split("|")[1].strip().split("（")[0]: row.split("|")[2]
            for row in lines if row.startswith("| ") and row.count("|") == 3}
    for document in read_manifest(ROOT / "templates").documents():
        said = rows[document.name]
        for need in document.needs:
            sheet, _, column = need.partition(".")
            assert sheet in said and column in said, (document.name, need, said)


def test_the_weights_and_grade_lines_the_docs_state_are_scoring_toml():
    import tomllib

    scoring = tomllib.loads((ROOT / "xlgen/data/scoring.toml").read_text("utf-8"))
    weights = scoring["weights"]
    readme = (ROOT / "README.md").read_text("utf-8")
    assert (f"（产出 {weights['产出指标']}、效益 {weights['效益指标']}、"
            f"满意度 {weights['满意度指标']}）") in readme
    parts = ("预算执行率", "产出指标", "效益指标", "满意度指标")
    default = "/".join(str(weights[part]) for part in parts)
    assert f"不是 {default} 时" in readme
    lines = "，".join(f"{g['name']} ≥ {g['min']}" for g in scoring["grade"] if g["min"])
    assert lines in (ROOT / "templates/README-word.md").read_text("utf-8")
