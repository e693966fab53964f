"""Benchmark the render pipeline. Prints figures; asserts nothing. Run with `make bench [AGAINST=cbf17f2]`.

    python tests/bench/render_speed.py [--quality low] [--scenes "A B"] [--against REV] [--hand]

1. `make -j2` from clean (MP4 + GIF for each scene): wall time and seconds of video per wall second; with --against,
   the same for commit REV (a temporary work tree sharing .venv), in the same run, and the speed-up. Each build runs
   --repeat times (2), interleaved with REV's, and the best run of each counts.
2. Per scene, one render at a time: frames, and milliseconds per frame split into drawing (cairo), encoding, TeX,
   scene updaters and animation set-up; for REV too, so the next bottleneck is visible.
3. Each GIF's bytes (marked where it passes the docs budget, GIF_BUDGET: the catalog's largest, RobustLossFamily,
   is largest at low, 0.9 MB) and median PSNR against its own MP4 (scaled to the GIF's size) and against the frames
   the renderer drew (re-rendered once more, kept uncompressed); the base's GIFs against their MP4s.
4. With --hand: the hand way (`manim` per scene, then `manim --format gif`), and its GIFs next to ours.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
GIF_BUDGET = 2_000_000  # bytes: the most a GIF in a docs page may weigh with make's default knobs
sys.path.insert(0, str(ROOT))

from scenes import catalog  # noqa: E402
from scenes.output.pipeline import QUALITIES, gif_scaler  # noqa: E402

MANIM_FLAG = {"low": "-ql", "medium": "-qm", "high": "-qh", "4k": "-qk"}


def video_frames(path):
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def _frames(path, vf=None):
    """Every frame of a video or GIF as RGB arrays, decoded by ffmpeg (optionally through a filter graph)."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
    if vf:
        width, height = (int(v) for v in re.search(r"scale=(\d+):(\d+)", vf).groups())
    out = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), *(["-vf", vf] if vf else []),
                          "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(-1, height, width, 3)


def psnr(a, b):
    """Median per-frame PSNR (dB) of frame stacks `a` against `b` (paired by index)."""
    n = min(len(a), len(b))
    mse = ((a[:n].astype(float) - b[:n].astype(float)) ** 2).mean(axis=(1, 2, 3))
    return float(np.median(10 * np.log10(255**2 / np.maximum(mse, 1e-12))))


def gif_frames(gif, source_width, scaler=None):
    """(its frames, the filter graph that resamples a video `source_width` wide to its size and rate with the GIF's
    scaler (or `scaler`), its (height, width))."""
    with Image.open(gif) as im:
        width, height = im.size
        total_ms = 0
        for i in range(im.n_frames):  # GIF delays are whole centiseconds: average them for the frame rate
            im.seek(i)
            total_ms += im.info.get("duration", 0)
        fps = round(1000 * im.n_frames / total_ms)
    scale = f"scale={width}:{height}:flags={scaler or gif_scaler(source_width, width)},format=bgra"
    return _frames(gif), f"fps={fps:g},{scale}", (height, width)


def fidelity(gif, mp4, reference=None, scaler=None):
    """The GIF's median PSNR against its MP4 (resampled like the GIF), and against the rendered frames when
    `reference` (raw RGB from render_reference.py) is given; the MP4's own against those frames."""
    with av.open(str(mp4)) as c:
        source_width = c.streams.video[0].codec_context.width
    ours, vf, shape = gif_frames(gif, source_width, scaler)
    video = _frames(mp4, vf)
    row = {"gif-mp4": psnr(ours, video)}
    if reference is not None:
        frames = np.fromfile(reference, np.uint8).reshape(-1, *shape, 3)
        row.update({"gif-frames": psnr(ours, frames), "mp4-frames": psnr(video, frames)})
    return row


