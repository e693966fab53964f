"""Shared by the test modules: running make as a user does, and a throw-away copy of the project to edit.

The helpers the test modules import (harnesses, probes, the browser, frame comparison) live in tests/support/;
benchmarks (`make bench`) in tests/bench/."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent / "support"))
SOURCES = ["Makefile", "pyproject.toml", "manim.cfg", "losscore", "scenes", "assets"]


def run_make(*args, cwd=ROOT, check=True):
    """`make ARGS` in `cwd`, its output captured; an AssertionError with that output when it fails and `check`."""
    result = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def copy_of_repo(dest):
    """A working copy of the project's sources (mtimes kept) sharing the real .venv, for tests that edit files."""
    dest.mkdir()
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


@pytest.fixture(scope="session")
def make():
    return run_make


@pytest.fixture(scope="session")
def copy_repo():
    return copy_of_repo
