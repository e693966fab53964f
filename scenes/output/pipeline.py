"""The render pipeline behind the Makefile: a catalog scene to MP4, and an MP4 to a palette-optimised GIF.

    python -m scenes.output.pipeline render SCENE build/<quality>[-light]/SCENE.mp4 [--gif SCENE.gif --width W --fps F]
                                            [--slides build/slides-src/<quality>[-light]/SCENE.json]
    python -m scenes.output.pipeline render LOSS build/<quality>[-light]/anatomy/LOSS.mp4 [--loss-file FILE]
    python -m scenes.output.pipeline losses [--loss-file FILE]   → the file's losses (else the registry's), checked
    python -m scenes.output.pipeline gif IN.mp4 OUT.gif [--width 640] [--fps 15]

The output path says everything about a render: its folder names the quality (draft, low, medium, high, 4k) and, with a
``-light`` suffix, the light theme; inside an ``anatomy/`` folder the name is a LOSSES entry or one of the
loss file's, rendered by the generic anatomy story. Each output is written under a temporary name in its own folder
and renamed into place only when complete, so a failed or interrupted run leaves no partial file, and parallel
renders (make -j) never share temporary files. With --slides the same render also writes the story as a
manim-slides deck source (scenes.output.slides): one pass gives the video, its GIF and its slides.
"""

import argparse
import functools
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from contextlib import contextmanager, nullcontext
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import numpy as np

from losscore import LOSSES
from losscore.custom import LossFileError, load_loss_file
from losscore.params import closest
from scenes import catalog
from scenes.output.files import atomic, report
from scenes.theme import THEME_ENV

# manim's settings for each quality: its presets, and a draft below them (216p at 10 frames a second) for a quick
# look at a story's timing and layout, and for tests whose claims do not depend on the picture's size.
QUALITIES = {"draft": {"pixel_width": 384, "pixel_height": 216, "frame_rate": 10},
             "low": {"quality": "low_quality"}, "medium": {"quality": "medium_quality"},
             "high": {"quality": "high_quality"}, "4k": {"quality": "fourk_quality"}}
PROGRESS_ENV = "LOSSVIZ_PROGRESS"  # "0": no progress bars (the Makefile sets it when jobs run in parallel)


def progress_bars():
    """manim's progress bars only where someone watches one render: a terminal, and not several jobs at once.
    In a log they would be hundreds of carriage returns; there a render is one line when it starts and one when
    it is done."""
    return "display" if sys.stderr.isatty() and os.environ.get(PROGRESS_ENV) != "0" else "none"


def story_class(name, loss_file=None):
    """The Story class that tells `name`: a catalog scene's, or the anatomy of a loss (LOSSES, or
    `loss_file`'s, see user_losses). KeyError naming the closest valid name for neither. The one lookup behind make,
    the slides, the lessons and the render cache."""
    if name in catalog.BY_NAME:
        entry = catalog.BY_NAME[name]
        return getattr(importlib.import_module(entry.module), name)
    from scenes.anatomy import anatomy_scene

    losses = user_losses(loss_file)
    if name not in LOSSES and name not in losses:
        known = [*catalog.BY_NAME, *LOSSES, *losses]
        raise KeyError(f"unknown scene or loss {name!r}{closest(name, known)}; scenes: {' '.join(catalog.BY_NAME)}; "
                       f"losses: {' '.join([*LOSSES, *losses])}")
    return anatomy_scene(name, losses)


def scene_for(name, out, loss_file=None):
    """(a function giving the story class, quality, theme) for the output path `out` (its folder names the quality
    and theme); an unknown name raises KeyError before anything is written."""
    anatomy = out.parent.name == "anatomy"
    quality, theme = parse_output_dir((out.parent.parent if anatomy else out.parent).name)
    if not anatomy:
        catalog.lookup(name)  # outside anatomy/ only a catalog scene: KeyError listing them
    story = story_class(name, loss_file)
    return (lambda: story), quality, theme


