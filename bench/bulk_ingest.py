"""Bulk re-ingest: `newsdesk ingest FOLDER --jobs 2` (the real command, as a subprocess, on
a scratch SQLite store) over a folder of N small demo-like text files, beside the baseline
`--jobs 1` over the same folder in the same run.

For each size it prints files/s and time per file (wall and CPU, the command's processes
all counted, model loading included), how many processes did the work, whether the
progress bar was drawn and the closing counts printed, and, from the store's own
timestamps, the time per file of each stage (read and extract, enrich, group) in the first
and the last quarter of the files: flat means the last quarter costs what the first did.

Run from the checkout: `python bench/bulk_ingest.py [--sizes 1000,10000] [--jobs 2]`
(`--sizes 1000,10000,100000` for the full report: hours on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsdesk.testing.corpus import write_demo_like

CHECKOUT = Path(__file__).resolve().parents[1]
COUNTS = re.compile(r"^files (\d+).*· new (\d+).*· failed (\d+).*· enriched (\d+)", re.MULTILINE)
TICKS = os.sysconf("SC_CLK_TCK")
# The stages' timestamps in the store: when each file's document, enrichment and grouping
# was committed.
STAGES = {
    "read+extract": "SELECT received_at FROM documents",
    "enrich": "SELECT enriched_at FROM articles WHERE enriched_at IS NOT NULL",
    "group": "SELECT grouped_at FROM articles WHERE grouped_at IS NOT NULL",
}


@dataclass
class Run:
    """One `newsdesk ingest` run: its wall and CPU seconds, what it printed, the CPU seconds
    of each process it started, and each stage's ms per file in the first and last quarter."""

    wall: float
    cpu: float
    stdout: str
    drawn: str
    processes: dict[int, float] = field(default_factory=dict)
    quarters: dict[str, tuple[float, float]] = field(default_factory=dict)


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of a live process (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def descendants(pid: int) -> list[int]:
    """Every live process under `pid`."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def ingest(folder: Path, store: Path, jobs: int) -> Run:
    """Run `newsdesk ingest folder --jobs jobs` into a fresh store under a pseudo-terminal
    (so the progress bar is drawn as a user sees it), watching its processes' CPU."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(NEWSDESK_DATA_DIR=str(store), PYTHONPATH=str(CHECKOUT / "src"), COLUMNS="100")
    master, terminal = pty.openpty()
    drawn: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            # Only the start and end matter (was a bar drawn); a long run draws megabytes.
            if sum(map(len, drawn)) < 200_000:
                drawn.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "newsdesk", "ingest", str(folder), "--jobs", str(jobs)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    seen: dict[int, float] = {}
    output: list[bytes] = []
    collector = threading.Thread(target=lambda: output.append(process.stdout.read()))  # type: ignore[union-attr]
    collector.start()
    while process.poll() is None:
        for pid in [process.pid, *descendants(process.pid)]:
            cpu = cpu_seconds(pid)
            if cpu is not None:
                seen[pid] = cpu
        time.sleep(0.5)
    collector.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reader.join(timeout=5)
    os.close(master)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run = Run(wall, cpu, b"".join(output).decode(), b"".join(drawn).decode(errors="replace"))
    run.processes = {pid: s for pid, s in seen.items() if pid != process.pid}
    run.processes[process.pid] = seen.get(process.pid, 0.0)
    run.quarters = stage_quarters(store / "newsdesk.db")
    return run


def stage_quarters(database: Path) -> dict[str, tuple[float, float]]:
    """Each stage's ms per file over its first and its last quarter of files, from the
    times the store committed them."""
    quarters = {}
    with sqlite3.connect(database) as connection:
        for stage, query in STAGES.items():
            times = sorted(datetime.fromisoformat(t) for (t,) in connection.execute(query))
            q = len(times) // 4
            if q < 2:
                continue
            first = (times[q] - times[0]).total_seconds() / q
            last = (times[-1] - times[-1 - q]).total_seconds() / q
            quarters[stage] = (first * 1000, last * 1000)
    return quarters


def report(size: int, jobs: int, run: Run) -> None:
    """Print one run's figures."""
    counts = COUNTS.search(run.stdout)
    print(
        f"  --jobs {jobs}: {run.wall:7.1f} s wall, {size / run.wall:6.2f} files/s, "
        f"{1000 * run.wall / size:6.1f} ms/file wall, {1000 * run.cpu / size:6.1f} ms/file CPU"
    )
    busy = sorted((s for s in run.processes.values() if s >= 1.0), reverse=True)
    print(
        f"    processes that used ≥ 1 s CPU: {len(busy)} ({', '.join(f'{s:.0f} s' for s in busy)})"
    )
    bar = "ingesting" in run.drawn and "━" in run.drawn
    told = f"files {counts[1]}, new {counts[2]}, failed {counts[3]}, enriched {counts[4]}"
    print(
        f"    progress bar drawn: {'yes' if bar else 'NO'}; counts at the end: "
        + (told if counts else "NOT FOUND")
    )
    for stage, (first, last) in run.quarters.items():
        print(
            f"    {stage:13s} ms/file, first quarter {first:7.1f}, last quarter {last:7.1f} "
            f"(×{last / first if first else float('nan'):.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="file counts, comma-separated")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline-jobs", type=int, default=1)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"bulk ingest, SQLite, {os.cpu_count()} cores, load average {load:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="newsdesk-bulk-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / f"files-{size}"
            started = time.perf_counter()
            write_demo_like(folder, size)
            print(f"{size} files written in {time.perf_counter() - started:.1f} s")
            for jobs in (args.baseline_jobs, args.jobs):
                report(size, jobs, ingest(folder, Path(tmp) / f"store-{size}-{jobs}", jobs))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
