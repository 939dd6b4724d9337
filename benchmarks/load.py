"""Drive the API on loopback with bounded concurrency and report errors and latency.

Builds a store from the bundled demo corpus, starts `newsfuse serve` on a free 127.0.0.1 port in a
subprocess, then sends a fixed number of requests (default 2,000) over the read routes with at most
--concurrency (default 200) in flight, plus some invalid and oversized POST bodies that must get
422 / 413. Stops by itself; only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/load.py --requests 2000 --concurrency 200
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path) -> None:
    from newsfuse.cli import DEMO_INPUTS
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    with Store(db) as store:
        ingest([str(p) for p in DEMO_INPUTS], store)


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


async def drive(base: str, paths: list[tuple[str, str, bytes | None, int]],
                concurrency: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args()
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
            start = time.perf_counter()
            latencies, errors = asyncio.run(drive(base, plan, args.concurrency))
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{len(plan)} requests, {args.concurrency} concurrent, {elapsed:.1f} s ({len(plan) / elapsed:.0f} req/s)")
    print(f"latency p50 {cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    print(f"errors: {len(errors)}")
    for line in errors[:10]:
        print("  " + line)


if __name__ == "__main__":
    main()
