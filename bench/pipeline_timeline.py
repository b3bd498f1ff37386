"""Who is busy during the default ``briefing fetch``: the parent (fetch threads and the writer) and
each parse process, sampled every half second from /proc (Linux only).

    python -m bench.pipeline_timeline [--feeds 200] [--items 50] [--interval 0.5]

Prints one line per sample: the share of one core each process used, and how idle the whole
machine was (other work on a shared machine shows up as neither). Then the totals: if the parse
processes are near 100 % each while the parent sits low, the analysis is the bottleneck and the
writer waits on it; if the machine is idle while a process waits, the pipeline has a gap.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_refresh import briefing_cmd, write_opml
from bench.feedgen import write_feeds
from bench.serve import ServerProcess

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of one process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def machine_idle() -> tuple[int, int]:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return values[3] + values[4], sum(values)  # idle + iowait, all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("needs Linux /proc", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="briefing-timeline-"))
    write_feeds(work / "feeds", args.feeds, args.items)
    db = work / "timeline.db"
    with ServerProcess(work / "feeds") as base:
        write_opml(work / "feeds.opml", [f"{base}/feed{i}.xml" for i in range(1, args.feeds + 1)])
        subprocess.run(briefing_cmd(db, "import", str(work / "feeds.opml")), check=True, capture_output=True)
        proc = subprocess.Popen(briefing_cmd(db, "fetch"), stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        seen: dict[int, float] = {}
        totals: dict[int, float] = {}
        idle_before = machine_idle()
        while proc.poll() is None:
            time.sleep(args.interval)
            pids = [proc.pid, *children(proc.pid)]
            shares = []
            for pid in pids:
                now = cpu_seconds(pid)
                if now is None:
                    continue
                shares.append((now - seen.get(pid, 0.0)) / args.interval * 100)
                seen[pid] = totals[pid] = now
            idle_now = machine_idle()
            span = idle_now[1] - idle_before[1]
            idle = 100 * (idle_now[0] - idle_before[0]) / span if span else 0.0
            idle_before = idle_now
            if shares:
                workers = " ".join(f"{s:4.0f}%" for s in shares[1:])
                print(
                    f"{time.perf_counter() - start:5.1f} s  parent {shares[0]:4.0f}%  parse {workers}  idle {idle:3.0f}%"
                )
        wall = time.perf_counter() - start
    parent = totals.get(proc.pid, 0.0)
    parse = sum(v for pid, v in totals.items() if pid != proc.pid)
    print(f"wall {wall:.2f} s; CPU seen: parent {parent:.2f} s, parse processes {parse:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
