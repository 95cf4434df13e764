"""What commands share besides output: the settings and store of the run, common options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from newsdesk.config import Settings

if TYPE_CHECKING:
    from newsdesk.store.db import Store

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the root command read (`--db` applied)."""
    return ctx.find_root().obj  # type: ignore[no-any-return]


def store_of(ctx: typer.Context) -> Store:
    """The store the settings name, migrated to the newest schema; closed with the command."""
    from newsdesk.store.db import open_store

    store = open_store(settings_of(ctx))
    ctx.call_on_close(store.close)
    return store