def user_losses(loss_file):
    """{name: Loss} of the loss file `loss_file` (losscore.load_loss_file), or {} for None. Each formula is set by
    LaTeX first, so one it rejects is refused with LaTeX's own error, before anything renders (LossFileError). The
    file is read once per process until it changes (a notebook or a docs build may render it again after an edit)."""
    if not loss_file:
        return MappingProxyType({})
    path = Path(loss_file).expanduser().resolve()
    version = (path.stat().st_mtime_ns, path.stat().st_size) if path.is_file() else None
    return _checked_losses(path, version)


@functools.lru_cache(maxsize=8)
def _checked_losses(path, version):
    losses = load_loss_file(path)
    for entry in losses.values():
        error = latex_error(entry.formula)
        if error:
            raise LossFileError(f"loss file {path}: custom loss {entry.name!r}: LaTeX rejects its formula:\n"
                                f"{error}")
    return MappingProxyType(losses)


def latex_error(tex):
    """LaTeX's own error (from its "!" line to the line it stopped at) for `tex` set as MathTex sets it (in align*,
    in the scenes' template), or "" when it compiles. A formula that compiled is remembered in the TeX cache."""
    from scenes.output.texcache import cache_dir

    document = tex_template_file().read_text(encoding="utf-8").replace(
        "YourTextHere", "\\begin{align*}\n" + tex + "\n\\end{align*}")
    compiled = cache_dir() / f"compiles-{hashlib.sha256(document.encode()).hexdigest()[:20]}"
    if compiled.is_file():
        return ""
    if shutil.which("latex") is None:
        raise RuntimeError("latex is not installed (Debian package: texlive-latex-base; `make` installs it as root)")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "formula.tex").write_text(document, encoding="utf-8")
        result = subprocess.run(["latex", "-interaction=nonstopmode", "-halt-on-error", "formula.tex"], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log = Path(folder, "formula.log").read_text(encoding="utf-8", errors="replace").splitlines()
    if result.returncode == 0:
        compiled.parent.mkdir(parents=True, exist_ok=True)
        compiled.touch()
        return ""
    first = next((i for i, line in enumerate(log) if line.startswith("!")), None)
    if first is None:
        return f"latex failed (exit status {result.returncode})"
    stopped = next((i for i in range(first, min(first + 8, len(log))) if re.match(r"l\.\d+ ", log[i])), first)
    return "\n".join(line.rstrip() for line in log[first:stopped + 1] if line.strip())


def parse_output_dir(folder):
    """("low", "dark") from "low", ("high", "light") from "high-light"; ValueError for anything else."""
    quality, _, theme = folder.partition("-")
    theme = theme or "dark"
    if quality not in QUALITIES or theme not in ("dark", "light"):
        raise ValueError(f"output folder {folder!r}: expected <quality>[-light] with quality one of "
                         f"{', '.join(QUALITIES)}")
    return quality, theme


def _size(path):
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def _report(path, seconds):
    report(f"  done  {path}  {seconds:5.1f} s  {_size(path)}")


X264_PRESET = "veryfast"  # manim leaves x264 at "medium": 30 % of a render's CPU for a file no smaller


class _PresetContainer:
    """An output container whose H.264 streams use X264_PRESET (everything else passes through)."""

    def __init__(self, container):
        self._container = container

    def __getattr__(self, name):
        return getattr(self._container, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._container.__exit__(*exc)

    def add_stream(self, codec_name, *args, options=None, **kwargs):
        if codec_name == "libx264":
            options = {"preset": X264_PRESET, **(options or {})}
        return self._container.add_stream(codec_name, *args, options=options, **kwargs)


class _PresetAV:
    """The `av` module as manim's file writer sees it: containers it writes are _PresetContainers."""

    def __init__(self, av):
        self._av = av

    def __getattr__(self, name):
        return getattr(self._av, name)

    def open(self, *args, **kwargs):
        container = self._av.open(*args, **kwargs)
        writing = kwargs.get("mode", args[1] if len(args) > 1 else "r") == "w"
        return _PresetContainer(container) if writing else container


def _encode_with_preset():
    """Make manim encode its videos with X264_PRESET (its file writer passes only crf 23; idempotent).

    Measured on MeanSquaredError at low: 9.6 → 6.6 CPU-s for the render, the MP4 4 % smaller, 0.5 dB lower PSNR
    against the rendered frames (the same to the eye: flat colours and sharp edges are easy for x264)."""
    from manim.scene import scene_file_writer

    if not isinstance(scene_file_writer.av, _PresetAV):
        scene_file_writer.av = _PresetAV(scene_file_writer.av)


def tex_template_file():
    """assets/tex_template.tex: in the source tree beside the packages (a checkout, `pip install -e`), else the
    copy a plain `pip install` put among the distribution's data files (pyproject.toml's data-files)."""
    source = Path(__file__).resolve().parents[2] / "assets" / "tex_template.tex"
    if source.is_file():
        return source
    from importlib import metadata

    for file in metadata.files("lossviz") or ():
        if file.name == source.name and Path(file.locate()).is_file():
            return Path(file.locate()).resolve()
    raise FileNotFoundError(f"{source.name}: neither in {source.parent} nor installed with lossviz")


@contextmanager
def manim_session(folder, name, quality, theme, **settings):
    """manim configured for one render of `name`: the theme, the quality (a QUALITIES key), a private temporary
    media folder inside `folder` (deleted afterwards, so parallel renders never share one), the shared TeX cache,
    and any other manim `settings`. What ./manim.cfg sets is set here too (manim reads that file only from the
    current folder, for the plain manim CLI), so a render from a docs build or a notebook anywhere is make's."""
    from manim import TexTemplate, tempconfig

    from scenes.output import texcache

    os.environ[THEME_ENV] = theme
    Path(folder).mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=folder))
    template = tex_template_file()
    as_manim_cfg = {"verbosity": "WARNING", "notify_outdated_version": False, "max_inflight_encoders": 4,
                    "tex_template_file": template, "tex_template": TexTemplate.from_file(template)}
    try:
        texcache.install()
        _encode_with_preset()
        with tempconfig({**as_manim_cfg, **QUALITIES[quality], "media_dir": str(media),
                         "disable_caching": True, "progress_bar": progress_bars(), **settings}):
            yield media
    finally:
        shutil.rmtree(media, ignore_errors=True)


