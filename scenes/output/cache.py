"""Renders on demand, stored under a key of everything that changes their pixels: the one render behind the Sphinx
directive (scenes.sphinxext) and the notebook's show() (scenes.notebook), so a render made for one is found by the
other.

A key names the scene (a catalog scene, or a losscore.LOSSES entry drawn by its anatomy), the quality, the theme,
a digest of the user's loss file if one is given, and a digest of every source that draws it (losscore, the
stories and the kit, the render and encoding code, the TeX template, the versions of the pinned packages). Its
entry is a folder laid out as make lays out build/, holding every format a page or a notebook may ask for:

    <cache>/<Scene>-<quality>-<theme>-<digest>/
        key.json                                        the key, in words
        <quality>[-light]/[anatomy/]<Scene>.mp4, .gif   the render (MP4 and GIF of the same frames, as make writes)
        <quality>[-light]/[anatomy/]<Scene>.story.json  what the story said and when
        web/<Scene>/<Scene>.mp4, .webm, .poster.png, .vtt, .srt, .chapters.vtt, embed.html   (as make web writes)
    <cache>/<Scene>-<quality>-<theme>-<digest>-slides/<Scene>.json (and files/)   its slides, if a lesson asked

An entry is built in a temporary folder beside it and renamed into place when complete, under a lock file of its
own: two processes asking for one key at once (sphinx-build -j 2) render it once, and neither sees half of it.
The cache lives in $LOSSVIZ_CACHE, else $XDG_CACHE_HOME/lossviz (~/.cache/lossviz): never in the current folder.
"""

import fcntl
import functools
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import losscore
from losscore.params import Param, check_params, closest
from scenes import catalog
from scenes.output import texcache
from scenes.output.files import report
from scenes.output.pipeline import QUALITIES, tex_template_file, user_losses
from scenes.theme import THEMES

CACHE_ENV = "LOSSVIZ_CACHE"
FORMATS = ("video", "gif")

# What a docs page or a notebook may ask for: one declaration, one check, the same message from both.
OPTIONS = (
    Param(name="quality", kind="choice", choices=tuple(QUALITIES), default="medium", meaning="render quality"),
    Param(name="theme", kind="choice", choices=tuple(THEMES), default="dark", meaning="dark or light background"),
    Param(name="format", kind="choice", choices=FORMATS, default="video",
          meaning="video: MP4 and WebM with poster, captions and chapters; gif: the looping GIF"),
    Param(name="width", kind="int", low=16, high=7680, meaning="width on the page, in CSS pixels"),
)

# The sources that draw a render, relative to the folder holding the packages (the tree, or site-packages).
DRAWN_BY = ("losscore/*.py", "scenes/*.py", "scenes/kit/*.py", "scenes/output/pipeline.py",
            "scenes/output/slides.py", "scenes/output/web.py", "scenes/output/texcache.py", "scenes/output/files.py")
EMBEDDERS = ("scenes/sphinxext.py", "scenes/notebook.py")  # they show renders, they do not draw them


def kind_of(name, loss_file=None):
    """What `name` is: "scene" (a catalog scene) or "loss" (a losscore.LOSSES entry or one of `loss_file`'s, drawn
    by its anatomy); KeyError naming the closest."""
    losses = {**losscore.LOSSES, **losses_in(loss_file)}
    if name in catalog.BY_NAME:
        return "scene"
    if name in losses:
        return "loss"
    near = closest(name, [*catalog.BY_NAME, *losses])
    valid = f"; scenes: {' '.join(catalog.BY_NAME)}; losses: {' '.join(losses)}"
    raise KeyError(f"unknown scene or loss {name!r}" + (near or valid))


def losses_in(loss_file):
    """{name: Loss} of the loss file as it is now ({} for None)."""
    if loss_file:
        _tex_beside_renders()  # pipeline.user_losses sets each formula with LaTeX first
    return user_losses(loss_file)


def ask(name, loss_file=None, **options):
    """What a directive or show() asks for, checked: (the Request, its format, its width or None). An unknown
    name raises KeyError naming the closest; a bad option ParamError naming the valid values."""
    chosen = check_params(OPTIONS, {k: v for k, v in options.items() if v is not None}, where=name)
    if loss_file and not Path(loss_file).is_file():
        raise ValueError(f"{name}: loss file {loss_file}: no such file")
    request = Request(name=name, quality=chosen["quality"], theme=chosen["theme"],
                      loss_file=Path(loss_file).resolve() if loss_file else None)
    return request, chosen["format"], chosen["width"]


