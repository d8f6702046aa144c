"""`make bench`: run every benchmark in a process of its own, print each table, and rewrite
docs/benchmarks.md with what they printed, the date and the machine."""

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import ROOT

BENCHMARKS = [
    "bench.save_listing",
    "bench.enrich_rate",
    "bench.enrich_memory",
    "bench.pipeline_workers",
    "bench.page_throughput",
    "bench.accuracy",
]
REPORT = ROOT / "docs" / "benchmarks.md"
MARKER = "BENCH-RESULT "


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {memory_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        memory = ""
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def run(module: str) -> tuple[dict | None, float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", module, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.monotonic() - started
    sys.stdout.write(
        "\n".join(line for line in done.stdout.splitlines() if not line.startswith(MARKER))
    )
    sys.stdout.write("\n")
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line.removeprefix(MARKER)), elapsed, ""
    return None, elapsed, (done.stderr.strip().splitlines() or ["no output"])[-1]


def write_report(results: list[tuple[str, dict | None, float, str]], started: datetime) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand: run it again.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        "",
        "| benchmark | target | result | met |",
        "|---|---|---|---|",
    ]
    for module, result, elapsed, error in results:
        if result is None:
            lines.append(f"| `{module}` | | failed: {error} | no |")
            continue
        figures = "<br>".join(f"{k}: {v}" for k, v in result["figures"].items())
        met = "yes" if result["met"] else "**no**"
        name = f"{result['name']} (`{module}`, {elapsed:.0f} s)"
        lines.append(f"| {name} | {result['target']} | {figures} | {met} |")
    notes = [(r["name"], r["notes"]) for _, r, _, _ in results if r and r.get("notes")]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {name}: {note}" for name, note in notes]
    REPORT.write_text("\n".join(lines) + "\n")


def main() -> int:
    started = datetime.now(UTC)
    only = sys.argv[1:]
    results = []
    for module in BENCHMARKS:
        if only and module.rsplit(".", 1)[1] not in only:
            continue
        result, elapsed, error = run(module)
        if error:
            print(f"== {module} FAILED: {error}")
        results.append((module, result, elapsed, error))
    write_report(results, started)
    failed = [m for m, r, _, _ in results if r is None or not r["met"]]
    total = (datetime.now(UTC) - started).total_seconds()
    print(
        f"\n{len(results) - len(failed)}/{len(results)} targets met in {total:.0f} s; "
        f"wrote {REPORT.relative_to(ROOT)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
