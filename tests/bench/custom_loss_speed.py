"""How fast your own loss renders: edit the loss file, `make anatomy LOSS_FILE=...`, look. Prints; asserts nothing.

    python tests/bench/custom_loss_speed.py [--loss NAME] [--repeat 2]

A copy of assets/examples/my_losses.py in a temporary folder (outside the repository) is rendered once to warm the
caches (compiled TeX, fonts, Python's bytecode); then, `--repeat` times, the file is edited (a comment added: its
outputs are out of date) and one loss's anatomy is made again at QUALITY=low, as a user iterating on it would. The
best of those runs is the figure that counts (goal: at most 15 s on a 2-core machine).
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from losscore.custom import load_loss_file  # noqa: E402

EXAMPLE = ROOT / "assets" / "examples" / "my_losses.py"
GOAL = 15.0  # seconds


def cpu_seconds():
    """CPU seconds (user + system) of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def make_anatomy(loss_file, name, build):
    """(wall seconds, CPU seconds) of `make anatomy` for loss `name` of `loss_file` at low quality into `build`; the
    CPU time does not depend on what else the machine runs."""
    start, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run(["make", "--no-print-directory", "anatomy", f"LOSS_FILE={loss_file}", f"ANATOMY={name}",
                    "QUALITY=low", f"BUILD={build}"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, cpu_seconds() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loss", default="", help="a loss of the example file (default: its first)")
    parser.add_argument("--repeat", type=int, default=2, help="edits and renders after the warm-up; the best counts")
    args = parser.parse_args()
    name = args.loss or next(iter(load_loss_file(EXAMPLE)))
    with tempfile.TemporaryDirectory(prefix="lossviz-bench-") as folder:
        loss_file, build = Path(folder) / "my_losses.py", Path(folder) / "build"
        shutil.copyfile(EXAMPLE, loss_file)
        first = make_anatomy(loss_file, name, build)
        runs = []
        for edit in range(args.repeat):
            with loss_file.open("a", encoding="utf-8") as file:
                file.write(f"# edit {edit + 1}\n")
            runs.append(make_anatomy(loss_file, name, build))
        size = (build / "low" / "anatomy" / f"{name}.mp4").stat().st_size
        best = min(runs)
        print(f"\nYour own loss: `make anatomy LOSS_FILE=... ANATOMY={name} QUALITY=low` ({size / 1e3:.0f} kB MP4, "
              f"and its GIF)")
        print(f"  first run (caches cold for this folder): {first[0]:5.1f} s  ({first[1]:.1f} CPU-s)")
        print(f"  after an edit, caches warm:             {best[0]:5.1f} s  ({best[1]:.1f} CPU-s; best of {len(runs)}; "
              f"goal ≤ {GOAL:g} s: {'met' if best[0] <= GOAL else 'NOT met'})")


if __name__ == "__main__":
    main()