def render(name, out, gif=None, gif_width=640, gif_fps=15, tap=None, *, loss_file=None, params=None, slides=None):
    """Render catalog scene `name` to the MP4 `out` and, if asked, the GIF `gif` from the same frames, atomically
    (a failure leaves neither). `tap(frame_width, frame_height)` may give a FrameTap of its own instead (the bench
    keeps the frames); an anatomy's loss may be one of `loss_file`'s; `params` are the story's own numbers (checked
    by the story, losscore.params). `slides`: also write the story's slides there, a manim-slides <name>.json (its
    files beside it), from the same pass: the video is byte for byte the one a render without slides writes.
    Returns the video's length in seconds."""
    make_scene, quality, theme = scene_for(name, out, loss_file)
    if slides:
        Path(slides).unlink(missing_ok=True)
    with manim_session(out.parent, name, quality, theme, output_file=name, write_to_movie=True, format="mp4"), \
            (atomic(gif) if gif else nullcontext()) as gif_tmp, _removed_on_failure(slides):
        if slides:
            from scenes.output.slides import slide_class

            # manim-slides writes the slides' paths into the JSON as given: an absolute folder
            scene = slide_class(make_scene(), name)(params=params, output_folder=Path(slides).parent.resolve())
        else:
            scene = make_scene()(params=params)
        width, height = scene.camera.pixel_width, scene.camera.pixel_height
        sink = gif_tap(gif_tmp, gif_width, gif_fps, width, height) if gif else tap(width, height) if tap else None
        if sink:
            sink.tap(scene.renderer.file_writer)
        try:
            scene.render()
            if sink:
                sink.close()
        finally:
            if sink:
                sink.abort()
        movie = Path(scene.renderer.file_writer.movie_file_path)
        seconds = scene.renderer.time
        with atomic(story_file(out)) as tmp:  # the captions and chapters, timed by the render itself
            tmp.write_text(json.dumps(getattr(scene, "timeline", {}), indent=1), encoding="utf-8")
        if slides and not Path(slides).is_file():
            raise RuntimeError(f"manim-slides wrote no {slides}")
        os.replace(movie, out)
    _report(out, seconds)
    if gif:
        _report(gif, seconds)
    if slides:
        report(f"  done  {slides}")
    return seconds


