"""The `newsfuse` command line."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from newsfuse import __version__
from newsfuse.config import DEFAULT_DB, IngestSettings, Settings, default_workers
from newsfuse.errors import NewsfuseError
from newsfuse.store import SCHEMA_VERSION, Store, is_url, redacted
from newsfuse.types import ParsedArticle

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_INPUTS = (DEMO_DIR / "articles.jsonl", DEMO_DIR / "extra")
PROGRESS_MIN_ARTICLES = 5
F = TypeVar("F", bound=Callable[..., Any])


class _Progress:
    """One progress bar for a whole run, which parses its inputs batch by batch: each batch's articles
    are added to the bar's total when the batch starts (the total of the run is not known before)."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, stream: Iterable[ParsedArticle], total: int) -> Iterable[ParsedArticle]:
        if self.bar is None:
            if total <= PROGRESS_MIN_ARTICLES or not sys.stderr.isatty():
                return stream
            from tqdm import tqdm

            self.bar = tqdm(total=0, desc="analysing", unit="article", file=sys.stderr)
        self.bar.total += total
        self.bar.refresh()
        return self._counted(stream)

    def _counted(self, stream: Iterable[ParsedArticle]) -> Iterator[ParsedArticle]:
        for parsed in stream:
            self.bar.update(1)
            yield parsed

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _db_option(func: F) -> F:
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=lambda: Settings.from_env().db,
        show_default=f"$NEWSFUSE_DB or {DEFAULT_DB}",
        help="The store that keeps articles, their parses and the results: an SQLite file, or a PostgreSQL "
             "database (postgresql://USER@HOST/DB).",
    )(func)


def _input_options(func: F) -> F:
    """--allow-private, --max-bytes, --max-articles, --batch-chars, --workers and --dask: the input limits,
    memory budget and workers of `analyze` and `ingest`."""
    defaults = IngestSettings()
    func = click.option("--workers", type=click.IntRange(min=1), default=default_workers, show_default="the cores",
                        help="Processes for the per-article work (parsing and extraction); the rest runs in "
                             "this one. Same report, same ids, whatever the number.")(func)
    func = click.option("--dask", "dask_address", metavar="local:N|tcp://HOST:PORT",
                        help="Run the per-article work on a Dask cluster instead: a LocalCluster of N worker "
                             "processes, or a running scheduler.")(func)
    func = click.option("--batch-chars", type=click.IntRange(min=1), default=defaults.batch_chars,
                        show_default=True,
                        help="Memory budget: inputs are read, parsed and stored in batches of at most this many "
                             "characters of text (spaCy takes about 3 KB per character of a batch).")(func)
    func = click.option("--max-articles", type=click.IntRange(min=1), default=defaults.max_articles,
                        show_default=True, help="At most this many articles per run; the rest are rejected.")(func)
    func = click.option("--max-bytes", type=click.IntRange(min=1), default=defaults.max_bytes, show_default=True,
                        help="Largest input article (file, JSONL line, download) in bytes; larger ones "
                             "are rejected.")(func)
    return click.option("--allow-private", is_flag=True,
                        help="Let URL inputs reach loopback, private and link-local addresses "
                             "(refused by default: a guard against server-side request forgery).")(func)


