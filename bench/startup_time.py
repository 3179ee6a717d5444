"""Start-up time: from launching Chancery to its window showing results on the sample archive.

Launches the frozen ``dist/chancery/chancery`` (or ``python -m desktop`` with
``--source``) offscreen with ``CHANCERY_TIMING=1``, which makes the window
print ``window-with-results epoch=<time>`` once it shows its first results,
then quit. The time is measured from just before the process is started, so
it includes the bootloader, Python, Qt and the library opening.

The first (warm-up) run imports the samples into a fresh library and is not
counted; the measured runs open that library as a person's second start would.

Usage::

    python bench/startup_time.py [--source] [--runs 7] [--target 1.0] [--library DIR]

With ``--library DIR`` every run opens that library, and the warm-up run
only opens it too (the window quits at its first results, before it would
merge anything). With ``--source`` the warm-up run also writes the compiled
bytecode (under ``build/pycache``), as an installed application has it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "chancery" / "chancery"
MARK = "window-with-results"


def command(source: bool, bundle: Path) -> list[str]:
    """The command that starts Chancery."""
    if source:
        return [sys.executable, "-m", "desktop"]
    if not bundle.exists():
        raise SystemExit(f"no bundle at {bundle}; run make bundle (or pass --source)")
    return [str(bundle)]


def one_run(cmd: list[str], library: Path, env: dict[str, str], timeout: float) -> tuple[float, float, int]:
    """Starts Chancery once.

    Returns:
        Seconds to the window with results, seconds until the process exited, and the result count.
    """
    started = time.time()
    out = subprocess.run([*cmd, "--library", str(library)], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=timeout)
    ended = time.time()
    line = next((x for x in out.stdout.splitlines() if x.startswith(MARK)), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"run failed (exit {out.returncode}):\n{out.stdout}\n{out.stderr}")
    fields = dict(part.split("=", 1) for part in line.split()[1:])
    return float(fields["epoch"]) - started, ended - started, int(fields["results"])


def main(argv: list[str] | None = None) -> int:
    """Measures and prints median, min and max; exit 1 if the median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", action="store_true", help="time python -m desktop instead of the bundle")
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help=f"the frozen executable (default {BUNDLE})")
    parser.add_argument("--runs", type=int, default=7, help="measured runs (default 7, at least 5)")
    parser.add_argument("--target", type=float, default=1.0, help="seconds the median must not exceed")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run counts as hung")
    parser.add_argument("--library", type=Path, help="open this library in every run (the warm-up run too)")
    args = parser.parse_args(argv)
    cmd = command(args.source, args.bundle)
    with tempfile.TemporaryDirectory(prefix="chancery-startup-") as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "CHANCERY_TIMING": "1",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        if args.source:
            # An installed Chancery runs from compiled bytecode (pip compiles it, the bundle holds it);
            # from the source tree the warm-up run writes it, here, instead of every run compiling again.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(REPO / "build" / "pycache")
        library = home / "library"
        if args.library:
            library = args.library.resolve()
            warm, _, count = one_run(cmd, library, env, args.timeout)
            print(f"warm-up (opens the library of {count} statements): {warm:.3f} s")
        else:
            warm, _, count = one_run(cmd, library, env, args.timeout)
            print(f"warm-up (imports the {count} sample statements): {warm:.3f} s")
        shown, exited = [], []
        for run in range(1, max(args.runs, 5) + 1):
            to_results, to_exit, count = one_run(cmd, library, env, args.timeout)
            shown.append(to_results)
            exited.append(to_exit)
            print(f"run {run}: window with {count} results after {to_results:.3f} s (process ended at {to_exit:.3f} s)")
    median = statistics.median(shown)
    what = "python -m desktop" if args.source else str(args.bundle.relative_to(REPO)
                                                         if args.bundle.is_relative_to(REPO) else args.bundle)
    print(f"{what}: window with results median {median:.3f} s, min {min(shown):.3f} s, max {max(shown):.3f} s "
          f"over {len(shown)} runs")
    verdict = "met" if median <= args.target else "MISSED"
    print(f"target <= {args.target:.1f} s: {verdict}")
    return 0 if median <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
