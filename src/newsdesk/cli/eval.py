"""`newsdesk eval ...`: measure newsdesk against labelled data, through the code that runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.options import JsonOption, settings_of
from newsdesk.cli.output import print_json, print_table, say
from newsdesk.errors import InputError


def stories(
    path: Annotated[
        Path | None,
        typer.Argument(help="A JSONL of {doc_id, story, text}; the demo corpus when left out."),
    ] = None,
    topics: Annotated[
        str, typer.Option(help="Score all topics, or the 'odd' (tuning) or 'even' (held out).")
    ] = "all",
    orders: Annotated[
        int,
        typer.Option(help="Also group the stored articles in this many arrival orders in all."),
    ] = 1,
    as_json: JsonOption = False,
) -> None:
    """Group labelled articles from scratch in a throwaway store; print B-cubed scores
    (with --orders N, also their mean and worst over N arrival orders)."""
    from newsdesk.eval.stories import (
        EVEN_TOPICS,
        ODD_TOPICS,
        demo_articles,
        evaluate_orders_in_store,
        format_stories,
        load_jsonl,
    )

    chosen = {"all": None, "odd": ODD_TOPICS, "even": EVEN_TOPICS}
    if topics not in chosen:
        raise InputError(f"--topics must be all, odd or even, not {topics!r}")
    if orders < 1:
        raise InputError(f"--orders must be 1 or more, not {orders}")
    if path is not None and not path.is_file():
        raise InputError(f"{path}: no such file")
    articles = demo_articles() if path is None else load_jsonl(path)
    score = evaluate_orders_in_store(articles, chosen[topics], orders)
    if as_json:
        print_json(score.as_json())
        return
    say(format_stories(score))


def answers(as_json: JsonOption = False) -> None:
    """Score `ask` on the labelled questions over the demo corpus: right answers and right
    abstentions, over all questions and by phrasing (as a reader asks, or precisely)."""
    from newsdesk.eval.answers import evaluate_demo_answers

    scores = evaluate_demo_answers()
    rows = [
        {
            "questions": name,
            "answerable": score.answerable,
            "answered": score.answered,
            "correct": score.correct,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "unanswerable": score.unanswerable,
            "abstained": score.abstained,
            "abstention": round(score.abstention, 4),
        }
        for name, score in scores.items()
    ]
    if as_json:
        print_json(rows)
        return
    print_table(
        ("questions", "answered right", "rate", "answered wrong", "right abstentions", "rate"),
        (
            (
                row["questions"],
                f"{row['correct']}/{row['answerable']}",
                f"{row['recall']:.3f}",
                row["answered"] - row["correct"],
                f"{row['abstained']}/{row['unanswerable']}",
                f"{row['abstention']:.3f}",
            )
            for row in rows
        ),
    )


def entities(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A MEANTIME JSONL (meantime-dev.jsonl); the demo corpus when left out."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score entity resolution: on MEANTIME, B-cubed and pairwise over name mentions across
    documents, same-name baselines beside; without PATH, pairwise on the demo labels (its
    English articles; the names of its articles in other languages apart)."""
    if path is not None:
        from newsdesk.eval.entities import evaluate_meantime, format_meantime

        if not path.is_file():
            raise InputError(f"{path}: no such file")
        score = evaluate_meantime(path)
        if as_json:
            print_json(score.as_json())
        else:
            say(format_meantime(score))
        return
    from newsdesk.eval.entities import evaluate_demo_entities

    demo = evaluate_demo_entities(settings_of(ctx).reading.whos_who_confidence)
    result = {
        kind: {
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
            "items": score.items,
            "recognised": score.recognised,
        }
        for kind, score in demo.pairs.items()
    }
    whos_who = {kind: score.as_json() for kind, score in demo.whos_who.items()}
    if as_json:
        print_json(
            {
                **result,
                "whos_who": whos_who,
                "confidence_floor": demo.floor,
                "cross_language": demo.cross_language.as_json(),
            }
        )
        return
    print_table(
        ("kind", "precision", "recall", "F1", "labelled forms", "recognised"),
        (
            (
                kind,
                f"{row['precision']:.3f}",
                f"{row['recall']:.3f}",
                f"{row['f1']:.3f}",
                row["items"],
                row["recognised"],
            )
            for kind, row in result.items()
        ),
    )
    say(demo.cross_language.line())
    say(f"who's who over the demo stories: lines the labels bear out, confidence >= {demo.floor:g}")
    print_table(
        ("kind", "precision, all", "precision, above", "right kept", "lines above / all"),
        (
            (
                kind,
                f"{row['precision']:.3f}",
                f"{row['precision_above']:.3f}",
                f"{row['kept']:.3f}",
                f"{row['above']}/{row['entities']}",
            )
            for kind, row in whos_who.items()
        ),
    )


