"""Lesson files: a teacher's own numbers for catalog scenes and loss anatomies, built into videos, a deck and a page.

    python -m scenes.output.lesson params NAME [NAME ...] [--loss-file FILE]   each scene's or loss's parameters
    python -m scenes.output.lesson build LESSON.toml BUILD [--quality Q] [--theme T]

A lesson is a TOML file (read with the standard library's tomllib)::

    title = "Week 3: from scores to probabilities"
    quality = "high"        # optional; --quality (make's QUALITY=) wins
    theme = "light"         # optional

    [[scene]]
    name = "Softmax"
    logits = [3.0, 1.0, -1.0, 0.5]

    [[anatomy]]
    loss = "huber"
    delta = 0.5
    # file = "my_losses.py"   a loss file (relative to the lesson) whose losses `loss` may name

Every entry is checked before anything renders (the story's declared parameters, losscore.params): one bad value
stops the build with one short message naming the entry (its position and name) and the key, and nothing is
written. `build` writes build/lessons/<stem>/: each entry's MP4 and GIF (NN-<name>.mp4, in the file's order), the
deck (<stem>.html with its reveal.js, .pdf, .pptx, speaker notes on every slide) and index.html, the lesson's page.
Renders come from the content-keyed cache (scenes.output.cache), so editing one entry re-renders only that entry.
"""

import argparse
import html
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import losscore
from losscore.custom import LossFileError
from losscore.params import ParamError, closest
from scenes import catalog
from scenes.output.files import report
from scenes.output.pipeline import PROGRESS_ENV, QUALITIES
from scenes.theme import THEMES

KINDS = {"scene": "name", "anatomy": "loss"}  # an entry's table name → the key that names what it shows
TOP_KEYS = ("title", "quality", "theme", *KINDS)


class LessonError(ValueError):
    """A lesson file that cannot be built; the message names the file, the entry and the key."""


@dataclass(frozen=True, kw_only=True)
class LessonEntry:
    position: int  # 1-based, in the file's order
    kind: str  # "scene" or "anatomy"
    name: str  # a catalog scene, or a loss (losscore.LOSSES or the entry's loss file)
    params: dict = field(default_factory=dict)  # every declared parameter's value, checked
    changed: dict = field(default_factory=dict)  # those that differ from the story's defaults (the render's key)
    loss_file: Path | None = None

    @property
    def label(self):
        return f"entry {self.position} ([[{self.kind}]] {self.name})"

    @property
    def stem(self):
        """The entry's file names: its position first, so a scene used twice gets two outputs in the file's order."""
        return f"{self.position:02d}-{self.name}"


@dataclass(frozen=True, kw_only=True)
class Lesson:
    path: Path
    title: str
    quality: str
    theme: str
    entries: tuple[LessonEntry, ...]

    @property
    def stem(self):
        return self.path.stem


def story_class(kind, name, loss_file=None):
    """The Story class an entry renders: a catalog scene's for [[scene]], a loss's anatomy for [[anatomy]]."""
    from scenes.output import pipeline

    known = catalog.BY_NAME if kind == "scene" else [*losscore.LOSSES, *pipeline.user_losses(loss_file)]
    if name not in known:
        raise KeyError(f"unknown {'scene' if kind == 'scene' else 'loss'} {name!r}{closest(name, known)}")
    return pipeline.story_class(name, loss_file)


def _file_order(text):
    """[(kind, index within its kind), ...] in the order the tables appear in the file (tomllib keeps each kind's
    array in order, not the order across kinds)."""
    seen = {kind: 0 for kind in KINDS}
    order = []
    for match in re.finditer(r"(?m)^\s*\[\[\s*(\w+)\s*\]\]", text):
        kind = match.group(1)
        if kind in seen:
            order.append((kind, seen[kind]))
            seen[kind] += 1
    return order


def _choice(value, choices, what, where):
    if value not in choices:
        raise LessonError(f"{where}: {what} must be one of {', '.join(choices)}, got {value!r}")
    return value