@dataclass(frozen=True, kw_only=True)
class Request:
    """One render: of which scene or loss, at which quality and theme. An unknown name raises KeyError at once."""
    name: str
    quality: str = "medium"
    theme: str = "dark"
    loss_file: Path | None = None  # a file of the user's own losses, whose names `name` may be
    params: dict | tuple = ()  # the story's parameters, {name: value} or its pairs (a lesson's own numbers)

    def __post_init__(self):
        self.kind  # noqa: B018 — an unknown name fails here, before anything renders

    # kept once found (a docs build pickles the request with the page, and writes the page in another process)
    @functools.cached_property
    def kind(self):
        return kind_of(self.name, self.loss_file)

    @property
    def identity(self):
        """Everything that changes the pixels, in words (the entry keeps a copy: key.json)."""
        drawn_from_file = self.loss_file and self.name in losses_in(self.loss_file)
        loss_file = _digest({"loss_file": self.loss_file}) if drawn_from_file else None
        return {"name": self.name, "kind": self.kind, "quality": self.quality, "theme": self.theme,
                "params": dict(self.params), "loss_file": loss_file, "sources": sources_digest()}

    @property
    def key(self):
        """The entry's folder name: readable, then a digest of the identity."""
        digest = hashlib.sha256(json.dumps(self.identity, sort_keys=True).encode()).hexdigest()[:16]
        return f"{self.name}-{self.quality}-{self.theme}-{digest}"

    @functools.cached_property
    def title(self):
        """The render's title in words: the catalog's, or the loss's."""
        if self.kind == "scene":
            return catalog.lookup(self.name).title
        return {**losscore.LOSSES, **losses_in(self.loss_file)}[self.name].title

    @functools.cached_property
    def description(self):
        """One line on what the render shows: the catalog's, or the loss's title and lesson."""
        if self.kind == "scene":
            return catalog.lookup(self.name).description
        spec = {**losscore.LOSSES, **losses_in(self.loss_file)}[self.name]
        return f"{spec.title}: {spec.lesson}" if spec.lesson else spec.title


@dataclass(frozen=True)
class Entry:
    """A request's files in the cache (they all exist once `render` has returned it)."""
    request: Request
    folder: Path

    @property
    def mp4(self):
        r = self.request
        out = self.folder / (r.quality + ("-light" if r.theme == "light" else ""))  # make's build/<quality>[-light]
        return (out / "anatomy" if r.kind == "loss" else out) / f"{r.name}.mp4"

    @property
    def gif(self):
        return self.mp4.with_suffix(".gif")

    @property
    def slides(self):
        """The manim-slides JSON of the render's slides (manim-slides writes absolute paths into it, so the slides
        are made in place, in a folder beside the entry's)."""
        return self.folder.with_name(self.folder.name + "-slides") / f"{self.request.name}.json"

    def web(self, suffix):
        """A file of the web bundle: ".mp4", ".webm", ".poster.png", ".vtt", ".chapters.vtt"."""
        return self.folder / "web" / self.request.name / f"{self.request.name}{suffix}"

    def html(self, format, url, width=None, webm=True):
        """The markup that embeds this render: for "video" a <video> with WebM (if `webm`) and MP4 sources, its
        poster, a captions and a chapters track; for "gif" an <img> of the GIF with the description as its alt.
        `url(path)` is the address a reader's browser fetches the file at."""
        label = html.escape(self.request.description, quote=True)
        size = (f'width="{width}" ' if width else "") + 'style="max-width: 100%; height: auto"'
        if format == "gif":
            return f'<img class="lossviz" src="{url(self.gif)}" alt="{label}" {size}>'
        sources = [(".webm", "video/webm"), (".mp4", "video/mp4")] if webm else [(".mp4", "video/mp4")]
        return "\n".join([
            f'<video class="lossviz" controls muted loop playsinline preload="metadata" '
            f'poster="{url(self.web(".poster.png"))}" {size} aria-label="{label}">',
            *(f'  <source src="{url(self.web(suffix))}" type="{kind}">' for suffix, kind in sources),
            f'  <track kind="captions" src="{url(self.web(".vtt"))}" srclang="en" label="English" default>',
            f'  <track kind="chapters" src="{url(self.web(".chapters.vtt"))}" srclang="en" label="Steps">',
            "</video>"])


