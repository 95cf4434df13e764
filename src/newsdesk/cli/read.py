"""Commands that read: articles, show, entities, entity, stories, story, related, search, ask."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import typer

from newsdesk.cli.options import JsonOption, settings_of, store_of
from newsdesk.cli.output import heading, print_json, print_table, say, stderr, when
from newsdesk.errors import InputError, NotFound


def articles(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    from newsdesk.store.documents import article_summary, iter_articles

    with store_of(ctx).session() as session:
        rows = [article_summary(a) for a in iter_articles(session, limit=limit)]
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "published", "outlet", "title", "stub"),
        (
            (r["id"], when(r["published_at"], "%Y-%m-%d"), r["outlet"], r["title"],
             "stub" if r["is_stub"] else "")
            for r in rows
        ),
    )


def show(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one article with every stored field."""
    from newsdesk.store.documents import article_record
    from newsdesk.store.enrichment import enrichment_record
    from newsdesk.store.grouping import grouping_record
    from newsdesk.store.models import Article

    with store_of(ctx).session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id}")
        record = {
            **article_record(article),
            **grouping_record(session, article),
            **enrichment_record(session, article),
        }
    if as_json:
        print_json(record)
        return
    say(str(record["title"]), style="bold")
    meta = [record["outlet"], record["author"], record["published_at"], record["dateline"]]
    say(" · ".join(str(m) for m in meta if m), style="dim")
    if record["credit"]:
        say(str(record["credit"]), style="dim")
    if record["also_published_by"]:
        outlets = ", ".join(str(c["outlet"]) for c in record["also_published_by"])
        say(f"Also published by: {outlets}", style="dim")
    if record["revisions"]:
        replaced = ", ".join(f"{r['replaced_at']:%Y-%m-%d %H:%M}" for r in record["revisions"])
        say(f"Updated {replaced} UTC (earlier versions in --json)", style="dim")
    say("")
    say(str(record["text"]))
    _print_enrichment(record)


def _print_enrichment(record: dict[str, Any]) -> None:
    if record["entities"]:
        heading("Entities")
        for entity in record["entities"]:
            forms = ", ".join(entity["surface_forms"])
            say(f"  {entity['name']} ({entity['type']}): {forms}")
    if record["quotes"]:
        heading("Quotes")
        for quote in record["quotes"]:
            source = "; ".join(quote["attribution"])
            who = quote["speaker"] or "unknown speaker"
            say(f"  {who}: “{quote['text']}”" + (f" ({source})" if source else ""))
    if record["events"]:
        heading("Dated events")
        for event in record["events"]:
            moment = event["date"] or f"unresolved {event['expression']!r}"
            say(f"  {moment} [{event['precision']}] {event['sentence']}")
    if record["warnings"]:
        heading("Warnings")
        for warning in record["warnings"]:
            say(f"  {warning['kind']}: {warning['message']}")
    if record["enrich_note"]:
        say(f"\n{record['enrich_note']}", style="dim")


def entities(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, most mentioned first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List entities with their aliases and article counts."""
    from newsdesk.store.enrichment import entity_rows

    with store_of(ctx).session() as session:
        rows = entity_rows(session, limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "name", "type", "articles", "aliases"),
        (
            (r["id"], r["name"], r["type"], r["articles"],
             ", ".join(a for a in r["aliases"] if a != r["name"]))  # type: ignore[attr-defined]
            for r in rows
        ),
    )


def entity(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Any name or spelling the entity goes by.")],
    as_json: JsonOption = False,
) -> None:
    """Find an entity by any of its aliases; exits 1 when none matches."""
    from newsdesk.store.enrichment import entity_record, find_entities

    with store_of(ctx).session() as session:
        rows = [entity_record(found, count) for found, count in find_entities(session, name)]
    if not rows:
        raise NotFound(f"no entity known as {name!r}")
    if as_json:
        print_json(rows)
        return
    for row in rows:
        say(f"{row['name']} ({row['type']}), in {row['articles']} articles", style="bold")
        say(f"  also: {', '.join(row['aliases'])}")  # type: ignore[arg-type]
        for role in row["roles"]:  # type: ignore[attr-defined]
            seen = role["first_seen"].date().isoformat() if role["first_seen"] else "undated"
            say(f"  role: {role['role']} (since {seen})")


def stories(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, latest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stories: the articles grouped as one event, with their outlets and thread."""
    from newsdesk.store.stories import story_rows

    with store_of(ctx).session() as session:
        rows = story_rows(session, limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "last seen", "articles", "outlets", "thread", "title"),
        (
            (r["id"], when(r["last_seen"], "%Y-%m-%d"), r["articles"], r["outlets"],
             r["thread_id"], r["title"])
            for r in rows
        ),
    )


