"""Benchmark: the make pipeline against the hand way, and our GIFs against manim's.

    python tests/bench_render.py [--quality low] [--scenes "A B"]

1. `make -j2` from clean (MP4 + GIF for each scene): wall time and seconds of video per wall second.
2. The hand way: `manim` per scene for the MP4, then `manim --format gif` (a second full render), one after another.
3. Each GIF's bytes and PSNR against its own MP4 (the MP4 scaled to the GIF's size), ours next to manim's.
Prints figures; asserts nothing. Run with `make bench`.
"""

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes import catalog  # noqa: E402
from scenes.pipeline import QUALITIES  # noqa: E402

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


def psnr(gif, mp4):
    """Mean PSNR (dB) of the GIF against its MP4, frame by frame (paired by index), the MP4 resampled to the GIF's
    size and rate with the same scaler, so the figure measures the GIF's colour quantisation alone."""
    with Image.open(gif) as im:
        width, height = im.size
        total_ms = 0
        for i in range(im.n_frames):  # GIF delays are whole centiseconds: average them for the frame rate
            im.seek(i)
            total_ms += im.info.get("duration", 0)
        fps = round(1000 * im.n_frames / total_ms)
    ours = _frames(gif)
    ref = _frames(mp4, f"fps={fps:g},scale={width}:{height}:flags=lanczos")
    n = min(len(ours), len(ref))
    mse = ((ours[:n].astype(float) - ref[:n].astype(float)) ** 2).mean(axis=(1, 2, 3))
    return float(np.mean(10 * np.log10(255**2 / np.maximum(mse, 1e-12))))


def run(cmd, **kwargs):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quality", default="low", choices=list(QUALITIES))
    parser.add_argument("--scenes", default="")
    args = parser.parse_args()
    names = args.scenes.split() or [e.name for e in catalog.CATALOG]
    python = str(ROOT / ".venv/bin/python")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build = tmp / "build"
        start = time.perf_counter()
        run(["make", "-j2", f"BUILD={build}", f"QUALITY={args.quality}", f"SCENES={' '.join(names)}"], cwd=ROOT)
        ours = time.perf_counter() - start
        video_seconds = {n: video_frames(build / args.quality / f"{n}.mp4") for n in names}
        with av.open(str(build / args.quality / f"{names[0]}.mp4")) as c:
            fps = float(c.streams.video[0].guessed_rate)
        video_seconds = {n: frames / fps for n, frames in video_seconds.items()}
        total = sum(video_seconds.values())

        hand_media = tmp / "hand"
        start = time.perf_counter()
        for n in names:
            entry = catalog.lookup(n)
            for extra in ([], ["--format", "gif"]):
                run([python, "-m", "manim", "render", MANIM_FLAG[args.quality], "--disable_caching",
                     "--media_dir", str(hand_media), *extra, entry.path, n], cwd=ROOT)
        hand = time.perf_counter() - start

        print(f"render pipeline, {len(names)} scenes at {args.quality} ({total:.1f} s of video)")
        print(f"  make -j2 from clean (MP4 + GIF): {ours:7.1f} s wall   {total / ours:5.2f} video-s per wall-s")
        print(f"  hand way (manim MP4, manim GIF): {hand:7.1f} s wall   {total / hand:5.2f} video-s per wall-s")
        print(f"  speed-up: {hand / ours:.2f}x")
        print(f"{'GIF':<24}{'ours kB':>10}{'ours dB':>9}{'manim kB':>10}{'manim dB':>10}{'size ratio':>12}")
        for n in names:
            mp4 = build / args.quality / f"{n}.mp4"
            ours_gif = build / args.quality / f"{n}.gif"
            manim_gif = next(hand_media.rglob(f"{n}*.gif"))
            a, b = ours_gif.stat().st_size, manim_gif.stat().st_size
            print(f"{n:<24}{a / 1e3:10.0f}{psnr(ours_gif, mp4):9.1f}{b / 1e3:10.0f}{psnr(manim_gif, mp4):10.1f}"
                  f"{a / b:12.2f}")
        shutil.rmtree(hand_media, ignore_errors=True)


if __name__ == "__main__":
    main()
