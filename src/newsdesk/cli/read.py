"""Commands that read: articles, show, entities, entity, stories, story, related, search, ask."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from newsdesk.cli.options import JsonOption, settings_of, store_of
from newsdesk.cli.output import (
    citation,
    heading,
    print_json,
    print_table,
    say,
    say_marked,
    when,
)
from newsdesk.errors import InputError

if TYPE_CHECKING:
    from newsdesk.read.records import Abstract, ArticleView, CoverageRecord, SearchHit


def articles(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    from newsdesk.read.articles import article_rows

    with store_of(ctx).session() as session:
        rows = article_rows(session, limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "published", "outlet", "title", "stub"),
        (
            (r.id, when(r.published_at, "%Y-%m-%d"), r.outlet, r.title, "stub" if r.is_stub else "")
            for r in rows
        ),
    )


def show(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one article with every stored field, its summary and what was read in it."""
    from newsdesk.read.views import stored_article_page
    from newsdesk.store.models import utcnow

    with store_of(ctx).session() as session:
        view = stored_article_page(session, article_id, settings_of(ctx), utcnow()).article
    if as_json:
        print_json(view)
        return
    say(view.title, style="bold")
    meta = [view.outlet, view.author, view.published_at, view.dateline]
    say(" · ".join(str(m) for m in meta if m), style="dim")
    if view.credit:
        say(view.credit, style="dim")
    if view.also_published_by:
        say(
            f"Also published by: {', '.join(str(c.outlet) for c in view.also_published_by)}",
            style="dim",
        )
    if view.revisions:
        replaced = ", ".join(f"{r.replaced_at:%Y-%m-%d %H:%M}" for r in view.revisions)
        say(f"Updated {replaced} UTC (earlier versions in --json)", style="dim")
    say("")
    say(view.text)
    _print_enrichment(view)


def _print_enrichment(view: ArticleView) -> None:
    if view.summary:
        heading("Summary")
        for sentence in view.summary:
            say(f"  {sentence.text}")
    if view.entities:
        heading("Entities")
        for found in view.entities:
            say(f"  {found.name} ({found.kind}): {', '.join(found.surface_forms)}")
    if view.quotes:
        heading("Quotes")
        for quote in view.quotes:
            source = "; ".join(quote.attribution)
            who = quote.speaker or "unknown speaker"
            say(f"  {who}: “{quote.text}”" + (f" ({source})" if source else ""))
    if view.events:
        heading("Dated events")
        for event in view.events:
            moment = event.date or f"unresolved {event.expression!r}"
            say(f"  {moment} [{event.precision}] {event.sentence}")
    if view.warnings:
        heading("Warnings")
        for warning in view.warnings:
            say(f"  {warning.kind}: {warning.message}")
    if view.enrich_note:
        say(f"\n{view.enrich_note}", style="dim")


