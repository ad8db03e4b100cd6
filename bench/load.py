"""Load test of `parley serve`: mixed reads over HTTP on loopback while `parley analyze --db` writes.

Starts `parley serve` on 127.0.0.1 over a store seeded with analysed articles (bench/corpus.py),
starts a `parley analyze --db` run that writes more articles into the same store, and drives the
API with concurrent clients for a fixed time: pages, JSON lists and filters, a dyad series and a
CSV download. Records requests/s, p50/p99 latency, errors and the writer's progress, and writes them
into docs/performance.md between the markers <!-- load:start --> and <!-- load:end -->.
Not a test: run it by hand, e.g. `python bench/load.py --seconds 30`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
PARLEY = [sys.executable, "-c", "from parley.cli import main; main()"]

#: The request mix: (weight, label, path). Filters use dyads and actors the corpus has.
MIX = [
    (3, "page /events", "/events?plover=ACCUSE"),
    (2, "page /", "/"),
    (2, "page /documents", "/documents"),
    (4, "api documents", "/api/documents?limit=20"),
    (5, "api events dyad", "/api/events?dyad=USA-IRN&directed=false&limit=50"),
    (4, "api events actor", "/api/events?actor=RUS&facets=false&limit=20"),
    (3, "api events filter", "/api/events?quad_class=4&sort=-goldstein&limit=20"),
    (3, "api actors", "/api/actors?limit=20"),
    (2, "api summary", "/api/summary"),
    (2, "api series", "/api/series?actor=CHN&by=month"),
    (1, "api events.csv", "/api/events.csv?dyad=USA-IRN"),
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    by_label: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def corpus(n: int, path: Path, seed: int) -> Path:
    """n invented articles (bench/corpus.py) as JSON Lines."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    return write_corpus(n, path, seed=seed)


def seed_store(db: Path, n: int, work: Path) -> None:
    """A store of n analysed articles (kept in `work`, so later runs reuse it)."""
    cached = work / f"seed-{n}.duckdb"
    if not cached.exists():
        print(f"seeding {n} documents (one-off, cached in {cached}) ...", file=sys.stderr)
        articles = corpus(n, work / f"seed-{n}.jsonl", seed=11)
        subprocess.run([*PARLEY, "analyze", str(articles), "--db", str(cached), "--format", "jsonl",
                        "--no-progress"], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(cached, db)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


class Connection:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams: light enough that the load generator
    does not eat the CPU the server needs (httpx costs about a millisecond of Python per request)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body bytes) of GET path."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("latin-1"))
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked, close = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        size = 0
        if chunked:
            while (n := int((await self.reader.readline()).strip(), 16)) > 0:
                size += len(await self.reader.readexactly(n + 2)) - 2
            await self.reader.readline()
        elif length is not None:
            size = len(await self.reader.readexactly(length))
        if close:
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def client_loop(host: str, port: int, deadline: float, results: Results, rng: random.Random) -> None:
    weights = [w for w, _, _ in MIX]
    conn = Connection(host, port)
    while time.monotonic() < deadline:
        _, label, path = rng.choices(MIX, weights=weights)[0]
        start = time.perf_counter()
        try:
            code, _ = await conn.get(path)
            ok, status = code == 200, str(code)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            ok, status = False, type(exc).__name__
            await conn.close()
        took = time.perf_counter() - start
        results.latencies.append(took)
        results.by_label.setdefault(label, []).append(took)
        if not ok:
            results.errors[f"{label}: {status}"] = results.errors.get(f"{label}: {status}", 0) + 1
    await conn.close()


async def watch(host: str, port: int, deadline: float, seen: list[tuple[float, int]]) -> None:
    """Twice a second, how many documents the API reports: do readers see the writer's documents?"""
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=30) as client:
        while time.monotonic() < deadline:
            r = await client.get("/api/documents?limit=1")
            seen.append((time.monotonic(), int(r.json()["total"])))
            await asyncio.sleep(0.5)


