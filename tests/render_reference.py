"""Render a catalog scene and keep its frames as the reference a GIF is measured against (used by bench_render.py):

    python tests/render_reference.py SCENE OUT_DIR QUALITY WIDTH FPS

writes OUT_DIR/<QUALITY>/SCENE.mp4 and OUT_DIR/SCENE.rgb: the rendered frames at FPS, scaled to WIDTH as the GIF is
(GIF_SCALER), raw RGB, before any video compression."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenes.pipeline import GIF_SCALER, FrameTap, render  # noqa: E402


def main():
    name, out, quality, width, fps = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    frames = ["-vf", f"scale={width}:-2:flags={GIF_SCALER},fps={fps:g}", "-f", "rawvideo", "-pix_fmt", "rgb24",
              str(out / f"{name}.rgb")]
    render(name, out / quality / f"{name}.mp4", tap=lambda w, h: FrameTap(frames, fps, w, h))


if __name__ == "__main__":
    main()
