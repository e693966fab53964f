"""Lecture decks with manim-slides: each story step of each scene becomes one slide.

    python -m scenes.output.slides deck OUT.html|OUT.pdf|OUT.pptx [--reveal DIR] SLIDES.json [SLIDES.json ...]

A render writes a story's slides in the same pass as its video (scenes.output.pipeline's --slides): the scene class
plays as a manim-slides Slide that pauses after every step but the last. `deck` converts rendered slides, in the
order given, into one deck. HTML decks load reveal.js from a `reveal.js/` folder beside them (copied from the npm
package), never from a CDN, so a deck folder works on a laptop with no network.
"""

import argparse
import functools
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

from scenes.output.files import report
from scenes.output.pipeline import progress_bars

REVEAL_VERSION = "6.0.1"  # the version manim-slides 5.7.0's template is written for; the Makefile installs it


def slide_class(cls, name=None):
    """`cls` as a manim-slides Slide named `name` (manim-slides names its files after the class; default the class's
    own name) that starts a new slide after every story step but the last; each slide's speaker notes are its
    step's (see scenes.kit.notes)."""
    from manim_slides import Slide

    from scenes.kit import step_notes

    last = cls.steps[-1]

    def step_done(self, step):
        cls.step_done(self, step)
        # next_slide(notes=...) would set the notes of the slide that starts; these are for the one that ends now
        # (its numbers are the ones on screen at its end), which manim-slides keeps in _base_slide_config
        self._base_slide_config.notes = step_notes(self, step)
        if step != last:
            self.next_slide()

    return type(name or cls.__name__, (cls, Slide), {"step_done": step_done, "skip_reversing": True})


def deck(out, slides, reveal_dir=None):
    """Convert rendered slides into the deck `out` (.html, .pdf or .pptx), atomically: `slides` is a list of
    (name in the deck, manim-slides JSON file) (a lesson names its entries: it may show one scene twice)."""
    fmt = out.suffix.lstrip(".")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.stem}.", dir=out.parent))
    try:
        src = tmp / ".slides"
        src.mkdir()
        names = []
        for name, json_file in slides:
            if not Path(json_file).is_file():
                raise FileNotFoundError(f"{json_file}: no such slides (render the scene with --slides first)")
            shutil.copyfile(json_file, src / f"{name}.json")  # it names its files by absolute paths
            names.append(name)
        target = tmp / out.name
        options = []
        if fmt == "html":
            options = ["-ccdn_url=reveal.js", f"-ctitle={out.stem}", "-cslide_number=true", "-cprogress=true",
                       "-ccontrols=true", "--disable-revealjs-cache"]
        _convert(["--folder", str(src), "--to", fmt, *options, *names, str(target)])
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


def _convert(args):
    """`manim-slides convert ARGS`, in this process (a process of its own took ten times as long as converting a
    deck); its progress bars only where someone watches (tqdm reads TQDM_DISABLE once, when imported)."""
    from manim_slides import convert

    bars = convert.tqdm
    if progress_bars() != "display":
        convert.tqdm = functools.partial(bars, disable=True)
    try:
        convert.convert.main(args=args, prog_name="manim-slides convert", standalone_mode=False)
    finally:
        convert.tqdm = bars


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scenes.output.slides", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("deck", help="convert rendered slides into one deck")
    d.add_argument("out", type=Path)
    d.add_argument("--reveal", type=Path, help="the reveal.js npm package folder (HTML decks)")
    d.add_argument("slides", nargs="+", type=Path, help="manim-slides JSON files, in the deck's order")
    args = parser.parse_args(argv)
    try:
        deck(args.out, [(json_file.stem, json_file) for json_file in args.slides], args.reveal)
    except FileNotFoundError as err:
        sys.exit(f"error: {err}; {args.out} was not written")
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        sys.exit(f"error: {args.out.name} failed (deck); {args.out} was not written")


if __name__ == "__main__":
    main()