def read_lesson(path, quality=None, theme=None):
    """The lesson at `path`, every entry checked (LessonError for the first problem); `quality` and `theme` given
    here win over the file's."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise LessonError(f"lesson {path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise LessonError(f"lesson {path}: not valid TOML: {err}") from None
    where = f"lesson {path.name}"
    for key in data:
        if key not in TOP_KEYS:
            raise LessonError(f"{where}: unknown key {key!r}{closest(key, TOP_KEYS)}; keys: {', '.join(TOP_KEYS)}")
    title = data.get("title", path.stem)
    if not isinstance(title, str) or not title.strip():
        raise LessonError(f"{where}: title must be a non-empty string, got {title!r}")
    quality = _choice(quality or data.get("quality", "medium"), tuple(QUALITIES), "quality", where)
    theme = _choice(theme or data.get("theme", "dark"), tuple(THEMES), "theme", where)
    for kind in KINDS:
        if kind in data and not (isinstance(data[kind], list) and all(isinstance(t, dict) for t in data[kind])):
            raise LessonError(f"{where}: {kind} must be written as [[{kind}]] tables")
    entries = tuple(_entry(path, position, kind, data[kind][index])
                    for position, (kind, index) in enumerate(_file_order(text), start=1))
    if not entries:
        raise LessonError(f"{where}: no [[scene]] or [[anatomy]] entries: nothing to build")
    return Lesson(path=path, title=title, quality=quality, theme=theme, entries=entries)


def _entry(path, position, kind, table):
    key = KINDS[kind]
    name = table.get(key)
    where = f"lesson {path.name}, entry {position} ([[{kind}]] {name if isinstance(name, str) else '?'})"
    if not isinstance(name, str):
        raise LessonError(f"{where}: needs {key} = \"...\"")
    given = {k: v for k, v in table.items() if k not in (key, "file")}
    if "file" in table and kind != "anatomy":
        raise LessonError(f"{where}: only an [[anatomy]] entry takes a loss file")
    loss_file = (path.parent / table["file"]).resolve() if "file" in table else None
    try:
        story = story_class(kind, name, loss_file)
        params = story.check_params(given, where)
    except KeyError as err:
        raise LessonError(f"{where}: {err.args[0]}") from None
    except ParamError as err:
        raise LessonError(str(err)) from None
    defaults = {p.name: p.default for p in story.parameters}
    changed = {k: v for k, v in params.items() if v != defaults[k]}
    return LessonEntry(position=position, kind=kind, name=name, params=params, changed=changed, loss_file=loss_file)


def describe(story):
    """A story's parameters as lines of text: name, kind, default, range and meaning."""
    if not story.parameters:
        return [f"{story.story_name()}: no parameters"]
    lines = [f"{story.story_name()}:"]
    width = max(len(p.name) for p in story.parameters) + 2
    for p in story.parameters:
        if p.kind == "choice":
            allowed = " | ".join(map(str, p.choices))
        elif p.kind == "bool":
            allowed = "true | false"
        else:
            low, high = ("" if v is None else _show(float(v)) for v in (p.low, p.high))
            allowed = f"[{low}, {high}]"
            if p.kind in ("floats", "ints"):
                count = p.length[0] if p.length[0] == p.length[1] else f"{p.length[0]}–{p.length[1]}"
                allowed = f"{count} values in {allowed}"
        lines.append(f"  {p.name:<{width}} {p.kind:<7} default {_show(p.default):<24} {allowed:<24} {p.meaning}")
    return lines