def entities(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, most mentioned first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List entities with their aliases and article counts."""
    from newsdesk.read.entities import entity_rows, other_names

    with store_of(ctx).session() as session:
        rows = entity_rows(session, limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "name", "type", "articles", "aliases"),
        (
            (r.id, r.name, r.kind, r.articles, ", ".join(other_names(r.name, r.aliases)))
            for r in rows
        ),
    )


def entity(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Any name or spelling the entity goes by.")],
    as_json: JsonOption = False,
) -> None:
    """Find an entity by any of its aliases; exits 1 when none matches."""
    from newsdesk.read.entities import entities_named, other_names

    with store_of(ctx).session() as session:
        rows = entities_named(session, name)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        say(f"{row.name} ({row.kind}), in {row.articles} articles", style="bold")
        also = other_names(row.name, row.aliases)
        if also:
            say(f"  also: {', '.join(also)}")
        for role in row.roles:
            seen = role.first_seen.date().isoformat() if role.first_seen else "undated"
            say(f"  role: {role.role} (since {seen})")


def stories(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, latest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stories: the articles grouped as one event, with their outlets and thread."""
    from newsdesk.read.stories import story_rows

    with store_of(ctx).session() as session:
        rows = story_rows(session, limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "last seen", "articles", "outlets", "thread", "title"),
        (
            (r.id, when(r.last_seen, "%Y-%m-%d"), r.articles, r.outlets, r.thread_id, r.title)
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
    sort: Annotated[
        str, typer.Option(help="relevance (best match first) or date (latest first).")
    ] = "relevance",
    limit: Annotated[int, typer.Option(help="How many articles at most.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search articles by their words and their meaning: the matches (every word and phrase,
    no excluded term) grouped by story, how many in all, then apart the related by meaning."""
    from newsdesk.read.search import search as search_articles

    settings = settings_of(ctx)
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
            sort=sort,  # type: ignore[arg-type]  # and the sorts
            tuning=settings.search,
        )
    if as_json:
        print_json(results)
        return
    shown = len(results.hits)
    if not results.total:
        say("no articles match")
    else:
        plural = "s" if results.total != 1 or results.total_capped else ""
        count = f"{results.counted} article{plural} match"
        more = f", {shown} shown" if shown < results.total else ""
        say(count + more + (", latest first" if results.sort == "date" else ""))
    for group in results.stories:
        heading_text = f"story {group.story_id}: {group.title}" if group.story_id else group.title
        say(heading_text, style="bold")
        for hit in group.hits:
            _say_hit(hit)
    if results.related:
        say("related by meaning (not matches: each misses a word of the search)", style="bold")
        for hit in results.related:
            _say_hit(hit)


def _say_hit(hit: SearchHit) -> None:
    moment = hit.published_at.strftime("%Y-%m-%d") if hit.published_at else "undated"
    also = ", ".join(c.outlet or f"article {c.id}" for c in hit.copies)
    prefix = f"  {hit.id}  {moment}  {hit.outlet or ''}  "
    suffix = f" (also: {also})" if also else ""
    say_marked(prefix, hit.title, hit.title_matches, suffix)
    say_marked("      ", hit.snippet, hit.snippet_matches, "", style="dim")


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
    from newsdesk.read.answers import answer

    settings = settings_of(ctx)
    with store_of(ctx).session() as session:
        found = answer(
            session,
            question,
            story=story,
            floor=settings.reading.answer_floor,
            search_tuning=settings.search,
        )
    if as_json:
        print_json(found)
        return
    if not found.found:
        say(str(found.message))
        return
    for sentence in found.answer:
        lead = "".join(
            f"{part}: " for part in (sentence.date, sentence.about, sentence.speaker) if part
        )
        cite = citation(sentence.outlet, sentence.headline, sentence.article_id)
        say(f"{lead}{sentence.text} {cite}")


def related(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    limit: Annotated[int, typer.Option(help="How many at most.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """List articles related to one: its story from other outlets first, then its thread."""
    from newsdesk.read.views import stored_related
    from newsdesk.store.models import utcnow

    with store_of(ctx).session() as session:
        rows = stored_related(session, article_id, settings_of(ctx), utcnow(), limit=limit)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "when", "outlet", "why", "title"),
        (
            (
                r.id,
                r.relative_time,
                r.outlet,
                r.reason,
                r.title + (" (teaser)" if r.is_stub else ""),
            )
            for r in rows
        ),
    )


def story(
    ctx: typer.Context,
    story_id: Annotated[int, typer.Argument(help="The story's id (see `newsdesk stories`).")],
    as_json: JsonOption = False,
) -> None:
    """Show a story: cited summary, key points, who's who, timeline, coverage, articles."""
    from newsdesk.read.views import stored_story_view
    from newsdesk.store.models import utcnow

    with store_of(ctx).session() as session:
        view = stored_story_view(session, story_id, settings_of(ctx), utcnow())
    if as_json:
        print_json(view)
        return
    say(view.title, style="bold")
    say(", ".join(view.outlets), style="dim")
    if view.abstract is not None:
        _print_abstract(view.abstract)
    heading("Summary")
    for sentence in view.summary:
        cite = citation(sentence.outlet, sentence.headline, sentence.article_id)
        say(f"  {sentence.text} {cite}")
    if view.key_points:
        heading("Key points")
        for point in view.key_points:
            outlets = "; ".join(str(c.outlet or "?") for c in point.citations)
            say(f"  • {point.text} [{outlets}]")
    if view.whos_who:
        heading("Who's who")
        for who in view.whos_who:
            role = f", {who.role}" if who.role else ""
            say(f"  {who.name}{role} ({who.articles} articles)")
    if view.timeline:
        heading("Timeline")
        for entry in view.timeline:
            outlets = "; ".join(str(c.outlet or "?") for c in entry.citations)
            say(f"  {entry.date}  {entry.sentence} [{outlets}]")
    _print_coverage(view.coverage)
    heading("Articles")
    for article in view.articles:
        say(f"  #{article.id} {article.outlet or ''}: {article.title} ({article.relative_time})")


def _print_abstract(abstract: Abstract) -> None:
    if abstract.error:
        say(f"no model summary: {abstract.error}", style="yellow", err=True)
        return
    heading(f"Summary by {abstract.model} (grounded on the cited sentences)")
    for sentence in abstract.sentences:
        cites = " ".join(
            citation(c.get("outlet"), c.get("headline"), c["article_id"])
            for c in sentence.citations
        )
        say(f"  {sentence.text} {cites}")


def _print_coverage(coverage: CoverageRecord) -> None:
    heading("Coverage")
    for outlet in coverage.outlets:
        copies = f", {outlet.copies} syndicated" if outlet.copies else ""
        say(
            f"  {outlet.outlet or '?'}: first at {outlet.first_published or '?'}"
            f" ({len(outlet.article_ids)} articles{copies}, {outlet.exclusives} only here)"
        )
    if coverage.first:
        first = coverage.first
        say(f"  First: {citation(first.outlet, first.headline, first.article_id)}")
    for item in coverage.only_here:
        said = f"{item.speaker}: " if item.speaker else ""
        cite = citation(item.outlet, item.headline, item.article_id)
        say(f"  only here: {said}{item.text} {cite}")
    for dispute in coverage.disagreements:
        sides = " vs ".join(
            f"{side.value!r} {citation(side.outlet, side.headline, side.article_id)}"
            for side in dispute.sides
        )
        say(f"  disagree on {dispute.about}: {sides}")