def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help='Words (all must match), "a phrase", a OR b, -excluded.')
    ],
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (any case).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Published on or after (YYYY-MM-DD or ISO time).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Published on or before (a date covers its whole day).")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only articles naming this entity (any spelling, or id).")
    ] = None,
    story: Annotated[int | None, typer.Option(help="Only this story's articles (its id).")] = None,
    mode: Annotated[str, typer.Option(help="fused, fulltext or semantic.")] = "fused",
    limit: Annotated[int, typer.Option(help="How many articles at most.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search articles by their words and their meaning; results come grouped by story."""
    from newsdesk.store.search import search as search_articles

    with store_of(ctx).session() as session:
        results = search_articles(
            session,
            query,
            outlet=outlet,
            since=_day_or_moment(since, "--since"),
            until=_day_or_moment(until, "--until"),
            entity=int(entity) if entity and entity.isdigit() else entity,
            story=story,
            limit=limit,
            mode=mode,  # type: ignore[arg-type]  # search() names the modes it accepts
        )
    if as_json:
        print_json(results.as_json())
        return
    if not results.groups:
        say("no articles found")
        return
    for group in results.groups:
        heading_text = f"story {group.story_id}: {group.title}" if group.story_id else group.title
        say(heading_text, style="bold")
        for hit in group.hits:
            moment = hit.published_at.strftime("%Y-%m-%d") if hit.published_at else "undated"
            also = ", ".join(c.outlet or f"article {c.id}" for c in hit.copies)
            line = f"  {hit.id}  {moment}  {hit.outlet or ''}  {hit.title}"
            say(line + (f" (also: {also})" if also else ""))
            say(f"      {hit.snippet}", style="dim")


def _day_or_moment(value: str | None, option: str) -> date | datetime | None:
    if value is None:
        return None
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    raise InputError(f"{option} {value!r} is not a date (YYYY-MM-DD) or ISO time")


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question about the stored news.")],
    story: Annotated[
        int | None, typer.Option(help="Answer from this story's articles only.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer from the stored articles, every sentence citing its article; or say there is none."""
    from newsdesk.store.present import answer_record

    with store_of(ctx).session() as session:
        record = answer_record(session, question, story=story)
    if as_json:
        print_json(record)
        return
    if not record["found"]:
        say(str(record["message"]))
        return
    for sentence in record["answer"]:  # type: ignore[union-attr]
        cite = (
            f"[{sentence['credit'] or sentence['outlet'] or '?'}, article {sentence['article_id']}]"
        )
        say(f"{sentence['text']} {cite}")


def related(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    limit: Annotated[int, typer.Option(help="How many at most.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """List articles related to one: its story from other outlets first, then its thread."""
    from newsdesk.store.models import utcnow
    from newsdesk.store.present import related_records

    with store_of(ctx).session() as session:
        rows = related_records(session, article_id, utcnow(), limit=limit)
    if rows is None:
        raise NotFound(f"no article with id {article_id}")
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "when", "outlet", "why", "title"),
        (
            (r["id"], r["relative_time"], r["outlet"], r["reason"],
             str(r["title"]) + (" (teaser)" if r["is_stub"] else ""))
            for r in rows
        ),
    )


def story(
    ctx: typer.Context,
    story_id: Annotated[int, typer.Argument(help="The story's id (see `newsdesk stories`).")],
    as_json: JsonOption = False,
) -> None:
    """Show a story: cited summary, key points, who's who, timeline, coverage, articles."""
    from newsdesk.llm import abstractive_summary
    from newsdesk.store.models import utcnow
    from newsdesk.store.present import story_record

    with store_of(ctx).session() as session:
        record = story_record(session, story_id, utcnow())
    if record is None:
        raise NotFound(f"no story with id {story_id}")
    settings = settings_of(ctx)
    if settings.llm_url:
        record["abstract"] = abstractive_summary(settings, record["summary"])
    if as_json:
        print_json(record)
        return
    say(str(record["title"]), style="bold")
    say(", ".join(record["outlets"]), style="dim")  # type: ignore[arg-type]
    if "abstract" in record:
        _print_abstract(record["abstract"])  # type: ignore[arg-type]
    heading("Summary")
    for sentence in record["summary"]:  # type: ignore[attr-defined]
        say(f"  {sentence['text']} [{sentence['outlet'] or '?'}, #{sentence['article_id']}]")
    if record["key_points"]:
        heading("Key points")
        for point in record["key_points"]:  # type: ignore[attr-defined]
            outlets = "; ".join(str(c["outlet"] or "?") for c in point["citations"])
            say(f"  • {point['text']} [{outlets}]")
    if record["whos_who"]:
        heading("Who's who")
        for who in record["whos_who"]:  # type: ignore[attr-defined]
            role = f", {who['role']}" if who["role"] else ""
            say(f"  {who['name']}{role} ({who['articles']} articles)")
    if record["timeline"]:
        heading("Timeline")
        for entry in record["timeline"]:  # type: ignore[attr-defined]
            outlets = "; ".join(str(c["outlet"] or "?") for c in entry["citations"])
            say(f"  {entry['date']}  {entry['sentence']} [{outlets}]")
    _print_coverage(record["coverage"])  # type: ignore[arg-type]
    heading("Articles")
    for article in record["articles"]:  # type: ignore[attr-defined]
        say(
            f"  #{article['id']} {article['outlet'] or ''}: {article['title']}"
            f" ({article['relative_time']})"
        )


def _print_abstract(abstract: dict[str, Any]) -> None:
    if abstract["error"]:
        stderr().print(f"[yellow]no model summary:[/yellow] {abstract['error']}", markup=False)
        return
    heading(f"Summary by {abstract['model']} (grounded on the cited sentences)")
    for sentence in abstract["sentences"]:
        cites = "; ".join(
            f"{c['outlet'] or '?'}, #{c['article_id']}" for c in sentence["citations"]
        )
        say(f"  {sentence['text']} [{cites}]")


def _print_coverage(coverage: dict[str, Any]) -> None:
    heading("Coverage")
    for outlet in coverage["outlets"]:
        copies = f", {outlet['copies']} syndicated" if outlet["copies"] else ""
        say(
            f"  {outlet['outlet'] or '?'}: first at {outlet['first_published'] or '?'}"
            f" ({len(outlet['article_ids'])} articles{copies}, {outlet['exclusives']} only here)"
        )
    if coverage["first"]:
        first = coverage["first"]
        say(f"  First: {first['outlet'] or '?'}, #{first['article_id']}")
    for item in coverage["only_here"]:
        said = f"{item['speaker']}: " if item["speaker"] else ""
        say(f"  only {item['outlet'] or '?'}: {said}{item['text']} [#{item['article_id']}]")
    for dispute in coverage["disagreements"]:
        sides = " vs ".join(
            f"{side['value']!r} [{side['outlet'] or '?'}, #{side['article_id']}]"
            for side in dispute["sides"]
        )
        say(f"  disagree on {dispute['about']}: {sides}")