def run(cmd, **kwargs):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def checkout(rev, dest):
    """A work tree of commit `rev` at `dest` that shares this project's .venv (its files dated in the past, so
    make sees the shared set-up as up to date and never reinstalls the project from there)."""
    run(["git", "worktree", "add", "--detach", "--force", str(dest), rev], cwd=ROOT)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    for path in dest.rglob("*"):
        if ".venv" not in path.parts and path.is_file():
            os.utime(path, (0, 0))
    return dest


def make_clean(tree, build, quality, names):
    """Seconds for `make -j2` of MP4 + GIF for `names` into an empty `build`, run in `tree`."""
    start = time.perf_counter()
    run(["make", "-j2", f"BUILD={build}", f"QUALITY={quality}", f"SCENES={' '.join(names)}"], cwd=tree)
    return time.perf_counter() - start


def timings(tree, name, out, cache):
    """{frames, seconds, draw, encode, tex, updaters, animations} of one render of `name` in `tree`, serial."""
    env = {**os.environ, "LOSSVIZ_TEX_CACHE": str(cache)}
    result = subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "tests/support/render_timings.py"),
                             str(tree), name,
                             str(out)], check=True, capture_output=True, text=True, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


SPLIT = ("draw", "encode", "tex", "updaters", "animations")


def print_timings(label, rows):
    print(f"  {label}: milliseconds per frame (one render at a time; TeX cache warm after the first scene)")
    print(f"    {'scene':<30}{'frames':>7}{'total':>8}" + "".join(f"{k:>11}" for k in SPLIT) + f"{'other':>8}")
    for name, t in rows.items():
        per = {k: 1e3 * t.get(k, 0.0) / t["frames"] for k in SPLIT}
        total = 1e3 * t["seconds"] / t["frames"]
        print(f"    {name:<30}{t['frames']:7d}{total:8.1f}" + "".join(f"{per[k]:11.1f}" for k in SPLIT)
              + f"{total - sum(per.values()):8.1f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quality", default="low", choices=list(QUALITIES))
    parser.add_argument("--scenes", default="")
    parser.add_argument("--against", default="", help="a commit to measure in the same run (e.g. cbf17f2)")
    parser.add_argument("--hand", action="store_true", help="also time the hand way (manim CLI, manim's GIF)")
    parser.add_argument("--repeat", type=int, default=2, help="clean builds of each tree, interleaved; the best counts")
    args = parser.parse_args()
    names = args.scenes.split() or [e.name for e in catalog.CATALOG]
    python = str(ROOT / ".venv/bin/python")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build = tmp / "build"
        base = checkout(args.against, tmp / "base") if args.against else None
        try:
            # Interleaved runs, the best of each kept: this machine's speed drifts by ±10 % over minutes, and a
            # single run of each, minutes apart, measures the drift as much as the code.
            ours_runs, theirs_runs = [], []
            for _ in range(args.repeat):
                shutil.rmtree(build, ignore_errors=True)
                ours_runs.append(make_clean(ROOT, build, args.quality, names))
                if base:
                    shutil.rmtree(tmp / "base-build", ignore_errors=True)
                    theirs_runs.append(make_clean(base, tmp / "base-build", args.quality, names))
            ours, theirs = min(ours_runs), min(theirs_runs) if base else None
            video_seconds = {n: video_frames(build / args.quality / f"{n}.mp4") for n in names}
            with av.open(str(build / args.quality / f"{names[0]}.mp4")) as c:
                fps = float(c.streams.video[0].guessed_rate)
            total = sum(video_seconds.values()) / fps
            print(f"render pipeline, {len(names)} scenes at {args.quality} ({total:.1f} s of video)")
            runs = lambda times: " (runs: " + ", ".join(f"{t:.1f}" for t in times) + ")"  # noqa: E731
            print(f"  make -j2 from clean (MP4 + GIF): {ours:7.1f} s wall   {total / ours:5.2f} video-s per wall-s"
                  + runs(ours_runs))
            if base:
                print(f"  the same at {args.against}:{'':<{max(0, 17 - len(args.against))}}{theirs:7.1f} s wall   "
                      f"{total / theirs:5.2f} video-s per wall-s" + runs(theirs_runs))
                print(f"  speed-up against {args.against} (best run of each): {theirs / ours:.2f}x")
            trees = {"this tree": ROOT, **({args.against: base} if base else {})}
            for label, tree in trees.items():
                cache = tmp / f"tex-{label.replace(' ', '-')}"
                print_timings(label, {n: timings(tree, n, tmp / label.replace(" ", "-") / args.quality / f"{n}.mp4",
                                                 cache) for n in names})
            print_gifs(names, build, args.quality, tmp / "reference", python, base and tmp / "base-build")
            if args.hand:
                hand_way(names, args.quality, build, tmp / "hand", python)
        finally:
            if base:
                subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)


