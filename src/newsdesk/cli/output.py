"""The one way every command speaks: JSON, tables, lines, problems, progress and errors.

Errors are raised as types (`newsdesk.errors`) anywhere below; `CommandGroup` turns each
into one `error: ...` line on stderr and the exit code its kind stands for.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from newsdesk.errors import ConfigError, InputError, NewsdeskError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from newsdesk.pipeline.report import Problem

# What each kind of error exits with: 2 for what the user must change in the command
# or the settings, 1 for everything else (a missing record, a failed input).
USAGE_EXIT = 2
FAILURE_EXIT = 1


class CommandGroup(TyperGroup):
    """The root command group: a `NewsdeskError` raised by any command becomes one line
    on stderr and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning newsdesk's errors into `error:` lines and exit codes."""
        try:
            return super().invoke(ctx)
        except NewsdeskError as error:
            fail(error)


def exit_code(error: NewsdeskError) -> int:
    """The exit code an error stands for."""
    return USAGE_EXIT if isinstance(error, InputError | ConfigError) else FAILURE_EXIT


def fail(error: NewsdeskError | str, code: int | None = None) -> NoReturn:
    """Say what went wrong on stderr and exit (with the error's own code unless given)."""
    if code is None:
        code = exit_code(error) if isinstance(error, NewsdeskError) else FAILURE_EXIT
    stderr().print(f"[red]error:[/red] {_escape(str(error))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_json(value: object) -> None:
    """Print a record (a Pydantic model, dataclass, dict or list) as indented JSON."""
    # Plain stdout, not Rich: Rich wraps long lines to the terminal width.
    typer.echo(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def print_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print rows under their column names; None prints as an empty cell."""
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    stdout().print(table)


def say(text: str, *, style: str | None = None, err: bool = False) -> None:
    """Print a line of plain text (never read as markup), wrapped softly."""
    console = stderr() if err else stdout()
    console.print(text, style=style, markup=False, highlight=False, soft_wrap=True)


def say_marked(
    before: str,
    text: str,
    spans: Sequence[Sequence[int]],
    after: str = "",
    *,
    style: str | None = None,
) -> None:
    """Print a line with the (start, end) spans of `text` in bold: the text is never read as
    markup, so a headline holding "[" prints as written."""
    from rich.text import Text

    line = Text(before, style=style or "")
    line.append(text, style=style or "")
    for start, end in spans:
        line.stylize("bold reverse", len(before) + int(start), len(before) + int(end))
    line.append(after, style=style or "")
    stdout().print(line, highlight=False, soft_wrap=True)


def citation(outlet: str | None, headline: str | None, article_id: int) -> str:
    """How a line cites an article: `[Outlet: “Headline”]`, the article's id only when its
    headline is not known."""
    named = f"“{headline}”" if headline else f"#{article_id}"
    return f"[{outlet or '?'}: {named}]"


def heading(text: str) -> None:
    """Print a section heading."""
    stdout().print(f"\n{text}", style="bold", markup=False, highlight=False)


def report_problem(problem: Problem, *, quiet: bool = False) -> None:
    """Print a problem a run met: errors red, warnings yellow; nothing when `quiet`."""
    if not quiet:
        say(str(problem), style="red" if problem.severity == "error" else "yellow", err=True)


@contextmanager
def progress(*, quiet: bool) -> Iterator[Progress]:
    """A progress display on stderr for long work (disabled with --json)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    display = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr(),
        transient=True,
        disable=quiet,
    )
    with display:
        yield display


def when(value: object, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A time as the tables show it; empty when there is none."""
    return value.strftime(pattern) if isinstance(value, datetime) else ""


_consoles: dict[bool, Console] = {}


def stdout() -> Console:
    """The console for results."""
    return _console(stderr=False)


def stderr() -> Console:
    """The console for progress, problems and errors."""
    return _console(stderr=True)


def _console(*, stderr: bool) -> Console:
    # Made on first use, not at import: `newsdesk --help` should not pay for Rich. A
    # Console without a file writes to whatever sys.stdout/stderr is at print time, so
    # CliRunner's captured streams are honoured.
    if stderr not in _consoles:
        from rich.console import Console

        _consoles[stderr] = Console(stderr=stderr)
    return _consoles[stderr]
