"""`newsdesk accounts`: create moderators and admins, change roles, issue API tokens; and
`newsdesk following`: what an account follows."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.options import JsonOption, store_of
from newsdesk.cli.output import print_json, print_table, say, when
from newsdesk.errors import NotFound
from newsdesk.types import ROLES

accounts_app = typer.Typer(
    help="Reader, moderator and admin accounts; API tokens.", no_args_is_help=True
)

RoleOption = Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")]


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
    from newsdesk.read.accounts import account_record
    from newsdesk.store.accounts import create_account

    with store_of(ctx).session() as session:
        record = account_record(create_account(session, name, password, role))
    say(f"created {record.role} {record.name} (id {record.id})")


@accounts_app.command("role")
def role(
    ctx: typer.Context, name: str, new_role: Annotated[str, typer.Argument(metavar="ROLE")]
) -> None:
    """Give an existing account another role."""
    from newsdesk.store.accounts import set_role

    with store_of(ctx).session() as session:
        set_role(session, name, new_role)
    say(f"{name} is now {new_role}")


@accounts_app.command("token")
def token(
    ctx: typer.Context,
    name: str,
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Issue an API token acting as the account; printed once, stored only as a hash."""
    from newsdesk.store.accounts import create_api_token, find_account

    with store_of(ctx).session() as session:
        account = find_account(session, name)
        if account is None:
            raise NotFound(f"no account named {name!r}")
        issued = create_api_token(session, account, label)
    typer.echo(issued)


@accounts_app.command("disable")
def disable(ctx: typer.Context, name: str) -> None:
    """Disable an account: it signs in to nothing, its sessions end, its tokens stop."""
    from newsdesk.store.accounts import set_disabled

    with store_of(ctx).session() as session:
        set_disabled(session, name, True)
    say(f"{name} is disabled")


@accounts_app.command("enable")
def enable(ctx: typer.Context, name: str) -> None:
    """Enable a disabled account again (its old sessions stay ended)."""
    from newsdesk.store.accounts import set_disabled

    with store_of(ctx).session() as session:
        set_disabled(session, name, False)
    say(f"{name} is enabled")


@accounts_app.command("logout")
def logout(ctx: typer.Context, name: str) -> None:
    """End every browser session of an account (a stolen cookie included)."""
    from newsdesk.store.accounts import end_all_sessions, find_account

    with store_of(ctx).session() as session:
        account = find_account(session, name)
        if account is None:
            raise NotFound(f"no account named {name!r}")
        ended = end_all_sessions(session, account)
    say(f"ended {ended} session{'s' if ended != 1 else ''} of {name}")


@accounts_app.command("revoke")
def revoke(
    ctx: typer.Context,
    name: str,
    label: Annotated[str | None, typer.Option(help="Only the tokens with this label.")] = None,
) -> None:
    """Revoke an account's API tokens (all, or those with one label)."""
    from newsdesk.store.accounts import find_account, revoke_tokens

    with store_of(ctx).session() as session:
        account = find_account(session, name)
        if account is None:
            raise NotFound(f"no account named {name!r}")
        revoked = revoke_tokens(session, account, label)
    say(f"revoked {revoked} token{'s' if revoked != 1 else ''} of {name}")


@accounts_app.command("list")
def list_accounts(ctx: typer.Context) -> None:
    """Every account as JSON lines: id, name, role."""
    from newsdesk.read.accounts import account_rows

    with store_of(ctx).session() as session:
        rows = account_rows(session)
    for row in rows:
        typer.echo(row.model_dump_json())


def following(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name.")],
    as_json: JsonOption = False,
) -> None:
    """What an account follows, with how many articles came since its last visit to the
    Following page (reading here is no visit)."""
    from newsdesk.read.following import following as following_of
    from newsdesk.store.accounts import find_account
    from newsdesk.store.follows import last_visit

    with store_of(ctx).session() as session:
        account = find_account(session, name)
        if account is None:
            raise NotFound(f"no account named {name!r}")
        page = following_of(session, account, since=last_visit(session, account))
    if as_json:
        print_json(page)
        return
    print_table(
        ("kind", "id", "new", "latest", "name"),
        (
            (
                f.kind,
                f.id,
                f.new_count,
                when(f.articles[0].article.published) if f.articles else "",
                f.name,
            )
            for f in page.follows
        ),
    )
