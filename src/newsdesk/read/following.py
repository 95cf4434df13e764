"""The Following read model: what a reader follows and the newest articles of each, with
what is newer than the reader's last visit marked new; shared by the page, the API and
the private feed."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from newsdesk.read.articles import feed_items
from newsdesk.read.records import FeedArticle, Moment, Record
from newsdesk.store.follows import follows_of
from newsdesk.store.models import Account, Entity, Story

# Articles shown per followed story or entity.
ITEMS_PER_FOLLOW = 10


class FollowedArticle(Record):
    """An article of something followed, and whether it came after the last visit."""

    article: FeedArticle
    new: bool


class Followed(Record):
    """One followed story or entity with its newest articles."""

    kind: Literal["story", "entity"]
    id: int
    name: str
    href: str
    new_count: int
    articles: list[FollowedArticle]


class Following(Record):
    """Everything a reader follows, and the visit that "new" is measured from."""

    since: Moment | None
    follows: list[Followed]


def _is_new(article: FeedArticle, since: datetime | None) -> bool:
    # Never visited: nothing is marked, there is no "before" to be new against.
    return since is not None and article.published is not None and article.published > since


def following(
    session: Session, account: Account, since: datetime | None, limit: int = ITEMS_PER_FOLLOW
) -> Following:
    """The reader's follows with their newest articles, marking those after `since`."""
    out: list[Followed] = []
    for row in follows_of(session, account):
        if row.story_id is not None:
            story = session.get(Story, row.story_id)
            if story is None:
                continue
            kind: Literal["story", "entity"] = "story"
            target_id, name, href = story.id, story.title, f"/stories/{story.id}"
            rows = feed_items(session, story_id=story.id, limit=limit)
        else:
            entity = session.get(Entity, row.entity_id)
            if entity is None:
                continue
            kind = "entity"
            target_id, name, href = entity.id, entity.name, f"/entities/{entity.id}"
            rows = feed_items(session, entity_id=entity.id, limit=limit)
        articles = [FollowedArticle(article=a, new=_is_new(a, since)) for a in rows]
        out.append(
            Followed(
                kind=kind,
                id=target_id,
                name=name,
                href=href,
                new_count=sum(a.new for a in articles),
                articles=articles,
            )
        )
    return Following(since=since, follows=out)
