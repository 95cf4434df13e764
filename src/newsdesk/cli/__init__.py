"""The command line (Typer): parses options, calls the library, formats what comes back.

Every command imports what it needs when it runs, so `newsdesk --help` and commands that
need no model load no NLP library. Errors are raised as types and turned into one
`error:` line and an exit code by `output.CommandGroup`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli import accounts, feeds, ingest, read, serve
from newsdesk.cli import eval as evaluate
from newsdesk.cli.output import CommandGroup
from newsdesk.config import load_settings

app = typer.Typer(
    cls=CommandGroup,
    help="newsdesk: a self-hosted news intelligence desk.",
    no_args_is_help=True,
)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy database URL (default: NEWSDESK_DATABASE_URL)."),
    ] = None,
) -> None:
    """Choose the database for every command: --db, else NEWSDESK_DATABASE_URL, else ./data."""
    ctx.obj = load_settings().with_database(db)


for command in (ingest.init, ingest.ingest, ingest.demo, ingest.reprocess, ingest.recluster):
    app.command()(command)
for command in (
    read.articles,
    read.show,
    read.entities,
    read.entity,
    read.stories,
    read.story,
    read.related,
    read.search,
    read.ask,
):
    app.command()(command)
app.command()(serve.serve)
app.add_typer(feeds.source_app, name="source")
app.add_typer(feeds.opml_app, name="opml")
app.command()(feeds.fetch)
app.command()(feeds.worker)
app.add_typer(accounts.accounts_app, name="accounts")
app.command()(accounts.following)

eval_app = typer.Typer(help="Measure newsdesk against labelled data.", no_args_is_help=True)
for command in (
    evaluate.stories,
    evaluate.answers,
    evaluate.entities,
    evaluate.extraction,
    evaluate.ner,
    evaluate.quotes,
    evaluate.dates,
    evaluate.names,
):
    eval_app.command()(command)
app.add_typer(eval_app, name="eval")
