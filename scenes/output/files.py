"""Writing outputs: every file appears whole or not at all, and every line of the log whole."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic(path):
    """Yield a temporary path beside `path` (same folder, same suffix, unique per process); when the block ends
    without an error it is renamed to `path` in one step, otherwise deleted. A reader, or a parallel make job,
    never sees half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def report(line):
    """Print `line` to stdout in one write. Parallel renders (make -j, a lesson's pool) share one log, and where
    Python runs unbuffered (PYTHONUNBUFFERED, as under pytest-xdist) print writes a line and its newline apart:
    two renders' lines could run together."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
