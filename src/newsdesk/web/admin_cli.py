"""`newsdesk accounts`: create moderators and admins, change roles, issue API tokens."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import select

from newsdesk.errors import NewsdeskError
from newsdesk.store.accounts import (
    ROLES,
    account_json,
    create_account,
    create_api_token,
    find_account,
    set_role,
)
from newsdesk.store.db import open_store
from newsdesk.store.models import Account

accounts_app = typer.Typer(
    help="Reader, moderator and admin accounts; API tokens.", no_args_is_help=True
)
errors = Console(stderr=True)

RoleOption = Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")]


def _fail(error: NewsdeskError) -> typer.Exit:
    errors.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
    return typer.Exit(1)


@accounts_app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name (3-40 letters, digits, . _ -).")],
    role: RoleOption = "reader",
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when not given."
        ),
    ] = "",
) -> None:
    """Create an account (e.g. a moderator or an admin)."""
    store = open_store(ctx.obj)
    try:
        with store.session() as session:
            account = create_account(session, name, password, role)
            record = account_json(account)
    except NewsdeskError as error:
        raise _fail(error) from None
    typer.echo(f"created {record['role']} {record['name']} (id {record['id']})")


@accounts_app.command("role")
def role(
    ctx: typer.Context, name: str, new_role: Annotated[str, typer.Argument(metavar="ROLE")]
) -> None:
    """Give an existing account another role."""
    store = open_store(ctx.obj)
    try:
        with store.session() as session:
            set_role(session, name, new_role)
    except NewsdeskError as error:
        raise _fail(error) from None
    typer.echo(f"{name} is now {new_role}")


@accounts_app.command("token")
def token(
    ctx: typer.Context,
    name: str,
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Issue an API token acting as the account; printed once, stored only as a hash."""
    store = open_store(ctx.obj)
    with store.session() as session:
        account = find_account(session, name)
        if account is None:
            errors.print(f"[red]error:[/red] no account named {name!r}")
            raise typer.Exit(1)
        issued = create_api_token(session, account, label)
    typer.echo(issued)


@accounts_app.command("list")
def list_accounts(ctx: typer.Context) -> None:
    """Every account as JSON lines: id, name, role."""
    store = open_store(ctx.obj)
    with store.session() as session:
        for account in session.scalars(select(Account).order_by(Account.id)):
            typer.echo(json.dumps(account_json(account)))