def _show(value):
    """A value as a lesson file writes it (lists in brackets, true/false), with the minus sign the videos print."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return (f"{value:g}" if isinstance(value, float) else str(value)).replace("-", "−")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scenes.output.lesson", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("params", help="print the parameters of catalog scenes or losses (their anatomy)")
    p.add_argument("names", nargs="+")
    p.add_argument("--loss-file", type=Path)
    b = sub.add_parser("build", help="build a lesson file into BUILD/lessons/<stem>/")
    b.add_argument("lesson", type=Path)
    b.add_argument("build", type=Path)
    b.add_argument("--quality", choices=tuple(QUALITIES))
    b.add_argument("--theme", choices=tuple(THEMES))
    b.add_argument("--reveal", type=Path, help="the reveal.js npm package folder (the HTML deck)")
    args = parser.parse_args(argv)
    try:
        if args.command == "params":
            for name in args.names:
                kind = "scene" if name in catalog.BY_NAME else "anatomy"
                print("\n".join(describe(story_class(kind, name, args.loss_file))))
        else:
            lesson = read_lesson(args.lesson, args.quality, args.theme)
            build(lesson, args.build, args.reveal)
    except KeyError as err:
        sys.exit(f"error: {err.args[0]}")
    except (LessonError, LossFileError) as err:
        sys.exit(f"error: {err}")


def request_for(entry, lesson):
    """The content-keyed render of one lesson entry (its story, numbers, quality and theme)."""
    from scenes.output import cache

    return cache.Request(name=entry.name, quality=lesson.quality, theme=lesson.theme, loss_file=entry.loss_file,
                         params=entry.changed)  # as a directive or show() asks for the same numbers


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{style}</style></head>
<body><main><h1>{title}</h1>
<p class="links"><a href="{stem}.html">Slides</a> <a href="{stem}.pdf">PDF</a> <a href="{stem}.pptx">PPTX</a></p>
{sections}
</main></body></html>
"""


def page(lesson, rendered):
    """index.html: each entry's captioned video with its chapters, its numbers, and links to its MP4 and GIF."""
    from scenes.output.gallery import STYLE

    sections = []
    for entry, cached in rendered:
        numbers = ", ".join(f"{k} = {_show(v)}" for k, v in entry.params.items())
        video = cached.html("video", lambda path, stem=entry.stem: f"{stem}/{path.name}")
        sections.append(f"""<section class="card" id="{entry.stem}">
  <h2>{entry.position}. {html.escape(cached.request.title)}</h2>
  <p>{html.escape(cached.request.description)}</p>
  {f'<p class="numbers">{html.escape(numbers)}</p>' if numbers else ''}
  <div>{video}</div>
  <p class="links"><a href="{entry.stem}.mp4">MP4</a> <a href="{entry.stem}.gif">GIF</a></p>
</section>""")
    return PAGE.format(title=html.escape(lesson.title), style=STYLE, stem=lesson.stem, sections="\n".join(sections))


def build(lesson, build_dir, reveal=None):
    """Everything for `lesson` in build_dir/lessons/<stem>/, swapped in whole when complete: a failure leaves the
    previous build (or nothing) in place."""
    from scenes.output import slides

    out = Path(build_dir) / "lessons" / lesson.stem
    requests = [request_for(entry, lesson) for entry in lesson.entries]
    rendered = list(zip(lesson.entries, render_all(requests)))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{lesson.stem}.", dir=out.parent))
    try:
        for entry, cached in rendered:
            for suffix in (".mp4", ".gif"):
                _link(cached.mp4.with_suffix(suffix), tmp / f"{entry.stem}{suffix}")
            bundle = tmp / entry.stem
            bundle.mkdir()
            for suffix in (".mp4", ".webm", ".poster.png", ".vtt", ".chapters.vtt"):
                _link(cached.web(suffix), bundle / cached.web(suffix).name)
        for fmt in ("html", "pdf", "pptx"):  # each entry's slides named by its place in the lesson
            slides.deck(tmp / f"{lesson.stem}.{fmt}", [(e.stem, cached.slides) for e, cached in rendered], reveal)
        (tmp / "index.html").write_text(page(lesson, rendered), encoding="utf-8")
        tmp.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(f"  done  {out}/ ({len(lesson.entries)} entries: videos, GIFs, deck, index.html)")


def render_all(requests):
    """The cache's entry of each request, with its slides (one render makes both), several at once, one a core:
    each is a render of its own (or a look-up in the cache), as make -j runs the catalog's. Progress bars would
    overwrite each other: none then."""
    workers = min(len(requests), os.cpu_count() or 1)
    if workers == 1:
        return [_with_slides(request) for request in requests]
    os.environ[PROGRESS_ENV] = "0"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_with_slides, requests))


def _with_slides(request):
    from scenes.output import cache

    return cache.render(request, slides=True)


def _link(src, dest):
    """`dest` as a hard link to the cached `src` (a copy across file systems): the lesson shares the cache's bytes."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


if __name__ == "__main__":
    main()
