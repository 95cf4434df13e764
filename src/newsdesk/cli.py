"""The command line: parses options, calls the library, formats what comes back."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk.cli_sources import fetch_command, opml_app, source_app, worker_command
from newsdesk.config import Settings, load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.extract.dates import parse_datetime
from newsdesk.llm import abstractive_summary
from newsdesk.pipeline import IngestReport, ingest_paths, recluster, reprocess
from newsdesk.store.db import Store, open_store
from newsdesk.store.documents import article_record, article_summary, iter_articles
from newsdesk.store.enrichment import (
    enrichment_record,
    entity_record,
    entity_rows,
    find_entities,
)
from newsdesk.store.grouping import grouping_record
from newsdesk.store.models import Article, utcnow
from newsdesk.store.present import answer_record, related_records, story_record
from newsdesk.store.search import SearchError, search
from newsdesk.store.stories import story_rows
from newsdesk.types import IngestHints
from newsdesk.web.admin_cli import accounts_app

app = typer.Typer(help="newsdesk: a self-hosted news intelligence desk.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure newsdesk against labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(source_app, name="source")
app.add_typer(opml_app, name="opml")
app.command("fetch")(fetch_command)
app.command("worker")(worker_command)
app.add_typer(accounts_app, name="accounts")
console = Console()
errors = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


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


def _open(ctx: typer.Context) -> Store:
    settings: Settings = ctx.obj
    try:
        return open_store(settings)
    except NewsdeskError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database (or migrate it to the newest schema)."""
    store = _open(ctx)
    console.print(f"database ready: {store.engine.url.render_as_string(hide_password=True)}")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively).")],
    source: Annotated[
        str | None, typer.Option(help="Outlet name for inputs that lack one.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO 8601) for inputs that lack one.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest text, HTML, feed, JSONL and WARC files; exits 1 if any input failed."""
    published_at = parse_datetime(published) if published else None
    if published and published_at is None:
        errors.print(f"[red]error:[/red] --published {published!r} is not a date like 2024-01-17")
        raise typer.Exit(2)
    hints = IngestHints(source=source, published=published_at)
    report = _run_ingest(ctx, paths, hints, quiet=as_json)
    _finish(report, as_json)


@app.command()
def demo(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Ingest the bundled demo corpus (a second run finds every document a duplicate)."""
    from newsdesk.demo import ARTICLES_DIR, demo_hints

    report = _run_ingest(ctx, [ARTICLES_DIR], IngestHints(), quiet=as_json, hints_for=demo_hints)
    _finish(report, as_json)


@app.command("reprocess")
def reprocess_command(
    ctx: typer.Context,
    reenrich: Annotated[
        bool, typer.Option("--reenrich", help="Also redo enrichment of unchanged articles.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Re-run extraction (and enrichment where needed) over every stored document."""
    store = _open(ctx)
    with _progress(quiet=as_json) as progress:
        task = progress.add_task("reprocessing", total=None)
        enriching = progress.add_task("enriching", total=None)
        report = reprocess(
            store,
            on_document=lambda _: progress.advance(task),
            on_problem=lambda message: _problem(progress, message, as_json),
            on_enriched=lambda _: progress.advance(enriching),
            reenrich_all=reenrich,
        )
    _finish(report, as_json)


@app.command()
def articles(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    store = _open(ctx)
    with store.session() as session:
        rows = [article_summary(a) for a in iter_articles(session, limit=limit)]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "published", "outlet", "title", "stub")
    for row in rows:
        published = row["published_at"]
        table.add_row(
            str(row["id"]),
            published.strftime("%Y-%m-%d") if isinstance(published, datetime) else "",
            str(row["outlet"] or ""),
            str(row["title"]),
            "stub" if row["is_stub"] else "",
        )
    console.print(table)


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one article with every stored field."""
    store = _open(ctx)
    with store.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            errors.print(f"[red]error:[/red] no article with id {article_id}")
            raise typer.Exit(1)
        record = {
            **article_record(article),
            **grouping_record(session, article),
            **enrichment_record(session, article),
        }
    if as_json:
        _print_json(record)
        return
    console.print(f"[bold]{record['title']}[/bold]")
    meta = [record["outlet"], record["author"], record["published_at"], record["dateline"]]
    console.print(" · ".join(str(m) for m in meta if m), style="dim")
    if record["credit"]:
        console.print(record["credit"], style="dim", markup=False)
    if record["also_published_by"]:
        outlets = ", ".join(str(c["outlet"]) for c in record["also_published_by"])
        console.print(f"Also published by: {outlets}", style="dim", markup=False)
    if record["revisions"]:
        replaced = ", ".join(f"{r['replaced_at']:%Y-%m-%d %H:%M}" for r in record["revisions"])
        console.print(f"Updated {replaced} UTC (earlier versions in --json)", style="dim")
    console.print()
    console.print(record["text"])
    _print_enrichment(record)


def _print_enrichment(record: dict[str, Any]) -> None:
    if record["entities"]:
        console.print("\n[bold]Entities[/bold]")
        for entity in record["entities"]:
            forms = ", ".join(entity["surface_forms"])
            console.print(f"  {entity['name']} ({entity['type']}): {forms}", soft_wrap=True)
    if record["quotes"]:
        console.print("\n[bold]Quotes[/bold]")
        for quote in record["quotes"]:
            source = "; ".join(quote["attribution"])
            who = quote["speaker"] or "unknown speaker"
            line = f"  {who}: “{quote['text']}”" + (f" ({source})" if source else "")
            console.print(line, soft_wrap=True, markup=False)
    if record["events"]:
        console.print("\n[bold]Dated events[/bold]")
        for event in record["events"]:
            when = event["date"] or f"unresolved {event['expression']!r}"
            console.print(
                f"  {when} [{event['precision']}] {event['sentence']}", soft_wrap=True, markup=False
            )
    if record["warnings"]:
        console.print("\n[bold]Warnings[/bold]")
        for warning in record["warnings"]:
            console.print(
                f"  {warning['kind']}: {warning['message']}", soft_wrap=True, markup=False
            )
    if record["enrich_note"]:
        console.print(f"\n[dim]{record['enrich_note']}[/dim]")


@app.command("entities")
def entities_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, most mentioned first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List entities with their aliases and article counts."""
    store = _open(ctx)
    with store.session() as session:
        rows = entity_rows(session, limit=limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "name", "type", "articles", "aliases")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["name"]),
            str(row["type"]),
            str(row["articles"]),
            ", ".join(a for a in row["aliases"] if a != row["name"]),
        )
    console.print(table)


@app.command("entity")
def entity_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Any name or spelling the entity goes by.")],
    as_json: JsonOption = False,
) -> None:
    """Find an entity by any of its aliases; exits 1 when none matches."""
    store = _open(ctx)
    with store.session() as session:
        rows = [entity_record(entity, count) for entity, count in find_entities(session, name)]
    if not rows:
        errors.print(f"[red]error:[/red] no entity known as {name!r}")
        raise typer.Exit(1)
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        console.print(f"[bold]{row['name']}[/bold] ({row['type']}), in {row['articles']} articles")
        console.print(f"  also: {', '.join(row['aliases'])}", soft_wrap=True, markup=False)
        for role in row["roles"]:
            seen = role["first_seen"].date().isoformat() if role["first_seen"] else "undated"
            console.print(f"  role: {role['role']} (since {seen})", soft_wrap=True, markup=False)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web reader."""
    import uvicorn

    from newsdesk.web.app import create_app

    console.print(f"newsdesk serving on http://{host}:{port}")
    uvicorn.run(create_app(ctx.obj), host=host, port=port, log_level="warning")


@app.command("stories")
def stories_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many, latest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List stories: the articles grouped as one event, with their outlets and thread."""
    store = _open(ctx)
    with store.session() as session:
        rows = story_rows(session, limit=limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "last seen", "articles", "outlets", "thread", "title")
    for row in rows:
        last = row["last_seen"]
        table.add_row(
            str(row["id"]),
            last.strftime("%Y-%m-%d") if isinstance(last, datetime) else "",
            str(row["articles"]),
            str(row["outlets"]),
            str(row["thread_id"] or ""),
            str(row["title"]),
        )
    console.print(table)


