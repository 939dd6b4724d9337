"""Drive the API on loopback with bounded concurrency and report errors and latency.

Two modes:

* the default: builds a store from the bundled demo corpus, starts `newsfuse serve` on a free
  127.0.0.1 port in a subprocess, then sends a fixed number of requests (default 2,000) over the read
  routes with at most --concurrency (default 200) in flight, plus some invalid and oversized POST
  bodies that must get 422 / 413;
* ``--articles FILE.jsonl``: a store of real articles (built once with ``newsfuse ingest`` and kept at
  ``--db``; the last ``--hold-out`` articles are left out of it), then, for each ``--levels`` (default
  50 and 200 concurrent clients), ``--requests`` GETs of ``/api/stories`` (pages and searches) twice:
  on a quiet store, and while other processes ingest the held-out articles into it (``newsfuse
  ingest`` of ``--chunk`` articles, one after another until the load is over; on a fresh copy of the
  store each run). Prints throughput, p50 / p99 and errors per run, whether a writer was busy for the
  whole load, and checks every ingest succeeded.

* ``--serving``: the read paths of issue 18 on the store at ``--db`` (built from ``--articles`` when
  missing, as above): for each ``--levels`` (default 50, 200 and 500 concurrent clients), ``--requests``
  GETs of ``/api/stories`` (pages and searches), ``--requests`` of story pages (``/stories/{id}``, ids
  drawn from every story) and ``--report-requests`` of ``/api/report``, on a quiet store. Prints
  throughput, p50 / p99 and errors per endpoint and level (``--light``: through a minimal keep-alive
  client per connection rather than httpx, whose pool slows down with hundreds of connections and
  then measures itself more than the server). ``--src DIR`` runs the server from another
  source tree (e.g. the main checkout's ``src``), so the same script measures before and after a change.

Stops by itself (every request has a timeout, every run a bounded number of requests); only
127.0.0.1 is contacted.

    .venv/bin/python benchmarks/load.py --requests 2000 --concurrency 200
    .venv/bin/python benchmarks/load.py --articles ../shared/eval/gvc-dev/articles.jsonl --db /tmp/gvc-load.sqlite
    .venv/bin/python benchmarks/load.py --serving --db /tmp/gvc-load.sqlite [--src ../main/src]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsfuse.cli", *args]


def build_store(db: Path) -> None:
    from newsfuse.cli import DEMO_INPUTS
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    with Store(db) as store:
        ingest([str(p) for p in DEMO_INPUTS], store)


def start_server(db: Path, port: int, src: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    proc = subprocess.Popen(
        _cli("serve", "--db", str(db), "--port", str(port)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def drive(base: str, paths: list[tuple[str, str, bytes | None, int]],
                concurrency: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:

        async def one(method: str, path: str, body: bytes | None, expected: int) -> None:
            async with gate:
                start = time.perf_counter()
                try:
                    response = await client.request(method, path, content=body,
                                                     headers={"content-type": "application/json"} if body else None)
                    if response.status_code != expected:
                        errors.append(f"{method} {path}: {response.status_code} (expected {expected})")
                except httpx.HTTPError as exc:
                    errors.append(f"{method} {path}: {type(exc).__name__}")
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(one(*p) for p in paths))
    return latencies, errors


@dataclass(frozen=True)
class Run:
    label: str
    concurrency: int
    requests: int
    seconds: float
    latencies: list[float]
    errors: list[str]

    def lines(self) -> list[str]:
        cuts = statistics.quantiles(self.latencies, n=100)
        out = [f"{self.label:<22} {self.concurrency:>4} clients  {self.requests} requests in {self.seconds:5.1f} s "
               f"({self.requests / self.seconds:5.0f} req/s)  p50 {cuts[49] * 1000:5.0f} ms  "
               f"p99 {cuts[98] * 1000:5.0f} ms  max {max(self.latencies) * 1000:5.0f} ms  errors {len(self.errors)}"]
        out += ["    " + line for line in self.errors[:5]]
        return out


def timed(base: str, plan: list[tuple[str, str, bytes | None, int]], concurrency: int, label: str,
          *, light: bool = False) -> Run:
    """Send the plan with `concurrency` requests in flight: through httpx, or with `light`, through
    `concurrency` clients of ``drive_light`` (each its own keep-alive connection)."""
    start = time.perf_counter()
    latencies, errors = asyncio.run((drive_light if light else drive)(base, plan, concurrency))
    return Run(label, concurrency, len(plan), time.perf_counter() - start, latencies, errors)


async def drive_light(base: str, paths: list[tuple[str, str, bytes | None, int]],
                      concurrency: int) -> tuple[list[float], list[str]]:
    """`concurrency` clients, each on its own keep-alive HTTP/1.1 connection, taking the next request of
    the plan until none is left: a client light enough that hundreds of them measure the server, not
    the client (httpx's pool costs more per request the more connections it holds)."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: list[str] = []
    queue = list(reversed(paths))

    async def client() -> None:
        conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while queue:
            method, path, body, expected = queue.pop()
            start = time.perf_counter()
            try:
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    if conn is None:
                        conn = await asyncio.open_connection(host, int(port))
                    status, keep = await _exchange(*conn, f"{host}:{port}", method, path, body)
                if status != expected:
                    errors.append(f"{method} {path}: {status} (expected {expected})")
                if not keep:
                    conn[1].close()
                    conn = None
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(f"{method} {path}: {type(exc).__name__}")
                if conn is not None:
                    conn[1].close()
                conn = None
            latencies.append(time.perf_counter() - start)
        if conn is not None:
            conn[1].close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, errors


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, method: str, path: str,
                    body: bytes | None) -> tuple[int, bool]:
    """One request and its whole response (Content-Length or chunked); (status, connection kept)."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + (body or b""))
    await writer.drain()
    status = int((await reader.readuntil(b"\r\n")).split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while (size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        return status, False  # the body ends with the connection
    return status, headers.get("connection") != "close"


# --------------------------------------------------------------------------- the demo store, every read route


def demo_load(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.sqlite"
        build_store(db)
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            stories = httpx.get(f"{base}/api/stories?per_page=100").json()["items"]
            ids = [s["id"] for s in stories]
            reads = ["/api/stories", "/api/stories?q=strike", "/api/report", "/", "/api/articles"]
            reads += [f"/api/stories/{i}" for i in ids] + [f"/stories/{i}" for i in ids]
            reads += [f"/api/stories/{i}/facts?status=conflict" for i in ids]
            rng = random.Random(1)
            plan: list[tuple[str, str, bytes | None, int]] = [("GET", rng.choice(reads), None, 200)
                                                              for _ in range(args.requests)]
            bad = [("POST", "/api/articles", b"{not json", 422), ("POST", "/api/articles", b'{"title": 5}', 422),
                   ("POST", "/api/articles", b"[" + b" " * 6_000_000 + b"]", 413)]
            plan += bad * 5
            rng.shuffle(plan)
            run = timed(base, plan, args.concurrency, "demo, every route")
        finally:
            stop(server)
    print("\n".join(run.lines()))


# --------------------------------------------------------------------------- real articles, with a concurrent ingest


def split_articles(source: Path, hold_out: int, chunk: int, folder: Path) -> tuple[Path, list[Path]]:
    """The articles file in (temporary) parts: the store's, and the last `hold_out` lines in chunks of
    `chunk` articles, ingested one after another during the load."""
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = folder / "store.jsonl"
    first.write_text("\n".join(lines[:-hold_out]) + "\n", encoding="utf-8")
    later = lines[-hold_out:]
    chunks = []
    for number, start in enumerate(range(0, len(later), chunk)):
        path = folder / f"later-{number:03d}.jsonl"
        path.write_text("\n".join(later[start:start + chunk]) + "\n", encoding="utf-8")
        chunks.append(path)
    return first, chunks


class Ingester(threading.Thread):
    """`newsfuse ingest` of one chunk after another into the store until the load is over (or the chunks
    are): a writer busy for the whole load."""

    def __init__(self, db: Path, chunks: list[Path]) -> None:
        super().__init__(daemon=True)
        self.db, self.chunks = db, chunks
        self.load_over = threading.Event()
        self.runs: list[tuple[int, str]] = []  # (exit status, the end of stderr) per ingest
        self.busy_at_end = False
        self.proc: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        for chunk in self.chunks:
            if self.load_over.is_set():
                return
            self.proc = subprocess.Popen(_cli("ingest", str(chunk), "--db", str(self.db)),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, err = self.proc.communicate(timeout=3600)
            self.runs.append((self.proc.returncode, err.decode(errors="replace")[-300:]))

    def finish(self) -> None:
        """The load is over: let the running ingest end, start no other."""
        self.busy_at_end = self.is_alive()
        self.load_over.set()
        self.join(3600)


def real_store(args: argparse.Namespace, first: Path) -> Path:
    """The store of the articles (kept at --db between runs: building it parses every article)."""
    db = Path(args.db)
    if not db.exists():
        print(f"building {db} from {args.articles} (without the last {args.hold_out} articles) ...", flush=True)
        start = time.perf_counter()
        subprocess.run(_cli("ingest", str(first), "--db", str(db)), check=True, stdout=subprocess.DEVNULL,
                       timeout=3600)
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return db


def copy_store(db: Path, target: Path) -> Path:
    """A copy of the store (and its index) to run one load on (a concurrent ingest changes it)."""
    with sqlite3.connect(db) as conn:  # fold the write-ahead log into the file first
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(db, target)
    index = Path(f"{db}.usearch")
    if index.exists():
        shutil.copyfile(index, Path(f"{target}.usearch"))
    return target


def story_plan(base: str, requests: int, seed: int) -> list[tuple[str, str, bytes | None, int]]:
    """`requests` GETs of /api/stories: its pages, and searches by words of story titles."""
    first = httpx.get(f"{base}/api/stories?per_page=20", timeout=REQUEST_TIMEOUT).json()
    pages = max(1, -(-int(first["total"]) // 20))
    words = sorted({w.lower() for s in first["items"] for w in (s.get("title") or "").split() if len(w) > 4})
    rng = random.Random(seed)
    paths = [f"/api/stories?page={p}" for p in range(1, min(pages, 10) + 1)]
    paths += [f"/api/stories?q={w}" for w in words[:20]] or ["/api/stories"]
    return [("GET", rng.choice(paths), None, 200) for _ in range(requests)]


def one_load(db: Path, chunks: list[Path], concurrency: int, requests: int, with_ingest: bool,
             work: Path) -> list[str]:
    """One run on a fresh copy of the store: the load alone, or the load while the chunks are ingested."""
    copy = copy_store(db, work / f"run-{concurrency}-{int(with_ingest)}.sqlite")
    port = free_port()
    server = start_server(copy, port)
    writer = Ingester(copy, chunks) if with_ingest else None
    try:
        base = f"http://127.0.0.1:{port}"
        plan = story_plan(base, requests, seed=concurrency)
        timed(base, plan[: min(200, requests)], concurrency, "warm-up")
        before = _article_count(copy)
        if writer is not None:
            writer.start()
            time.sleep(2.0)  # reading and parsing has begun
        run = timed(base, plan, concurrency, "during ingests" if writer else "quiet store")
        lines = run.lines()
        if writer is not None:
            writer.finish()
            failed = [err for status, err in writer.runs if status]
            lines.append(f"    concurrent ingests: {len(writer.runs)} run ({len(failed)} failed), "
                         f"{_article_count(copy) - before} articles added; "
                         + ("a writer busy the whole load" if writer.busy_at_end else "THE INGESTS ENDED FIRST"))
            lines += ["    " + err for err in failed[:3]]
        return lines
    finally:
        if writer is not None and writer.proc is not None and writer.proc.poll() is None:
            writer.proc.kill()
        stop(server)


def _article_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def real_load(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        first, chunks = split_articles(Path(args.articles), args.hold_out, args.chunk, work)
        db = real_store(args, first)
        print(f"store: {_article_count(db)} articles; {args.requests} GET /api/stories per run; during the "
              f"loaded runs, {args.hold_out} more are ingested {args.chunk} at a time, one ingest after another",
              flush=True)
        for level in args.levels:
            for with_ingest in (False, True):
                print("\n".join(one_load(db, chunks, level, args.requests, with_ingest, work)), flush=True)


# --------------------------------------------------------------------------- the read paths (stories, pages, report)


def serving_load(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = Path(args.db)
        if not db.exists():
            if not args.articles:
                raise SystemExit(f"no store at {db}: give --articles FILE.jsonl to build it")
            first, _ = split_articles(Path(args.articles), args.hold_out, args.chunk, work)
            real_store(args, first)
        copy = copy_store(db, work / "serving.sqlite")
        port = free_port()
        server = start_server(copy, port, args.src)
        try:
            base = f"http://127.0.0.1:{port}"
            ids = _story_ids(base)
            print(f"store: {_article_count(copy)} articles, {len(ids)} stories; server from "
                  f"{args.src or 'this checkout'}; {args.requests} GETs of /api/stories and of story pages, "
                  f"{args.report_requests} of /api/report per level", flush=True)
            rng = random.Random(18)
            plans: dict[str, list[tuple[str, str, bytes | None, int]]] = {
                "/api/stories": story_plan(base, args.requests, seed=18),
                "story page": [("GET", f"/stories/{rng.choice(ids)}", None, 200) for _ in range(args.requests)],
                "/api/report": [("GET", "/api/report", None, 200)] * args.report_requests,
            }
            for plan in plans.values():  # every distinct path once (a cache, if any, warms up)
                timed(base, sorted(set(plan)), 8, "warm-up", light=args.light)
            for level in args.levels:
                for name, plan in plans.items():
                    print("\n".join(timed(base, plan, level, name, light=args.light).lines()), flush=True)
        finally:
            stop(server)


def _story_ids(base: str) -> list[str]:
    ids: list[str] = []
    page = 1
    while True:
        data = httpx.get(f"{base}/api/stories?per_page=100&page={page}", timeout=REQUEST_TIMEOUT).json()
        ids += [item["id"] for item in data["items"]]
        if page >= data["pages"]:
            return ids
        page += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=200, help="clients in flight (demo mode)")
    parser.add_argument("--articles", help="a JSONL file of articles: load a store of them (see above)")
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "newsfuse-load.sqlite"),
                        help="the store of --articles, built when missing and kept")
    parser.add_argument("--hold-out", type=int, default=100, help="articles ingested during the load")
    parser.add_argument("--chunk", type=int, default=10, help="articles per ingest during the load")
    parser.add_argument("--levels", type=int, nargs="+", help="concurrent clients per run (default: 50 200, "
                                                               "with --serving 50 200 500)")
    parser.add_argument("--serving", action="store_true", help="the read paths: stories, story pages, report")
    parser.add_argument("--report-requests", type=int, default=200, help="GETs of /api/report per level (--serving)")
    parser.add_argument("--light", action="store_true",
                        help="--serving: a light client per connection (drive_light) rather than httpx, whose pool "
                             "is the bottleneck past ~100 connections")
    parser.add_argument("--src", help="run the server from this source tree (e.g. ../main/src: the code before)")
    args = parser.parse_args()
    args.levels = args.levels or ([50, 200, 500] if args.serving else [50, 200])
    if args.serving:
        serving_load(args)
    elif args.articles:
        real_load(args)
    else:
        demo_load(args)


if __name__ == "__main__":
    main()