async def drive(host: str, port: int, seconds: float, concurrency: int, seed: int,
                seen: list[tuple[float, int]]) -> tuple[Results, float]:
    results = Results()
    warm = Connection(host, port)
    for _, _, path in MIX:  # warm up: one of each
        await warm.get(path)
    await warm.close()
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(watch(host, port, deadline, seen),
                         *(client_loop(host, port, deadline, results, random.Random(seed + i))
                           for i in range(concurrency)))
    return results, time.monotonic() - start


def wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"parley serve exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/summary", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("parley serve did not come up")


def count_documents(db: Path) -> int:
    out = subprocess.run([*PARLEY, "query", "--db", str(db), "SELECT count(*) AS n FROM documents",
                          "--format", "csv"], capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1])


def loops() -> str:
    """Which event loop and HTTP parser uvicorn picks here."""
    found = [name for name in ("uvloop", "httptools") if importlib.util.find_spec(name)]
    return ", " + " and ".join(found) if found else ", asyncio and h11"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def report(args: argparse.Namespace, results: Results, elapsed: float, writer: dict[str, object],
           load_avg: tuple[float, float, float]) -> str:
    lat = results.latencies
    n = len(lat)
    n_err = sum(results.errors.values())
    rps = n / elapsed
    p50, p99 = percentile(lat, 0.5) * 1000, percentile(lat, 0.99) * 1000
    goal = "met" if rps >= 200 and p99 < 200 else "NOT met"
    lines = [
        START,
        "## Web API under load (`bench/load.py`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{commit()}` on {machine()}; load average at "
        f"the start {load_avg[0]:.2f} / {load_avg[1]:.2f} / {load_avg[2]:.2f}. The machine is shared with "
        "other people's builds and test runs, so these figures are lower bounds.",
        "",
        f"`parley serve` (one uvicorn process{loops()}) on 127.0.0.1 over a store seeded with {args.docs} "
        f"analysed articles; {args.concurrency} concurrent keep-alive HTTP/1.1 clients (asyncio streams, in one "
        f"process on the same machine) for {elapsed:.0f} s, each sending the next request as soon as the last is answered, "
        f"while `parley analyze --db` wrote {args.write} more articles into the same store.",
        "",
        "| requests | requests/s | p50 ms | p99 ms | errors | goal (≥ 200 req/s, p99 < 200 ms) |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {n} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {n_err} | {goal} |",
        "",
        "| request | share | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for _, label, path in MIX:
        got = results.by_label.get(label, [])
        if got:
            lines.append(f"| `{path}` | {len(got) / n:.0%} | {percentile(got, 0.5) * 1000:.1f} | "
                         f"{percentile(got, 0.99) * 1000:.1f} |")
    lines += [
        "",
        f"Concurrent writer: `parley analyze --db` over {args.write} articles into the served store: "
        f"{writer['analysed']} analysed during the window, {writer['stored']} new documents in the store "
        f"afterwards (store: {writer['before']} → {writer['after']} documents), exit status {writer['exit']}. "
        f"Polled twice a second during the window, the API reported these document totals: "
        f"{', '.join(map(str, writer['seen']))}; after the writer ended, the API reported all {writer['final']} "
        f"documents within {writer['caught_up']:.1f} s (reads may lag another process's write by up to 2 s).",
    ]
    if results.errors:
        lines += ["", "Errors: " + ", ".join(f"{k} × {v}" for k, v in sorted(results.errors.items()))]
    cache = " --no-cache" if args.no_cache else ""
    lines += ["", f"Reproduce: `python bench/load.py --seconds {args.seconds:g} --concurrency {args.concurrency} "
                  f"--docs {args.docs} --write {args.write}{cache}`.", END]
    return "\n".join(lines)


def write_doc(section: str, path: Path = DOC) -> None:
    """Put `section` between the load markers, leaving the rest of the file as it is."""
    text = path.read_text("utf-8") if path.exists() else "# Performance\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, "utf-8")


def run(args: argparse.Namespace, no_cache: bool) -> tuple[Results, float, dict[str, object], tuple[float, ...]]:
    """One measurement: serve a fresh copy of the seed store, start the writer, drive the readers."""
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=args.work))
    db = run_dir / "served.duckdb"
    seed_store(db, args.docs, args.work)
    before = count_documents(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PARLEY_LOG_LEVEL": "warning"}
    server = subprocess.Popen([*PARLEY, "serve", "--db", str(db), "--port", str(port),
                               *(["--no-cache"] if no_cache else [])], env=env, stderr=subprocess.DEVNULL)
    writer_proc = None
    try:
        wait_up(base, server)
        articles = corpus(args.write, run_dir / "more.jsonl", seed=29)
        out = (run_dir / "writer.jsonl").open("w")
        writer_proc = subprocess.Popen([*PARLEY, "analyze", str(articles), "--db", str(db), "--format", "jsonl",
                                        "--no-progress"], stdout=out, stderr=subprocess.PIPE, env=env)
        time.sleep(1.0)
        load_avg = os.getloadavg()
        seen: list[tuple[float, int]] = []
        results, elapsed = asyncio.run(drive("127.0.0.1", port, args.seconds, args.concurrency, args.seed, seen))
        analysed = sum(1 for _ in (run_dir / "writer.jsonl").open())
        try:
            _, err = writer_proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            writer_proc.kill()
            _, err = writer_proc.communicate()
        out.close()
        if writer_proc.returncode:
            print(err.decode()[-2000:], file=sys.stderr)
        ended = time.monotonic()
        stored_now = count_documents(db)
        final = httpx.get(base + "/api/documents?limit=1", timeout=30).json()["total"]
        while final != stored_now and time.monotonic() - ended < 30:  # how long until readers see it all
            time.sleep(0.05)
            final = httpx.get(base + "/api/documents?limit=1", timeout=30).json()["total"]
        caught_up = time.monotonic() - ended
    finally:
        server.terminate()
        server.wait(timeout=30)
        if writer_proc is not None and writer_proc.poll() is None:
            writer_proc.kill()
    after = count_documents(db)
    writer = {"analysed": analysed, "stored": after - before, "before": before, "after": after,
              "exit": writer_proc.returncode if writer_proc else None, "seen": sorted({n for _, n in seen}),
              "final": final, "caught_up": caught_up}
    shutil.rmtree(run_dir, ignore_errors=True)
    return results, elapsed, writer, load_avg


def summary_line(results: Results, elapsed: float) -> str:
    lat = results.latencies
    return (f"{len(lat) / elapsed:.0f} requests/s, p50 {percentile(lat, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(lat, 0.99) * 1000:.0f} ms, {sum(results.errors.values())} errors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--docs", type=int, default=300, help="Documents in the seeded store.")
    parser.add_argument("--write", type=int, default=120, help="Articles the concurrent writer analyses.")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "parley-load",
                        help="Folder for the seed store (reused between runs).")
    parser.add_argument("--no-doc", action="store_true", help="Print the section, do not touch the doc.")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="Serve without the read cache.")
    parser.add_argument("--compare", action="store_true", help="Also measure without the read cache (a "
                        "second run, reported in one line).")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results, elapsed, writer, load_avg = run(args, args.no_cache)
    section = report(args, results, elapsed, writer, load_avg)
    if args.compare and not args.no_cache:
        other, other_elapsed, other_writer, _ = run(args, True)
        line = (f"\nSame run without the read cache (`parley serve --no-cache`): {summary_line(other, other_elapsed)}; "
                f"the writer stored {other_writer['stored']} documents. Every uncached read opens the store "
                "(tens of milliseconds) and runs its queries.\n")
        section = section.replace("\n\nReproduce:", f"\n{line}\nReproduce:", 1)
        section = section.replace(f"--write {args.write}`", f"--write {args.write} --compare`")
    print(section)
    if not args.no_doc:
        write_doc(section)


if __name__ == "__main__":
    main()