def print_gifs(names, build, quality, reference, python, base_build=None):
    """Each GIF's size and median PSNR: against its MP4, against the frames the renderer drew (the truth, before
    any video compression; the MP4's own figure beside it) and, for a base build, its GIFs against its MP4s."""
    print("GIFs: kB and median PSNR (dB) against the MP4 and against the rendered frames")
    head = f"  {'scene':<30}{'kB':>7}{'vs MP4':>8}{'vs frames':>10}{'MP4 vs frames':>15}"
    print(head + (f"{'base kB':>9}{'base vs MP4':>13}" if base_build else ""))
    for n in names:
        gif, mp4 = build / quality / f"{n}.gif", build / quality / f"{n}.mp4"
        with Image.open(gif) as im:
            width = im.size[0]
        run([python, str(ROOT / "tests/support/render_reference.py"), n, str(reference), quality, str(width), "15"])
        row = fidelity(gif, mp4, reference / f"{n}.rgb")
        size = gif.stat().st_size
        line = (f"  {n:<30}{size / 1e3:7.0f}{row['gif-mp4']:8.1f}{row['gif-frames']:10.1f}{row['mp4-frames']:15.1f}"
                + ("" if size <= GIF_BUDGET else f"  OVER THE {GIF_BUDGET / 1e6:g} MB BUDGET"))
        if base_build:
            base_gif = base_build / quality / f"{n}.gif"
            # cbf17f2 made its GIFs from the MP4 with lanczos: resample its MP4 the same way
            base_psnr = fidelity(base_gif, base_gif.with_suffix(".mp4"), scaler="lanczos")["gif-mp4"]
            line += f"{base_gif.stat().st_size / 1e3:9.0f}{base_psnr:13.1f}"
        print(line)
        (reference / f"{n}.rgb").unlink()


def hand_way(names, quality, build, hand_media, python):
    """manim per scene for the MP4, then `manim --format gif` (a second full render); GIFs next to ours."""
    start = time.perf_counter()
    for n in names:
        entry = catalog.lookup(n)
        for extra in ([], ["--format", "gif"]):
            run([python, "-m", "manim", "render", MANIM_FLAG[quality], "--disable_caching",
                 "--media_dir", str(hand_media), *extra, entry.path, n], cwd=ROOT)
    print(f"  hand way (manim MP4, manim GIF): {time.perf_counter() - start:7.1f} s wall")
    print(f"{'GIF':<24}{'ours kB':>10}{'ours dB':>9}{'manim kB':>10}{'manim dB':>10}{'size ratio':>12}")
    for n in names:
        mp4 = build / quality / f"{n}.mp4"
        ours_gif = build / quality / f"{n}.gif"
        manim_gif = next(hand_media.rglob(f"{n}*.gif"))
        a, b = ours_gif.stat().st_size, manim_gif.stat().st_size
        print(f"{n:<24}{a / 1e3:10.0f}{fidelity(ours_gif, mp4)['gif-mp4']:9.1f}{b / 1e3:10.0f}"
              f"{fidelity(manim_gif, mp4)['gif-mp4']:10.1f}"
              f"{a / b:12.2f}")


if __name__ == "__main__":
    main()