def _settings(allow_private: bool, max_bytes: int, max_articles: int, batch_chars: int, workers: int = 1,
              dask_address: str | None = None) -> Settings:
    """The environment's settings with the command line's input limits and where the per-article work runs."""
    settings = Settings.from_env()
    settings = replace(settings, nlp=replace(settings.nlp, workers=workers, dask=dask_address or None))
    fetch = replace(settings.ingest.fetch, allow_private=allow_private, max_bytes=max_bytes)
    return replace(settings, ingest=replace(settings.ingest, max_bytes=max_bytes, max_articles=max_articles,
                                            batch_chars=batch_chars, fetch=fetch))


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
@_input_options
def analyze(paths: tuple[str, ...], fmt: str, out: str | None, db: str, no_db: bool, demo: bool,
            allow_private: bool, max_bytes: int, max_articles: int, batch_chars: int, workers: int,
            dask_address: str | None) -> None:
    """Analyse PATHS (directories, .txt, .html, .jsonl, .rss/.atom/.xml feeds, http(s) URLs of pages
    or feeds) and print the cross-checked report."""
    from newsfuse.pipeline import analyze as run
    from newsfuse.report import counted, to_json, to_markdown

    inputs = list(paths) + ([str(p) for p in DEMO_INPUTS] if demo else [])
    if not inputs:
        raise click.UsageError("give at least one PATH (or --demo)")
    progress = _Progress()
    try:
        store = None if no_db else Store(db)
        try:
            settings = _settings(allow_private, max_bytes, max_articles, batch_chars, workers, dask_address)
            report = run(inputs, settings, store=store,
                         progress=progress)
        finally:
            progress.close()
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
    unread = Counter(str(a.metadata.get("language")) for a in report.articles if not a.read_in_english)
    if unread:
        languages = ", ".join(f"{language} {n}" for language, n in sorted(unread.items(), key=lambda x: (-x[1], x[0])))
        click.echo(f"note: {counted(unread.total(), 'article')} not in English ({languages}): kept and grouped into "
                   f"stories by their words; their entities, claims and dates are not read", err=True)
    if not report.articles:
        click.echo(f"error: none of the {len(report.rejected)} inputs could be read as an article", err=True)
        sys.exit(1)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@_db_option
@_input_options
@click.option("--rebuild", "full", is_flag=True,
              help="Recluster every stored article (the canonical, order-independent result) instead of "
                   "adding the new ones to the existing stories.")
def ingest_command(paths: tuple[str, ...], db: str, allow_private: bool, max_bytes: int, max_articles: int,
                   batch_chars: int, workers: int, dask_address: str | None, full: bool) -> None:
    """Add PATHS (files, directories, feeds, URLs) to the store and update its stories, without printing
    a report. New articles join the existing stories incrementally; --rebuild reclusters everything."""
    from newsfuse.pipeline import update
    from newsfuse.report import counted

    progress = _Progress()
    try:
        with Store(db) as store:
            try:
                settings = _settings(allow_private, max_bytes, max_articles, batch_chars, workers, dask_address)
                done = update(list(paths), store, settings, progress=progress, full=full)
            finally:
                progress.close()
            articles, stories = store.article_count(), store.story_count()
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in done.rejected:
        click.echo(f"rejected {item.input}: {item.reason}", err=True)
    click.echo(f"{counted(done.added, 'new article')}; the store holds {counted(articles, 'article')} "
               f"in {counted(stories, 'story', 'stories')} ({redacted(db)})", err=True)
    if not articles:
        click.echo("error: the store holds no article", err=True)
        sys.exit(1)


@main.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="FEED|URL|DIR...")
@_db_option
@click.option("--interval", type=click.FloatRange(min=0.05), default=300.0, show_default=True,
              help="Seconds between the starts of two polls.")
@click.option("--allow-private", is_flag=True,
              help="Let URL sources reach loopback, private and link-local addresses (refused by default).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=IngestSettings().max_bytes, show_default=True,
              help="Largest input article (file, JSONL line, download) in bytes.")
@click.option("--batch-chars", type=click.IntRange(min=1), default=IngestSettings().batch_chars, show_default=True,
              help="Memory budget: inputs are parsed and stored in batches of at most this many characters.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for the per-article work of a cycle.")