def cache_dir():
    """$LOSSVIZ_CACHE, else the user's cache folder: the same for every docs build and notebook."""
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lossviz"
    return Path(os.environ.get(CACHE_ENV) or default).resolve()


def sources():
    """Every file that draws a render, by its path in the source tree (a docs build notes them as dependencies of
    a page that shows one): the same names in a checkout and in a plain install."""
    root = Path(catalog.__file__).resolve().parent.parent  # the tree, or site-packages
    files = {str(f.relative_to(root)): f for pattern in DRAWN_BY for f in sorted(root.glob(pattern))}
    for embedder in EMBEDDERS:
        files.pop(embedder, None)
    return {**files, "assets/tex_template.tex": tex_template_file()}


@functools.cache
def sources_digest():
    """A digest of the sources and of the installed versions of the packages lossviz pins (computed once a process:
    sources do not change in the middle of a docs build)."""
    from importlib import metadata

    try:
        pinned = [re.match(r"[\w.-]+", r)[0] for r in metadata.requires("lossviz") or () if "extra ==" not in r]
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        pinned = []
    return _digest(sources(), extra=sorted(f"{name}=={metadata.version(name)}" for name in pinned))


def _digest(files, extra=()):
    """sha256 of named files (their names and bytes) and of the strings `extra`."""
    h = hashlib.sha256()
    for name, path in sorted(files.items()):
        data = Path(path).read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode() + data)
    for item in extra:
        h.update(f"{item}\0".encode())
    return h.hexdigest()


def render(request, slides=False):
    """The cache's entry for `request`, rendered first if it is not there yet (once, whoever else asks at the same
    time); with `slides`, its slides too (Entry.slides), from the same render. A failed render leaves nothing
    behind and raises."""
    root = cache_dir()
    key = request.key
    entry = Entry(request, root / key)
    if entry.folder.is_dir() and (not slides or entry.slides.is_file()):
        return entry
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / f".{key}.lock"):
        if not entry.folder.is_dir() or (slides and not entry.slides.is_file()):  # nobody made it meanwhile
            for stale in root.glob(f".{key}.*/"):  # what a killed render left half made (only a lock holder makes one)
                shutil.rmtree(stale, ignore_errors=True)
            _make(entry, slides)
    return entry


@contextmanager
def _locked(path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed, or when its process dies
        yield


def _tex_beside_renders():
    """Compiled TeX in the cache (make keeps its own under build/): never in the current folder."""
    os.environ.setdefault(texcache.CACHE_ENV, str(cache_dir() / "tex"))


def _make(entry, slides):
    """Render `entry` (staged, then renamed into place) and, with `slides`, its slides in place. An entry made
    before without slides is kept: the render then only adds them."""
    from scenes.output import web
    from scenes.output.pipeline import render as render_scene

    r = entry.request
    made = entry.folder.is_dir()
    _tex_beside_renders()
    report(f"lossviz: rendering {r.name} ({r.quality}, {r.theme}){' with its slides' if slides else ''} into "
           f"{entry.folder}")
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.folder.name}.", dir=entry.folder.parent))
    if slides:
        shutil.rmtree(entry.slides.parent, ignore_errors=True)  # what a killed render left half made
    try:
        staged = Entry(r, tmp)
        staged.mp4.parent.mkdir(parents=True)
        render_scene(r.name, staged.mp4, gif=staged.gif, loss_file=r.loss_file, params=dict(r.params),
                     slides=entry.slides if slides else None)
        if not made:
            web.bundle(staged.mp4, staged.web(".mp4").parent)
            (tmp / "key.json").write_text(json.dumps(r.identity, indent=1), encoding="utf-8")
            tmp.chmod(0o755)  # mkdtemp made it private; a docs build copies from it, a web server may read it
            tmp.rename(entry.folder)
    except BaseException:
        if slides:
            shutil.rmtree(entry.slides.parent, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
