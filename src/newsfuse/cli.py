"""The `newsfuse` command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from newsfuse import __version__
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.types import ParsedArticle

DEMO_DIR = Path(__file__).parent / "demo"
DEFAULT_DB = "newsfuse.sqlite"
PROGRESS_MIN_ARTICLES = 5


def _progress(stream: Iterable[ParsedArticle], total: int) -> Iterable[ParsedArticle]:
    if total <= PROGRESS_MIN_ARTICLES or not sys.stderr.isatty():
        return stream
    from tqdm import tqdm

    return tqdm(stream, total=total, desc="analysing", unit="article", file=sys.stderr)


def _db_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=lambda: os.environ.get("NEWSFUSE_DB", DEFAULT_DB),
        show_default=f"$NEWSFUSE_DB or {DEFAULT_DB}",
        help="Embedded SQLite store that keeps articles, their parses and the results.",
    )(func)


@click.group()
@click.version_option(__version__, prog_name="newsfuse")
def main() -> None:
    """newsfuse: one cross-checked account per news story, from many outlets."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write the report here, not stdout.")
@_db_option
@click.option("--no-db", is_flag=True, help="Keep nothing: analyse in memory only.")
@click.option("--demo", is_flag=True, help="Analyse the bundled demo corpus (fiction written for newsfuse).")
def analyze(paths: tuple[str, ...], fmt: str, out: str | None, db: str, no_db: bool, demo: bool) -> None:
    """Analyse PATHS (directories, .txt, .html, .jsonl) and print the cross-checked report."""
    from newsfuse.pipeline import analyze as run
    from newsfuse.report import to_json, to_markdown
    from newsfuse.store import Store

    inputs = list(paths) + ([str(DEMO_DIR)] if demo else [])
    if not inputs:
        raise click.UsageError("give at least one PATH (or --demo)")
    try:
        store = None if no_db else Store(db)
        try:
            report = run(inputs, Settings(), store=store, progress=_progress)
        finally:
            if store is not None:
                store.close()
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    text = to_json(report) if fmt == "json" else to_markdown(report)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    for item in report.rejected:
        click.echo(f"rejected {item.input}: {item.reason}", err=True)
    if not report.articles:
        click.echo(f"error: none of the {len(report.rejected)} inputs could be read as an article", err=True)
        sys.exit(1)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@_db_option
def ingest_command(paths: tuple[str, ...], db: str) -> None:
    """Add PATHS to the store and rebuild its stories, without printing a report."""
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    try:
        with Store(db) as store:
            added, rejected, report = ingest(list(paths), store, Settings(), progress=_progress)
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in rejected:
        click.echo(f"rejected {item.input}: {item.reason}", err=True)
    click.echo(f"{added} new articles; the store holds {len(report.articles)} articles in "
               f"{len(report.stories)} stories ({db})", err=True)
    if not report.articles:
        click.echo("error: the store holds no article", err=True)
        sys.exit(1)


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Serve the web UI and the JSON API over the store."""
    import uvicorn

    from newsfuse.server import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level="info")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the report."""
    from newsfuse.report import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@main.command()
@click.option("--published", required=False, help="Publication date YYYY-MM-DD that relative dates resolve against.")
@click.argument("file", required=False, default="-")
def dates(published: str | None, file: str) -> None:
    """Print the time expressions of FILE (or stdin) as JSON Lines with TIMEX3 values."""
    import datetime as dt

    from newsfuse.extract.dates import find_timexes

    try:
        anchor = dt.date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {published!r}", param_hint="--published") from exc
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8", errors="replace")
    for timex in find_timexes(text, anchor):
        click.echo(json.dumps({"start": timex.start, "end": timex.end, "text": timex.text,
                               "type": timex.type, "value": timex.value}, ensure_ascii=False))


@main.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
def stats(db: str, fmt: str) -> None:
    """Counts of what the store holds."""
    from newsfuse.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}")
    with Store(db) as store:
        counts = store.counts()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key}: {value}")


if __name__ == "__main__":  # pragma: no cover
    main()