@app.command("search")
def search_command(
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
    store = _open(ctx)
    try:
        with store.session() as session:
            results = search(
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
    except SearchError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    if as_json:
        _print_json(results.as_json())
        return
    if not results.groups:
        console.print("no articles found")
        return
    for group in results.groups:
        heading = f"story {group.story_id}: {group.title}" if group.story_id else group.title
        console.print(heading, style="bold", markup=False, soft_wrap=True)
        for hit in group.hits:
            when = hit.published_at.strftime("%Y-%m-%d") if hit.published_at else "undated"
            also = ", ".join(c.outlet or f"article {c.id}" for c in hit.copies)
            line = f"  {hit.id}  {when}  {hit.outlet or ''}  {hit.title}"
            console.print(line + (f" (also: {also})" if also else ""), markup=False, soft_wrap=True)
            console.print(f"      {hit.snippet}", style="dim", markup=False, soft_wrap=True)


def _day_or_moment(value: str | None, option: str) -> date | datetime | None:
    if value is None:
        return None
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    errors.print(f"[red]error:[/red] {option} {value!r} is not a date (YYYY-MM-DD) or ISO time")
    raise typer.Exit(2)


@app.command("ask")
def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question about the stored news.")],
    story: Annotated[
        int | None, typer.Option(help="Answer from this story's articles only.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer from the stored articles, every sentence citing its article; or say there is none."""
    store = _open(ctx)
    try:
        with store.session() as session:
            record = answer_record(session, question, story=story)
    except SearchError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    if as_json:
        _print_json(record)
        return
    if not record["found"]:
        console.print(str(record["message"]))
        return
    for sentence in record["answer"]:  # type: ignore[union-attr]
        cite = (
            f"[{sentence['credit'] or sentence['outlet'] or '?'}, article {sentence['article_id']}]"
        )
        console.print(f"{sentence['text']} {cite}", soft_wrap=True, markup=False)


@app.command("related")
def related_command(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="The article's id.")],
    limit: Annotated[int, typer.Option(help="How many at most.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """List articles related to one: its story from other outlets first, then its thread."""
    store = _open(ctx)
    with store.session() as session:
        rows = related_records(session, article_id, utcnow(), limit=limit)
    if rows is None:
        errors.print(f"[red]error:[/red] no article with id {article_id}")
        raise typer.Exit(1)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "when", "outlet", "why", "title")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["relative_time"]),
            str(row["outlet"] or ""),
            str(row["reason"]),
            str(row["title"]) + (" (teaser)" if row["is_stub"] else ""),
        )
    console.print(table)


@app.command("story")
def story_command(
    ctx: typer.Context,
    story_id: Annotated[int, typer.Argument(help="The story's id (see `newsdesk stories`).")],
    as_json: JsonOption = False,
) -> None:
    """Show a story: cited summary, key points, who's who, timeline, coverage, articles."""
    store = _open(ctx)
    with store.session() as session:
        record = story_record(session, story_id, utcnow())
    if record is None:
        errors.print(f"[red]error:[/red] no story with id {story_id}")
        raise typer.Exit(1)
    settings: Settings = ctx.obj
    if settings.llm_url:
        record["abstract"] = abstractive_summary(settings, record["summary"])
    if as_json:
        _print_json(record)
        return
    console.print(record["title"], style="bold", markup=False)
    console.print(", ".join(record["outlets"]), style="dim", markup=False)
    if "abstract" in record:
        _print_abstract(record["abstract"])
    console.print("\n[bold]Summary[/bold]")
    for sentence in record["summary"]:
        cite = f"[{sentence['outlet'] or '?'}, #{sentence['article_id']}]"
        console.print(f"  {sentence['text']} {cite}", soft_wrap=True, markup=False)
    if record["key_points"]:
        console.print("\n[bold]Key points[/bold]")
        for point in record["key_points"]:
            outlets = "; ".join(str(c["outlet"] or "?") for c in point["citations"])
            console.print(f"  • {point['text']} [{outlets}]", soft_wrap=True, markup=False)
    if record["whos_who"]:
        console.print("\n[bold]Who's who[/bold]")
        for who in record["whos_who"]:
            role = f", {who['role']}" if who["role"] else ""
            console.print(
                f"  {who['name']}{role} ({who['articles']} articles)", soft_wrap=True, markup=False
            )
    if record["timeline"]:
        console.print("\n[bold]Timeline[/bold]")
        for entry in record["timeline"]:
            outlets = "; ".join(str(c["outlet"] or "?") for c in entry["citations"])
            console.print(
                f"  {entry['date']}  {entry['sentence']} [{outlets}]", soft_wrap=True, markup=False
            )
    _print_coverage(record["coverage"])
    console.print("\n[bold]Articles[/bold]")
    for article in record["articles"]:
        console.print(
            f"  #{article['id']} {article['outlet'] or ''}: {article['title']}"
            f" ({article['relative_time']})",
            soft_wrap=True,
            markup=False,
        )


def _print_abstract(abstract: dict[str, Any]) -> None:
    if abstract["error"]:
        errors.print(f"[yellow]no model summary:[/yellow] {escape(abstract['error'])}")
        return
    console.print(
        f"\n[bold]Summary by {abstract['model']}[/bold] (grounded on the cited sentences)"
    )
    for sentence in abstract["sentences"]:
        cites = "; ".join(
            f"{c['outlet'] or '?'}, #{c['article_id']}" for c in sentence["citations"]
        )
        console.print(f"  {sentence['text']} [{cites}]", soft_wrap=True, markup=False)


def _print_coverage(coverage: dict[str, Any]) -> None:
    console.print("\n[bold]Coverage[/bold]")
    for outlet in coverage["outlets"]:
        copies = f", {outlet['copies']} syndicated" if outlet["copies"] else ""
        console.print(
            f"  {outlet['outlet'] or '?'}: first at {outlet['first_published'] or '?'}"
            f" ({len(outlet['article_ids'])} articles{copies}, {outlet['exclusives']} only here)",
            soft_wrap=True,
            markup=False,
        )
    if coverage["first"]:
        first = coverage["first"]
        console.print(f"  First: {first['outlet'] or '?'}, #{first['article_id']}", markup=False)
    for item in coverage["only_here"]:
        said = f"{item['speaker']}: " if item["speaker"] else ""
        console.print(
            f"  only {item['outlet'] or '?'}: {said}{item['text']} [#{item['article_id']}]",
            soft_wrap=True,
            markup=False,
        )
    for dispute in coverage["disagreements"]:
        sides = " vs ".join(
            f"{side['value']!r} [{side['outlet'] or '?'}, #{side['article_id']}]"
            for side in dispute["sides"]
        )
        console.print(f"  disagree on {dispute['about']}: {sides}", soft_wrap=True, markup=False)


@app.command("recluster")
def recluster_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Forget every story and group all articles again from scratch."""
    store = _open(ctx)
    with _progress(quiet=as_json) as progress:
        progress.add_task("grouping", total=None)
        report = recluster(store, IngestReport())
    _finish(report, as_json)


@eval_app.command("stories")
def eval_stories(
    path: Annotated[
        Path | None,
        typer.Argument(help="A JSONL of {doc_id, story, text}; the demo corpus when left out."),
    ] = None,
    topics: Annotated[
        str, typer.Option(help="Score all topics, or the 'odd' (tuning) or 'even' (held out).")
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Group labelled articles from scratch in a throwaway store; print B-cubed scores."""
    from newsdesk.eval.stories import (
        EVEN_TOPICS,
        ODD_TOPICS,
        demo_articles,
        evaluate_stories_in_store,
        load_jsonl,
    )

    chosen = {"all": None, "odd": ODD_TOPICS, "even": EVEN_TOPICS}
    if topics not in chosen:
        errors.print(f"[red]error:[/red] --topics must be all, odd or even, not {topics!r}")
        raise typer.Exit(2)
    if path is not None and not path.is_file():
        errors.print(f"[red]error:[/red] {path}: no such file")
        raise typer.Exit(2)
    articles = demo_articles() if path is None else load_jsonl(path)
    score = evaluate_stories_in_store(articles, chosen[topics])
    result = {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "clusters": score.clusters,
        "stories": score.stories,
    }
    if as_json:
        _print_json(result)
        return
    console.print(
        f"B-cubed precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  ({result['clusters']} clusters for {result['stories']} stories)"
    )


@eval_app.command("answers")
def eval_answers(as_json: JsonOption = False) -> None:
    """Score `ask` on labelled questions over the demo corpus, at several similarity floors."""
    from newsdesk.eval.answers import evaluate_demo_answers
    from newsdesk.present.ask import MIN_SIMILARITY

    rows = [
        {
            "floor": score.floor,
            "in_use": abs(score.floor - MIN_SIMILARITY) < 1e-9,
            "answered": score.answered,
            "correct": score.correct,
            "answerable": score.answerable,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "abstained": score.abstained,
            "unanswerable": score.unanswerable,
            "abstention": round(score.abstention, 4),
        }
        for score in evaluate_demo_answers()
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table("floor", "answered", "right", "precision", "recall", "no answer given")
    for row in rows:
        table.add_row(
            f"{row['floor']:.2f}{' (in use)' if row['in_use'] else ''}",
            f"{row['answered']}/{row['answerable']}",
            str(row["correct"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['abstained']}/{row['unanswerable']}",
        )
    console.print(table)


@eval_app.command("entities")
def eval_entities(as_json: JsonOption = False) -> None:
    """Score entity resolution on the demo corpus labels: pairwise precision, recall, F1."""
    from newsdesk.eval.entities import evaluate_demo_entities

    scores = evaluate_demo_entities()
    result = {
        kind: {
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
            "items": score.items,
            "recognised": score.recognised,
        }
        for kind, score in scores.items()
    }
    if as_json:
        _print_json(result)
        return
    table = Table("kind", "precision", "recall", "F1", "labelled forms", "recognised")
    for kind, row in result.items():
        table.add_row(
            kind,
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            str(row["items"]),
            str(row["recognised"]),
        )
    console.print(table)


@eval_app.command("extraction")
def eval_extraction(
    path: Annotated[Path, typer.Argument(help="The article-extraction-benchmark folder.")],
    as_json: JsonOption = False,
) -> None:
    """Score newsdesk's HTML extraction with the benchmark's shingle metric."""
    from newsdesk.eval.extraction import evaluate_benchmark
    from newsdesk.extract.html import html_to_main_text

    if not (path / "ground-truth.json").is_file():
        errors.print(f"[red]error:[/red] {path} has no ground-truth.json")
        raise typer.Exit(2)
    score = evaluate_benchmark(path, html_to_main_text)
    result = {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "pages": score.pages,
    }
    if as_json:
        _print_json(result)
    else:
        console.print(
            f"pages {result['pages']}  precision {result['precision']:.3f}  "
            f"recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
        )


def _run_ingest(
    ctx: typer.Context,
    paths: list[Path],
    hints: IngestHints,
    *,
    quiet: bool,
    hints_for: Any = None,
) -> IngestReport:
    store = _open(ctx)
    with _progress(quiet=quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        enriching = progress.add_task("enriching", total=None)
        return ingest_paths(
            store,
            paths,
            hints,
            ctx.obj,
            hints_for=hints_for,
            on_file=lambda _: progress.advance(task),
            on_problem=lambda message: _problem(progress, message, quiet),
            on_files_found=lambda count: progress.update(task, total=count),
            on_enriched=lambda _: progress.advance(enriching),
        )


def _progress(*, quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=quiet,
    )


def _problem(progress: Progress, message: str, quiet: bool) -> None:
    if quiet:
        return
    style = "yellow" if message.startswith("warning") else "red"
    progress.console.print(message, style=style, markup=False, highlight=False, soft_wrap=True)


def _finish(report: IngestReport, as_json: bool) -> None:
    if as_json:
        _print_json(report.as_json())
    else:
        # New versions of stored articles are only mentioned when there are some.
        revised = f" (new versions of stored ones {report.revised})" if report.revised else ""
        console.print(
            f"files {report.files} · documents {report.documents} · new {report.new} · "
            f"duplicate {report.duplicate} · failed {report.failed} · "
            f"articles {report.articles}{revised} · stubs {report.stubs} · "
            f"enriched {report.enriched} · not enriched {report.enrich_skipped} · "
            f"enrichment failed {report.enrich_failed}",
            soft_wrap=True,
        )
    if report.failed:
        raise typer.Exit(1)


def _print_json(value: object) -> None:
    # Plain stdout, not Rich: Rich wraps long lines to the terminal width.
    typer.echo(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
