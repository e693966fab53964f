"""Lecture decks with manim-slides: each story step of each scene becomes one slide.

    python -m scenes.output.slides render SCENE build/slides-src/<quality>[-light]/SCENE.json [--loss-file FILE]
    python -m scenes.output.slides deck OUT.html|OUT.pdf|OUT.pptx --src build/slides-src/<quality> SCENE [SCENE ...]

`render` plays the scene as a manim-slides Slide that pauses after every step but the last (the same scene class
that renders straight through to a video); with --loss-file, SCENE may also be one of that file's losses (its anatomy,
scenes.anatomy). `deck` converts rendered scenes, in the order given, into one deck. HTML
decks load reveal.js from a `reveal.js/` folder beside them (copied from the npm package), never from a CDN, so a
deck folder works on a laptop with no network.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from losscore.custom import LossFileError
from scenes.kit import step_notes
from scenes.output.files import report
from scenes.output.pipeline import manim_session, parse_output_dir, progress_bars, story_class

REVEAL_VERSION = "6.0.1"  # the version manim-slides 5.7.0's template is written for; the Makefile installs it


def slide_class(cls, name=None):
    """`cls` as a manim-slides Slide named `name` (manim-slides names its files after the class; default the class's
    own name) that starts a new slide after every story step but the last; each slide's speaker notes are its
    step's (see scenes.kit.notes)."""
    from manim_slides import Slide

    last = cls.steps[-1]

    def step_done(self, step):
        cls.step_done(self, step)
        # next_slide(notes=...) would set the notes of the slide that starts; these are for the one that ends now
        # (its numbers are the ones on screen at its end), which manim-slides keeps in _base_slide_config
        self._base_slide_config.notes = step_notes(self, step)
        if step != last:
            self.next_slide()

    return type(name or cls.__name__, (cls, Slide), {"step_done": step_done, "skip_reversing": True})


def render(name, out, loss_file=None, params=None):
    """Render catalog scene `name` (or the anatomy of `loss_file`'s loss `name`) as slides into out.parent
    (manim-slides' folder), with the story's own numbers `params`; `out` is its <name>.json."""
    story = story_class(name, loss_file)
    quality, theme = parse_output_dir(out.parent.name)
    out.unlink(missing_ok=True)
    try:
        with manim_session(out.parent, name, quality, theme):
            cls = slide_class(story, name)
            cls(output_folder=out.parent.resolve(), params=params).render()  # it records paths as given
        if not out.exists():
            raise RuntimeError(f"manim-slides wrote no {out}")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    report(f"  done  {out}")


def deck(out, src, names, reveal_dir=None):
    """Convert the rendered scenes `names` (in src) into the deck `out` (.html, .pdf or .pptx), atomically."""
    fmt = out.suffix.lstrip(".")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.stem}.", dir=out.parent))
    try:
        target = tmp / out.name
        options = []
        if fmt == "html":
            options = ["-ccdn_url=reveal.js", f"-ctitle={out.stem}", "-cslide_number=true", "-cprogress=true",
                       "-ccontrols=true", "--disable-revealjs-cache"]
        subprocess.run([sys.executable, "-m", "manim_slides", "convert", "--folder", str(src), "--to", fmt,
                        *options, *names, str(target)], check=True,
                       env={**os.environ, "TQDM_DISABLE": "0" if progress_bars() == "display" else "1"})
        if fmt == "html":
            assets = f"{out.stem}_assets"
            shutil.rmtree(out.parent / assets, ignore_errors=True)
            os.replace(tmp / assets, out.parent / assets)
            if reveal_dir is not None:
                dest = out.parent / "reveal.js" / "dist"
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(Path(reveal_dir) / "dist", dest)
        os.replace(target, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(f"  done  {out}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scenes.output.slides", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render")
    r.add_argument("scene")
    r.add_argument("out", type=Path)
    d = sub.add_parser("deck")
    for p in (r, d):
        p.add_argument("--loss-file", type=Path, help="a loss file: its losses' names are anatomies")
    d.add_argument("out", type=Path)
    d.add_argument("--src", type=Path, required=True)
    d.add_argument("--reveal", type=Path, help="the reveal.js npm package folder (HTML decks)")
    d.add_argument("scenes", nargs="+")
    args = parser.parse_args(argv)
    loss_file = args.loss_file and args.loss_file.resolve()
    try:
        if args.command == "render":
            render(args.scene, args.out, loss_file)
        else:
            for name in args.scenes:
                story_class(name, loss_file)
            deck(args.out, args.src, args.scenes, args.reveal)
    except LossFileError as err:
        sys.exit(f"error: {err}; {args.out} was not written")
    except KeyError as err:
        sys.exit(f"error: {err.args[0]}")
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        label = args.scene if args.command == "render" else args.out.name
        sys.exit(f"error: {label} failed ({args.command}); {args.out} was not written")


if __name__ == "__main__":
    main()
