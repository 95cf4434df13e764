"""Accounts as the API and `newsdesk accounts` show them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.read.records import AccountRecord
from newsdesk.store.models import Account


def account_record(account: Account) -> AccountRecord:
    """An account: id, name and role, never its password hash."""
    return AccountRecord(id=account.id, name=account.name, role=account.role)


def account_rows(session: Session) -> list[AccountRecord]:
    """Every account, oldest first."""
    return [account_record(a) for a in session.scalars(select(Account).order_by(Account.id))]