def extraction(
    path: Annotated[
        Path,
        typer.Argument(
            help="The article-extraction-benchmark folder, or a folder with pages.jsonl "
            "(extraction-dev)."
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Score newsdesk's HTML extraction beside bare trafilatura on a labelled set, each
    dataset apart: the benchmark's shingle metric, must-include snippets found and
    must-exclude snippets leaked, and pages per CPU-second."""
    import trafilatura

    from newsdesk.eval.extraction import compare_extractors, read_labelled_pages
    from newsdesk.extract.html import html_to_main_text

    if not ((path / "ground-truth.json").is_file() or (path / "pages.jsonl").is_file()):
        raise InputError(f"{path} has neither ground-truth.json nor pages.jsonl")
    extractors = {"newsdesk": html_to_main_text, "trafilatura (bare)": trafilatura.extract}
    scores = compare_extractors(read_labelled_pages(path), extractors)
    if as_json:
        print_json([score.as_json() for score in scores])
        return
    for score in scores:
        row = score.as_json()
        snippets = ""
        if row["must_include_found"] is not None:
            snippets = f"  must-include {row['must_include_found']:.3f}"
        if row["must_exclude_leaked"] is not None:
            snippets += f"  must-exclude leaked {row['must_exclude_leaked']:.3f}"
        say(
            f"{row['dataset']:34s} {row['extractor']:19s} pages {row['pages']:4d}  "
            f"P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
            f"{snippets}  {row['pages_per_second']:.1f} pages/CPU-s"
        )


def ner(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="A CoNLL-2003 file (eng.testa) or the folder holding it.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Score named-entity recognition on CoNLL-2003: exact spans, micro P/R/F1 per label,
    through the enrichment stage ingest runs; the published anchors beside the figure."""
    from newsdesk.eval.ner import evaluate_ner, format_ner

    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    score = evaluate_ner(path, floor=settings_of(ctx).reading.whos_who_confidence)
    if as_json:
        print_json(score.as_json())
    else:
        say(format_ner(score))


def quotes(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A PolNeAR JSONL (e.g. polnear-dev/dev.jsonl).")],
    part: Annotated[
        str, typer.Option(help="Score all articles, or the 'even' or 'odd' ones (file order).")
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Score quotes and reported speech on PolNeAR through the enrichment stage: direct
    quotes P/R/F1, the named speaker right, reported speech found and its precision, and
    speakers' precision and recall at the reader's confidence floor against all."""
    from newsdesk.eval.dates import PARTS
    from newsdesk.eval.quotes import evaluate_quotes, format_quotes

    if part not in PARTS:
        raise InputError(f"--part must be all, even or odd, not {part!r}")
    _require_file(path)
    floor = settings_of(ctx).reading.quote_confidence
    score = evaluate_quotes(path, floor=floor, part=part)
    if as_json:
        print_json(score.as_json())
    else:
        say(format_quotes(score, path.stem if part == "all" else f"{path.stem} ({part})"))


def dates(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="A TimeML JSONL (timebank-dev/timebank.jsonl, MEANTIME).")
    ],
    part: Annotated[
        str,
        typer.Option(help="Score all documents, or the 'even' (tuning) or 'odd' (held out)."),
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Score dated events on TimeML through the enrichment stage: detection and the value of
    calendar dates, the published anchor beside them, and the value over the dates a
    timeline shows (confidence at NEWSDESK_READING_TIMELINE_CONFIDENCE or above)."""
    from newsdesk.cli.options import settings_of
    from newsdesk.eval.dates import PARTS, evaluate_dates, format_dates

    if part not in PARTS:
        raise InputError(f"--part must be all, even or odd, not {part!r}")
    _require_file(path)
    threshold = settings_of(ctx).reading.timeline_confidence
    score = evaluate_dates(path, threshold=threshold, part=part)
    if as_json:
        print_json(score.as_json())
    else:
        say(format_dates(score))


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such file")


def names(
    path: Annotated[
        Path,
        typer.Argument(help="The names-dev folder (nomenklatura pairs, Wikidata Korean names)."),
    ],
    as_json: JsonOption = False,
) -> None:
    """Score the name matcher entity resolution uses: precision and recall on labelled name
    pairs (those across scripts apart too), and Hangul names against their English labels
    and other people's (one syllable apart the hardest); baselines beside."""
    from newsdesk.eval.names import KOREAN_FILE, PAIRS_FILE, evaluate_names, format_names

    if not (path / PAIRS_FILE).is_file() or not (path / KOREAN_FILE).is_file():
        raise InputError(f"{path} has no {PAIRS_FILE} and {KOREAN_FILE}")
    score = evaluate_names(path)
    if as_json:
        print_json(score.as_json())
    else:
        say(format_names(score))