@click.option("--cycles", type=click.IntRange(min=1), default=None, help="Stop after this many polls.")
def watch_command(sources: tuple[str, ...], db: str, interval: float, allow_private: bool, max_bytes: int,
                  batch_chars: int, workers: int, cycles: int | None) -> None:
    """Poll feeds, pages and folders and add what is new to the store's stories, until SIGINT or SIGTERM.

    Each cycle reads only what is new (a conditional GET for URLs, a seen-set kept in the store for feed
    items and files), adds it as `ingest` does, and logs one line on stderr. A stop finishes the cycle in
    hand (or rolls it back after 2 s); a restart reads nothing twice."""
    from newsfuse.pipeline.watch import Stop, Watcher, handle_signals, sources_problem

    if problem := sources_problem(sources):
        raise click.UsageError(problem)
    stop = Stop()
    restore = handle_signals(stop)
    try:
        settings = _settings(allow_private, max_bytes, IngestSettings().max_articles, batch_chars, workers)
        with Store(db) as store:
            click.echo(f"watching {len(sources)} source{'s' if len(sources) != 1 else ''} every {interval:g} s "
                       f"into {db} (stop with Ctrl-C or SIGTERM)", err=True)
            Watcher(list(sources), store, settings, interval=interval, stop=stop).run(max_cycles=cycles)
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        restore()
    click.echo("watch stopped", err=True)
    if stop.requested:
        # The store is closed and the log flushed: skip the interpreter's teardown of the NLP and embedding
        # models (seconds), so that a stop ends the process within 5 s of the signal.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


# Idle keep-alive connections are kept this long: a client reusing one just as the server closed it
# (uvicorn's default is 5 s) gets a reset connection, which happened under load.
KEEP_ALIVE_SECONDS = 75


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A Host name the server is reached by, besides 127.0.0.1, localhost and ::1 (repeat it; "
                   "'*' accepts any, which gives up the guard against DNS rebinding).")
def serve(db: str, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve the web UI and the JSON API over the store."""
    import uvicorn

    from newsfuse.server import create_app

    settings = Settings.from_env()
    allowed = (*settings.serve.allowed_hosts, *([host] if host not in {"0.0.0.0", "::"} else []), *allow_hosts)
    if host in {"0.0.0.0", "::"} and not allow_hosts:
        click.echo("note: listening on every address, answering only to loopback names; give the names the "
                   "server is reached by with --allow-host", err=True)
    uvicorn.run(create_app(db, settings=settings, allowed_hosts=allowed), host=host, port=port, log_level="info",
                timeout_keep_alive=KEEP_ALIVE_SECONDS)


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

    from newsfuse.extract.timex import find_timexes

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
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "csv", "geojson", "events-csv"]),
              default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write the export here, not stdout.")
def export(db: str, fmt: str, out: str | None) -> None:
    """Export the stored stories: the JSON report, the Markdown brief, CSV (one row per fact value),
    GeoJSON (one point per place) or events-csv (one row per story event, ACLED-style: date and precision,
    place and coordinates, killed and injured as low/best/high, sources, notes)."""
    from newsfuse.pipeline import stored_report
    from newsfuse.report import report_csv, report_geojson, to_json, to_markdown
    from newsfuse.report.exports import report_events_csv

    if not is_url(db) and not Path(db).exists():
        raise click.ClickException(f"no store at {db}")
    try:
        with Store(db, readonly=True) as store:
            report = stored_report(store)
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "csv":
        text = report_csv(report)
    elif fmt == "events-csv":
        text = report_events_csv(report)
    elif fmt == "geojson":
        text = json.dumps(report_geojson(report), ensure_ascii=False, indent=2) + "\n"
    else:
        text = (to_json(report) if fmt == "json" else to_markdown(report)) + "\n"
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8", newline="")
    else:
        click.echo(text, nl=False)


@main.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
def stats(db: str, fmt: str) -> None:
    """Counts of what the store holds."""

    if not is_url(db) and not Path(db).exists():
        raise click.ClickException(f"no store at {db}")
    try:
        with Store(db, readonly=True) as store:
            counts = store.counts()
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key}: {value}")


@main.command()
@_db_option
def migrate(db: str) -> None:
    """Create the store, or upgrade one made by an older newsfuse to this version's schema, keeping what it
    holds. Every write command does this on its own; the read-only ones (`stats`, `export`, the server's
    pages) refuse an older store instead, and say to run this."""
    try:
        Store(db).close()
    except NewsfuseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{redacted(db)}: schema version {SCHEMA_VERSION}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