@contextmanager
def _removed_on_failure(slides):
    """The slides' JSON and files deleted if the block fails (manim-slides writes them in place, the JSON last)."""
    try:
        yield
    except BaseException:
        if slides:
            Path(slides).unlink(missing_ok=True)
            shutil.rmtree(Path(slides).parent / "files" / Path(slides).stem, ignore_errors=True)
        raise


def require_ffmpeg():
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("ffmpeg is not installed (Debian package: ffmpeg; `make` installs it when run as root)")


def gif_scaler(source_width, width):
    """The downscale for a GIF `width` wide from frames `source_width` wide: bilinear while it shrinks by at most
    half (854 → 640 at low: the same to the eye as lanczos on text and thin lines, a third of its CPU); area
    averaging below that, where bilinear would skip pixels and thin lines would flicker (1920 → 640 at high)."""
    return "fast_bilinear" if source_width and 2 * width >= source_width else "area"


class FrameTap:
    """Every frame the renderer writes to the MP4, also piped into an ffmpeg command that writes `output_args`.

    The GIF is made this way, from the renderer's own frames, not decoded back from the MP4: H.264's noise makes
    still areas flicker by a level or two, and a GIF pays for every pixel that changes (RobustLossFamily: 2.5 MB
    from the MP4, 0.9 MB from the frames, and 15 dB closer to them; `make bench` prints both). Frames go at `fps`
    (the first frame of each time slot) and only when they differ from the last one sent: they travel with their
    timestamps (NUT), so a still stretch of the story costs one frame of piping and scaling, not one per slot. The
    filter graph in `output_args` scales first and then restores the constant rate (``fps``)."""

    def __init__(self, output_args, fps, frame_width, frame_height):
        import av

        require_ffmpeg()
        self.fps, self.index, self.last_slot = fps, 0, -1
        self.sent = self.pending = None  # the last frame sent; a newer identical one not sent yet, and its slot
        self.process = subprocess.Popen(
            ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "nut", "-i", "-", *output_args], stdin=subprocess.PIPE)
        self.container = av.open(self.process.stdin, mode="w", format="nut")
        rate = Fraction(fps).limit_denominator(1000)
        self.time_base = 1 / rate  # one tick per slot
        self.stream = self.container.add_stream("rawvideo", rate=rate)
        self.stream.width, self.stream.height, self.stream.pix_fmt = frame_width, frame_height, "rgba"

    def _send(self, frame, slot):
        import av

        video_frame = av.VideoFrame.from_ndarray(frame, format="rgba")
        video_frame.pts, video_frame.time_base = slot, self.time_base
        self.container.mux(self.stream.encode(video_frame))

    def add(self, frame, slot):
        if self.sent is not None and np.array_equal(frame, self.sent):
            self.pending = slot  # unchanged: only the end of the clip needs to know how long it lasted
            return
        self._send(frame, slot)
        self.sent, self.pending = frame.copy(), None

    def tap(self, file_writer):
        """Send every frame `file_writer` writes to the MP4 here too."""
        from manim import config

        source_fps = config.frame_rate
        write_frame = file_writer.write_frame

        def both(frame, num_frames=1):
            write_frame(frame, num_frames)
            for _ in range(num_frames):
                slot = int(self.index * self.fps // source_fps)
                if slot != self.last_slot:
                    self.add(frame, slot)
                    self.last_slot = slot
                self.index += 1

        file_writer.write_frame = both

    def close(self):
        if self.pending is not None:  # the clip ends on a still: its last slot marks how long it lasts
            self._send(self.sent, self.pending)
        self.container.mux(self.stream.encode())
        self.container.close()
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise RuntimeError(f"ffmpeg failed on the rendered frames (exit status {self.process.returncode})")

    def abort(self):
        """Stop ffmpeg if it still runs (the render failed)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def gif_tap(out, width, fps, frame_width, frame_height):
    """A FrameTap that writes the looping GIF `out`."""
    graph = gif_filter(width, fps, scale_first=True, source_width=frame_width)
    return FrameTap(["-vf", graph, "-loop", "0", "-f", "gif", str(out)], fps, frame_width, frame_height)


def story_file(mp4):
    """Where the render of `mp4` records what its story said and when: X.mp4 → X.story.json."""
    return Path(mp4).with_suffix(".story.json")


def gif_filter(width, fps, scale_first=False, source_width=None):
    """ffmpeg filter graph: resample (to `fps`, and to `width` with gif_scaler; scale first when the input holds
    only the frames that changed, fps first when it holds every frame), then one palette for the whole clip
    (palettegen, from 3 frames a second: every still of a story lasts longer than that, and it takes a quarter of
    the time) applied without dithering (paletteuse). Scenes are flat colours with anti-aliased edges, so dithering
    only adds noise: without it the GIF is smaller and closer to the video (make bench prints the PSNR)."""
    resample = [f"fps={fps:g}", f"scale={width}:-2:flags={gif_scaler(source_width, width)}"]
    return (",".join(resample[::-1] if scale_first else resample) + ",split[a][b];"
            "[a]fps=3,palettegen=max_colors=256:stats_mode=full[p];"
            "[b][p]paletteuse=dither=none:diff_mode=rectangle")


def make_gif(src, out, width=640, fps=15):
    """Convert the MP4 `src` to a looping GIF `out`, atomically."""
    require_ffmpeg()
    if not src.is_file():
        raise FileNotFoundError(f"{src}: no such video")
    with atomic(out) as tmp:
        subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(src), "-vf", gif_filter(width, fps),
                        "-loop", "0", "-f", "gif", str(tmp)], check=True)
    from PIL import Image

    with Image.open(out) as im:
        frames = im.n_frames
    _report(out, frames / fps)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scenes.output.pipeline", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="render a catalog scene to an MP4 (and a GIF of the same frames)")
    r.add_argument("scene")
    r.add_argument("out", type=Path)
    r.add_argument("--gif", type=Path, help="also write this GIF, from the rendered frames")
    r.add_argument("--slides", type=Path, help="also write the story's slides (manim-slides' <name>.json) here")
    n = sub.add_parser("losses", help="check a loss file (LaTeX sets every formula) and print its losses' names")
    for p in (r, n):
        p.add_argument("--loss-file", type=Path, help="a Python file defining LOSSES = [losscore.custom_loss(...)]")
    g = sub.add_parser("gif", help="convert an MP4 to a GIF")
    g.add_argument("src", type=Path)
    g.add_argument("out", type=Path)
    for p in (r, g):
        p.add_argument("--width", type=int, default=640, help="GIF width in pixels")
        p.add_argument("--fps", type=float, default=15, help="GIF frames per second")
    args = parser.parse_args(argv)
    if args.command == "losses":
        try:
            print(*(user_losses(args.loss_file.resolve()) if args.loss_file else LOSSES))
        except LossFileError as err:
            sys.exit(f"error: {err}")
        return
    label = args.scene if args.command == "render" else args.out.stem
    try:
        if args.command == "render":
            render(args.scene, args.out, args.gif, args.width, args.fps,
                   loss_file=args.loss_file and args.loss_file.resolve(), slides=args.slides)
        else:
            make_gif(args.src, args.out, args.width, args.fps)
    except LossFileError as err:  # the user's file, refused: what is wrong, in a few lines
        sys.exit(f"error: {err}; {args.out} was not written")
    except KeyError as err:  # unknown scene: the message lists the valid names
        sys.exit(f"error: {err.args[0]}")
    except (Exception, KeyboardInterrupt):
        traceback.print_exc()
        sys.exit(f"error: scene {label} failed ({args.command}); {args.out} was not written")


if __name__ == "__main__":
    main()
