"""Run Parley's fuzz targets with a large budget and record what was tried in docs/reliability.md.

The targets (generated inputs and the promise checked on each) are the ones the reliability
tests run with a small budget: tests/reliability/fuzzing.py. This script runs each with
`--examples` inputs (randomised unless --seed is given) in a child process of its own (so a crash
in native code is recorded, not fatal), counts the inputs actually tried and the failures found,
and writes the figures between the markers in the document.

    python bench/fuzz.py --examples 2000
    python bench/fuzz.py --examples 200 --only reader_bytes html --no-write
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from reliability.fuzzing import TARGETS, TRIED, Target  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- fuzz:start -->", "<!-- fuzz:end -->"


def run_target(target: Target, examples: int, fixed_seed: int | None) -> dict[str, object]:
    """Run one target for `examples` inputs; its inputs tried, failures and seconds."""
    before = sum(TRIED.values())
    failure = ""
    config = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck))
    test = config(given(target.strategy())(target.check))
    if fixed_seed is not None:
        test = seed(fixed_seed)(test)
    started = time.perf_counter()
    try:
        test()
    except Exception as exc:  # noqa: BLE001  (a failure is a finding to record, then go on)
        failure = f"{type(exc).__name__}: {exc}"[:300]
    return {"target": target.name, "doc": (target.check.__doc__ or "").strip(),
            "tried": sum(TRIED.values()) - before, "failures": 1 if failure else 0, "failure": failure,
            "seconds": round(time.perf_counter() - started, 1)}


def run_isolated(target: Target, examples: int, fixed_seed: int | None) -> dict[str, object]:
    """Run one target in a child process, so that a crash in native code (a segfault) is recorded
    as a failure of that target instead of ending the whole run."""
    with tempfile.TemporaryDirectory() as folder:
        progress = Path(folder) / "tried"
        command = [sys.executable, __file__, "--examples", str(examples), "--only", target.name,
                   "--child", str(progress)] + (["--seed", str(fixed_seed)] if fixed_seed is not None else [])
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True)
        for line in reversed(proc.stdout.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        tried = int(progress.read_text() or 0) if progress.exists() else 0
        how = f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
        last = (proc.stderr.strip().splitlines() or [""])[-1][:200]
        return {"target": target.name, "doc": (target.check.__doc__ or "").strip(), "tried": tried,
                "failures": 1, "failure": f"the process died ({how}; a crash in native code) {last}".strip(),
                "seconds": round(time.perf_counter() - started, 1)}


def _counting(check, progress: Path):  # noqa: ANN001, ANN202
    """The check, writing the count of inputs tried to `progress` before each (survives a crash)."""
    def counted(case: object) -> None:
        progress.write_text(str(sum(TRIED.values()) + 1))
        check(case)
    counted.__doc__ = check.__doc__
    return counted


def markdown(rows: list[dict[str, object]], examples: int, seconds: float) -> str:
    """The figures as the block that goes between the markers."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [START, "",
             f"Last run: {when}, `python bench/fuzz.py --examples {examples}`, {seconds:.0f} s in all "
             f"on {platform.machine()} / Python {platform.python_version()} (a shared 2-core machine).", "",
             "| target | what must hold | inputs tried | failures | seconds |", "|---|---|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| `{row['target']}` | {row['doc']} | {row['tried']} | {row['failures']} | {row['seconds']} |")
    total = sum(int(r["tried"]) for r in rows)  # type: ignore[arg-type]
    failed = sum(int(r["failures"]) for r in rows)  # type: ignore[arg-type]
    lines += [f"| **all** | | **{total}** | **{failed}** | {seconds:.0f} |", ""]
    lines += [f"- `{r['target']}` failed: {r['failure']}" for r in rows if r["failure"]]
    lines.append(END)
    return "\n".join(lines)


def write_doc(block: str, path: Path = DOC) -> None:
    """Put the block between the markers of the document (appended when the markers are absent)."""
    text = path.read_text("utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per target")
    parser.add_argument("--only", nargs="*", choices=[t.name for t in TARGETS], help="run only these")
    parser.add_argument("--seed", type=int, default=None, help="fix hypothesis's seed")
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave the doc")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # one target, in this process; its row as JSON on the last line
        target = next(t for t in TARGETS if t.name == args.only[0])
        counted = Target(target.name, target.strategy, _counting(target.check, args.child))
        print(json.dumps(run_target(counted, args.examples, args.seed)))
        return 0
    started = time.perf_counter()
    rows = []
    for target in TARGETS:
        if args.only and target.name not in args.only:
            continue
        row = run_isolated(target, args.examples, args.seed)
        print(f"{row['target']:>18}: {row['tried']} inputs, {row['failures']} failures, {row['seconds']} s",
              flush=True)
        rows.append(row)
    block = markdown(rows, args.examples, time.perf_counter() - started)
    if args.no_write:
        print(block)
    else:
        write_doc(block)
        print(f"wrote {DOC}")
    return 1 if any(r["failures"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
