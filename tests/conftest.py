"""Shared by the test modules: running make as a user does, and a throw-away copy of the project to edit.

The helpers the test modules import (harnesses, probes, the browser, frame comparison) live in tests/support/;
benchmarks (`make bench`) in tests/bench/."""

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One TeX cache for the whole session, the repository's own: each formula is compiled once, not once in every build
# a test makes (make, a lesson and the cache take the folder from the environment).
os.environ.setdefault("LOSSVIZ_TEX_CACHE", str(ROOT / "build" / "cache" / "tex"))
# `make test` runs pytest inside make. A make a test starts is a user's own, not a sub-make of that one: with its
# variables it would find a job server it cannot reach, warn, and run one job at a time.
for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
    os.environ.pop(variable, None)
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


@pytest.fixture(scope="session", autouse=True)
def shared_story_states(tmp_path_factory):
    """Test workers share the stories the harness tells (scene_harness.story_states) through a folder beside their
    own temporary ones: each story is told once a session, not once a worker."""
    import scene_harness

    if os.environ.get("PYTEST_XDIST_WORKER"):
        scene_harness.SHARED = tmp_path_factory.getbasetemp().parent / "stories"


# How tests go to the two workers (xdist's loadscope, a scope staying on one worker, which fits tests that share
# renders): a module is a scope, but these modules render once per scene or loss, and their tests are split by the
# scene or loss their id names, so that the workers share those renders out.
RENDERS_PER_NAME = ("tests/test_scenes.py", "tests/test_anatomy.py")
# The modules comparing with torch go to one worker together: only that one imports torch (tests/support/lazy.py).
WITH_TORCH = ("tests/test_losscore_courses.py", "tests/test_losscore_keras_vs_torch.py",
              "tests/test_losscore_torch_losses.py", "tests/test_optimize.py")
# The modules with the longest builds go first (the deck, gallery and figures build first of all, which three modules
# read), so that the short scopes fill the workers' last minutes.
FIRST = ("test_docs", "test_lesson", "test_custom_loss", "test_embedding_in_docs", "test_pipeline",
         "test_robust_and_focal_scenes", "test_classification_scenes", "test_learning_params", "test_course_scenes")


def pytest_collection_modifyitems(items):
    def rank(item):
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        return FIRST.index(module) if module in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: each module keeps its order


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    import losscore
    from scenes import catalog

    names = set(losscore.LOSSES) | {entry.name for entry in catalog.CATALOG}

    class SharedRenders(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::")[0]
            if module in WITH_TORCH:
                return "torch"
            named = set(re.split(r"[\[\]-]", nodeid)) & names if module in RENDERS_PER_NAME else ()
            return f"{module}[{min(named)}]" if named else module

    return SharedRenders(config, log)


def shared(tmp_path_factory, name, build):
    """The folder `name` that `build(folder)` fills, built once a session for every test worker: the first to ask
    builds it while the others wait, then they all read it."""
    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def formulas_compiled_together(tmp_path_factory):
    """The formulas the anatomies and the catalog's stories open with, compiled in one LaTeX run into the TeX cache
    the tests share, once a session (on a fresh checkout each would cost a LaTeX run of its own)."""
    def compile_all(folder):
        import losscore
        from scenes import catalog
        from scenes.kit.text import role_tex_expression
        from scenes.output import texcache
        from scenes.output.pipeline import manim_session

        texs = [spec.formula for spec in losscore.LOSSES.values()]
        texs += [catalog.formula_tex(entry.formula) for entry in catalog.CATALOG]
        with manim_session(folder, "formulas", "low", "dark", verbosity="ERROR"):
            texcache.prefetch([role_tex_expression(tex) for tex in texs])

    shared(tmp_path_factory, "formulas", compile_all)


DOCS_SCENES = ["MeanAbsoluteError", "Softmax"]


@pytest.fixture(scope="session")
def docs_build(tmp_path_factory):
    """What a user builds for lectures and docs, by make, for DOCS_SCENES at draft quality: the deck (HTML, PDF,
    PPTX) and the gallery, and with it each scene's web bundle and every figure. make's log is make.log."""
    def build(folder):
        result = subprocess.run(["make", "--no-print-directory", "-j2", f"BUILD={folder}", "QUALITY=draft",
                                 "DECK=course", f"SCENES={' '.join(DOCS_SCENES)}", "slides", "gallery"],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        (folder / "make.log").write_text(result.stdout + result.stderr)

    return shared(tmp_path_factory, "docs-build", build)

